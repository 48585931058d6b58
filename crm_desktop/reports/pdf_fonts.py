"""Fonts for the printed forms: a CJK TrueType font embedded, with per-run fallback.

A PDF only prints the same everywhere when its font travels inside it, so we look for
a CJK TrueType font (the one chosen in Settings, else a known system font) and embed
it. Fonts differ in coverage (WenQuanYi has no ☐, Droid Sans Fallback has no Latin
letters), so every piece of text is split into runs and each run is printed with the
first registered font that has glyphs for it. CFF-flavoured OpenType fonts (Noto CJK,
Source Han), which reportlab cannot embed, are converted once to TrueType outlines and
cached (reports/font_convert.py). With no usable file at all we fall back to the
built-in CID font STSong-Light, which is not embedded (the reader must supply it).
Characters no font has are collected while a document is made (`collect_missing`) so
the user is told which ones print blank. Right-to-left words (Hebrew, Arabic) inside a
line are put in visual order (`visual_order`), so they read right to left as typed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import struct
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from crm_desktop.i18n import load_local_settings
from crm_desktop.messages import Message
from crm_desktop.reports import font_convert

log = logging.getLogger(__name__)

CID_FALLBACK = "STSong-Light"
CID_WARNING = Message("printing.no_cjk_font", {"font": CID_FALLBACK})

# Known CJK TrueType fonts by file name, best first (Windows, macOS, Linux).
CJK_FONT_FILES: tuple[str, ...] = (
    "simsun.ttc",
    "SimSun.ttf",
    "simsun.ttf",
    "msyh.ttc",
    "msyh.ttf",
    "simhei.ttf",
    "STHeiti Light.ttc",
    "STHeiti Medium.ttc",
    "Songti.ttc",
    "PingFang.ttc",
    "Hiragino Sans GB.ttc",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "uming.ttc",
    "ukai.ttc",
    # CFF outlines: converted to TrueType once (reports/font_convert.py)
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "SourceHanSansCN-Regular.otf",
    "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJKsc-Regular.otf",
    "SourceHanSerifSC-Regular.otf",
)

# Latin fonts used for runs the CJK font cannot print.
LATIN_FONT_FILES: tuple[str, ...] = (
    "DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "arial.ttf",
    "Arial.ttf",
    "Arial Unicode.ttf",
)


def font_dirs() -> list[Path]:
    """Where fonts live on this system (fontconfig's usual folders on Linux)."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    else:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
        dirs += [data_home / "fonts", home / ".fonts"]
        data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        dirs += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
    return [d for d in dirs if d.is_dir()]


def _find_files(names: Iterable[str], dirs: list[Path]) -> Iterator[Path]:
    """Files with one of `names`, in the order of `names`; directories walked once."""
    wanted = {n.lower(): i for i, n in enumerate(names)}
    found: dict[int, Path] = {}
    for top in dirs:
        for root, _subdirs, files in os.walk(top):
            for f in files:
                rank = wanted.get(f.lower())
                if rank is not None and rank not in found:
                    found[rank] = Path(root) / f
    for rank in sorted(found):
        yield found[rank]


def is_truetype(path: Path, subfont_index: int = 0) -> bool:
    """True when the file holds TrueType outlines (reportlab can embed those, not CFF)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
            if head == b"ttcf":
                fh.seek(12 + 4 * subfont_index)
                (offset,) = struct.unpack(">I", fh.read(4))
                fh.seek(offset)
                head = fh.read(4)
    except (OSError, struct.error):
        return False
    return head in (b"\x00\x01\x00\x00", b"true")


@dataclass
class FontSet:
    """The registered fonts a document prints with, best first, and their coverage."""

    primary: str
    fallbacks: list[str] = field(default_factory=list)
    embedded: bool = True
    path: str = ""
    warning: Message | None = None  # said to the user when the fonts are a poor fallback
    _coverage: dict[str, dict[int, int] | None] = field(default_factory=dict, repr=False)
    _runs: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _more: list[Path] = field(default_factory=list, repr=False)  # CJK fonts loaded on demand
    _miss: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _track: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def names(self) -> list[str]:
        return [self.primary, *self.fallbacks]

    def has_glyph(self, font: str, ch: str) -> bool:
        cover = self._coverage.get(font)
        return True if cover is None else ord(ch) in cover

    def font_for(self, ch: str) -> str:
        """The first font that can print `ch` (the primary one when none can)."""
        if ch in " \n\t":
            return self.primary
        for name in self.names:
            if self.has_glyph(name, ch):
                return name
        while self._more:  # rare characters: bring in the next CJK font, once
            self._load_next()
            if self.has_glyph(self.fallbacks[-1], ch):
                return self.fallbacks[-1]
        return self.primary

    def _load_next(self) -> None:
        with _lock:
            if not self._more:
                return
            path = usable_file(self._more.pop(0))
            font = _register_ttf(f"CRM-CJK-x-{path.stem}", path) if path else None
            if font is not None and font.fontName not in self.names:
                self.fallbacks.append(font.fontName)
                self._coverage[font.fontName] = font.face.charWidths

    def runs(self, text: str) -> list[tuple[str, str]]:
        """`text` as (font name, piece) runs, each piece printable in its font."""
        cached = self._runs.get(text)
        if cached is None:
            cached = self._split(visual_order(text))
            if len(self._runs) > 20000:
                self._runs.clear()
                self._miss.clear()
            self._runs[text] = cached
            lost = {
                ch
                for font, piece in cached
                for ch in piece
                if not self.has_glyph(font, ch) and _printable(ch)
            }
            if lost:
                self._miss[text] = frozenset(lost)
        missing = getattr(self._track, "missing", None)
        if missing is not None and text in self._miss:
            missing.update(self._miss[text])
        return cached

    @contextlib.contextmanager
    def collect_missing(self) -> Iterator[set[str]]:
        """A set filled, while the block runs in this thread, with every character drawn
        that no registered font can print (it comes out blank)."""
        found: set[str] = set()
        outer = getattr(self._track, "missing", None)
        self._track.missing = found
        try:
            yield found
        finally:
            self._track.missing = outer
            if outer is not None:
                outer.update(found)

    def _split(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        current = ""
        buf: list[str] = []
        for ch in text:
            font = self.font_for(ch)
            if ch == " " and buf:
                font = current  # a space never starts a new run
            if font != current and buf:
                out.append((current, "".join(buf)))
                buf = []
            current = font
            buf.append(ch)
        if buf:
            out.append((current, "".join(buf)))
        return out

    def missing(self, text: str) -> set[str]:
        """Characters of `text` no registered font can print (control characters aside)."""
        return {
            ch for ch in set(text) if _printable(ch) and not self.has_glyph(self.font_for(ch), ch)
        }

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(piece, f, size) for f, piece in self.runs(text))

    def markup(self, text: str) -> str:
        """Paragraph markup for user text: escaped, with font tags for fallback runs."""
        parts = []
        for font, piece in self.runs(text):
            safe = escape(piece).replace("\n", "<br/>")
            parts.append(safe if font == self.primary else f'<font face="{font}">{safe}</font>')
        return "".join(parts)

    def draw_text(self, tx, x: float, y: float, text: str, size: float) -> float:
        """Add `text` at (x, y) to a reportlab text object (one BT…ET for a whole page)."""
        start = x
        for font, piece in self.runs(text):
            tx.setTextOrigin(x, y)
            if tx._fontname != font or tx._fontsize != size:
                tx.setFont(font, size)
            tx.textOut(piece)
            x += pdfmetrics.stringWidth(piece, font, size)
        return x - start

    def draw(self, canvas, x: float, y: float, text: str, size: float) -> float:
        """Draw `text` at (x, y) run by run; returns the width drawn."""
        start = x
        for font, piece in self.runs(text):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, font, size)
        return x - start


_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL} ]*[{_RTL}])?")


def visual_order(text: str) -> str:
    """`text` with each run of right-to-left words reversed: PDF text is drawn left to
    right, so a Hebrew or Arabic phrase must be laid down from its last letter. (A simple
    bidi: the line stays left-to-right; Arabic letters keep their isolated forms.)"""
    if not _RTL_RUN.search(text):
        return text
    return _RTL_RUN.sub(lambda m: m.group(0)[::-1], text)


def _printable(ch: str) -> bool:
    """A character that should leave ink (not a space, control or joiner)."""
    return not unicodedata.category(ch).startswith(("C", "Z"))


_lock = threading.Lock()
_cache: dict[str, FontSet] = {}


def _register_ttf(name: str, path: Path) -> TTFont | None:
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except Exception as exc:  # a broken or CFF font: skip it, try the next one
        log.info("font %s skipped: %s", path, exc)
        return None
    pdfmetrics.registerFont(font)
    return font


def _settings_font() -> Path | None:
    chosen = load_local_settings().get("pdf_font")
    if not chosen:
        return None
    path = Path(str(chosen)).expanduser()
    if not path.is_file():
        log.warning(
            "The PDF font chosen in Settings (%s) does not exist; using a system font.", path
        )
        return None
    if not is_truetype(path) and not font_convert.is_cff(path):
        log.warning(
            "The PDF font chosen in Settings (%s) is not a font; using a system font.", path
        )
        return None
    return path


def usable_file(path: Path) -> Path | None:
    """A TrueType file for `path`: itself, or its cached conversion when it is CFF."""
    if is_truetype(path):
        return path
    if font_convert.is_cff(path):
        return font_convert.truetype_copy(path)
    return None


def candidate_cjk_fonts() -> list[Path]:
    """CJK font files, best first: Settings' choice, then the system's (TrueType first;
    CFF ones are converted when used, see `usable_file`)."""
    found: list[Path] = []
    chosen = _settings_font()
    if chosen:
        found.append(chosen)
    cff_taken = False
    for path in _find_files(CJK_FONT_FILES, font_dirs()):
        if is_truetype(path):
            found.append(path)
        elif font_convert.is_cff(path) and not cff_taken:
            # one CFF font at most: each costs a minute's conversion the first time
            found.append(path)
            cff_taken = True
    return found


def get_fontset() -> FontSet:
    """The fonts to print with (registered with reportlab once per process and font file)."""
    chosen = _settings_font()
    key = str(chosen or "")
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        fontset = _build_fontset()
        _cache[key] = fontset
        return fontset


def _build_fontset() -> FontSet:
    dirs = font_dirs()
    fontset: FontSet | None = None
    candidates = candidate_cjk_fonts()
    for i, source in enumerate(candidates):
        path = usable_file(source)
        font = _register_ttf(f"CRM-CJK-{i}-{path.stem}", path) if path else None
        if font is None:
            continue
        fontset = FontSet(primary=font.fontName, path=str(source))
        fontset._coverage[font.fontName] = font.face.charWidths
        # the other CJK fonts fill the first one's gaps, loaded only when a text needs them
        # (a CFF font only when already converted: a minute's conversion mid-print for one
        # rare character would surprise; it is converted when it is the only CJK font)
        fontset._more = [
            p
            for p in candidates[i + 1 :]
            if p != source and (is_truetype(p) or font_convert.cached_path(p).is_file())
        ]
        break
    if fontset is None:
        log.warning(CID_WARNING.render("en"))
        if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
        fontset = FontSet(primary=CID_FALLBACK, embedded=False, warning=CID_WARNING)
        fontset._coverage[CID_FALLBACK] = None  # unknown: assume it covers everything
        return fontset
    for path in _find_files(LATIN_FONT_FILES, dirs):
        if not is_truetype(path):
            continue
        font = _register_ttf(f"CRM-Latin-{path.stem}", path)
        if font is not None:
            fontset.fallbacks.insert(0, font.fontName)
            fontset._coverage[font.fontName] = font.face.charWidths
            break
    return fontset


__all__ = [
    "CID_FALLBACK",
    "CID_WARNING",
    "FontSet",
    "candidate_cjk_fonts",
    "font_dirs",
    "get_fontset",
    "is_truetype",
    "usable_file",
    "visual_order",
]
