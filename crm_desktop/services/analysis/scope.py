"""Whose figures: the whole team or a salesperson's own customers, as SQL and as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm_desktop.services import receivables
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.sql import T_CUSTOMER, T_SALE, _pd, _q, _run, _user_names
from crm_desktop.services.auth import Actor
from crm_desktop.services.receivables import SaleColumns


@dataclass(frozen=True)
class _Scope:
    """Which customers the actor's figures cover, as SQL over a customer-id column."""

    owner_id: int | None  # None: the whole team

    def customers(self, column: str) -> tuple[str, list]:
        return receivables.customer_filter(self.owner_id, column)

    def live_sales(self, alias: str = "") -> str:
        # The row id is in every index entry, so this keeps the covering indexes covering.
        prefix = f"{alias}." if alias else ""
        return f"{prefix}id NOT IN (SELECT id FROM {_q(T_SALE)} WHERE deleted_at IS NOT NULL)"


def scope_for(actor: Actor) -> _Scope:
    """The whole team with the `report` permission; a salesperson's own customers otherwise."""
    if actor.can("report"):
        return _Scope(None)
    return _Scope(actor.id)


def _sales_where(scope: _Scope, period: Period, alias: str = "") -> tuple[str, list]:
    prefix = f"{alias}." if alias else ""
    cust_sql, cust_params = scope.customers(f"{prefix}customer_id")
    sql = f"{prefix}date >= ? AND {prefix}date <= ? AND {scope.live_sales(alias)} AND {cust_sql}"
    return sql, [_pd(period.start), _pd(period.end), *cust_params]


def sale_columns(actor: Actor, until: date) -> SaleColumns:
    """Every live sale line of the actor's customers up to `until`, as columns."""
    return receivables.sale_columns(scope_for(actor).owner_id, until)


def customer_table(actor: Actor) -> list[tuple]:
    """Every customer in scope, once, for the figures that list customers: (id, code, name,
    owner name, stored class, credit limit fen, collection days, contact interval days,
    created at)."""
    scope = scope_for(actor)
    params: list = []
    where = "c.deleted_at IS NULL"
    if scope.owner_id is not None:
        where += " AND c.owner_id = ?"
        params.append(scope.owner_id)
    names = _user_names()  # a handful of users: named from a dict, not joined per row
    rows = _run(
        f"SELECT c.id, c.code, c.name, c.owner_id, c.abc_class, c.credit_limit, "
        f"c.collection_days, c.contact_interval_days, c.created_at "
        f"FROM {_q(T_CUSTOMER)} c WHERE {where}",
        params,
    )
    return [
        (cid, code, name, names.get(owner, "") or "", *rest)
        for cid, code, name, owner, *rest in rows
    ]
