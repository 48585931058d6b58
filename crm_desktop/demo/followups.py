"""Contacts with the customers: follow-ups (done, overdue, due today, planned) and complaints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from crm_desktop.demo.randomness import cumulative, pick
from crm_desktop.demo.state import next_id
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
COMPLAINTS = (
    ("产品质量问题", "部分产品有瑕疵，客户要求退换"),
    ("送货延误", "约定日期未能送到，影响客户销售"),
    ("发票开错", "发票抬头有误，需要重开"),
    ("业务员态度", "客户反映业务员回复不及时"),
    ("包装破损", "运输途中包装破损"),
)


def write_followups(state: DemoState) -> None:
    """Follow-ups: mostly done, some overdue, some due today or later; key customers more often."""
    cols = [
        "id",
        "uuid",
        "created_at",
        "updated_at",
        "version",
        "deleted_at",
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
    ]
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
            due = f"{state.day(d)} {hour:02d}:{minute:02d}:00"
            ends = (
                f"{state.day(d)} {min(hour + rng.randint(1, 2), 21):02d}:{minute:02d}:00"
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
    """A complaint for about one buyer in 25, most of them resolved."""
    cols = [
        "id",
        "uuid",
        "created_at",
        "updated_at",
        "version",
        "deleted_at",
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
    ]
    first = next_id("complaint")
    rng = state.rng
    D = state.DAYS

    def rows() -> Iterator[tuple]:
        k = first
        for i, plan in enumerate(state.plans):
            if plan.stage not in ("current", "lost") or rng.random() >= 0.04:
                continue
            d = rng.randint(max(0, plan.first_day), D - 1)
            received = state.stamp(d)
            subject, description = rng.choice(COMPLAINTS)
            resolved = d < D - 20 or rng.random() < 0.5
            yield (
                k, state.uuid(), received, received, 1, None, state.first_customer + i,
                plan.contact_first, received, subject, description,
                "high" if rng.random() < 0.2 else "normal",
                "resolved" if resolved else "open", plan.owner,
                state.stamp(min(D - 1, d + rng.randint(1, 15))) if resolved else None,
                "已与客户沟通并妥善处理" if resolved else "",
            )  # fmt: skip
            k += 1

    state.n_complaints = bulk_insert("complaint", cols, rows())
    state.say(msg("demo.complaints", count=state.n_complaints))
