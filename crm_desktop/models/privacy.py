"""Files the program creates are its user's alone: 0600 files, 0700 folders.

The database, its backups, exports, printed PDFs, logs and settings all carry customer
data or password hashes; on a shared computer or a synced folder nobody else should
read them. One place decides it for the whole process, through the file-creation mask,
so every writer (SQLite, openpyxl, reportlab, the log) follows without knowing.
"""

from __future__ import annotations

import os

PRIVATE_UMASK = 0o077


def private_by_default() -> None:
    """From now on this process creates files and folders for its user alone."""
    if hasattr(os, "umask"):
        os.umask(os.umask(PRIVATE_UMASK) | PRIVATE_UMASK)


__all__ = ["PRIVATE_UMASK", "private_by_default"]
