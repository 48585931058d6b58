"""What the demo's passes share: the seeded randomness, the calendar of the two years, the
plan of every customer, the ids written so far, and the progress."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from crm_desktop.demo.pools import Pools
from crm_desktop.demo.randomness import time_ordered_uuid
from crm_desktop.messages import Message
from crm_desktop.models import database
from crm_desktop.progress import Progress

# the passes of the generator, for the progress: users and products, customers, contacts,
# sales, payments, follow-ups, credit, complaints, classes, indexes, search index
PASSES = 11

# every main record's first columns (models.base): the demo writes them on each row as
# (id, uuid, created_at, updated_at, version, deleted_at)
RECORD_COLUMNS = ("id", "uuid", "created_at", "updated_at", "version", "deleted_at")


def record_columns(*names: str) -> list[str]:
    """A main record's columns for a bulk insert: the record's own, then `names`."""
    return [*RECORD_COLUMNS, *names]


@dataclass
class CustomerPlan:
    """What later passes need to know about one customer (kept small: 100k of them)."""

    owner: int
    stage: str
    late: bool
    prepaid: bool
    collection_days: int
    first_day: int  # sales window, as day offsets from the start of the two years
    last_day: int
    lines: int
    scale: float
    contact_first: int
    contact_count: int
    credit: tuple | None  # (limit_fen, days, rating, approved_at) of the approved request


def next_id(table: str) -> int:
    """The first id after the table's rows (the demo writes ids itself)."""
    row = database.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0]) + 1


class DemoState:
    """The state one demo run's passes read and extend, in the order they run (the same
    seed gives the same random numbers only in the same order)."""

    DAYS = 730

    # set by the passes: the team, the catalogue, the first ids of the customers' rows
    user_ids: dict[str, int]
    sales_ids: list[int]
    owner_cum: list[float]
    gm_id: int
    product_ids: list[int]
    product_prices: list[int]
    product_cum: list[float]
    first_customer: int
    first_contact: int
    first_sale: int

    def __init__(self, rng: random.Random, n: int, today: date, progress: Progress) -> None:
        self.rng = rng
        self.n = n
        self.today = today
        self.progress = progress
        self.passes_done = 0
        self.start = today - timedelta(days=self.DAYS)
        self.day_iso = [
            (self.start + timedelta(days=i)).isoformat() for i in range(self.DAYS + 400)
        ]
        self.pools = Pools()
        self.plans: list[CustomerPlan] = []
        self.totals: list[int] = []
        self.pay_plan: list[tuple[int, int, int]] = []  # (customer index, day offset, fen)
        self.people: list[tuple] = []  # names and phones the contacts pass needs
        self.uuid_millis = (self.start - date(1970, 1, 1)).days * 86_400_000
        self.n_contacts = self.n_products = self.n_sales = self.n_payments = 0
        self.n_followups = self.n_credit = self.n_complaints = 0

    def say(self, text: Message, *, passed: bool = True) -> None:
        """Report a pass done (or, with passed=False, progress inside one); raises
        crm_desktop.progress.Cancelled when the user asked to stop."""
        if passed:
            self.passes_done += 1
        self.progress.step(min(self.passes_done, PASSES), PASSES, text)

    def uuid(self) -> str:
        self.uuid_millis += 1
        return time_ordered_uuid(self.uuid_millis, self.rng)

    def day(self, offset: int) -> str:
        """The ISO date `offset` days after the start of the two years."""
        if 0 <= offset < len(self.day_iso):
            return self.day_iso[offset]
        return (self.start + timedelta(days=offset)).isoformat()

    def at(self, offset: int, hour: int, minute: int) -> str:
        """The ISO date and time `offset` days after the start, at hour:minute."""
        return f"{self.day(offset)} {hour:02d}:{minute:02d}:00"

    def stamp(self, offset: int) -> str:
        """A time of that day within office hours."""
        rng = self.rng
        return self.at(offset, rng.randint(8, 18), rng.randrange(60))
