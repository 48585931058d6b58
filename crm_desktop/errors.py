"""Errors a user can act on, kept apart from our own bugs.

A `UserError` carries a catalogue code and its parameters (crm_desktop.messages), not
a sentence: each front end renders it in the user's language (`exc.message` is the
text in the current language, `exc.render(lang)` in another). Anything that is not a
UserError is a bug: logged with its traceback and shown as "unexpected".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from crm_desktop.messages import Message, Renderable, render_all

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _untranslated(text: str) -> Message:
    """A sentence raised before its area moved to the catalogue: shown as it is.

    tests/test_messages.py finds every such raise; none may remain."""
    return Message("common.untranslated", {"text": text})


class UserError(Exception):
    """Something the user can fix, as a catalogue code with parameters."""

    exit_code = 2

    def __init__(self, code: str | Message, /, **params: object) -> None:
        if isinstance(code, Message):
            self.msg = Message(code.code, {**code.params, **params})
        else:
            self.msg = Message(code, params) if CODE.match(code) else _untranslated(code)
        super().__init__(self.msg.code)

    @property
    def code(self) -> str:
        return self.msg.code

    @property
    def params(self) -> Mapping[str, object]:
        return self.msg.params

    def render(self, lang: str | None = None) -> str:
        return self.msg.render(lang)

    @property
    def message(self) -> str:
        """The text in the user's current language."""
        return self.render()

    def __str__(self) -> str:
        return self.render()


class ValidationError(UserError):
    """One or more fields are wrong: `problems` maps a field's name to its message."""

    def __init__(self, problems: Mapping[str, Renderable]) -> None:
        self.problems: dict[str, Renderable] = {
            name: _untranslated(p) if isinstance(p, str) else p for name, p in problems.items()
        }
        super().__init__("validation.fields")

    @property
    def errors(self) -> dict[str, str]:
        """Each field's message in the user's current language."""
        return {name: problem.render() for name, problem in self.problems.items()}

    def render(self, lang: str | None = None) -> str:
        return render_all(self.problems.values(), lang)


class PermissionDenied(UserError):
    """The acting user's role does not allow this."""


class NotFound(UserError):
    """A record the user named does not exist (or was deleted)."""


class Conflict(UserError):
    """Someone else changed the record first, or a rule forbids a second one."""


class DatabaseOpenError(UserError):
    """The database cannot be opened: missing folder, not a database, newer version, locked."""


class StorageError(UserError):
    """The storage said no for a reason the user can act on: locked, disk full, read-only,
    server gone, damaged. Never a bug of ours; never shown as a traceback."""


class InvalidValue(ValueError):
    """A value parser's refusal, as a message about the value (the caller names the field)."""

    def __init__(self, code: str | Message, /, **params: object) -> None:
        if isinstance(code, Message):
            self.msg = code
        else:
            self.msg = Message(code, params) if CODE.match(code) else _untranslated(code)
        super().__init__(self.msg.code)

    def render(self, lang: str | None = None) -> str:
        return self.msg.render(lang)

    def __str__(self) -> str:
        return self.render()
