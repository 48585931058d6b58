"""CFF-flavoured OpenType fonts (Noto Sans CJK, Source Han) made embeddable.

reportlab embeds only TrueType outlines, and the CJK fonts most Linux systems ship
(Noto CJK) have PostScript (CFF) outlines. Their outlines are converted once to
quadratic TrueType curves with fontTools and the result is kept in the per-user cache
folder, keyed by the source file's path, size and time; later runs load the cached
file directly.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

_lock = threading.Lock()
# Simplified Chinese first: in a CJK collection the SC face has the mainland glyph shapes.
_PREFERRED_FACES = (" SC", "SC ", " CN", "Simplified")


def cache_folder() -> Path:
    """The per-user folder for converted fonts (created when needed)."""
    return Path(platformdirs.user_cache_dir("crm-desktop", appauthor=False)) / "fonts"


def is_cff(path: Path) -> bool:
    """True when the file (or a face of the collection) has CFF outlines."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if head[:4] == b"ttcf":
                fh.seek(12)
                offset = int.from_bytes(fh.read(4), "big")
                fh.seek(offset)
                head = fh.read(4)
    except OSError:
        return False
    return head[:4] == b"OTTO"


def _face_index(path: Path) -> int:
    """The face of a collection to use: the Simplified Chinese one when there is one."""
    from fontTools.ttLib import TTCollection

    with open(path, "rb") as fh:
        if fh.read(4) != b"ttcf":
            return 0
    collection = TTCollection(str(path), lazy=True)
    try:
        for i, face in enumerate(collection.fonts):
            family = face["name"].getDebugName(1) or ""
            if any(mark in family for mark in _PREFERRED_FACES) and "Mono" not in family:
                return i
    finally:
        collection.close()
    return 0


def cached_path(path: Path) -> Path:
    """Where the TrueType copy of `path` is (or will be) cached."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{int(stat.st_mtime)}".encode()
    digest = hashlib.sha1(key).hexdigest()[:12]
    return cache_folder() / f"{path.stem}-{digest}.ttf"


def truetype_copy(path: Path) -> Path | None:
    """A TrueType file with the outlines of the CFF font `path`: cached, or made now.

    None when the font cannot be converted (a broken file, fontTools missing)."""
    target = cached_path(path)
    if target.is_file():
        return target
    with _lock:
        if target.is_file():
            return target
        try:
            convert(path, target)
        except Exception as exc:  # a broken font: the caller tries the next one
            log.warning("Cannot convert the font %s to TrueType: %s", path, exc)
            return None
    return target


def convert(source: Path, target: Path) -> None:
    """Write `source`'s CFF outlines as TrueType (quadratic) outlines to `target`."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), fontNumber=_face_index(source), lazy=False)
    if "CFF " not in font:
        raise ValueError("no CFF outlines")
    log.info("converting %s to TrueType outlines (once; cached in %s)", source, target.parent)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for tag in ("VORG", "DSIG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
    ):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentElements = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: 65,000 CID names would only add weight
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


__all__ = ["cache_folder", "cached_path", "convert", "is_cff", "truetype_copy"]
