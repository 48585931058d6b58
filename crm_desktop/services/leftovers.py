"""Cleaning up after runs that were killed: half-written copies and temporary folders.

A backup, an export or a report writes to a hidden temporary name and renames it when
it is complete; an import cuts large sheets into a temporary folder. A run killed
midway (power cut, kill -9) leaves these behind, and 20 killed backups of a large
database fill a disk. The next start removes them: a file whose name carries the id of
a process that is gone, and temporary folders old enough that no run can still use
them.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

# .<name>.<pid>.tmp, .<name>.<pid>.tmp-journal, .<stem>.<pid>.tmp.xlsx
_PID_TMP = re.compile(r"^\..+\.(\d+)\.tmp(?:-journal|\.xlsx)?$")
# .<name>.<random>.part and .rejected-/.template-<random>.xlsx (mkstemp): by age only
_AGED_TMP = re.compile(r"^\..+\.part$|^\.(?:rejected|template|crm-probe)-.+")
_TEMP_FOLDERS = ("crm-import-parts-", "crm-import-head-", "crm-print-")
STALE_SECONDS = 6 * 3600  # no import, print or export runs this long


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or cannot tell: keep its file
        return True
    return True


def _remove(path: Path) -> int:
    try:
        size = path.stat().st_size if path.is_file() else 0
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        return 0
    log.info("removed the leftover %s", path)
    return size


def clean_leftovers(
    folders: list[Path], *, temp_folder: Path | None = None, now: float | None = None
) -> int:
    """Remove what killed runs left in `folders` and in the temp folder; bytes freed."""
    now = time.time() if now is None else now
    freed = 0
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            match = _PID_TMP.match(name)
            try:
                age = now - entry.stat().st_mtime
            except OSError:
                continue
            if (match and not _alive(int(match.group(1)))) or (
                _AGED_TMP.match(name) and age > STALE_SECONDS
            ):
                freed += _remove(entry)
    temp = temp_folder or Path(tempfile.gettempdir())
    try:
        entries = [e for e in temp.iterdir() if e.name.startswith(_TEMP_FOLDERS)]
    except OSError:
        entries = []
    for entry in entries:
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > STALE_SECONDS:
                freed += sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
                _remove(entry)
        except OSError:
            continue
    return freed


__all__ = ["STALE_SECONDS", "clean_leftovers"]
