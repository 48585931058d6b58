"""argparse's own words in Chinese: "usage:", the section titles, `-h`'s help, its errors.

argparse (Python 3.11) looks its texts up through its module-global `_` (gettext) and
`ngettext` at the moment it uses them: when a parser is made (`-h`'s help, the titles
"positional arguments" and "options"), when help is formatted ("usage: ") and when the
command line is refused ("unrecognized arguments: %s"…). `speaking()` puts Chinese
lookups in their place while the CLI builds its parser and parses (`cli.main`), and
takes them away after; in English it does nothing, and argparse stays as it is.

`ZH` is keyed by argparse's exact msgids, `%` placeholders included (Lib/argparse.py of
3.11). Left out on purpose: the messages of a parser built wrongly ("conflicting option
string", "dest= is required"…), a bug of ours that no user command can bring about.

A Chinese character takes two columns on a terminal where argparse counts one, so
Chinese help is wrapped by its width on screen (`formatter_class`).
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from crm_desktop.i18n import is_chinese

ZH: dict[str, str] = {
    # help
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "subcommands": "子命令",
    # the command line refused (as "crm-desktop: …", exit 2)
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "此选项不带值，却给了 %r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能给一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "不应出现的选项：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择 %(value)r（可选：%(choices)s）"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的子命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    'argument "-" with mode %r': "参数“-”不能以 %r 模式打开",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
# ngettext's texts, by the singular: the Chinese has one form
ZH_PLURAL: dict[str, str] = {"expected %s argument": "需要 %s 个值"}
# "invalid %(type)s value: %(value)r" names the type by its Python name (int)
INVALID_VALUE = "invalid %(type)s value: %(value)r"
TYPE_NAMES = {"int": "整数", "float": "数字"}


class _InvalidValue(str):
    """The Chinese of INVALID_VALUE, which names the type in Chinese when argparse fills
    it in (`msg % {"type": "int", "value": …}`); another type is just a value."""

    def __mod__(self, args: object) -> str:
        if isinstance(args, dict):
            args = {**args, "type": TYPE_NAMES.get(str(args.get("type")), "值")}
        return str.__mod__(self, args)


def gettext(text: str | None) -> str | None:
    if text == INVALID_VALUE:
        return _InvalidValue("%(value)r 不是有效的%(type)s")
    return ZH.get(text, text) if text is not None else None


def ngettext(singular: str, plural: str, n: int) -> str:
    return ZH_PLURAL.get(singular) or (singular if n == 1 else plural)


@contextmanager
def speaking(lang: str | None = None) -> Iterator[None]:
    """argparse in Chinese meanwhile, when `lang` (default: the user's) is Chinese."""
    if not is_chinese(lang):
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# --- wrapping by the width on screen ---------------------------------------------------

# no line starts with a closing mark, none ends with an opening one
_NO_START = set("，。、；：？！）》」』”’…,.;:?!)]}")
_NO_END = set("（《「『“‘([{")
_PIECES = re.compile(r" +|[^ ]")


def display_width(text: str) -> int:
    """Columns on a terminal: two for a wide (Chinese) character, one for the others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """`text` (one paragraph, spaces single) in lines of at most `columns` columns: broken
    at a space or between two Chinese characters, never inside a Latin word."""
    units: list[list] = []  # [text, a space before it]
    space = False
    for piece in _PIECES.findall(text.strip()):
        if piece.startswith(" "):
            space = True
            continue
        last = units[-1][0] if units else ""
        wide = display_width(piece) == 2
        glued = not space and last and (piece in _NO_START or last[-1] in _NO_END)
        latin = not space and last and not wide and display_width(last[-1]) == 1
        if glued or latin:
            units[-1][0] += piece
        else:
            units.append([piece, space])
        space = False
    lines: list[str] = []
    line, used = "", 0
    for unit, spaced in units:
        gap = " " if spaced and line else ""
        if line and used + len(gap) + display_width(unit) > columns:
            lines.append(line)
            line, used = unit, display_width(unit)
        else:
            line, used = line + gap + unit, used + len(gap) + display_width(unit)
    if line:
        lines.append(line)
    return lines


class _ByWidth(argparse.HelpFormatter):
    """Wraps help, descriptions and the usage line by their width on screen. A text's
    paragraphs (blank lines between them) stay paragraphs, and one indented by four
    spaces (an example) stays as written; so do the lines of a raw description, but
    for one too wide for the screen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if isinstance(self, argparse.RawTextHelpFormatter):
            return super()._split_lines(text, width)
        return wrap(self._whitespace_matcher.sub(" ", text), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if isinstance(self, argparse.RawDescriptionHelpFormatter):  # its lines as written,
            lines = []  # but none wider than the screen
            for line in text.splitlines():
                margin = line[: len(line) - len(line.lstrip(" "))]
                fits = display_width(line) <= width
                pieces = [line.strip()] if fits else wrap(line, width - len(margin))
                lines.extend(indent + margin + piece for piece in pieces)
            return "\n".join(lines)
        paragraphs = []
        for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
            lines = paragraph.splitlines()
            if all(line.startswith("    ") for line in lines):
                paragraphs.append("\n".join(indent + line.rstrip() for line in lines))
            else:
                flat = self._whitespace_matcher.sub(" ", paragraph)
                paragraphs.append("\n".join(indent + line for line in wrap(flat, width)))
        return "\n\n".join(paragraphs)

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[override]
        if prefix is None:
            prefix = argparse._("usage: ")  # type: ignore[attr-defined]
        pad = " " * display_width(prefix)  # argparse indents the next lines by len(prefix)
        text = super()._format_usage(usage, actions, groups, pad)
        return prefix + text[len(pad) :]


@cache
def formatter_class(base: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """`base` (a parser's formatter_class) wrapping by the width on screen."""
    if issubclass(base, _ByWidth):
        return base
    return type(f"ByWidth{base.__name__}", (_ByWidth, base), {})
