"""Texts of the follow-ups (跟进) and of the Today figures: refusals, field problems, the
cadence rows' subjects and the lines of `crm-desktop followups` and `crm-desktop today`."""

MESSAGES: dict[str, tuple[str, str]] = {
    # records and permissions
    "followups.no_customer_id": (
        "客户 {id} 不存在或已删除。",
        "Customer {id} does not exist or was deleted.",
    ),
    "followups.not_your_customer": (
        "无权操作：客户 {code} 由其他业务员负责。",
        "Not allowed: customer {code} belongs to another salesperson.",
    ),
    "followups.no_followup": ("跟进 {id} 不存在。", "Follow-up {id} does not exist."),
    "followups.plan_for_other": (
        "无权操作：{user}（{role}）不能为其他用户安排跟进。",
        "Not allowed: {user} ({role}) may not plan follow-ups for another user.",
    ),
    "followups.reassign_denied": (
        "无权操作：{user}（{role}）不能转交跟进。",
        "Not allowed: {user} ({role}) may not reassign follow-ups.",
    ),
    "followups.changed_meanwhile": (
        "跟进 {id} 在您打开后已被他人修改，请重新打开。",
        "Follow-up {id} was changed by someone else since you opened it; reopen it.",
    ),
    "followups.not_planned": (
        "跟进 {id} 的状态是“{status}”，只有计划中的跟进才能{action}。",
        "Follow-up {id} is {status}; only a planned one can be {action}.",
    ),
    "followups.bad_due": (
        "“{value}”不是可选的范围：{allowed}。",
        "'{value}' is not one of: {allowed}.",
    ),
    # a field's problem (shown after the field's label)
    "followups.no_customer": ("没有客户“{text}”", "there is no customer '{text}'"),
    "followups.no_user": ("没有名为“{name}”的用户", "there is no user named '{name}'"),
    "followups.user_inactive": ("该用户已停用", "that user is not active"),
    "followups.no_contact": ("没有联系人“{name}”", "there is no contact '{name}'"),
    "followups.contact_of_other": (
        "{contact} 是其他客户的联系人，不属于 {customer}",
        "{contact} is a contact of another customer, not {customer}",
    ),
    "followups.not_one_of": (
        "“{value}”不在可选范围内：{allowed}",
        "'{value}' is not one of {allowed}",
    ),
    "followups.not_a_field": ("不是跟进的字段", "not a field of a follow-up"),
    "followups.no_such_time": ("“{value}”不是有效的时刻", "'{value}' has no such time of day"),
    "followups.not_a_datetime": ("“{value}”不是日期和时间", "'{value}' is not a date and time"),
    "followups.too_long": (
        "长度为 {length} 个字符，最多 {limit} 个",
        "is {length} characters long; at most {limit} fit",
    ),
    "followups.ends_before_start": (
        "{end} 早于开始时间 {start}",
        "{end} is before the start {start}",
    ),
    "followups.in_the_past": ("{at} 已经过去", "{at} is in the past"),
    "followups.in_the_future": ("{at} 是将来的时间", "{at} is in the future"),
    "followups.bad_recurrence": (
        "“{value}”不是有效的重复规则，请用 days:N、weeks:N、months:N 或 weekday:D",
        "'{value}' is not a repeat rule; use days:N, weeks:N, months:N or weekday:D",
    ),
    "followups.bad_weekday": (
        "星期 {number} 无效，应为 0（星期一）到 6",
        "weekday {number} is not 0 (Monday) to 6",
    ),
    "followups.bad_interval": (
        "间隔至少为 1，不能是 {number}",
        "the interval must be 1 or more, not {number}",
    ),
    # subjects the service writes
    "followups.cadence_never": ("从未联系（每 {days} 天）", "Never contacted (every {days} days)"),
    "followups.cadence_since": (
        "{since} 天未联系（每 {days} 天）",
        "No contact for {since} days (every {days} days)",
    ),
    "followups.winback_subject": (
        "挽回流失客户：了解流失原因",
        "Win-back call: learn why they left",
    ),
    # crm-desktop followups
    "followups.listed": ("共 {count} 条跟进", "{count} follow-up(s)"),
    "followups.listed_with_cadence": (
        "共 {count} 条跟进（其中 {cadence} 位客户逾期未联系）",
        "{count} follow-up(s) ({cadence} out of cadence)",
    ),
    # the Today figures (the page, crm-desktop today)
    "followups.today_unreadable": (
        "无法读取今天的数据：{detail}",
        "The Today figures could not be read: {detail}",
    ),
    "followups.today_heading": ("今天：{date}（{user}）", "Today: {date} ({user})"),
    "followups.today_due": ("今天到期的跟进：{count}", "Follow-ups due today: {count}"),
    "followups.today_overdue": (
        "逾期（含逾期未联系的客户）：{count}",
        "Overdue (customers overdue for contact included): {count}",
    ),
    "followups.today_credit": ("待审批的信用申请：{count}", "Credit requests waiting: {count}"),
    "followups.today_birthdays": ("7 天内的生日：{count}", "Birthdays in the next 7 days: {count}"),
    "followups.today_customers": (
        "客户：{count}（现实客户 {current}，A级 {class_a}）",
        "Customers: {count} ({current} current, {class_a} class A)",
    ),
    "followups.today_by_stage": ("按阶段：{stages}", "By stage: {stages}"),
    "followups.today_by_class": ("按 ABC 分类：{classes}", "By ABC class: {classes}"),
    "followups.today_sales": (
        "本月销售额：{amount}；上月同期：{last}；上月全月：{last_full}",
        "Sales this month: {amount}; same days last month: {last}; last month in full: {last_full}",
    ),
    "followups.today_change": (
        "较上月同期：{change}",
        "Against the same days of last month: {change}",
    ),
    "followups.today_no_change": ("上月同期没有销售。", "No sales in the same days of last month."),
    "followups.count_of": ("{label} {count}", "{label} {count}"),
}
