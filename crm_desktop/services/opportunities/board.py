"""The pipeline board (销售漏斗): one column per stage with its count, total and weighted total.

Open stages hold the open opportunities that pass the filter, soonest close first; the won
and lost columns hold those closed in the last `CLOSED_DAYS` days (or expected in the
filter's month), latest first, so the board stays a working view and not an archive.
A column's sums cover all its opportunities, but its cards come a page at a time
(`stage_rows`): a board of 20k open opportunities reads the sums and the first page of
each stage, and the rest as the user scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import peewee as pw

from crm_desktop.models import Customer, Opportunity, OpportunityStage, planner_settings
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.records import (
    OpportunityRow,
    PipelineFilter,
    _filtered,
    _rows,
    month_bounds,
)
from crm_desktop.services.opportunities.stages import StageInfo, list_stages

CLOSED_DAYS = 30
PAGE = 60  # cards of a column read at a time (a screenful is about ten)
CENT = Decimal("0.01")


@dataclass
class BoardColumn:
    """One stage's column: its sums over every card, and the cards read so far."""

    stage: StageInfo
    rows: list[OpportunityRow] = field(default_factory=list)
    count: int = 0
    total: Decimal = Decimal("0.00")
    weighted: Decimal = Decimal("0.00")

    @property
    def complete(self) -> bool:
        return len(self.rows) >= self.count


@dataclass
class Board:
    columns: list[BoardColumn]
    filter: PipelineFilter
    since: date | None  # closed columns: closed on or after this day

    def column_of(self, stage_id: int) -> BoardColumn | None:
        return next((c for c in self.columns if c.stage.id == stage_id), None)


def _base(actor: Actor, f: PipelineFilter, stage: StageInfo, since: date | None) -> pw.ModelSelect:
    query = _filtered(actor, replace(f, open_only=False, stage_id=stage.id))
    if not stage.is_open and since is not None:
        query = query.where(Opportunity.closed_at >= since)
    return query


def _since(f: PipelineFilter, today: date | None) -> date | None:
    return (
        None if f.close_month is not None else (today or date.today()) - timedelta(days=CLOSED_DAYS)
    )


def stage_rows(
    actor: Actor,
    f: PipelineFilter,
    stage: StageInfo,
    offset: int = 0,
    limit: int | None = None,
    since: date | None = None,
) -> list[OpportunityRow]:
    """A page of one column's cards (`PAGE` of them by default), in the column's order."""
    limit = PAGE if limit is None else limit
    query = _base(actor, f, stage, since)
    if stage.is_open:
        query = query.order_by(Opportunity.close_date, Opportunity.id)
    else:
        query = query.order_by(Opportunity.closed_at.desc(), Opportunity.id.desc())
    return _rows(query.limit(limit).offset(offset))


def board(
    actor: Actor,
    f: PipelineFilter | None = None,
    today: date | None = None,
    page: int | None = None,
) -> Board:
    """Every stage in order with its sums and the first `page` cards the actor sees in it."""
    f = f or PipelineFilter()
    page = PAGE if page is None else page
    since = _since(f, today)
    stages = list_stages()
    columns = {s.id: BoardColumn(s) for s in stages}
    for stage_id, count, amount, weighted in _sums(actor, f, since):
        column = columns.get(stage_id)
        if column is not None:
            column.count = int(count)
            column.total = (Decimal(int(amount or 0)) / 100).quantize(CENT)
            column.weighted = (Decimal(int(weighted or 0)) / 10000).quantize(CENT)
    for column in columns.values():
        if column.count:
            column.rows = stage_rows(actor, f, column.stage, 0, page, since)
    return Board([columns[s.id] for s in stages], f, since)


def _sums(actor: Actor, f: PipelineFilter, since: date | None) -> list[tuple]:
    """(stage id, count, amount in fen, amount × probability) of each stage's cards.

    Read from the covering (deleted_at, stage, owner, customer, amount, probability,
    closed_at) index; the customer is joined only when the filter is about it, else the
    few deleted customers are left out by a list of their ids."""
    prob = pw.fn.COALESCE(Opportunity.probability, OpportunityStage.probability)
    query = Opportunity.select(
        Opportunity.stage,
        pw.fn.COUNT(pw.SQL("*")),  # not the id, which PostgreSQL's index entries lack
        pw.fn.SUM(Opportunity.amount).coerce(False),
        pw.fn.SUM(Opportunity.amount * prob).coerce(False),
    ).join_from(Opportunity, OpportunityStage, on=(Opportunity.stage == OpportunityStage.id))
    if f.customer_class or f.text.strip():
        query = _filtered(
            actor,
            replace(f, open_only=False),
            query.join_from(Opportunity, Customer, on=(Opportunity.customer == Customer.id)),
        )
    else:
        gone = Customer.select(Customer.id).where(Customer.deleted_at > datetime(1900, 1, 1))
        query = query.where(Opportunity.deleted_at.is_null(), Opportunity.customer.not_in(gone))
        if not actor.sees_all_customers:
            query = query.where(Opportunity.owner == actor.id)
        if f.owner_id is not None:
            query = query.where(Opportunity.owner == f.owner_id)
        if f.customer_id is not None:
            query = query.where(Opportunity.customer == f.customer_id)
        if f.close_month is not None:
            first, last = month_bounds(f.close_month)
            query = query.where(Opportunity.close_date.between(first, last))
    condition = OpportunityStage.kind == "open"
    if since is not None:
        condition |= Opportunity.closed_at >= since
    else:
        condition = pw.SQL("1 = 1")
    # PostgreSQL's planner reckons half the rows deleted and reads the table (57-65 ms
    # for 145k opportunities) where the covering index answers by stage (33 ms)
    with planner_settings("enable_seqscan = off"):
        return list(query.where(condition).group_by(Opportunity.stage).tuples())


__all__ = ["CLOSED_DAYS", "PAGE", "Board", "BoardColumn", "board", "stage_rows"]
