"""The integer codes a PostgreSQL search row holds of its document, and those a
searched word asks for: pure text work.

Kept apart from the index (`models.search_index`) so that an import's helper process,
which builds the new cards' documents, codes them too without loading the models.
"""

from __future__ import annotations

_HASHED = 0xD800 << 16  # the first code of the surrogate block, which no text holds
_HASHED_SPAN = 0x800 << 16


def gram_code(pair: str) -> int:
    """A bigram as `customer_search.grams` holds it from schema 18 on: an int4, a third
    of a text element's size. Two characters of the Basic Multilingual Plane (ASCII,
    the common CJK block, every folded letter and digit) are their code points side by
    side: exact. Any other pair is hashed into the codes a surrogate would start, which
    no text holds: such a code may stand for several pairs, so a searched word with such
    a character is checked against the document too (services/search.py). Schema 18
    converts the texts with the same rule, in SQL."""
    a, b = ord(pair[0]), ord(pair[1])
    code = (
        a << 16 | b if a < 0x10000 and b < 0x10000 else _HASHED + (a * 0x110000 + b) % _HASHED_SPAN
    )
    return code - (1 << 32) if code >= 1 << 31 else code


def trigram_code(triple: str) -> int:
    """Three digits as a search row's codes hold them (schema 22; an expression index
    of the document, `crm_digit_triples`, in 20 and 21): seven bits each. Every phone
    number holds the common digit pairs; triples are far fewer, so a search of three or
    more digits asks for them (6234: 18 ms with pairs, 4 ms with triples). The codes
    lie below any pair's: a folded document holds no character below "0", and a pair
    starting with "0" is 0x30 << 16."""
    a, b, c = triple.encode("ascii")
    return a << 14 | b << 7 | c


def word_codes(word: str) -> tuple[list[int], list[int]]:
    """What a document must hold to contain the folded `word`: (the codes of its pairs
    that lie in no run of three or more digits, the triples of those runs)."""
    runs = [False] * len(word)  # the character is in a run of three or more digits
    at = 0
    while at < len(word):
        end = at
        while end < len(word) and "0" <= word[end] <= "9":
            end += 1
        if end - at >= 3:
            runs[at:end] = [True] * (end - at)
        at = max(end, at + 1)
    pairs = [
        gram_code(word[i : i + 2]) for i in range(len(word) - 1) if not (runs[i] and runs[i + 1])
    ]
    triples = [
        trigram_code(word[i : i + 3]) for i in range(len(word) - 2) if runs[i] and runs[i + 2]
    ]
    return pairs, triples


_CODES_AT_ONCE = 1_000  # documents `document_codes` takes at a time


def document_codes(docs: list[str]) -> list[str]:
    """`gram_codes` of many documents (parts joined by spaces), all at once with numpy:
    20k documents in about 0.1 s instead of 0.7 s a code at a time. A code pairs the
    characters at i and i + 1 of the documents joined by newlines, where neither is a
    space or a newline (the parts' boundaries); or it is the triple of digits at i, i + 1
    and i + 2 (`trigram_code`), which lies in a run of three or more digits.

    The triples are the server's work no more (schema 22): computing them in SQL for the
    expression index cost 19 µs a row, 0.38 s of a 20k-row import's 4.3 s."""
    import numpy as np

    if len(docs) > _CODES_AT_ONCE:  # arrays that stay in the CPU's cache: twice as fast
        step = _CODES_AT_ONCE
        return [t for at in range(0, len(docs), step) for t in document_codes(docs[at : at + step])]
    if not docs:
        return []
    text = "\n".join(docs)  # no document holds a newline: its parts are folded
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    gap = (chars == ord(" ")) | (chars == ord("\n"))
    owner = np.cumsum(chars == ord("\n"))  # the document of each character
    a, b = chars[:-1], chars[1:]
    pair = ~(gap[:-1] | gap[1:])
    bmp = (a < 0x10000) & (b < 0x10000)
    codes = np.where(bmp, a << 16 | b, _HASHED + (a * 0x110000 + b) % _HASHED_SPAN)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    triple = digit[:-2] & digit[1:-1] & digit[2:]
    triples = chars[:-2] << 14 | chars[1:-1] << 7 | chars[2:]
    keyed = np.sort(  # by document, then code
        np.concatenate(
            (owner[:-1][pair] << 32 | codes[pair], owner[:-2][triple] << 32 | triples[triple])
        )
    )
    if len(keyed):  # each once (np.unique hashes first: 1.7 s for 20k documents, not 0.1)
        keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]
    which = keyed >> 32
    values = (keyed & 0xFFFFFFFF).astype(np.uint32).view(np.int32)  # int4: signed
    texts = list(map(str, values.tolist()))
    ends = np.searchsorted(which, np.arange(len(docs)), side="right").tolist()
    out, start = [], 0
    for end in ends:
        out.append("{" + ",".join(texts[start:end]) + "}")
        start = end
    return out
