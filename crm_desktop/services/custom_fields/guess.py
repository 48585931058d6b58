"""The kind of a new field guessed from an import column's values."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from crm_desktop.errors import InvalidValue
from crm_desktop.services.custom_fields.kinds import NO_WORDS, YES_WORDS
from crm_desktop.services.validation import parse_date, parse_decimal, parse_money
from crm_desktop.textutil import clean_text

_MONEY_WORDS = re.compile(r"[¥￥元万亿]|RMB|CNY", re.IGNORECASE)
CHOICE_AT_MOST = 12  # distinct values a column may have to be guessed a choice


def suggest_kind(values: Sequence[object]) -> tuple[str, list[str]]:
    """The kind a column's values suggest, with the options of a choice: all numbers ->
    number (amounts written with 万/¥ -> money), all dates -> date, yes/no words -> yes/no,
    few distinct values repeated -> one choice of them, else text (long when multi-line)."""
    texts = [clean_text(v) if not isinstance(v, date) else v.isoformat() for v in values]
    texts = [t for t in texts if t]
    if not texts:
        return "text", []

    def all_read(parse) -> bool:
        try:
            return all(parse(t) is not None for t in texts)
        except (InvalidValue, ValueError):
            return False

    if all(t.lower() in YES_WORDS + NO_WORDS for t in texts):
        return "bool", []
    money_words = any(_MONEY_WORDS.search(t) for t in texts)
    if money_words and all_read(parse_money):
        return "money", []
    if all_read(lambda t: parse_decimal(t, 4)):
        return "number", []
    if all_read(parse_date):
        return "date", []
    distinct = list(dict.fromkeys(texts))
    if len(distinct) <= CHOICE_AT_MOST and len(texts) >= 2 * len(distinct):
        return "choice", distinct
    multiline = any("\n" in str(v).strip() for v in values if v is not None)
    if multiline or max(len(t) for t in texts) > 100:
        return "long", []
    return "text", []
