"""Opportunities (商机) for the demo: about two per prospective or current customer, open ones
spread over the coming months, won and lost ones over the two years, with product lines
and the stage history that led where each one is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from crm_desktop.demo.randomness import pick
from crm_desktop.demo.state import next_id, record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert, database

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

TITLES = (
    "{item}年度采购",
    "{item}框架协议",
    "新厂区{item}配套",
    "{item}季度补货",
    "{item}替换项目",
    "分公司{item}采购",
    "{item}试用转正式订单",
)
NEXT_STEPS = (
    "下周拜访采购部",
    "发送修改后的报价",
    "安排样品试用",
    "约技术交流会",
    "等待客户内部审批",
    "邀请参观工厂",
    "请客户吃饭，了解决策人想法",
    "",
)
COMPETITORS = ("", "", "", "同城某贸易公司", "厂家直营", "网上商城", "老供应商")
LOST_NOTES = ("对方报价低一成", "预算推迟到明年", "客户决定继续用老供应商", "", "")
SOURCES = ("friends", "individual", "partner", "publication", "lost_customer", None)
OPPORTUNITY_COLUMNS = record_columns(
    "customer_id",
    "title",
    "amount",
    "close_date",
    "stage_id",
    "probability",
    "owner_id",
    "source",
    "competitor",
    "next_step",
    "notes",
    "stage_since",
    "closed_at",
    "lost_reason_id",
    "lost_note",
    "quote_days",
)
LINE_COLUMNS = [
    "opportunity_id",
    "position",
    "product_id",
    "description",
    "unit",
    "quantity",
    "unit_price",
    "discount",
    "amount",
]
CHANGE_COLUMNS = ["opportunity_id", "from_stage_id", "to_stage_id", "at", "user_id"]


def write_opportunities(state: DemoState) -> None:
    """The pipeline of every salesperson: open, won and lost opportunities with lines."""
    stages = database.execute_sql(
        "SELECT id, kind FROM opportunity_stage WHERE deleted_at IS NULL ORDER BY position, id"
    ).fetchall()
    open_ids = [i for i, kind in stages if kind == "open"]
    won = next((i for i, kind in stages if kind == "won"), None)
    lost = next((i for i, kind in stages if kind == "lost"), None)
    reasons = [r for (r,) in database.execute_sql("SELECT id FROM lost_reason ORDER BY position")]
    products = {
        pid: (name, unit)
        for pid, name, unit in database.execute_sql("SELECT id, name, unit FROM product")
    }
    if not open_ids or won is None or lost is None or not products:
        return
    first = next_id("opportunity")
    lines: list[tuple] = []
    changes: list[tuple] = []
    rows = list(_rows(state, first, open_ids, won, lost, reasons, products, lines, changes))
    state.n_opportunities = bulk_insert("opportunity", OPPORTUNITY_COLUMNS, rows)
    bulk_insert("opportunity_line", LINE_COLUMNS, lines)
    bulk_insert("opportunity_stage_change", CHANGE_COLUMNS, changes)
    state.say(msg("opportunities.demo_written", count=state.n_opportunities), passed=False)


def _rows(state, first, open_ids, won, lost, reasons, products, lines, changes) -> Iterator[tuple]:
    rng = state.rng
    prices = dict(zip(state.product_ids, state.product_prices, strict=True))
    D = state.DAYS
    today = state.today
    k = first
    for i, plan in enumerate(state.plans):
        if plan.stage not in ("prospective", "current"):
            continue
        for _ in range(rng.randint(0, 4)):
            outcome = rng.random()
            kind = "open" if outcome < 0.45 else ("won" if outcome < 0.75 else "lost")
            if kind == "open":
                created_day = D - rng.randint(3, 150)
                close = today + timedelta(days=rng.randint(-10, 180))
                reached = rng.randint(0, len(open_ids) - 1)
                path = open_ids[: reached + 1]
                closed_day = None
            else:
                created_day = rng.randint(0, D - 40)
                closed_day = min(D - 1, created_day + rng.randint(12, 120))
                close = state.start + timedelta(days=closed_day)
                reached = rng.randint(0, len(open_ids) - 1)
                path = open_ids[: reached + 1] + [won if kind == "won" else lost]
            created = state.stamp(created_day)
            # lines from the catalogue, the amount their sum
            n_lines = rng.randint(1, 3)
            amount = 0
            item = ""
            for pos in range(n_lines):
                pid = pick(rng, state.product_ids, state.product_cum)
                name, unit = products.get(pid, ("", ""))
                item = item or name.split(" ")[0]
                price = prices[pid]
                qty = rng.choice((2, 3, 5, 10, 10, 20, 30, 50))
                discount = rng.choice((0, 0, 0, 5, 10, 15))
                line_amount = qty * price * (100 - discount) // 100
                amount += line_amount
                lines.append((k, pos, pid, name, unit, qty, price, discount, line_amount))
            # the stage history: from the first stage, a few days apart, to where it is
            step_days = [created_day]
            last = closed_day if closed_day is not None else D - rng.randint(0, 20)
            for _ in path[1:]:
                step_days.append(min(last, step_days[-1] + rng.randint(3, 30)))
            if closed_day is not None:
                step_days[-1] = closed_day
            previous = None
            stamps = []
            for stage_id, day in zip(path, step_days, strict=True):
                stamp = state.stamp(max(day, created_day))
                stamp = max(stamp, created) if not stamps else max(stamp, stamps[-1])
                stamps.append(stamp)
                changes.append((k, previous, stage_id, stamp, plan.owner))
                previous = stage_id
            stage_since = stamps[-1]
            closed_at = stage_since if kind != "open" else None
            # an open one was last touched (next step, amount) within the last month or so
            touched = stage_since
            if kind == "open":
                touched = max(stage_since, state.stamp(D - rng.randint(0, 35)))
            title = rng.choice(TITLES).format(item=item or "办公用品")
            yield (
                k, state.uuid(), created, touched, len(path), None,
                state.first_customer + i, title, amount, close.isoformat(), path[-1],
                None, plan.owner, rng.choice(SOURCES), rng.choice(COMPETITORS),
                rng.choice(NEXT_STEPS) if kind == "open" else "", "", stage_since, closed_at,
                rng.choice(reasons) if kind == "lost" and reasons else None,
                rng.choice(LOST_NOTES) if kind == "lost" else "", rng.choice((None, 15, 30)),
            )  # fmt: skip
            k += 1


__all__ = ["write_opportunities"]
