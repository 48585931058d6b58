"""CSV and TXT lists: which encoding the text is in, and its rows streamed.

A CSV carries no word about its encoding. Excel on a Chinese Windows writes GBK, on a
Taiwanese or Hong Kong one Big5, "CSV UTF-8" writes UTF-8 with a BOM, some exports
UTF-16. GB18030 decodes almost any bytes, so "the first codec that does not fail"
turns a Big5 list into plausible-looking nonsense. Each candidate is judged instead by
how plausible its text is: the share of its non-ASCII characters that are common
Chinese characters (the 3,755 of GB2312's first level, the 5,401 common characters of
Big5) or ordinary punctuation, against control characters, replacement characters and
stray kana, Cyrillic or box-drawing symbols. A text that reads as nonsense in every
candidate is refused.

The rows are read as they are needed: the first ones are kept (headers, samples, the
preview), the rest are streamed from the file when the import reaches them, so a
1M-row CSV never sits in memory as a whole.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SAMPLE_BYTES = 1 << 20  # the encoding is judged on the first megabyte
CSV_FIELD_LIMIT = 1_000_000
PLAUSIBLE = 0.8  # share of plausible non-ASCII characters below which a text is nonsense
MIN_JUDGED = 8  # fewer non-ASCII characters than this: too few to call nonsense
CANDIDATES = ("utf-8", "gb18030", "cp950")  # cp950: Big5 as Windows writes it
LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030", "cp950": "Big5",
          "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}  # fmt: skip


class Undecodable(ValueError):
    """No candidate encoding gives plausible text."""


@lru_cache(maxsize=1)
def common_chinese() -> frozenset[str]:
    """The common simplified (GB2312 level 1) and traditional (Big5 常用字) characters."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            if hi == 0xD7 and lo > 0xF9:
                break
            chars.add(bytes((hi, lo)).decode("gb2312"))
    for hi in range(0xA4, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if hi == 0xC6 and lo > 0x7E:
                break
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((hi, lo)).decode("cp950"))
    return frozenset(chars)


# and the signs a Western export writes (¥ 5,000,000.00, © 2024, – and •): a UTF-8 list
# whose one non-ASCII character is ¥ is not GBK's 楼
_PUNCTUATION = set("，。、；：？！“”‘’（）《》【】—…·￥％＋－／＝＠＃＆＊　〇é×÷°±²³µ·€¥£¢©®™§–•")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of `text` that a real list would hold (1.0 when
    there are none); control and replacement characters count against it."""
    common = common_chinese()
    judged = good = 0
    for ch in text:
        if ch < "\x80":
            if ch < " " and ch not in "\t\r\n":
                judged += 1  # a control character: text, but not this encoding's
            continue
        judged += 1
        if ch in common or ch in _PUNCTUATION or "\uff01" <= ch <= "\uff5e":
            good += 1
        elif ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            continue
        elif ch.isalpha() and "\u00c0" <= ch <= "\u024f":  # accented Latin letters
            good += 1
    if judged < MIN_JUDGED:
        return 1.0 if judged == good else 0.9
    return good / judged


def _decode_sample(sample: bytes, encoding: str, complete: bool) -> str | None:
    """The sample in `encoding`, strictly; a character cut at the sample's end is dropped."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        return decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text has a zero in every other byte."""
    even, odd = sample[0:4000:2], sample[1:4000:2]
    if len(even) < 4:
        return None
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.15 * len(zeros) and others.count(0) < 0.02 * len(others):
            text = _decode_sample(sample[: len(sample) // 2 * 2], encoding, True)
            if text is not None and plausibility(text) >= PLAUSIBLE:
                return encoding
    return None


def detect_encoding(sample: bytes, complete: bool = True) -> str:
    """The encoding of a text whose first bytes are `sample` (`complete`: all of it).

    Raises Undecodable when every candidate gives nonsense."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bomless = _utf16_without_bom(sample)
    if bomless is not None:
        return bomless
    if b"\x00" in sample:
        raise Undecodable("zero bytes in the text")
    if sample.isascii():
        return "utf-8"
    best, best_score = None, -1.0
    for encoding in CANDIDATES:
        text = _decode_sample(sample, encoding, complete)
        if text is None:
            continue
        score = plausibility(text)
        if encoding == "utf-8":
            score += 0.05  # bytes that happen to be valid UTF-8 almost always are UTF-8
        if score > best_score:
            best, best_score = encoding, score
    if best is None or best_score < PLAUSIBLE:
        raise Undecodable(f"best {best} at {best_score:.2f}")
    return best


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was in (raises Undecodable)."""
    encoding = detect_encoding(raw[:SAMPLE_BYTES], complete=len(raw) <= SAMPLE_BYTES)
    return raw.decode(encoding, errors="replace"), encoding


def delimiter_of(sample: str) -> str:
    """The separator most consistently present in the first lines."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1
    for cand in (",", "\t", ";", "|"):
        counts = [line.count(cand) for line in lines]
        score = min(counts) if counts else 0
        if score > best_score:
            best, best_score = cand, score
    return best


@dataclass
class TextLayout:
    """How a text file is read: its encoding and its separator."""

    encoding: str
    delimiter: str


def sniff_text(path: Path) -> TextLayout:
    """The encoding and separator of a text file, from its first megabyte."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES + 1)
    complete = len(sample) <= SAMPLE_BYTES
    sample = sample[:SAMPLE_BYTES]
    encoding = detect_encoding(sample, complete)
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample[:200_000])
    return TextLayout(encoding, delimiter_of(text[:20_000]))


_FLOAT_WHOLE = re.compile(r"\d+\.0")
# '0013, '6222021001001234568, '91330206MA2AB1C2D9: digits (or a code with digits) kept
# from Excel's number reading by the apostrophe Excel's own typing uses
_QUOTED_DIGITS = re.compile(r"'(\+?(?=[0-9A-Za-z-]*\d)[0-9A-Za-z][0-9A-Za-z-]*)")


def csv_cell_text(cell: str) -> str:
    """A CSV cell as meant. One written ="0571-88886666" is its text: how systems (用友,
    金蝶, web shops) export a CSV that Excel opens with its leading zeros and long digits
    kept; so is one written '0013 or '6222021001001234568 (the apostrophe with which one
    types digits as text in Excel, which some systems write into their CSV). A whole
    number written as a float (13800138000.0, 057188886666.0: a column of numbers with
    gaps, as pandas writes one) is the number."""
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        return cell[2:-1].replace('""', '"')
    if cell.startswith("'"):
        quoted = _QUOTED_DIGITS.fullmatch(cell)
        return quoted.group(1) if quoted else cell
    if cell.endswith(".0") and _FLOAT_WHOLE.fullmatch(cell):
        return cell[:-2]
    return cell


class CsvRows:
    """The rows of a text file, read from disk each time they are asked for: (index from
    the first row, cells). The same interface as `sheet_parts.PartedSheet` (`rows`,
    `sheets`), so the import streams either the same way."""

    sheets: tuple = ()  # no parts to let go: the file is read again when needed

    def __init__(self, path: Path, layout: TextLayout, total_rows: int | None = None) -> None:
        self.path = path
        self.layout = layout
        self.total_rows = total_rows or 0
        self.width = 0
        self.line_num = 0

    def rows(self, *, release: bool = False) -> Iterator[tuple[int, list]]:
        csv.field_size_limit(CSV_FIELD_LIMIT)
        with open(self.path, "rb") as raw:
            text = io.TextIOWrapper(raw, self.layout.encoding, errors="replace", newline="")
            reader = csv.reader(text, delimiter=self.layout.delimiter)
            try:
                for i, row in enumerate(reader):
                    self.line_num = reader.line_num
                    if len(row) > self.width:
                        self.width = len(row)
                    joined = "\0".join(row)  # looked for in C: a row of 20 cells, ~0.1 µs
                    if '="' in joined or ".0" in joined or "\0'" in joined or joined[:1] == "'":
                        row = [csv_cell_text(cell) for cell in row]
                    yield i, row
            finally:
                self.line_num = reader.line_num

    def rows_kept(self) -> Iterator[tuple[int, list]]:
        return self.rows()


def count_lines(path: Path) -> int:
    """Line ends in the file: the number of rows, near enough for progress."""
    lines = 0
    last = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (1 if last and last != b"\n" else 0)
