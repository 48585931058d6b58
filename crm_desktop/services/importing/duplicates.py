"""Which rows are customers already there, or earlier rows of the same file."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
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
from crm_desktop.textutil import digits_only, fold


def name_key(name: str) -> str:
    """A name as compared for duplicates: width, case, spaces and brackets ignored."""
    return fold(name or "")


def phone_key(phone: str) -> str:
    return phone_key_of_digits(digits_only(phone or ""))


def phone_key_of_digits(digits: str) -> str:
    if len(digits) > 11 and digits.startswith("86"):
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""


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
    """Customers by code, unified social credit code, normalised name and phone.

    Keys are held by their hash in `KeyTable`s (16 bytes a key: a 1M-row list's index
    takes 64 MB, not 600). Values are plain ints: a database customer's id (> 0), or
    -(slot + 1) for a row of this file, whose row number and target sit in the slot.
    """

    KEYS = ("code", "tax_id", "name", "phone")

    def __init__(self) -> None:
        self.maps: dict[str, KeyTable] = {k: KeyTable() for k in self.KEYS}
        self.deleted_codes = KeyTable()
        self.file_rows = array("q")
        self.file_targets = array("q")

    @classmethod
    def from_database(cls) -> DuplicateIndex:
        index = cls()
        pairs: dict[str, tuple[array, array]] = {
            k: (array("q"), array("q")) for k in (*cls.KEYS, "deleted")
        }
        cursor = database.execute_sql(
            "SELECT id, code, tax_id, name, phone, deleted_at FROM customer ORDER BY id"
        )
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
                ("phone", phone_key(phone)),
            ):
                if key:
                    keys, ids = pairs[kind]
                    keys.append(hash(key))
                    ids.append(cid)
        for kind in cls.KEYS:
            index.maps[kind] = KeyTable.from_pairs(*pairs[kind])
        index.deleted_codes = KeyTable.from_pairs(*pairs["deleted"])
        return index

    def has_code(self, code: str) -> bool:
        """Whether a code (upper case) is in use, by a deleted card too (codes stay unique),
        or by a row of this file taken so far."""
        key = hash(code)
        return self.maps["code"].get(key) is not None or self.deleted_codes.get(key) is not None

    @staticmethod
    def keys_of(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
        return (
            (values.get("code") or "").upper(),
            (values.get("tax_id") or "").upper(),
            name_key(values.get("name") or ""),
            phone_key(values.get("phone") or ""),
        )

    def find(self, keys: tuple[str, str, str, str]) -> _Match | None:
        for kind, key in zip(self.KEYS, keys, strict=True):
            if not key:
                continue
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
                return _Match("file", self.file_targets[slot], kind, self.file_rows[slot])
            return _Match("db", hit, kind)
        return None

    def clear_of(self, keys: Sequence[tuple[str, str, str, str]]) -> bool:
        """Whether none of these rows matches the index or another of them: the usual
        block of a list, which `add_all` then takes whole."""
        clear = True
        for j, kind in enumerate(self.KEYS):
            hashes = [hash(k[j]) for k in keys if k[j]]
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
        for j, kind in enumerate(self.KEYS):
            pairs = [(hash(k[j]), slot) for k, slot in zip(keys, slots, strict=True) if k[j]]
            self.maps[kind].add_new((h for h, _s in pairs), (s for _h, s in pairs))

    def add(self, keys: tuple[str, str, str, str], target: int, row_number: int) -> None:
        slot = -(len(self.file_rows) + 1)
        self.file_rows.append(row_number)
        self.file_targets.append(target)
        for kind, key in zip(self.KEYS, keys, strict=True):
            if key:
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
