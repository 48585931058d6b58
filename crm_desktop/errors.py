"""Errors a user can act on, kept apart from our own bugs.

Every front end (GUI, CLI, importer) shows a `UserError`'s message as it is and
treats anything else as a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: the message is shown verbatim, in plain words."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more fields are wrong. `errors` maps field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class PermissionDenied(UserError):
    """The acting user's role does not allow this."""


class NotFound(UserError):
    """A record the user named does not exist (or was deleted)."""


class Conflict(UserError):
    """Someone else changed the record first, or a rule forbids a second one."""


class DatabaseOpenError(UserError):
    """The database cannot be opened: missing folder, not a database, newer version, locked."""
