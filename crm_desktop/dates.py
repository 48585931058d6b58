"""Calendar arithmetic shared by the services and the reports: Qt-free, no database."""

from __future__ import annotations

import calendar
from datetime import date
from typing import TypeVar

D = TypeVar("D", bound=date)


def add_months(day: D, months: int) -> D:
    """The same day `months` later (or earlier), or the month's last day when it is shorter.

    Works for a date and a datetime alike (the time of day is kept): 31 January plus
    one month is 28 or 29 February, never 3 March.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
