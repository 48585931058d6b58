"""The CLI loads a command's module only when that command runs, and still lists every command."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.cli import COMMANDS, build_parser, chosen_command, main

REPO = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_table_matches_the_modules():
    """Each command's name, module and help in the table are what its module registers."""
    sub = _commands(build_parser([], every=True))
    registered = {c.dest: c.help for c in sub._choices_actions}
    assert registered == {name: help_text.render() for name, _module, help_text in COMMANDS}
    for module in {module for _name, module, _help in COMMANDS}:
        own = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"crm_desktop.cli.{module}").register(own)
        assert set(own.choices) == {n for n, m, _h in COMMANDS if m == module}


def test_help_lists_every_command_with_its_help(capsys):
    """`crm-desktop --help` names every command with its one-line help."""
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for name, _module, help_text in COMMANDS:
        assert name in out
        assert " ".join(help_text.render().split()) in out


def test_command_help_is_the_modules_own(capsys):
    """`crm-desktop restore --help` shows the command's own arguments (its module loaded)."""
    with pytest.raises(SystemExit):
        main(["--db", "x.db", "restore", "--help"])
    out = capsys.readouterr().out
    assert "usage: crm-desktop restore" in out and "FILE" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--db", "today", "user", "list"], "user"),
        (["--user", "admin", "--db=x.db", "pool", "list"], "pool"),
        (["--version"], None),
        (["nonsense"], None),
        ([], None),
    ],
)
def test_chosen_command(argv, expected):
    """The command is the first word that is neither an option nor an option's value."""
    assert chosen_command(argv) == expected


def test_command_modules_not_imported_until_run():
    """Importing the CLI and showing its help loads no command module, nor numpy."""
    code = (
        "import sys, contextlib, io\n"
        "from crm_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('crm_desktop.cli.cmd_') "
        "or m == 'numpy'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
