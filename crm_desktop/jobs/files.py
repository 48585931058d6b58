"""How a job writes a file: beside it under a temporary name, then renamed into place.

A failed or cancelled export never leaves a half file, nor replaces a good one; a
refusal of the disk is a plain message naming the file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crm_desktop.errors import UserError


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block ends well it becomes `path`.

    An OSError (in the block or the rename) becomes UserError("jobs.cannot_write"); any
    other exception (Cancelled) passes through. The temporary file is gone either way."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(
            "jobs.cannot_write", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
