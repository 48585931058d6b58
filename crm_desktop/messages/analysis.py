"""Texts of the sales analysis: periods, ABC classes, the sales report's sheets."""

MESSAGES: dict[str, tuple[str, str]] = {
    "analysis.period_out_of_range": (
        "日期 {day} 超出范围：统计期间须在 {first} 至 {last} 之间。",
        "The date {day} is out of range: a report period lies between {first} and {last}.",
    ),
    "analysis.period_reversed": (
        "统计期间的结束日期（{end}）早于开始日期（{start}）。",
        "The period ends ({end}) before it starts ({start}).",
    ),
    "analysis.thresholds_invalid": (
        "团队设置中的 ABC 分类界限无效：{value}。",
        "The ABC thresholds setting is not valid: {value}.",
    ),
    "analysis.thresholds_order": (
        "ABC 分类界限须满足 0 < A ≤ B ≤ 100（现为 A={a}，B={b}）。",
        "The ABC thresholds must satisfy 0 < A ≤ B ≤ 100 (got A={a}, B={b}).",
    ),
    "analysis.month_by": (
        "按月销售只能按业务员或产品类别拆分，不能按“{by}”。",
        "Sales by month can be split by salesperson or product category, not '{by}'.",
    ),
    "analysis.unknown_sheets": ("没有这些工作表：{sheets}。", "Unknown sheet(s): {sheets}."),
    "analysis.no_sheets": ("请至少选择一个工作表。", "Choose at least one sheet."),
    "analysis.abc_not_allowed": (
        "{user} 无权把 ABC 分类写入客户资料，只有总经理和销售经理可以。",
        "Not allowed: {user} may not apply ABC classes to customers "
        "(only the general manager and sales managers may).",
    ),
    # progress of the sales report: the sheet being computed
    "analysis.computing": ("正在计算：{sheet}", "Computing: {sheet}"),
    "analysis.sheet_summary": ("概要", "Summary"),
    "analysis.sheet_customers": ("按客户", "By customer"),
    "analysis.sheet_salespeople": ("按业务员", "By salesperson"),
    "analysis.sheet_products": ("按产品", "By product"),
    "analysis.sheet_months": ("按月", "By month"),
    "analysis.sheet_aging": ("应收账龄", "Receivables aging"),
    "analysis.sheet_followups": ("跟进", "Follow-ups"),
    # crm-desktop report abc
    "analysis.cli_abc_class": (
        "{cls} 类：{customers} 个客户，销售额 {sales}（{share}）",
        "class {cls}: {customers} customers, sales {sales} ({share})",
    ),
    "analysis.cli_abc_preview": (
        "{total} 个客户中有 {changed} 个的分类将改变（{period}）；加 --apply 写入。",
        "{changed} of {total} customers would change class ({period}); "
        "run with --apply to write them.",
    ),
    "analysis.cli_abc_applied": (
        "{changed} 个客户的分类已改变（{period}）。",
        "{changed} customers changed class ({period}).",
    ),
}
