"""The receivable balance of customers: live sales minus live payments, every line.

One rule for every place that shows a balance: the card's credit and sales tabs
(`receivables.exposure`), the aging list (`receivables.all_balances_minor`) and the
customer list's 余额 column. Kept apart from `receivables` (which works in numpy) so
the list can show a page's balances without loading it.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee as pw

from crm_desktop.models import Payment, Sale, database, is_sqlite
from crm_desktop.services.search import ids_condition


def _deleted(model) -> pw.Expression:
    """Soft-deleted lines. On SQLite `deleted_at > ''` seeks the deleted_at index straight
    to the few non-null entries; `IS NOT NULL` walks past every NULL (0.4 s at 1M rows)."""
    if is_sqlite():
        return model.deleted_at > ""
    return model.deleted_at.is_null(False)


def _sums(model, ids: Sequence[int] | None) -> dict[int, int]:
    """Amounts per customer of every line, live or not, through the covering
    (customer, amount) index."""
    query = model.select(model.customer, pw.fn.SUM(model.amount))
    if ids is not None:
        query = query.where(ids_condition(model.customer, list(ids)))
    return {cid: int(total or 0) for cid, total in database.execute(query.group_by(model.customer))}


def _deleted_sums(model, ids: Sequence[int] | None) -> dict[int, int]:
    """Amounts per customer of the soft-deleted lines, found through the deleted_at index
    (added up here: a GROUP BY would have SQLite read the whole table in customer order)."""
    query = model.select(model.customer, model.amount).where(_deleted(model))
    if ids is not None:
        query = query.where(ids_condition(model.customer, list(ids)))
    out: dict[int, int] = {}
    for cid, amount in database.execute(query):
        out[cid] = out.get(cid, 0) + int(amount)
    return out


def balances_minor(ids: Sequence[int] | None = None) -> dict[int, int]:
    """Balance in fen of the given customers (None: every customer with sales or
    payments); customers with neither are left out (their balance is 0).

    Every line is summed through the covering indexes, then the few soft-deleted lines
    are taken back out: a `deleted_at IS NULL` filter would read every row (or, on a
    page of customers, walk the deleted_at index: 650 ms instead of 0.3 ms).
    """
    if ids is not None and not ids:
        return {}
    balances = _sums(Sale, ids)
    for cid, total in _sums(Payment, ids).items():
        balances[cid] = balances.get(cid, 0) - total
    for cid, amount in _deleted_sums(Sale, ids).items():
        balances[cid] = balances.get(cid, 0) - amount
    for cid, amount in _deleted_sums(Payment, ids).items():
        balances[cid] = balances.get(cid, 0) + amount
    return balances


def balance_minor(customer_id: int) -> int:
    """One customer's balance in fen."""
    return balances_minor([customer_id]).get(customer_id, 0)
