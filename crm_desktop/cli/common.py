"""What every CLI command shares: the database, the acting user, the exit codes."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from crm_desktop.services.auth import Actor

EXIT_OK = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_DONE = 2


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
