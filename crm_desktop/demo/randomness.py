"""Seeded randomness that is fast enough for a million rows, and ids that grow with time."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from datetime import date

WAN_FEN = 10_000 * 100  # 1 万元 in fen, the unit of capital, turnover and credit limits


class FastRandom(random.Random):
    """`random.Random` with choice/randint/randrange from one `random()` call each.

    The stock methods loop on `getrandbits` and cost 4x more; millions of rows call
    them. Still fully determined by the seed.
    """

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))


def time_ordered_uuid(millis: int, rng: random.Random) -> str:
    """A UUID in the version 7 layout: a millisecond counter, then random bits.

    Ids that grow with insertion order go to the end of each table's unique index
    instead of random pages of it, which makes loading millions of rows much cheaper.
    """
    h = f"{millis:012x}{rng.getrandbits(80):020x}"
    return f"{h[:8]}-{h[8:12]}-7{h[13:16]}-a{h[17:20]}-{h[20:]}"


def cumulative(weights) -> list[float]:
    """Running totals of `weights`, for `pick`."""
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def pick(rng: random.Random, items, cum: list[float]):
    """One of `items`, each as likely as its weight (`cum` from `cumulative`)."""
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def wan(rng: random.Random, choices: Sequence[int]) -> int:
    """One of `choices` 万元, in fen (a limit, a capital: round amounts as people say them)."""
    return rng.choice(choices) * WAN_FEN


def some_day(rng: random.Random, first_year: int, last_year: int) -> date:
    """A day of a year in first_year..last_year (1st–28th: every month has it)."""
    return date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
