"""The duplicate check's compact key table: first value wins, lookups across merged runs."""

from __future__ import annotations

import random

import pytest

from crm_desktop.services.importing import key_table
from crm_desktop.services.importing.key_table import KeyTable


@pytest.fixture
def small_runs(monkeypatch):
    """Runs of 8 keys, so a few hundred keys make many runs and merges."""
    monkeypatch.setattr(key_table, "RECENT", 8)


def test_keys_keep_their_first_value_across_runs(small_runs):
    """Keys added in many blocks are all found with their own value after the runs merge,
    and `add` never replaces a key's first value."""
    rng = random.Random(3)
    keys = list({rng.randrange(-(2**63), 2**63) for _ in range(500)})
    table = KeyTable()
    for start in range(0, len(keys), 7):
        part = keys[start : start + 7]
        table.add_new(part, [start + j for j in range(len(part))])
    assert len(table) == 500
    assert len(table.runs) < 10  # merged as they come: log2(500 / 8) runs at most
    assert all(table.get(k) == i for i, k in enumerate(keys))
    table.add(keys[3], -1)
    assert table.get(keys[3]) == 3
    assert table.get(12345) is None


def test_any_of_finds_a_key_in_a_run_or_among_the_recent(small_runs):
    """A block is tested against every run in one pass, and what it found is what `get`
    then answers for those keys."""
    table = KeyTable()
    table.add_new(range(100, 140), range(40))  # several runs
    table.add(7, 70)  # still among the recent ones
    assert table.any_of([1, 2, 3]) is False
    assert table.any_of([1, 125]) is True and table.get(125) == 25 and table.get(1) is None
    assert table.any_of([7]) is True and table.get(7) == 70
    assert table.any_of([]) is False


def test_from_pairs_keeps_the_first_of_a_repeated_key():
    """Two database customers with one name: the first one (lowest id) is the match."""
    table = KeyTable.from_pairs([5, 9, 5, -2], [11, 12, 13, 14])
    assert [table.get(k) for k in (5, 9, -2, 4)] == [11, 12, 14, None]
