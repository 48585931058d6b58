"""The program's log file: a rotating file in the per-user log folder. Qt-free.

The GUI sets it up at start and sends every unexpected error there with its traceback;
the CLI writes an unexpected error there and tells the user where it is. The file is
kept small (1 MB, five old files kept), so a program that runs for months never fills
a disk, and the last few days are there to send to whoever supports the program.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir

from crm_desktop import APP_NAME, __version__

LOG_NAME = f"{APP_NAME}.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
ENV_LOG_DIR = "CRM_DESKTOP_LOG_DIR"  # another folder (a test, a portable install)
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)
_lock = threading.Lock()


class _FileHandler(logging.handlers.RotatingFileHandler):
    """Ours, so that setting up again replaces it instead of writing every line twice."""

    previous_root_level = logging.WARNING


def log_folder() -> Path:
    """Where the log files live: $CRM_DESKTOP_LOG_DIR, else the per-user log folder."""
    chosen = os.environ.get(ENV_LOG_DIR)
    return Path(chosen) if chosen else Path(user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The current log file (older ones carry .1 … .5)."""
    return log_folder() / LOG_NAME


def _installed() -> _FileHandler | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _FileHandler):
            return handler
    return None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the program's log (INFO and above) to the rotating log file.

    Idempotent. Returns the file's path, or None when the folder cannot be created
    (a read-only home): the program then runs without a log file rather than not at all.
    """
    path = log_file()
    with _lock:
        current = _installed()
        if current is not None and Path(current.baseFilename) == path.absolute():
            return path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = _FileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        except OSError as exc:
            from crm_desktop.messages import msg

            text = msg(
                "ui.log_folder_unwritable", folder=str(path.parent), detail=exc.strerror or exc
            )
            print(f"crm-desktop: {text.render()}", file=sys.stderr)
            return None
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.setLevel(level)
        root = logging.getLogger()
        if current is not None:
            root.removeHandler(current)
            current.close()
        handler.previous_root_level = current.previous_root_level if current else root.level
        root.addHandler(handler)
        if root.level > level or root.level == logging.NOTSET:
            root.setLevel(level)
    return path


def close_logging() -> None:
    """Take the log file's handler off again (tests, or before the folder goes away)."""
    with _lock:
        current = _installed()
        if current is not None:
            root = logging.getLogger()
            root.removeHandler(current)
            root.setLevel(current.previous_root_level)
            current.close()


def active_log_file() -> Path | None:
    """The file the log goes to now, or None when no log file is set up."""
    current = _installed()
    return Path(current.baseFilename) if current is not None else None


def system_summary() -> str:
    """The program's version and the system it runs on: the first lines of a bug report."""
    return (
        f"crm-desktop {__version__}; Python {platform.python_version()}; "
        f"{platform.platform()}; {datetime.now().astimezone().isoformat(timespec='seconds')}"
    )


def describe(exc: BaseException) -> str:
    """One line for a person (and whoever supports them): the exception's kind and words."""
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{name}: {text}" if text else name


def details(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    extra: str = "",
) -> str:
    """What to send with a bug report: version, system and the traceback."""
    lines = [system_summary()]
    if extra:
        lines.append(extra)
    lines.append("")
    lines.extend(line.rstrip("\n") for line in traceback.format_exception(exc_type, exc, tb))
    return "\n".join(lines)


def log_unexpected(exc: BaseException, where: str = "", *, console: bool = True) -> Path | None:
    """Write an unexpected error with its traceback to the log file (set up if need be),
    and with `console` to the other handlers too (the CLI keeps tracebacks off the screen).

    Returns the log file's path, or None when there is none."""
    path = active_log_file() or setup_logging()
    logger = logging.getLogger("crm_desktop.unexpected")
    record = logger.makeRecord(
        logger.name,
        logging.ERROR,
        __file__,
        0,
        "unexpected error%s",
        (f" in {where}" if where else "",),
        (type(exc), exc, exc.__traceback__),
    )
    if console:
        logger.handle(record)
    else:
        handler = _installed()
        if handler is not None:
            handler.handle(record)
    return path
