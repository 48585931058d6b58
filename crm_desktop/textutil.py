"""Text normalisation shared by validation, search and import: no database, no Qt."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation (１２３ＡＢＣ，) to their ASCII forms."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def clean_text(value: object) -> str:
    """What a person means by a typed value: half-width, no control characters, trimmed."""
    if value is None:
        return ""
    text = to_halfwidth(str(value))
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Search form of a text: NFKC, lower case, no spaces or punctuation between letters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


@lru_cache(maxsize=200_000)
def pinyin_forms(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese in `text` ("北京科技" → "beijingkeji", "bjkj").

    Only Han characters are converted; other characters are dropped, since the text
    itself is indexed as well. Cached: names repeat across customers and contacts.
    """
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if not han:
        return "", ""
    from pypinyin import lazy_pinyin  # on first use: its dictionaries cost ~0.5 s to load

    syllables = lazy_pinyin(han, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of a folded text, plus its last character alone.

    A query of two or more characters becomes a phrase of consecutive bigrams, so it
    matches exactly where the text contains it as a substring; the lone last
    character lets a one-character query find a text that ends with it.
    """
    text = fold(text)
    if not text:
        return []
    grams = [text[i : i + 2] for i in range(len(text) - 1)]
    grams.append(text[-1])
    return grams


def digits_only(text: str) -> str:
    return "".join(ch for ch in to_halfwidth(text) if ch.isdigit())
