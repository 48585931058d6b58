"""Credit requests: the approved ones behind every card's limit, and some pending or rejected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from crm_desktop.demo.randomness import wan
from crm_desktop.demo.state import next_id, record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

CREDIT_REASONS = (
    "客户销量稳定，申请提高额度",
    "新客户首次申请信用额度",
    "客户扩大经营，订货量增加",
    "回款良好，建议放宽账期",
    "旺季备货需要",
)
REJECT_COMMENTS = ("回款记录不佳，暂不批准", "额度过高，请先按现有额度执行", "资料不全，补充后再报")
APPROVE_COMMENTS = ("同意", "同意，注意回款", "按核定额度执行", "")


def write_credit_requests(state: DemoState) -> None:
    """Each card's approved limit as an approved request; some pending and rejected ones."""
    cols = record_columns(
        "customer_id",
        "requested_by_id",
        "requested_at",
        "proposed_limit",
        "proposed_days",
        "proposed_terms",
        "proposed_rating",
        "reason",
        "status",
        "decided_by_id",
        "decided_at",
        "approved_limit",
        "comment",
        "previous_limit",
        "previous_days",
        "previous_terms",
        "previous_rating",
    )
    first = next_id("credit_request")
    state.n_credit = bulk_insert("credit_request", cols, _credit_rows(state, first))
    state.say(msg("demo.credit_requests", count=state.n_credit))


def _credit_rows(state: DemoState, rid: int) -> Iterator[tuple]:
    rng = state.rng
    D = state.DAYS
    for i, plan in enumerate(state.plans):
        cid = state.first_customer + i
        requests = []
        if plan.credit:
            limit, days, rating, approved = plan.credit
            asked = limit if rng.random() < 0.6 else limit * rng.choice((12, 15, 20)) // 10
            requests.append(
                (approved - rng.randint(1, 7), asked, days, "other", rating, "approved",
                 approved, limit, None)
            )  # fmt: skip
            r = rng.random()
            if r < 0.04:  # a later request waiting for the general manager
                requests.append(
                    (D - rng.randint(0, 10), limit * 2, days + 30, "other", rating,
                     "pending", None, None, (limit, days, "other", rating))
                )  # fmt: skip
            elif r < 0.10:
                ask_day = rng.randint(min(approved + 30, D - 1), D - 1)
                requests.append(
                    (ask_day, limit * 3, 90, "other", rating, "rejected", min(D - 1, ask_day + 3),
                     None, (limit, days, "other", rating))
                )  # fmt: skip
        elif plan.stage in ("current", "prospective"):
            r = rng.random()
            if r < 0.03:
                requests.append(
                    (D - rng.randint(0, 14),
                     wan(rng, (5, 10, 20, 30, 50)), 30, "other", "B",
                     "pending", None, None, None)
                )  # fmt: skip
            elif r < 0.08 or (plan.late and r < 0.5):
                ask = rng.randint(max(0, plan.first_day), D - 1)
                requests.append(
                    (ask, wan(rng, (10, 20, 50)), 60, "other", "B",
                     "rejected", min(D - 1, ask + rng.randint(1, 5)), None, None)
                )  # fmt: skip
        for (
            ask_day,
            limit,
            days,
            terms,
            rating,
            status,
            decided,
            approved_limit,
            prev,
        ) in requests:
            ask_day = max(0, ask_day)
            requested = state.stamp(ask_day)
            decided_at = state.stamp(decided) if decided is not None else None
            if decided_at is not None and decided_at < requested:
                decided_at = requested
            comment = ""
            if status == "approved":
                comment = rng.choice(APPROVE_COMMENTS)
            elif status == "rejected":
                comment = rng.choice(REJECT_COMMENTS)
            prev = prev or (None, None, "prepaid", None)
            yield (
                rid, state.uuid(), requested, decided_at or requested, 1, None, cid, plan.owner,
                requested, limit, days, terms, rating, rng.choice(CREDIT_REASONS), status,
                state.gm_id if decided_at else None, decided_at, approved_limit, comment,
                prev[0], prev[1], prev[2], prev[3],
            )  # fmt: skip
            rid += 1
