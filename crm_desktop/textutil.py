"""Text normalisation shared by validation, search and import: no database, no Qt."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a line break between Chinese characters: a cell wrapped by hand (Alt+Enter) in a narrow
# column, "杭州华夏\n科技有限公司", is one word; elsewhere a line break is a space
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"  # Han, their punctuation
_HAN_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*[\r\n]+\\s*(?=[{_CJK}])")


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_NOT_ALNUM = re.compile(r"[\W_]+")


_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation (１２３ＡＢＣ，) to their ASCII forms."""
    if text.isascii() or not _FULLWIDTH.search(text):  # translate is slow on other text
        return text
    return text.translate(_HALFWIDTH)


# full-width digits, letters and the ideographic space: typed by a Chinese input method's
# full-width mode, never meant
_HALFWIDTH_ALNUM = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
} | {0x3000: 0x20}
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")  # runs of Han characters


def text_width(text: str) -> str:
    """A typed text's full-width forms as a person means them: digits, letters and spaces
    half-width; punctuation half-width too in a text without Chinese (a phone ０１０－…, an
    e-mail ａ＠ｂ．ｃｎ), but kept as written in Chinese writing (薄利多销，量大优惠)."""
    if text.isascii() or not _FULLWIDTH.search(text):
        return text
    return text.translate(_HALFWIDTH_ALNUM if _HAN.search(text) else _HALFWIDTH)


def clean_text(value: object) -> str:
    """What a person means by a typed value: `text_width`, no control characters, trimmed."""
    if value is None:
        return ""
    text = text_width(str(value))
    text = _CONTROL.sub("", text)
    if "\n" in text or "\r" in text:
        text = _HAN_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


_COLUMN_SEP = "\ue000"  # private use: not space, control or full-width, so no step touches it


def clean_texts(values: list[str]) -> list[str]:
    """`clean_text` of many strings (an imported column) in one pass: the same results.

    Every step of `clean_text` works character by character or on runs of spaces, and
    the separator is neither, so cleaning the joined column and splitting it again
    gives each value's own result, at a fraction of the per-value cost.
    """
    if not values:
        return []
    joined = _COLUMN_SEP.join(values)
    if joined.count(_COLUMN_SEP) != len(values) - 1:  # some value holds the separator
        return [clean_text(v) for v in values]
    if _clean_already(values, joined):
        return list(values)
    if _HAN.search(joined) and _FULLWIDTH.search(joined):
        # the width rule depends on each value's own writing: value by value
        return [clean_text(v) for v in values]
    joined = _CONTROL.sub("", to_halfwidth(joined))
    if "\n" in joined or "\r" in joined:
        joined = _HAN_BREAK.sub("", joined)
    joined = _SPACES.sub(" ", joined)
    return [part.strip() for part in joined.split(_COLUMN_SEP)]


def _clean_already(values: list[str], joined: str) -> bool:
    """Whether `clean_text` leaves every value as it is (the usual column, checked at C
    speed): no control character and no space but single " " inside (a printable text
    has neither), no space at either end, no full-width form."""
    sep = _COLUMN_SEP
    return (
        all(map(str.isprintable, values))
        and "  " not in joined
        and " " + sep not in joined
        and sep + " " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and (joined.isascii() or not _FULLWIDTH.search(joined))
    )


# a person's name spaced out to line up with longer ones in a list: 张　三, 王  芳, 刘 总
_SPACED_NAME = re.compile("[\u3400-\u4dbf\u4e00-\u9fff](?:\\s+[\u3400-\u4dbf\u4e00-\u9fff]){1,2}")


def unspaced_name(text: str) -> str:
    """A Chinese name of two or three characters without the spaces that padded it (张　三
    -> 张三); any other text as it was (张三 经理, John Smith)."""
    if _SPACED_NAME.fullmatch(text.strip()) is None:
        return text
    return _SPACES.sub("", text)


def fold(text: str) -> str:
    """Search form of a text: NFKC, lower case, no spaces or punctuation between letters."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return _NOT_ALNUM.sub("", text.lower())
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).lower())


_NOT_ALNUM_NOR_NEWLINE = re.compile(r"(?:[^\w\n]|_)+")


def fold_texts(texts: list[str]) -> list[str]:
    """`fold` of many texts (a column) in one pass over them joined by newlines: NFKC,
    lower case and the removal of non-word characters treat a newline as the end of a
    text, and leave it where it is."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text holds a newline: one by one
        return [fold(text) for text in texts]
    if not joined.isascii():
        joined = unicodedata.normalize("NFKC", joined)
    return _NOT_ALNUM_NOR_NEWLINE.sub("", joined.lower()).split("\n")


def pinyin_forms(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese in `text` ("北京科技" → "beijingkeji", "bjkj").

    Only Han characters are converted; other characters are dropped, since the text
    itself is indexed as well. The Han part is what is cached: company names are
    mostly distinct, but "北京宏达科技有限公司" and "北京宏达科技有限公司2" share it.
    """
    if text.isascii():
        return "", ""
    return _han_forms("".join(_HAN.findall(text)))


@lru_cache(maxsize=100_000)
def _han_forms(han: str) -> tuple[str, str]:
    """`pinyin_forms` of the Han characters of a text: names differing only in digits share it."""
    if not han:
        return "", ""
    syllables = han_syllables(han)
    return "".join(syllables), "".join(s[0] for s in syllables if s)


_TONE_MARKS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


PINYIN_TABLE = "resources/pinyin.tsv.gz"


@cache
def _pinyin_table() -> tuple[dict[str, str], dict[str, str]]:
    """(character: its first reading, phrase of 2-4 characters: its readings joined by
    spaces), toneless.

    What `han_syllables` needs of pypinyin's dictionaries, from a compact copy shipped
    with the app (`pinyin_table_lines`): loading pypinyin's own takes 55 MB at its peak,
    this one 25 MB, which matters in the helper process of a large import.
    """
    import gzip
    import io
    from importlib.resources import files

    chars: dict[str, str] = {}
    phrases: dict[str, str] = {}
    syllables: dict[str, str] = {}  # 400 of them: one string each
    with files("crm_desktop").joinpath(PINYIN_TABLE).open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    for line in io.StringIO(text):
        key, value = line[:-1].split("\t")
        if len(key) == 1:
            chars[key] = syllables.setdefault(value, value)
        else:
            phrases[key] = value
    return chars, phrases


def pinyin_table_lines() -> Iterator[str]:
    """The lines of the shipped table, made from pypinyin's dictionaries:
    `python -m crm_desktop.textutil` writes them (after an upgrade of pypinyin)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    for code, readings in sorted(PINYIN_DICT.items()):
        syllable = readings.split(",", 1)[0].translate(_TONE_MARKS)
        if syllable:
            yield f"{chr(code)}\t{syllable}\n"
    for phrase, entry in sorted(PHRASES_DICT.items()):
        if 2 <= len(phrase) <= 4 and entry:  # the only sizes `han_syllables` looks up
            yield f"{phrase}\t{' '.join(s[0].translate(_TONE_MARKS) for s in entry)}\n"


def han_syllables(han: str) -> list[str]:
    """Toneless syllables of a run of Han characters, phrases first (重庆 → chong qing).

    The same forward maximum match over pypinyin's phrase and character dictionaries
    (`_pinyin_table`) that `pypinyin.lazy_pinyin` does, without its per-call machinery:
    identical readings on 40,000 demo names, 8x faster (13 µs against 108 µs a name),
    which is most of the cost of indexing 100k customers.
    """
    chars, phrases = _pinyin_table()
    out: list[str] = []
    i, n = 0, len(han)
    while i < n:
        for size in (4, 3, 2):
            if i + size <= n:
                phrase = phrases.get(han[i : i + size])
                if phrase:
                    out.extend(phrase.split(" "))
                    i += size
                    break
        else:
            syllable = chars.get(han[i])
            if syllable:
                out.append(syllable)
            i += 1
    return out


_HAN_MARK = "~"  # after digits and letters: Latin names first, then Chinese, as Excel does


def name_sort_key(name: str) -> str:
    """The sort form of a name: Chinese by pinyin, the order Excel and WPS use (东莞 before
    上海), stored beside the name so a plain index sorts the customer list.

    Each Han character becomes "~" + its syllable + " " + the character: homophones stay
    together (by character), "zhan " sorts before "zhang " and a Latin or digit name
    before every Chinese one. Other characters are kept in their folded (lower-case,
    half-width) form.
    """
    text = clean_text(name).lower()
    if text.isascii():
        return text
    return "".join(
        _han_run_key(part) if _HAN.fullmatch(part) else part for part in _HAN_SPLIT.split(text)
    )


_HAN_SPLIT = re.compile("([\u4e00-\u9fff\u3400-\u4dbf]+)")


@lru_cache(maxsize=50_000)
def _han_run_key(han: str) -> str:
    """`name_sort_key` of a run of Han characters: one syllable per character, phrases
    read as phrases (重庆 → chong qing) when the table gives one syllable each."""
    syllables = han_syllables(han)
    if len(syllables) != len(han):  # a character without a reading: one by one
        chars = _pinyin_table()[0]
        syllables = [chars.get(c, "") for c in han]
    return "".join(f"{_HAN_MARK}{s} {c}" for s, c in zip(syllables, han, strict=True))


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of a folded text, plus its last character alone.

    A query of two or more characters becomes a phrase of consecutive bigrams, so it
    matches exactly where the text contains it as a substring; the lone last
    character lets a one-character query find a text that ends with it.
    """
    return folded_bigrams(fold(text))


def folded_bigrams(text: str) -> list[str]:
    """`bigrams` of a text that is folded already (skips folding it again)."""
    if not text:
        return []
    grams = [text[i : i + 2] for i in range(len(text) - 1)]
    grams.append(text[-1])
    return grams


_NOT_ASCII_DIGIT = re.compile(r"[^0-9]+")


_NOT_ASCII_DIGIT_NOR_NEWLINE = re.compile(r"[^0-9\n]+")


def digits_only_texts(texts: list[str]) -> list[str]:
    """`digits_only` of many texts (a column), in one pass where they are all ASCII."""
    joined = "\n".join(texts)
    if not joined.isascii() or joined.count("\n") != len(texts) - 1:
        return [digits_only(text) for text in texts]
    return _NOT_ASCII_DIGIT_NOR_NEWLINE.sub("", joined).split("\n")


def digits_only(text: str) -> str:
    if text.isascii():  # the usual phone number: only 0-9 are digits in ASCII
        return _NOT_ASCII_DIGIT.sub("", text)
    return "".join(ch for ch in to_halfwidth(text) if ch.isdigit())


if __name__ == "__main__":  # python -m crm_desktop.textutil: write the pinyin table
    import gzip
    from pathlib import Path

    target = Path(__file__).parent / PINYIN_TABLE
    data = "".join(pinyin_table_lines()).encode("utf-8")
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # the same bytes each time
    print(f"wrote {target}")
