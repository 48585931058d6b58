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
    # 公海 (pool)
    "day.pool_bad_days": ("“{value}”不是有效的天数。", "“{value}” is not a valid number of days."),
    "day.pool_bad_class": ("没有“{value}”这个客户类别。", "There is no customer class “{value}”."),
    "day.pool_bad_followup_rule": (
        "“{value}”不是有效的处理方式，可选：取消、转交。",
        "“{value}” is not a valid rule; choose cancel or reassign.",
    ),
    "day.pool_action_rules": ("设置公海规则", "set the pool rules"),
    "day.pool_no_customer": (
        "客户 {code} 不存在或已删除。",
        "Customer {code} does not exist or was deleted.",
    ),
    "day.pool_not_in_pool": (
        "客户 {code} 已有负责人，不在公海中。",
        "Customer {code} has an owner; it is not in the pool.",
    ),
    "day.pool_already_in_pool": (
        "客户 {code} 已在公海中。",
        "Customer {code} is already in the pool.",
    ),
    "day.pool_taken": (
        "客户 {code} 刚被其他人领取。",
        "Customer {code} was just claimed by someone else.",
    ),
    "day.pool_daily_limit": (
        "今天领取的{cls}客户已达上限 {limit} 个。",
        "You have claimed the most {cls} customers allowed today ({limit}).",
    ),
    "day.pool_cap": (
        "您持有的{cls}客户已达上限 {limit} 个。",
        "You already hold the most {cls} customers allowed ({limit}).",
    ),
    "day.pool_not_yours": (
        "无权操作：客户 {code} 由其他业务员负责。",
        "Not allowed: customer {code} belongs to another salesperson.",
    ),
    "day.pool_no_user": ("没有在职用户“{name}”。", "There is no active user “{name}”."),
    "day.pool_returned_reason": ("客户已退回公海", "The customer went back to the pool"),
    "day.pool_returns_in": (
        "{days} 天后退回公海",
        "Returns to the pool in {days} days",
    ),
    "day.pool_claimed": ("已领取 {code} {name}。", "Claimed {code} {name}."),
    "day.pool_released": (
        "已将 {count} 个客户退回公海。",
        "{count} customers went back to the pool.",
    ),
    "day.pool_listed": ("公海中有 {count} 个客户。", "{count} customers in the pool."),
    "day.pool_ran": (
        "公海规则：退回 {returned} 个客户，{warned} 个即将退回。",
        "Pool rules: {returned} customers returned, {warned} about to return.",
    ),
    "day.handover_done": (
        "已移交 {count} 个客户和 {followups} 个未完成的跟进。",
        "Handed over {count} customers and {followups} open follow-ups.",
    ),
    # lifecycle suggestions
    "day.lc_prospective": (
        "已联系 {contacts} 次，符合筛选条件：建议转为{to}。",
        "Contacted {contacts} times and meets the screening criteria: make it {to}.",
    ),
    "day.lc_first_order": (
        "已有首笔订单：建议转为{to}（{loyalty}）。",
        "First order placed: make it {to} ({loyalty}).",
    ),
    "day.lc_repeat": (
        "已下 {orders} 次订单：建议标为{loyalty}。",
        "{orders} orders placed: mark it {loyalty}.",
    ),
    "day.lc_loyal": (
        "近 {months} 个月下单 {orders} 次：建议标为{loyalty}。",
        "{orders} orders in the last {months} months: mark it {loyalty}.",
    ),
    "day.lc_lost": (
        "自 {last} 起已超过 {months} 个月没有订单：建议转为{to}，并安排挽回电话。",
        "No order since {last}, over {months} months: make it {to} and plan a win-back call.",
    ),
    "day.lc_gone": (
        "客户 {code} 的这条建议已不再适用。",
        "This suggestion for customer {code} no longer applies.",
    ),
    "day.pool_list_warning": (
        "{count} 个客户即将退回公海（最快 {days} 天后）",
        "{count} customers return to the pool soon (the first in {days} days)",
    ),
}
