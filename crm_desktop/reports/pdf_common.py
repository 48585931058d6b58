"""What the PDF builders share: safe output files and formatting.

A PDF is written to a temporary file next to the target and renamed over it only
when complete, so a failed or cancelled run (crm_desktop.progress) never leaves half a
file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib import textsplit as _textsplit
from reportlab.platypus import paragraph as _paragraph

from crm_desktop.errors import UserError
from crm_desktop.progress import Cancelled

# Page streams compressed but not ASCII85-armoured: a fifth smaller and faster to write.
rl_config.useA85 = 0

# Chinese line breaking (避头尾): punctuation that closes never begins a line, what opens
# never ends one. reportlab's CJK wrap (the card, the quote) hangs a character of
# ALL_CANNOT_START in the margin rather than begin a line with it, but its table holds
# Japanese and ASCII punctuation, not the full-width ，；：！？ of Chinese text: a line of
# a long remark began with "；". The form's own wrap (pdf_form.Layout) reads these too.
NO_LINE_START = "，。、；：！？）》」』】〕〉…·％‰℃”’,.;:!?)]}"
NO_LINE_END = "（《「『【〔〈“‘([{"
# (a paragraph in one font is wrapped by textsplit, one of several fonts by paragraph)
_textsplit.ALL_CANNOT_START = _paragraph.ALL_CANNOT_START = "".join(
    dict.fromkeys(_textsplit.ALL_CANNOT_START + NO_LINE_START)
)

# The old name of the one Cancelled, still caught by ui/print_preview.py.
PrintCancelled = Cancelled


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early, in plain words, when `path` cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError("jobs.out_is_folder", path=str(target))
    if not folder.is_dir():
        raise UserError("jobs.no_folder", path=str(target), folder=str(folder))
    try:
        fd, probe = tempfile.mkstemp(prefix=".crm-probe-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(
            "jobs.cannot_write", path=str(target), reason=exc.strerror or str(exc)
        ) from None
    os.close(fd)
    os.unlink(probe)
    if target.exists() and not os.access(target, os.W_OK):
        raise UserError("jobs.read_only", path=str(target))
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A file object whose content replaces `path` only if the block completes."""
    target = check_writable(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        # mkstemp makes the file private (0600); a printout is an ordinary document, and
        # one written over keeps the mode it had
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
        os.chmod(tmp, mode)
        # Renamed only once complete: a crash or a cancel leaves the old file as it was.
        # (No fsync: a printout is cheap to redo, and fsync costs more than the page.)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def zh(lang: str) -> bool:
    return lang.startswith("zh")


def format_date(value: date | datetime | None, lang: str, *, blank_zh: bool = True) -> str:
    """2019 年 3 月 5 日 in Chinese (blanks to write on when empty), 2019-03-05 in English."""
    if isinstance(value, datetime):
        value = value.date()
    if zh(lang):
        if value is None:
            return "      年    月    日" if blank_zh else ""
        return f"{value.year} 年 {value.month} 月 {value.day} 日"
    return value.isoformat() if value else ""


def plain_decimal(value: Decimal) -> str:
    """12.3400 -> 12.34, 50.00 -> 50: the digits a person would write."""
    text = format(value.normalize(), "f")
    return text


def format_wan(value: Decimal | None) -> str:
    """An amount in yuan as 万元 (ten thousands), as the paper form asks."""
    if value is None:
        return ""
    wan = (Decimal(value) / Decimal(10000)).quantize(Decimal("0.0001"))
    return plain_decimal(wan)


def format_money(value: Decimal | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{Decimal(value):,.2f}"
    return f"{text} 元" if zh(lang) else f"CNY {text}"


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""
