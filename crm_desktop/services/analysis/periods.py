"""Report periods: a span of whole days, the one before it, the default year."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from crm_desktop.dates import add_months
from crm_desktop.errors import UserError

# --- periods -----------------------------------------------------------------------

# a report's days, with room for the period before it and the year after: a mistyped
# year (0001, 9999) is told plainly instead of overflowing the calendar
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserError(
                "analysis.period_reversed", start=self.start.isoformat(), end=self.end.isoformat()
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """Number of calendar months when the period is exactly whole months, else 0."""
        if self.start.day != 1 or self.end != _month_end(self.end):
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period just before: the same number of whole months, else of days."""
        months = self.whole_months
        if months:
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[str]:
        """'YYYY-MM' of every month the period touches, in order."""
        out = []
        day = date(self.start.year, self.start.month, 1)
        while day <= self.end:
            out.append(f"{day.year:04d}-{day.month:02d}")
            day = add_months(day, 1)
        return out

    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def default_period(today: date | None = None) -> Period:
    """The last 12 calendar months, this month included (whole months, so the previous
    period is the 12 months before)."""
    today = today or date.today()
    start = add_months(date(today.year, today.month, 1), -11)
    return Period(start, _month_end(today))


def make_period(start: date | None, end: date | None, today: date | None = None) -> Period:
    """A period from optional ends: both missing = `default_period`; one missing = a year."""
    if start is None and end is None:
        return default_period(today)
    for day in (start, end):  # before the year around it is computed
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise UserError(
                "analysis.period_out_of_range",
                day=day.isoformat(),
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
    if start is None:
        assert end is not None
        start = add_months(end, -12) + timedelta(days=1)
    if end is None:
        end = add_months(start, 12) - timedelta(days=1)
    return Period(start, end)
