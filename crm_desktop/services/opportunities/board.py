"""The pipeline board (销售漏斗): one column per stage with its count, total and weighted total.

Open stages hold the open opportunities that pass the filter; the won and lost columns
hold those closed in the last `CLOSED_DAYS` days (or expected in the filter's month), so
the board stays a working view and not an archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from crm_desktop.models import Opportunity, OpportunityStage
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.records import (
    OpportunityRow,
    PipelineFilter,
    _filtered,
    _rows,
)
from crm_desktop.services.opportunities.stages import StageInfo, list_stages

CLOSED_DAYS = 30


@dataclass
class BoardColumn:
    """One stage's column: its cards and their sums (kept up to date by `take`/`put`)."""

    stage: StageInfo
    rows: list[OpportunityRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal("0.00"))

    @property
    def weighted(self) -> Decimal:
        return sum((r.weighted for r in self.rows), Decimal("0.00"))


@dataclass
class Board:
    columns: list[BoardColumn]

    def column_of(self, stage_id: int) -> BoardColumn | None:
        return next((c for c in self.columns if c.stage.id == stage_id), None)


def board(actor: Actor, f: PipelineFilter | None = None, today: date | None = None) -> Board:
    """Every stage in order with the opportunities the actor sees in it."""
    f = f or PipelineFilter()
    stages = list_stages()
    columns = {s.id: BoardColumn(s) for s in stages}
    query = _filtered(actor, replace(f, open_only=True)).order_by(
        Opportunity.close_date, Opportunity.id
    )
    for row in _rows(query):
        columns[row.stage_id].rows.append(row)
    closed = _filtered(actor, replace(f, open_only=False)).where(OpportunityStage.kind != "open")
    if f.close_month is None:
        since = (today or date.today()) - timedelta(days=CLOSED_DAYS)
        closed = closed.where(Opportunity.closed_at >= since)
    for row in _rows(closed.order_by(Opportunity.close_date.desc(), Opportunity.id.desc())):
        if row.stage_id in columns:
            columns[row.stage_id].rows.append(row)
    return Board([columns[s.id] for s in stages])


__all__ = ["CLOSED_DAYS", "Board", "BoardColumn", "board"]
