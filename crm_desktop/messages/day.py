"""Texts of the salesperson's day: 记录联系, the timeline (动态), the pool (公海), the
lifecycle suggestions, and the lines of `crm-desktop log`, `pool` and `handover`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # 记录联系
    "day.logged": (
        "已记录与 {code} {name} 的联系（{kind}，{at}）。",
        "Logged the contact with {code} {name} ({kind}, {at}).",
    ),
    "day.logged_completed": (
        "已记录与 {code} {name} 的联系（{kind}，{at}），并完成了到期的计划跟进。",
        "Logged the contact with {code} {name} ({kind}, {at}) and completed the follow-up due.",
    ),
    "day.next_planned": (
        "下次跟进：{at}（{kind}）。",
        "Next follow-up: {at} ({kind}).",
    ),
    # 动态 (timeline)
    "day.tl_planned": ("计划{kind}（{due}）：{subject}", "Planned {kind} for {due}: {subject}"),
    "day.tl_done": ("{kind}：{outcome}", "{kind}: {outcome}"),
    "day.tl_cancelled": (
        "取消{kind}（原定 {due}）：{reason}",
        "Cancelled {kind} (was due {due}): {reason}",
    ),
    "day.tl_credit_requested": (
        "申请信用额度 {limit}：{reason}",
        "Credit limit {limit} requested: {reason}",
    ),
    "day.tl_credit_decided": (
        "信用申请{status}，额度 {limit}：{comment}",
        "Credit request {status}, limit {limit}: {comment}",
    ),
    "day.tl_sale": ("销售 {order} {product}：{amount}", "Sale {order} {product}: {amount}"),
    "day.tl_payment": ("收款 {amount}（{method}）", "Payment {amount} ({method})"),
    "day.tl_complaint": ("收到投诉：{subject}", "Complaint received: {subject}"),
    "day.tl_complaint_resolved": (
        "投诉已处理：{subject}，{resolution}",
        "Complaint resolved: {subject}, {resolution}",
    ),
    "day.tl_change": ("{field}：{old} → {new}", "{field}: {old} → {new}"),
    "day.tl_event": ("{event}", "{event}"),
    "day.tl_audit": ("{action}：{detail}", "{action}: {detail}"),
}
