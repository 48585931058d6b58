"""Which crm-desktop window holds a database: the lock file's place and its holder, Qt-free.

The GUI holds `<database>.lock` (a QLockFile) for as long as it runs. A restore from the
command line reads the same file to refuse replacing the database under a running
window, and names the process that holds it.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crm_desktop import APP_NAME


def lock_path(target) -> Path:
    """The lock file of a database: beside a SQLite file, else in the temp folder."""
    if target.is_sqlite:
        path = Path(target.path).expanduser().resolve()
        candidate = path.with_name(path.name + ".lock")
        if path.parent.is_dir() and os.access(path.parent, os.W_OK):
            return candidate
        key = str(path)
    else:
        key = target.url or ""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-{digest}.lock"


@dataclass(frozen=True)
class Holder:
    """The process that holds a database's lock file."""

    pid: int
    host: str

    @property
    def here(self) -> bool:
        return self.host in ("", socket.gethostname())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def lock_holder(target) -> Holder | None:
    """The live process (other than this one) holding the database's lock, else None.

    A lock file left by a crashed process on this computer does not count; one from
    another computer (a shared folder) does, as its process cannot be checked."""
    try:
        lines = lock_path(target).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    holder = Holder(pid, host)
    if holder.here and (pid == os.getpid() or not _alive(pid)):
        return None
    return holder
