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
}
