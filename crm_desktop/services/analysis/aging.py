"""Receivables aging as of a report's day: the sales report's aging sheet.

The row type, the bucket names and the FIFO rule are the receivables service's
(`services.receivables`: AgingRow, AGING_BUCKETS, fifo_buckets), shared with the Credit
page's aging list; this module only picks the report's customers, day and lines.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

import numpy as np

from crm_desktop.services import receivables
from crm_desktop.services.analysis.scope import customer_table, sale_columns, scope_for
from crm_desktop.services.auth import Actor
from crm_desktop.services.receivables import AGING_BUCKETS, AGING_LABELS, AgingRow, SaleColumns

__all__ = ["AGING_BUCKETS", "AGING_LABELS", "AgingRow", "receivables_aging"]


def receivables_aging(
    actor: Actor,
    as_of: date | None = None,
    customers: list[tuple] | None = None,
    columns: SaleColumns | None = None,
) -> list[AgingRow]:
    """Customers with a balance on `as_of` (lines dated up to it): FIFO aging, limit and
    exposure; largest balance first.

    Computed over columns of the sales (services.columnar): the FIFO walk from the newest
    sale back is a cumulative sum per customer, not a Python loop per sale.
    """
    as_of = as_of or date.today()
    columns = sale_columns(actor, as_of) if columns is None else columns.until(as_of)
    balance = receivables.balances(scope_for(actor).owner_id, columns, as_of)
    if not balance.any():
        return []
    rows = customers if customers is not None else customer_table(actor)
    by_id = dict(zip(map(itemgetter(0), rows), rows, strict=True))
    owing = [cid for cid in np.flatnonzero(balance).tolist() if cid in by_id]
    period_days = np.zeros(len(balance), dtype=np.int64)
    for cid in owing:
        period_days[cid] = by_id[cid][6] or 0
    buckets = receivables.fifo_buckets(columns, balance, period_days, as_of)
    out = []
    for cid in owing:
        _, code, name, owner, _, limit, days = by_id[cid][:7]
        fen = int(balance[cid])
        out.append(
            AgingRow(
                cid,
                code,
                name,
                owner or "",
                int(days) if days is not None else None,
                int(limit) if limit is not None else None,
                fen,
                tuple(buckets[cid].tolist()) if fen > 0 else (0, 0, 0, 0, 0),
            )
        )
    out.sort(key=lambda r: (-r.balance_fen, r.code))
    return out
