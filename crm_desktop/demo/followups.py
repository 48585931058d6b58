"""Contacts with the customers: follow-ups (done, overdue, due today, planned) and complaints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from crm_desktop.demo.randomness import cumulative, pick
from crm_desktop.demo.state import next_id, record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

FOLLOWUP_KINDS = (
    ("call", 35, ("电话回访", "确认订单", "催收货款", "了解库存")),
    ("visit", 25, ("上门拜访", "拜访老板", "门店巡查", "送样品")),
    ("message", 12, ("微信沟通新品价格", "发送产品资料", "节日问候")),
    ("meeting", 8, ("年度合作洽谈", "商谈返点政策", "项目协调会")),
    ("dinner", 6, ("请客户吃饭", "答谢宴")),
    ("factory_visit", 4, ("邀请参观工厂", "陪同参观生产线")),
    ("complaint", 4, ("处理质量投诉", "处理送货延误投诉")),
    ("other", 6, ("送生日礼物", "协助办理退货", "对账")),
)
OUTCOMES = (
    "客户确认下月订货",
    "客户对价格有异议，需再谈",
    "已收到部分货款",
    "客户答应本周付款",
    "老板不在，下次再约",
    "客户满意，计划增加品种",
    "了解到竞争对手在降价",
    "样品已送达，等待试用反馈",
    "问题已解决，客户认可",
    "约定下周再次拜访",
    "签订了年度合同",
    "客户暂时没有需求",
)
COMPLAINTS = (  # subject, description, category
    ("产品质量问题", "部分产品有瑕疵，客户要求退换", "quality"),
    ("送货延误", "约定日期未能送到，影响客户销售", "delivery"),
    ("发票开错", "发票抬头有误，需要重开", "invoice"),
    ("业务员态度", "客户反映业务员回复不及时", "service"),
    ("包装破损", "运输途中包装破损", "delivery"),
    ("价格异议", "客户认为本月报价高于同行", "price"),
    ("数量短缺", "到货数量与送货单不符", "delivery"),
)
COMPLAINT_HOURS = {"urgent": 24, "high": 72, "normal": 168}  # services.complaints' defaults
RESOLUTIONS = (
    ("已与客户沟通并妥善处理", "", None),
    ("已补发货物", "goods", None),
    ("已重开发票并快递给客户", "", None),
    ("给予货款折让", "credit_note", 500),
    ("赔偿客户损失", "money", 800),
)


def write_followups(state: DemoState) -> None:
    """Follow-ups: mostly done, some overdue, some due today or later; key customers more often."""
    cols = record_columns(
        "customer_id",
        "contact_id",
        "owner_id",
        "kind",
        "subject",
        "due_at",
        "ends_at",
        "status",
        "done_at",
        "outcome",
        "recurrence",
        "series",
        "reminded_on",
    )
    first = next_id("follow_up")
    state.n_followups = bulk_insert("follow_up", cols, _followup_rows(state, first))
    state.say(msg("demo.followups", count=state.n_followups))


def _followup_rows(state: DemoState, fid: int) -> Iterator[tuple]:
    rng = state.rng
    kinds = [k for k, _w, _s in FOLLOWUP_KINDS]
    subjects = {k: s for k, _w, s in FOLLOWUP_KINDS}
    kind_cum = cumulative(w for _k, w, _s in FOLLOWUP_KINDS)
    D = state.DAYS
    for i, plan in enumerate(state.plans):
        cid = state.first_customer + i
        # key customers are followed more closely (紧迫盯人)
        for _ in range(rng.randint(2, 6) + min(8, plan.lines // 10)):
            kind = pick(rng, kinds, kind_cum)
            u = rng.random()
            if u < 0.72:
                lo = 0 if plan.stage in ("current", "lost") else D - 240
                d = rng.randint(lo, D - 1)
                if d >= D - 30 and rng.random() < 0.35:
                    status = "planned"  # overdue
                else:
                    status = "cancelled" if rng.random() < 0.04 else "done"
            elif u < 0.73:
                d, status = D, "planned"  # due today
            else:
                d, status = D + rng.randint(1, 60), "planned"
            hour, minute = rng.randint(9, 17), rng.choice((0, 0, 15, 30, 30, 45))
            due = state.at(d, hour, minute)
            ends = (
                state.at(d, min(hour + rng.randint(1, 2), 21), minute)
                if kind in ("visit", "meeting", "dinner", "factory_visit")
                else None
            )
            done_at = due if status == "done" else None
            created = state.stamp(max(0, min(d, D) - rng.randint(1, 14)))
            contact = plan.contact_first + rng.randrange(plan.contact_count)
            yield (
                fid, state.uuid(), created, done_at or created, 1, None, cid, contact,
                plan.owner, kind, rng.choice(subjects[kind]), due, ends, status, done_at,
                rng.choice(OUTCOMES) if status == "done" else "", "", None, None,
            )  # fmt: skip
            fid += 1


def write_complaints(state: DemoState) -> None:
    """A complaint for about one buyer in 25: most resolved and confirmed with a
    satisfaction score, some closed, the recent ones still open or being handled."""
    cols = record_columns(
        "customer_id",
        "contact_id",
        "received_at",
        "subject",
        "description",
        "severity",
        "status",
        "handled_by_id",
        "resolved_at",
        "resolution",
        "channel",
        "category",
        "product_id",
        "due_at",
        "started_at",
        "confirmed_at",
        "closed_at",
        "close_reason",
        "satisfaction",
        "compensation_kind",
        "compensation_amount",
        "compensation_note",
    )
    first = next_id("complaint")
    rng = state.rng
    D = state.DAYS
    products = state.product_ids
    channels = ("phone", "phone", "phone", "wechat", "wechat", "visit", "email", "letter")

    def at(text: str, hours: float) -> str:
        return f"{datetime.fromisoformat(text) + timedelta(hours=hours):%Y-%m-%d %H:%M:%S}"

    def rows() -> Iterator[tuple]:
        k = first
        for i, plan in enumerate(state.plans):
            if plan.stage not in ("current", "lost") or rng.random() >= 0.04:
                continue
            d = rng.randint(max(0, plan.first_day), D - 1)
            received = state.stamp(d)
            subject, description, category = rng.choice(COMPLAINTS)
            u = rng.random()
            severity = "urgent" if u < 0.08 else "high" if u < 0.28 else "normal"
            allowed = COMPLAINT_HOURS[severity]
            due = at(received, allowed)
            started = at(received, rng.uniform(0.5, 6))
            status, resolved, confirmed, closed, reason, score = "open", None, None, None, "", None
            resolution, kind, amount, note = "", "", None, ""
            if d < D - 20 or rng.random() < 0.5:
                resolved = at(received, allowed * rng.uniform(0.1, 1.4))  # a few late
                resolution, kind, amount = rng.choice(RESOLUTIONS)
                note = "按约定补偿" if kind else ""
                v = rng.random()
                if v < 0.75:
                    status, confirmed = "confirmed", at(resolved, rng.uniform(4, 72))
                    score = rng.choice((5, 5, 4, 4, 4, 3, 3, 2, 1))
                elif v < 0.9:
                    status = "resolved"
                else:
                    status, closed, reason = "closed", resolved, "客户不再追究"
                    resolved = None
                    resolution, kind, amount, note = "", "", None, ""
            elif rng.random() < 0.6:
                status = "processing"
            else:
                started = None
            product = rng.choice(products) if products and rng.random() < 0.6 else None
            yield (
                k, state.uuid(), received, received, 1, None, state.first_customer + i,
                plan.contact_first, received, subject, description, severity, status,
                plan.owner, resolved, resolution, rng.choice(channels), category, product,
                due, started, confirmed, closed, reason, score, kind,
                None if amount is None else amount * 100, note,
            )  # fmt: skip
            k += 1

    state.n_complaints = bulk_insert("complaint", cols, rows())
    state.say(msg("demo.complaints", count=state.n_complaints))
