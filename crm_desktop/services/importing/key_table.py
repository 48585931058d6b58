"""A compact table of text keys to ints for the duplicate check of a long list.

A Python dict of a million keys (names, phones, codes) holds a million strings and a
million ints: about 200 bytes a key, 600 MB for a 1M-row list's four kinds of key. Here a
key is its 64-bit hash (two different keys of one import share a hash about once in
10^11 imports of a million rows) and sits with its value in sorted numpy runs, 16 bytes a
key; the keys added since the last run wait in a small dict. Runs of like size are
merged (numpy's stable sort merges two sorted runs in one pass), so a million keys make
about log2(1M / RECENT) runs at most and each key is moved that many times.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

RECENT = 8_192  # keys kept in the dict before they become a sorted run


class KeyTable:
    """Text keys (by hash) to ints; a key keeps the first value it was given."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted hashes, values)
        self.recent: dict[int, int] = {}
        # what the runs say of the hashes of one block (`look_up`): asked again row by row
        self.looked: dict[int, int | None] = {}

    @classmethod
    def from_pairs(cls, keys: Sequence[int], values: Sequence[int]) -> KeyTable:
        """A table of (hash, value) pairs in order; the first of a repeated key wins."""
        table = cls()
        if len(keys):
            hashes = np.asarray(keys, dtype=np.int64)
            firsts = np.unique(hashes, return_index=True)[1]  # first of each, sorted by hash
            table.runs.append((hashes[firsts], np.asarray(values, dtype=np.int64)[firsts]))
        return table

    def __len__(self) -> int:
        return len(self.recent) + sum(len(h) for h, _v in self.runs)

    def get(self, key: int) -> int | None:
        """The value of a hashed key, or None."""
        value = self.recent.get(key)
        if value is not None:
            return value
        if key in self.looked:
            return self.looked[key]
        for hashes, values in self.runs:
            i = int(hashes.searchsorted(key))
            if i < len(hashes) and hashes[i] == key:
                return int(values[i])
        return None

    def any_of(self, keys: Sequence[int]) -> bool:
        """Whether any of these hashed keys is in the table (one pass per run). What the
        runs say of each is remembered for `get` until the table next grows a run."""
        if not keys:
            return False
        if not self.recent.keys().isdisjoint(keys):
            return True
        self.looked = {}
        if not self.runs:
            return False
        wanted = np.asarray(keys, dtype=np.int64)
        found = np.zeros(len(wanted), dtype=bool)
        for hashes, values in self.runs:
            at = hashes.searchsorted(wanted)
            at[at == len(hashes)] = 0
            hit = hashes[at] == wanted
            if hit.any():
                for j in np.flatnonzero(hit).tolist():
                    self.looked[int(wanted[j])] = int(values[at[j]])
                found |= hit
        if not found.all():
            self.looked.update(dict.fromkeys(wanted[~found].tolist()))
        return bool(found.any())

    def add_new(self, keys: Iterable[int], values: Iterable[int]) -> None:
        """Keys known to be absent (and distinct), with their values."""
        self.recent.update(zip(keys, values, strict=True))
        self.settle()

    def add(self, key: int, value: int) -> None:
        """A key with its value, unless the table has it already."""
        if self.get(key) is None:
            self.recent[key] = value
            self.looked.pop(key, None)

    def settle(self) -> None:
        """The recent keys become a sorted run once there are enough of them; runs of
        like size are merged."""
        if len(self.recent) < RECENT:
            return
        hashes = np.fromiter(self.recent.keys(), dtype=np.int64, count=len(self.recent))
        values = np.fromiter(self.recent.values(), dtype=np.int64, count=len(self.recent))
        order = hashes.argsort()
        self.runs.append((hashes[order], values[order]))
        self.recent = {}
        self.looked = {}
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
            (h2, v2), (h1, v1) = self.runs.pop(), self.runs.pop()
            hashes, values = np.concatenate((h1, h2)), np.concatenate((v1, v2))
            order = hashes.argsort(kind="stable")  # two sorted runs: merged in one pass
            self.runs.append((hashes[order], values[order]))
