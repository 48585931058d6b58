"""Every sentence a user reads comes from the catalogue, in zh_CN and en.

The source is read as a syntax tree: an error raised with a sentence (a string that is
not a catalogue code, an f-string, a concatenation) instead of a code is listed, and so
is a code that the catalogue does not hold. Run as a script with paths to list one
area's offenders: `python tests/test_messages.py crm_desktop/services/sales.py`.
"""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest

from crm_desktop import errors
from crm_desktop.messages import Message, Text, catalogue, render

PACKAGE = Path(__file__).parent.parent / "crm_desktop"
HAN = re.compile(r"[\u4e00-\u9fff]")
# callables whose first argument is a catalogue code
CODE_TAKERS = {"msg", "Message", "InvalidValue", "UserError"} | {
    cls.__name__
    for cls in vars(errors).values()
    if isinstance(cls, type)
    and issubclass(cls, errors.UserError)
    and cls is not errors.ValidationError
}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_sentence(node: ast.expr) -> bool:
    """A literal text, an f-string or a sum of strings: words, not a code."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not errors.CODE.match(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and (
            _is_sentence(node.func.value) or isinstance(node.func.value, ast.Constant)
        )
    return False


def scan(path: Path) -> tuple[list[str], set[str]]:
    """(sentences raised instead of codes, codes named) in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    user_errors = {name for name in CODE_TAKERS}
    for node in ast.walk(tree):  # the file's own UserError subclasses take codes too
        if isinstance(node, ast.ClassDef) and any(
            _name(b) in user_errors or _name(b) == "ValidationError" for b in node.bases
        ):
            user_errors.add(node.name)
    offenders: list[str] = []
    codes: set[str] = set()
    where = path.relative_to(PACKAGE.parent).as_posix()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in user_errors and node.args:
            first = node.args[0]
            if _is_sentence(first):
                offenders.append(f"{where}:{node.lineno} {name}(sentence)")
            elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(first.value)
        if name == "ValidationError" and node.args and isinstance(node.args[0], ast.Dict):
            for value in node.args[0].values:
                if value is not None and _is_sentence(value):
                    offenders.append(f"{where}:{node.lineno} ValidationError(sentence)")
        if (
            name == "ValueError"
            and where.startswith("crm_desktop/services/validation")
            and node.args
            and _is_sentence(node.args[0])
        ):
            offenders.append(f"{where}:{node.lineno} ValueError(sentence) shown to users")
    return offenders, codes


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_code_has_both_texts_with_the_same_placeholders():
    """Each code has a Chinese and an English text that take the same parameters."""
    bad = []
    for code, (zh, en) in catalogue().items():
        assert errors.CODE.match(code), code
        if not zh.strip() or not en.strip():
            bad.append(f"{code}: empty text")
        elif _placeholders(zh) != _placeholders(en):
            bad.append(f"{code}: {_placeholders(zh)} != {_placeholders(en)}")
        elif not HAN.search(zh) and re.sub(r"{\w+}|[\W_]", "", zh):
            bad.append(f"{code}: the Chinese text has words but no Chinese")
    assert bad == []


def test_no_error_is_raised_with_a_sentence():
    """Services raise codes; a sentence would reach the Chinese UI in English."""
    offenders = [o for path in _sources() for o in scan(path)[0]]
    assert offenders == []


def test_every_code_used_is_in_the_catalogue():
    """A code named in the source that the catalogue lacks would show as a bare key."""
    known = catalogue()
    missing = sorted(
        f"{path.relative_to(PACKAGE.parent)}: {code}"
        for path in _sources()
        for code in scan(path)[1]
        if code not in known
    )
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_CN", "信用额度：必须填写"), ("en", "Credit limit: is required")],
)
def test_a_message_renders_its_parameters_in_the_language(lang, expected):
    """Nested messages and label pairs render in the language asked for."""
    label = Text("信用额度", "Credit limit")
    message = Message(
        "validation.field", {"label": label, "problem": Message("validation.required")}
    )
    assert render(message.code, message.params, lang) == expected


def test_user_error_renders_in_the_current_language(monkeypatch):
    """exc.message follows CRM_DESKTOP_LANG, so the CLI and the UI speak the user's language."""
    exc = errors.StorageError("storage.locked", seconds=10)
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    assert "数据库" in exc.message and "10" in exc.message
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    assert exc.message.startswith("The database is being written")


if __name__ == "__main__":
    for arg in sys.argv[1:] or [str(PACKAGE)]:
        target = Path(arg).resolve()
        paths = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in paths:
            found, used = scan(path)
            for line in found:
                print(line)
            for code in sorted(used - set(catalogue())):
                print(f"{path}: code not in the catalogue: {code}")
