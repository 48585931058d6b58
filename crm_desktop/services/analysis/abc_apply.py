"""Writing the computed ABC classes to the customer cards, after a preview."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crm_desktop.errors import PermissionDenied
from crm_desktop.models import bulk_insert, transaction, utcnow
from crm_desktop.services.analysis.abc import CustomerFigure, customer_figures
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.sql import T_CHANGELOG, T_CUSTOMER, _pdt, _q, _run_write
from crm_desktop.services.auth import Actor

# --- applying ABC classes --------------------------------------------------------------------


@dataclass(frozen=True)
class AbcChangePreview:
    """What applying the computed classes would change."""

    period: Period
    changes: dict[tuple[str | None, str], int]  # (stored class, new class) -> customers
    total_customers: int

    @property
    def changed(self) -> int:
        return sum(self.changes.values())


def _require_abc_writer(actor: Actor) -> None:
    """Only the general manager and sales managers classify the whole customer base."""
    if actor.role not in ("gm", "sales_manager") or not actor.can("report"):
        raise PermissionDenied("analysis.abc_not_allowed", user=actor.name)


def preview_abc_classes(
    actor: Actor, period: Period, figures: list[CustomerFigure] | None = None
) -> AbcChangePreview:
    """How many customers would change class (for the confirmation the UI asks)."""
    _require_abc_writer(actor)
    figures = figures if figures is not None else customer_figures(actor, period)
    changes: dict[tuple[str | None, str], int] = defaultdict(int)
    for f in figures:
        if f.stored_class != f.abc_class:
            changes[(f.stored_class, f.abc_class)] += 1
    return AbcChangePreview(period, dict(changes), len(figures))


@dataclass(frozen=True)
class AbcApplied:
    period: Period
    changed: int
    by_class: dict[str, int]  # new class -> customers changed to it


def apply_abc_classes(actor: Actor, period: Period) -> AbcApplied:
    """Write the computed classes to the customers, with one ChangeLog row each, in one
    transaction (bulk UPDATE per class and one bulk ChangeLog insert)."""
    _require_abc_writer(actor)
    from crm_desktop.services.customers import audit

    with transaction():
        figures = customer_figures(actor, period)
        changed = [
            (f.customer_id, f.stored_class, f.abc_class)
            for f in figures
            if f.stored_class != f.abc_class
        ]
        now = utcnow()
        now_db = _pdt(now)
        per_class: dict[str, list[int]] = defaultdict(list)
        for cid, _old, new in changed:
            per_class[new].append(cid)
        table = _q(T_CUSTOMER)
        for cls, ids in per_class.items():
            for i in range(0, len(ids), 5000):
                chunk = ids[i : i + 5000]
                marks = ", ".join("?" for _ in chunk)
                _run_write(
                    f"UPDATE {table} SET abc_class = ?, updated_at = ?, version = version + 1 "
                    f"WHERE id IN ({marks})",
                    [cls, now_db, *chunk],
                )
        bulk_insert(
            T_CHANGELOG,
            ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at"),
            (
                ("customer", cid, "abc_class", old, new, actor.id, now_db)
                for cid, old, new in changed
            ),
        )
        audit(
            actor,
            "abc.apply",
            entity="customer",
            count=len(changed),
            detail=period.label(),
        )
    return AbcApplied(period, len(changed), {k: len(v) for k, v in per_class.items()})
