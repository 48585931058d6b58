"""What every CLI command shares: the database, the acting user, the exit codes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services load with the command that needs them
    from crm_desktop.services.auth import Actor

EXIT_OK = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_DONE = 2


def day_option(text: str) -> date:
    """A date option's value (argparse `type=`): a real day in the years records carry
    (services.validation.parse_date); argparse names the option and exits 2."""
    from crm_desktop.services.validation import parse_date

    try:
        day = parse_date(text)
    except ValueError as exc:  # InvalidValue: the message in the user's language
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError(repr(text))
    return day


def fail(message: str, code: int = EXIT_NOTHING_DONE) -> int:
    print(f"crm-desktop: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def summary(line: str) -> None:
    print(line, flush=True)


@dataclass
class Context:
    """Opens the database and logs in only when a command asks for them."""

    db_arg: str | None = None
    username: str | None = None
    _actor: Actor | None = field(default=None, repr=False)
    _opened: bool = field(default=False, repr=False)

    def open(self) -> None:
        if not self._opened:
            from crm_desktop.models import open_database, resolve_target
            from crm_desktop.models.cipher import looks_encrypted

            target = resolve_target(self.db_arg)
            if target.path is not None and looks_encrypted(target.path):
                from crm_desktop.cli.cmd_encrypt import passphrase_for
                from crm_desktop.services.encryption import open_encrypted

                open_encrypted(target, passphrase_for(str(target.path)))
            else:
                open_database(target)
            self._opened = True

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            from crm_desktop.services.auth import login_from_environment

            self.open()
            self._actor = login_from_environment(self.username)
        return self._actor

    def close(self) -> None:
        if self._opened:
            from crm_desktop.models import close_database

            close_database()
            self._opened = False
