"""`crm-desktop --help` and argparse's refusals speak the user's language: Chinese under
zh_CN (the help texts from the catalogue, argparse's own words from cli/argparse_zh.py),
and the English of before under en. The exit status of a refused command line stays 2."""

from __future__ import annotations

import argparse
import re

import pytest

from crm_desktop.cli import argparse_zh, build_parser, main
from crm_desktop.jobs.report import SHEETS

LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")  # as tests/ui/test_zh_no_english.py
CHINESE = re.compile("[\u4e00-\u9fff]")
# what a Chinese help may show in Latin letters: what the user types, as typed
TYPED = re.compile(
    r"crm-desktop"  # the program
    r"|`[^`]*`"  # a command or an example, in backticks
    r"|'[^']*'"  # a value argparse quotes ('customers')
    r"|\{[^}]*\}"  # choices {skip,update,new}; the JSON example
    r"|-{1,2}[A-Za-z][\w-]*"  # an option
    r"|\$?\b[A-Z][A-Z0-9_]*\b"  # a metavar or a variable: FILE, $CRM_DESKTOP_DB; CSV, PDF
    r"|[\w.-]*\.(?:xlsx|xlsm|xls|ods|csv|pdf)\b"  # a file: OUT.xlsx, .csv
    r"|\b[a-z]+://\S*"  # an address
    r"|\b\w+_\w+\b"  # a field, rule or JSON key: state_owned, lost_months, due_today
    r"|\b[A-Za-z]+\d\w*"  # sales1, F1
)
# names of programs and formats, and the codes the help lists for the user to type
NAMES = {"SQLite", "PostgreSQL", "SQLCipher", "Excel", "null", "admin", "backups"}
CODES = {
    *("quality", "delivery", "invoice", "service", "price", "other"),  # complaint category
    *("normal", "high", "urgent"),  # severity
    *("phone", "visit", "wechat", "letter", "email"),  # channel
    *("money", "goods"),  # compensation
    *("open", "processing", "resolved", "confirmed", "closed"),  # complaint status
    *("prepaid",),  # payment terms
    *("call", "message", "meeting", "dinner", "complaint", "cadence"),  # follow-up kinds
    *("prospective", "current", "repeat", "loyal", "lost", "winback"),  # lifecycle
    *("manager", "column", "value", "choice"),  # demo user; --map-values columns
    *("birthdays", "change"),  # keys of `today --json`
    *SHEETS,  # report sales --sheets
}
ZH_CN = "zh_CN"


def _parsers(parser: argparse.ArgumentParser):
    """The parser and every parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def _typed_names(parser: argparse.ArgumentParser) -> set[str]:
    """Commands, choices and argument names: words the user types or reads as placeholders."""
    names = set()
    for p in _parsers(parser):
        names.update(p.prog.split())
        for action in p._actions:
            names.update(str(c) for c in action.choices or ())
            names.add(action.dest)
    return names


def english_lines(text: str, allowed: set[str]) -> list[str]:
    """Lines of `text` with a Latin word that is not a typed name, code or placeholder."""
    bad = []
    for line in text.splitlines():
        rest = TYPED.sub(" ", line)
        words = {w for w in LATIN_WORD.findall(rest) if w not in allowed}
        if words:
            bad.append(f"{sorted(words)}: {line.strip()}")
    return bad


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", ZH_CN)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    return _typed_names(build_parser([], every=True)) | NAMES | CODES


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["import", "customers"],
        ["export", "customers"],
        ["print"],
        ["complaint"],
        ["complaint", "add"],
        ["opportunity"],
        ["opportunity", "add"],
        ["today"],
        ["pool"],
    ],
    ids=lambda argv: " ".join(argv) or "crm-desktop",
)
def test_help_is_chinese(zh, capsys, allowed, argv):
    """`crm-desktop … --help` under zh_CN: no English sentence, argparse's words included."""
    out = _help(argv, capsys)
    assert out.startswith("用法：crm-desktop")
    assert "选项:" in out and "显示本帮助并退出" in out
    assert english_lines(out, allowed) == []


def test_every_help_text_of_every_command_is_chinese(zh, allowed):
    """Every description, epilog and argument help of every command has Chinese and no
    English sentence; every parser's help formats (a stray % would raise here)."""
    with argparse_zh.speaking():
        parser = build_parser([], every=True)
        bad = []
        for p in _parsers(parser):
            texts = [p.description, p.epilog]
            texts += [a.help for a in p._actions if a.help and a.help is not argparse.SUPPRESS]
            for sub in p._actions:
                if isinstance(sub, argparse._SubParsersAction):
                    texts += [a.help for a in sub._choices_actions]
            bad += [f"{p.prog}: {t[:60]}" for t in texts if t and not CHINESE.search(t)]
            bad += [f"{p.prog}: {line}" for line in english_lines(p.format_help(), allowed)]
    assert bad == []


def test_chinese_help_fits_the_screen(zh, capsys):
    """Wrapped by its width on screen (a Chinese character takes two columns): no line of
    text wider than the terminal, and the usage lines line up under the command."""
    out = _help(["import", "customers"], capsys)
    prose = [line for line in out.splitlines() if CHINESE.search(line)]
    assert prose and max(argparse_zh.display_width(line) for line in prose) <= 78
    usage = out.split("\n\n")[0].splitlines()
    assert len(usage) > 1
    column = argparse_zh.display_width("用法：crm-desktop import customers ")
    assert all(line[:column].isspace() and line[column] in "[F" for line in usage[1:])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bogus"], "crm-desktop: 无法识别的参数：--bogus"),
        (["import", "customers"], "crm-desktop: 缺少必需的参数：FILE"),
        (["export", "-o", "x"], "crm-desktop: 参数 WHAT：无效的选择 'x'（可选：'customers'）"),
        (
            ["import", "customers", "a.csv", "--on-duplicate", "maybe"],
            "参数 --on-duplicate：无效的选择 'maybe'（可选：'skip', 'update', 'new'）",
        ),
        (["--db"], "crm-desktop: 参数 --db：需要一个值"),
        (["demo", "--customers", "many"], "参数 --customers：'many' 不是有效的整数"),
        (
            ["import", "customers", "a.csv", "--keep-unmapped", "--skip-unmapped"],
            "参数 --skip-unmapped：不能与参数 --keep-unmapped 同时使用",
        ),
        (["import", "customers", "a.csv", "--conf", "keep"], "选项 --conf 不明确"),
    ],
    ids=[
        "unknown option",
        "missing argument",
        "bad command",
        "bad choice",
        "missing value",
        "not a number",
        "not together",
        "ambiguous option",
    ],
)
def test_a_refused_command_line_is_told_in_chinese(zh, capsys, allowed, argv, expected):
    """An unknown option, a missing argument, a bad choice…: usage and error in Chinese, exit 2."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：crm-desktop")
    assert expected in err
    assert english_lines(err, allowed) == []


def test_argparse_is_left_as_it_was():
    """Chinese only within `speaking()`: afterwards argparse, and the English, are its own."""
    with argparse_zh.speaking(ZH_CN):
        assert argparse._("usage: ") == "用法："
    assert argparse._("usage: ") == "usage: "
    with argparse_zh.speaking("en"):
        assert argparse._ is not argparse_zh.gettext


EN_HELP = [
    (["import", "customers"], "  --strict              import nothing if any row is bad"),
    (["import", "customers"], "                        what to do with a customer that already"),
    (["import", "customers"], 'or a JSON list of {"column": …, "value": …, "choice": …}.'),
    (["export", "customers"], "Write every customer (or those matching the filters) with"),
    ([], "  -h, --help     show this help message and exit"),
    ([], "    handover     离职继承: give a leaving user's customers and open follow-ups to"),
    (["complaint"], "    confirm   the customer confirms the resolution"),
    (["report", "abc"], "A up to 80 % of sales, B up to 95 %, C the rest"),
    (["encrypt"], "The passphrase comes from $CRM_DESKTOP_PASSPHRASE, else it is asked for"),
    (["server"], "manager (admin); print what to tell the team"),
]


@pytest.mark.parametrize(("argv", "expected"), EN_HELP)
def test_english_help_is_unchanged(monkeypatch, capsys, argv, expected):
    """Under en, the help reads as it did before the catalogue held it."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    monkeypatch.setenv("COLUMNS", "80")
    out = _help(argv, capsys)
    assert out.startswith("usage: crm-desktop")
    assert " ".join(expected.split()) in " ".join(out.split())
    assert not CHINESE.search(out.split("\n\n")[0])  # no Chinese in usage: nor in titles


def test_english_error_is_unchanged(monkeypatch, capsys):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    with pytest.raises(SystemExit) as info:
        main(["export", "-o", "x"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "crm-desktop: argument WHAT: invalid choice: 'x' (choose from 'customers')" in err
