"""Texts of the lifecycle rules (客户分类规则), their dialog, `crm-desktop lifecycle` and the
潜在客户名册 workbook."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the rules, as the manager reads them
    "lifecycle.rule_min_contacts": (
        "潜在转预期：至少联系次数",
        "Prospective after contacts logged",
    ),
    "lifecycle.rule_need_contact_person": (
        "潜在转预期：须有联络人",
        "Prospective only with a contact person",
    ),
    "lifecycle.rule_loyal_orders": ("忠诚客户：订单次数", "Loyal customer: orders"),
    "lifecycle.rule_loyal_months": ("忠诚客户：统计月数", "Loyal customer: within months"),
    "lifecycle.rule_lost_months": (
        "流失客户：无订单月数",
        "Lost customer: months without an order",
    ),
    "lifecycle.rule_winback": ("流失客户安排挽回电话", "Plan a win-back call for a lost customer"),
    "lifecycle.rule_winback_days": ("挽回电话在几天后", "Win-back call after days"),
    # validation
    "lifecycle.bad_number": (
        "“{value}”不是 {low} 到 {high} 之间的整数。",
        "“{value}” is not a whole number from {low} to {high}.",
    ),
    "lifecycle.bad_yes_no": (
        "“{value}”不是“是”或“否”。",
        "“{value}” is not yes or no.",
    ),
    "lifecycle.unknown_rule": (
        "没有“{key}”这项规则。可设置的规则：{known}。",
        "There is no rule “{key}”. The rules are: {known}.",
    ),
    "lifecycle.bad_pair": (
        "“{value}”应写成 规则=值，例如 lost_months=9。",
        "“{value}” should read RULE=VALUE, e.g. lost_months=9.",
    ),
    "lifecycle.action_rules": ("设置客户分类规则", "set the lifecycle rules"),
    # a lost suggestion when no win-back call is planned
    "lifecycle.lc_lost_no_winback": (
        "自 {last} 起已超过 {months} 个月没有订单：建议转为{to}。",
        "No order since {last}, over {months} months: make it {to}.",
    ),
    # the dialog
    "lifecycle.dlg_title": ("客户分类规则", "Lifecycle rules"),
    "lifecycle.dlg_open": ("客户分类规则…", "Lifecycle rules…"),
    "lifecycle.dlg_intro": (
        "系统按这些规则提出客户分类建议，在“今日”中逐条接受或忽略。",
        "The suggestions on Today follow these rules; each one is accepted or dismissed there.",
    ),
    "lifecycle.dlg_read_only": (
        "只有销售经理和总经理可以修改这些规则。",
        "Only the sales manager and the general manager change these rules.",
    ),
    "lifecycle.dlg_prospective": ("潜在客户 → 预期客户", "Potential → prospective"),
    "lifecycle.dlg_current": ("现实客户", "Current customers"),
    "lifecycle.dlg_lost": ("流失客户", "Lost customers"),
    "lifecycle.dlg_times": (" 次", " times"),
    "lifecycle.dlg_months": (" 个月", " months"),
    "lifecycle.dlg_days": (" 天", " days"),
    "lifecycle.dlg_saved": ("客户分类规则已保存。", "The lifecycle rules were saved."),
    # `crm-desktop lifecycle suggestions`
    "lifecycle.suggested": ("共 {count} 条客户分类建议。", "{count} lifecycle suggestions."),
    # `crm-desktop lifecycle accept|dismiss CODE`
    "lifecycle.need_code": (
        "请指定客户编号，例如：lifecycle {action} K0001",
        "Name the customer's code, e.g. lifecycle {action} K0001",
    ),
    "lifecycle.no_suggestion": (
        "客户 {code} 目前没有客户分类建议。",
        "There is no lifecycle suggestion for customer {code}.",
    ),
    "lifecycle.bad_move": (
        "“{value}”不是可接受的分类建议。可写：{known}。",
        "“{value}” is not a lifecycle move. Write one of: {known}.",
    ),
    "lifecycle.other_move": (
        "客户 {code} 的建议是转为{move}，不是{wanted}；未做修改。",
        "The suggestion for customer {code} is {move}, not {wanted}; nothing was changed.",
    ),
    "lifecycle.accepted": (
        "已接受客户 {code}（{name}）的建议：{reason}",
        "Accepted the suggestion for {code} ({name}): {reason}",
    ),
    "lifecycle.dismissed": (
        "已忽略客户 {code}（{name}）的建议，情况变化前不再提示。",
        "Dismissed the suggestion for {code} ({name}); it is not shown again until it changes.",
    ),
    # the 潜在客户名册 workbook
    "lifecycle.need_out": (
        "请指定导出的文件，例如：lifecycle export 潜在客户名册.xlsx",
        "Name the workbook to write, e.g. lifecycle export prospects.xlsx",
    ),
    "lifecycle.export_button": ("导出 Excel…", "Export to Excel…"),
    "lifecycle.export_title": ("导出潜在客户名册", "Export the prospect lists"),
    "lifecycle.export_file": ("潜在客户名册.xlsx", "prospect-lists.xlsx"),
    "lifecycle.exporting": ("正在导出潜在客户名册…", "Exporting the prospect lists…"),
    "lifecycle.exported": (
        "已导出潜在客户名册：{count} 个客户，{sources} 个来源，保存在 {path}。",
        "Exported the prospect lists: {count} customers from {sources} sources to {path}.",
    ),
    "lifecycle.no_source": (
        "没有“{value}”这个客户来源。",
        "There is no customer source “{value}”.",
    ),
}
