"""潜在客户名册 by source: how many customers each source brought, and how many became
prospective (预期) and current (现实) customers.

The lists of the seed (亲友, 个人, 团体, 有实力人物, 出版物, 流失客户, 竞争对手的客户, 协作单位)
are the card's `source`; a salesperson counts their own customers, a manager everyone's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from crm_desktop.errors import NotFound
from crm_desktop.messages import Text
from crm_desktop.models import Customer, User
from crm_desktop.models.entities import SOURCES, STAGES
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import CHOICES

NO_SOURCE = Text("未填来源", "No source")


@dataclass(frozen=True)
class SourceRow:
    """One source's counts by stage; conversion is the share now prospective or current."""

    source: str | None
    label: Text
    by_stage: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_stage.values())

    @property
    def converted(self) -> int:
        return self.by_stage.get("prospective", 0) + self.by_stage.get("current", 0)

    @property
    def conversion(self) -> float:
        return self.converted / self.total if self.total else 0.0


def _scope(actor: Actor) -> pw.Expression:
    condition = Customer.deleted_at.is_null()
    if not actor.sees_all_customers:
        condition &= Customer.owner == actor.id
    return condition


def source_summary(actor: Actor) -> list[SourceRow]:
    """Every source (in the form's order, then none) with its customers by stage."""
    counts: dict[str | None, dict[str, int]] = {}
    query = (
        Customer.select(Customer.source, Customer.stage, pw.fn.COUNT(Customer.id))
        .where(_scope(actor))
        .group_by(Customer.source, Customer.stage)
        .tuples()
    )
    for source, stage, n in query:
        counts.setdefault(source, {})[stage] = n
    rows = []
    for source in (*SOURCES, None):
        stages = {s: counts.get(source, {}).get(s, 0) for s in STAGES}
        label = Text(*CHOICES["source"][source]) if source else NO_SOURCE
        rows.append(SourceRow(source, label, stages))
    return rows


def source_customers(
    actor: Actor, source: str | None, stage: str | None = None, limit: int = 5000
) -> list[tuple[int, str, str, str]]:
    """The customers of one source (id, code, name, stage), by code."""
    condition = _scope(actor)
    condition &= Customer.source.is_null() if source is None else (Customer.source == source)
    if stage:
        condition &= Customer.stage == stage
    query = (
        Customer.select(Customer.id, Customer.code, Customer.name, Customer.stage)
        .where(condition)
        .order_by(Customer.code)
        .limit(limit)
        .tuples()
    )
    return list(query)


@dataclass(frozen=True)
class ProspectRow:
    """One customer of a list, as the 潜在客户名册 workbook shows it."""

    source: str | None
    code: str
    name: str
    stage: str
    loyalty: str | None
    owner: str
    contact_name: str
    phone: str
    last_contact: date | None
    created: date | None


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def check_source(source: str | None) -> str | None:
    """A source code as typed (the CLI), refused in plain words when there is no such list."""
    if source is not None and source not in SOURCES:
        raise NotFound("lifecycle.no_source", value=source)
    return source


def list_rows(actor: Actor, sources: Sequence[str | None] | None = None) -> Iterator[ProspectRow]:
    """The customers of every list (or of `sources`), the form's source order then none, each
    list by code; one query on a plain cursor (100k rows without per-value conversion)."""
    wanted = list(sources) if sources is not None else [*SOURCES, None]
    condition = _scope(actor)
    named = [s for s in wanted if s is not None]
    either = Customer.source.in_(named) if named else None
    if None in wanted:
        either = Customer.source.is_null() if either is None else either | Customer.source.is_null()
    if either is not None:
        condition &= either
    rank = pw.Case(Customer.source, [(s, i) for i, s in enumerate(SOURCES)], len(SOURCES))
    query = (
        Customer.select(
            Customer.source,
            Customer.code,
            Customer.name,
            Customer.stage,
            Customer.loyalty,
            pw.fn.COALESCE(pw.fn.NULLIF(User.display_name, ""), User.username, ""),
            Customer.contact_name,
            Customer.phone,
            Customer.last_contact_at,
            Customer.created_at,
        )
        .join(User, pw.JOIN.LEFT_OUTER, on=(Customer.owner == User.id))
        .where(condition)
        .order_by(rank, Customer.code)
    )
    for row in Customer._meta.database.execute_sql(*query.sql()):
        yield ProspectRow(*row[:8], _day(row[8]), _day(row[9]))
