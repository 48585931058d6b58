"""The message catalogue: every sentence a user reads, in zh_CN and en, under a code.

Services raise errors (and report warnings) as a code with parameters; the GUI, the
CLI and the workbooks render them here in the user's language. Each area of the
program keeps its texts in a module of this package (`MESSAGES = {code: (zh, en)}`),
listed in `AREAS`; a test checks that every code used in the code base is here, in both
languages, with the same placeholders.

Parameters are formatted with `str.format`. A parameter may be anything with a
`render(lang)` method (a nested `Message`, a `Text` pair such as a field's label), a
list or tuple of those (joined with 、 or ", "), or a plain value.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from crm_desktop.i18n import current_language, is_chinese

# The modules of this package that hold texts; each has MESSAGES = {code: (zh, en)}.
AREAS = (
    "common",
    "followups",
    "import_read",
    "models",
    "platform",
    "storage",
    "ui",
    "validation",
    "customers",
    "credit",
    "sales",
    "auth",
    "analysis",
    "receivables",
    "demo",
    "jobs",
    "printing",
    "export",
    "backup",
    "importing",
    "complaints",
    "opportunities",
    "welcome",
    "day",
    "server",
    "sales_page",
    "custom_fields",
    "lifecycle",
    "pg_backup",
    "session",
    "search",
    "cipher",
    "sync",
    "cli_help",
)


@runtime_checkable
class Renderable(Protocol):
    def render(self, lang: str | None = None) -> str: ...


@dataclass(frozen=True)
class Text:
    """A short text known in both languages at the place it is made (a field's label)."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        return self.zh if is_chinese(lang) else self.en

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Message:
    """A catalogue code with its parameters: rendered when and where it is shown."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.render()


def msg(code: str, /, **params: object) -> Message:
    """Message(code, params) with the parameters as keywords."""
    return Message(code, params)


_catalogue: dict[str, tuple[str, str]] | None = None


def catalogue() -> dict[str, tuple[str, str]]:
    """Every code with its (zh_CN, en) text, loaded once."""
    global _catalogue
    if _catalogue is None:
        merged: dict[str, tuple[str, str]] = {}
        for area in AREAS:
            module = importlib.import_module(f"{__name__}.{area}")
            for code, texts in module.MESSAGES.items():
                if code in merged:
                    raise RuntimeError(f"message code {code} is defined twice")
                merged[code] = texts
        _catalogue = merged
    return _catalogue


def _texts(code: str) -> tuple[str, str] | None:
    """The texts of a code. Until the catalogue is loaded, those of the area the code is
    named after (`cli_help.…` in cli_help) when it has them: `crm-desktop --help` renders
    its texts without importing every area (a test loads them all, and checks them)."""
    if _catalogue is None:
        area = code.partition(".")[0]
        if area in AREAS:
            texts = importlib.import_module(f"{__name__}.{area}").MESSAGES.get(code)
            if texts is not None:
                return texts
    return catalogue().get(code)


def render_value(value: object, lang: str) -> str:
    """One parameter in the user's language."""
    if isinstance(value, Renderable) and not isinstance(value, type):
        return value.render(lang)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        sep = "、" if is_chinese(lang) else ", "
        return sep.join(render_value(v, lang) for v in items)
    if isinstance(value, bool):
        return ("是" if value else "否") if is_chinese(lang) else ("yes" if value else "no")
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, Decimal):
        return f"{value:,}"
    if value is None:
        return ""
    return str(value)


class _Params(dict):
    """Renders parameters on demand; a missing one shows as {name}, never a KeyError."""

    def __init__(self, params: Mapping[str, object], lang: str) -> None:
        super().__init__()
        self._params = params
        self._lang = lang

    def __missing__(self, key: str) -> str:
        if key in self._params:
            return render_value(self._params[key], self._lang)
        return "{" + key + "}"


def render(code: str, params: Mapping[str, object] | None = None, lang: str | None = None) -> str:
    """The text of a code in `lang` (default: the user's language)."""
    lang = lang or current_language()
    texts = _texts(code)
    if texts is None:  # a bug, but the user still gets the code and the values
        values = ", ".join(f"{k}={render_value(v, lang)}" for k, v in (params or {}).items())
        return f"{code} ({values})" if values else code
    template = texts[0] if is_chinese(lang) else texts[1]
    return template.format_map(_Params(params or {}, lang))


def render_all(messages: Iterable[Renderable], lang: str | None = None, sep: str = "; ") -> str:
    """Several messages as one line."""
    lang = lang or current_language()
    sep = "；" if is_chinese(lang) and sep == "; " else sep
    return sep.join(m.render(lang) for m in messages)
