"""Which rows are customers already there, or earlier rows of the same file."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.i18n import current_language
from crm_desktop.messages import Renderable, Text, msg, render, render_all
from crm_desktop.models import (
    Customer,
    database,
)
from crm_desktop.services.importing.key_table import KeyTable
from crm_desktop.services.search import ids_condition
from crm_desktop.textutil import digits_only, digits_only_texts, fold, fold_texts


def name_key(name: str) -> str:
    """A name as compared for duplicates: width, case, spaces and brackets ignored, and
    有限责任公司 written 有限公司 (people write either for the same company, and no two
    companies may take one name in both forms)."""
    return fold((name or "").replace(_LLC_LONG, _LLC))


def name_keys(names: list[str]) -> list[str]:
    """`name_key` of each name, a column at once."""
    return fold_texts([n.replace(_LLC_LONG, _LLC) if _LLC_LONG in n else n for n in names])


_LLC_LONG, _LLC = "有限责任公司", "有限公司"


def phone_key(phone: str) -> str:
    return phone_key_of_digits(digits_only(phone or ""))


def phone_key_of_digits(digits: str) -> str:
    if len(digits) > 11 and digits.startswith("86"):
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""


# one phone number has at most 13 digits (+86 138 0013 8000, +86 755 2878 0808): a cell
# with fewer holds one number, and its key is all its digits
_ONE_NUMBER = 14
_FULL = 7  # the digits of the shortest whole number (a local landline)
_WHOLE = {"1": 11, "0": 10}  # the digits of a whole mobile, of a landline with its area code
_LISTED = re.compile(r"\s*[;；/、,，]\s*|\s+")  # between the numbers of one cell


def phone_keys(phone: str, digits: str | None = None) -> list[str]:
    """The key of each number of a phone cell ("0574-86881234;0574-86887777",
    "13800138000/0755-28780808", "13800138000 13900139000"): it is cut where the
    pieces on both sides are whole numbers (7 digits or more), and a space inside one
    number ("0755-8888 6666", "138 0013 8000") is not such a place."""
    if digits is None:
        digits = digits_only(phone or "")
    if len(digits) < _ONE_NUMBER:
        key = phone_key_of_digits(digits)
        return [key] if key else []
    keys: list[str] = []
    for number in _numbers(phone):
        key = phone_key_of_digits(digits_only(number))
        if key and key not in keys:
            keys.append(key)
    return keys


def _numbers(text: str) -> list[str]:
    """The numbers of a cell: its pieces between separators, joined again where one
    side would not be a whole number. After a space only a number that is whole (11
    digits of a mobile, 10 of a landline with its area code) is followed by another,
    which starts as a number can (0…, 1…, +…, or 7 digits of its own): "0755 8888
    6666" and "0755 2878 0808 801" are one number, "138 0013 8000 0755 2878 0808" two."""
    pieces, listed = [], []
    at = 0
    for m in _LISTED.finditer(text):
        pieces.append(text[at : m.start()])
        listed.append(bool(m.group().strip()))  # a listing mark, not only spaces
        at = m.end()
    pieces.append(text[at:])
    digits = [digits_only(p) for p in pieces]
    numbers, current, held = [], pieces[0], digits[0]
    for j in range(1, len(pieces)):
        ahead = 0  # the digits from this piece on, up to a listing mark
        for k in range(j, len(pieces)):
            ahead += len(digits[k])
            if ahead >= _FULL or (k + 1 < len(pieces) and listed[k]):
                break
        if listed[j - 1]:
            cut = len(held) >= _FULL
        else:
            whole = _WHOLE.get(held[:1], _FULL)
            starts = len(digits[j]) >= _FULL or pieces[j].lstrip("(（")[:1] in ("0", "1", "+")
            cut = len(held) >= whole and starts
        if cut and ahead >= _FULL:
            numbers.append(current)
            current, held = pieces[j], digits[j]
        else:
            current, held = f"{current} {pieces[j]}", held + digits[j]
    numbers.append(current)
    return numbers


def row_phone_keys(*phones: str) -> str:
    """The phone keys of a row's phone cells (its 电话), each once, joined by
    spaces: the way `DuplicateIndex.keys_of` holds them."""
    keys: list[str] = []
    for phone in phones:
        for key in phone_keys(phone):
            if key not in keys:
                keys.append(key)
    return " ".join(keys)


def phone_keys_of_columns(phones: list[str], contact_phones: list[str] | None = None) -> list[str]:
    """`row_phone_keys` of every row of a block, from its phone columns (texts). The
    import keys the 电话 alone: the 联络电话 (the boss's mobile) as a key too merged more
    sister companies, and made random blocks of a long list go row by row."""
    out = _column_phone_keys(phones)
    if not contact_phones or not any(contact_phones):
        return out
    more = _column_phone_keys(contact_phones)
    for i, (a, b) in enumerate(zip(out, more, strict=True)):
        if not b or b == a:
            continue
        if not a:
            out[i] = b
        elif " " in a or " " in b:
            parts = a.split(" ")
            out[i] = " ".join([*parts, *(k for k in b.split(" ") if k not in parts)])
        else:
            out[i] = f"{a} {b}"
    return out


def _column_phone_keys(texts: list[str]) -> list[str]:
    """The phone keys of each cell of a column, joined by spaces: a cell of one number
    (fewer than 14 digits, the usual one) by its digits alone."""
    return [
        phone_key_of_digits(digits)
        if len(digits) < _ONE_NUMBER
        else " ".join(phone_keys(t, digits))
        for t, digits in zip(texts, digits_only_texts(texts), strict=True)
    ]


def tax_identity(tax: str) -> int:
    """What tells two credit codes (upper case) apart, hashed (0: none): the 9 characters
    of the organisation code, which a 统一社会信用代码 (18) holds after its 8th and the
    税务登记证号 it replaced (15) after its 6th, so a card with the old number and a list
    with the new code are not two customers; any other code whole."""
    if not tax:
        return 0
    if len(tax) == 18:
        return hash(tax[8:17])
    if len(tax) == 15:
        return hash(tax[6:15])
    return hash(tax)


def _parts(kind: str, key: str) -> Iterable[str]:
    """The keys one entry of a row's keys holds: a row's phones are several."""
    if kind == "phone" and " " in key:
        return key.split(" ")
    return (key,) if key else ()


# what a duplicate shares with the customer it matches
_WHAT = {
    "code": msg("importing.what_code"),
    "tax_id": msg("importing.what_tax_id"),
    "name": msg("importing.what_name"),
    "phone": msg("importing.what_phone"),
}


@dataclass
class _Match:
    where: str  # "db", "deleted", "file"
    target: Any  # customer id, or the index of the earlier file row's plan
    kind: str  # which key matched: code, tax_id, name, phone
    row: int = 0  # the earlier row of this file

    @property
    def reason(self) -> str:
        """Why the row is a duplicate, in the user's language."""
        return self.reason_in(current_language())

    def reason_in(self, lang: str) -> str:
        what = _WHAT[self.kind]
        if self.where == "file":
            return render("importing.same_as_row", {"what": what, "row": self.row}, lang)
        if self.where == "deleted":
            return render("importing.same_as_deleted", {"what": what}, lang)
        return render("importing.same_as_customer", {"what": what}, lang)


class DuplicateIndex:
    """Customers by code, unified social credit code, normalised name and phone (each
    number of the 电话 cell).

    Keys are held by their hash in `KeyTable`s (16 bytes a key: a 1M-row list's index
    takes 64 MB, not 600). Values are plain ints: a database customer's id (> 0), or
    -(slot + 1) for a row of this file, whose row number and target sit in the slot.

    Two credit codes that differ are two customers: a name or a phone shared with a
    customer whose credit code is another one's (sister companies on one switchboard, a
    branch, two people called 王伟 with their ID numbers) is no match. Each customer's
    credit code is held for that as its `tax_identity`: `db_taxes` (id to it), `file_taxes`.
    """

    KEYS = ("code", "tax_id", "name", "phone")

    def __init__(self) -> None:
        self.maps: dict[str, KeyTable] = {k: KeyTable() for k in self.KEYS}
        self.deleted_codes = KeyTable()
        self.db_taxes = KeyTable()
        self.file_rows = array("q")
        self.file_targets = array("q")
        self.file_taxes = array("q")  # tax_identity of each row's credit code

    @classmethod
    def from_database(cls) -> DuplicateIndex:
        index = cls()
        pairs: dict[str, tuple[array, array]] = {
            k: (array("q"), array("q")) for k in (*cls.KEYS, "deleted")
        }
        cursor = database.execute_sql(
            "SELECT id, code, tax_id, name, phone, deleted_at FROM customer ORDER BY id"
        )
        phones, phone_ids = pairs["phone"]
        taxes, tax_ids = array("q"), array("q")
        for cid, code, tax_id, name, phone, deleted in cursor:
            if deleted is not None:
                if code:
                    keys, ids = pairs["deleted"]
                    keys.append(hash(code.upper()))
                    ids.append(cid)
                continue
            for kind, key in (
                ("code", code.upper() if code else ""),
                ("tax_id", tax_id.upper() if tax_id else ""),
                ("name", name_key(name)),
            ):
                if key:
                    keys, ids = pairs[kind]
                    keys.append(hash(key))
                    ids.append(cid)
            if tax_id:
                taxes.append(tax_identity(tax_id.upper()))
                tax_ids.append(cid)
            if phone:
                for key in _parts("phone", row_phone_keys(phone)):
                    phones.append(hash(key))
                    phone_ids.append(cid)
        for kind in cls.KEYS:
            index.maps[kind] = KeyTable.from_pairs(*pairs[kind])
        index.deleted_codes = KeyTable.from_pairs(*pairs["deleted"])
        # the credit code of each customer that has one, for `find` to tell them apart
        index.db_taxes = KeyTable.from_pairs(tax_ids, taxes)
        return index

    def has_code(self, code: str) -> bool:
        """Whether a code (upper case) is in use, by a deleted card too (codes stay unique),
        or by a row of this file taken so far."""
        key = hash(code)
        return self.maps["code"].get(key) is not None or self.deleted_codes.get(key) is not None

    @staticmethod
    def keys_of(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
        """A row's keys; its phone keys (`row_phone_keys`) are one text."""
        return (
            (values.get("code") or "").upper(),
            (values.get("tax_id") or "").upper(),
            name_key(values.get("name") or ""),
            row_phone_keys(values.get("phone") or ""),
        )

    def find(self, keys: tuple[str, str, str, str]) -> _Match | None:
        tax = tax_identity(keys[1])
        for kind, entry in zip(self.KEYS, keys, strict=True):
            for key in _parts(kind, entry):
                hashed = hash(key)
                hit = self.maps[kind].get(hashed)
                if hit is None and kind == "code":
                    deleted = self.deleted_codes.get(hashed)
                    if deleted is not None:
                        return _Match("deleted", deleted, kind)
                if hit is None:
                    continue
                if hit < 0:
                    slot = -hit - 1
                    if tax and kind in ("name", "phone") and self.file_taxes[slot] not in (0, tax):
                        continue  # another credit code: another customer
                    return _Match("file", self.file_targets[slot], kind, self.file_rows[slot])
                if tax and kind in ("name", "phone") and self.db_taxes.get(hit) not in (None, tax):
                    continue
                return _Match("db", hit, kind)
        return None

    def clear_of(self, keys: Sequence[tuple[str, str, str, str]]) -> bool:
        """Whether none of these rows matches the index or another of them: the usual
        block of a list, which `add_all` then takes whole."""
        clear = True
        for j, kind in enumerate(self.KEYS):
            hashes = [hash(k[j]) for k in keys if k[j]]
            if kind == "phone" and any(" " in k[3] for k in keys):  # cells of several
                hashes = [hash(part) for k in keys for part in _parts(kind, k[j])]
            # every table is looked at even once one matches: `find` then asks them again
            if len(set(hashes)) < len(hashes) or self.maps[kind].any_of(hashes):
                clear = False
            if kind == "code" and self.deleted_codes.any_of(hashes):
                clear = False
        return clear

    def add_all(
        self, keys: Sequence[tuple[str, str, str, str]], first_target: int, numbers: Sequence[int]
    ) -> None:
        """`add` of each row, in order, when `clear_of` said none of them matches."""
        base = len(self.file_rows)
        slots = range(-(base + 1), -(base + len(keys) + 1), -1)
        self.file_rows.extend(numbers)
        self.file_targets.extend(range(first_target, first_target + len(keys)))
        self.file_taxes.extend(tax_identity(k[1]) for k in keys)
        for j, kind in enumerate(self.KEYS):
            pairs = [(hash(k[j]), slot) for k, slot in zip(keys, slots, strict=True) if k[j]]
            if kind == "phone" and any(" " in k[3] for k in keys):  # cells of several
                pairs = [
                    (hash(part), slot)
                    for k, slot in zip(keys, slots, strict=True)
                    for part in _parts(kind, k[j])
                ]
            self.maps[kind].add_new((h for h, _s in pairs), (s for _h, s in pairs))

    def add(self, keys: tuple[str, str, str, str], target: int, row_number: int) -> None:
        slot = -(len(self.file_rows) + 1)
        self.file_rows.append(row_number)
        self.file_targets.append(target)
        self.file_taxes.append(tax_identity(keys[1]))
        for kind, entry in zip(self.KEYS, keys, strict=True):
            for key in _parts(kind, entry):
                self.maps[kind].add(hash(key), slot)

    def settle(self) -> None:
        """After a block: the keys the rows added one by one join the sorted runs."""
        for table in self.maps.values():
            table.settle()


def describe_matches(matches: Sequence[_Match]) -> list[str]:
    """Why each row is a duplicate, in the user's language: a customer already there is
    named by its code and name, all of them read by one query a few thousand at a time
    (one look-up a row took 24 s for a list of 20k imported again)."""
    lang = current_language()
    ids = list({m.target for m in matches if m.where == "db"})
    shown: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 5_000):
        select = Customer.select(Customer.id, Customer.code, Customer.name).where(
            ids_condition(Customer.id, ids[start : start + 5_000])
        )
        shown.update((cid, (code, name)) for cid, code, name in select.tuples())
    out = []
    for match in matches:
        found = shown.get(match.target) if match.where == "db" else None
        if found is None:
            out.append(match.reason_in(lang))
            continue
        params = {"what": _WHAT[match.kind], "code": found[0], "name": found[1]}
        out.append(render("importing.same_as_customer_named", params, lang))
    return out


def reason_and(reason: str, *also: Renderable) -> str:
    """A skipped row's reason (in the user's language), and what of the row went under the
    card it matched all the same (its follow-up, its people)."""
    return render_all([Text(reason, reason), *also])


# --- preview ----------------------------------------------------------------------------
