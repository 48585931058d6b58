"""Texts of the Sales page's ledger: filters, totals, voided lines, payment methods."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sales_page.method_transfer": ("银行转账", "Bank transfer"),
    "sales_page.method_cash": ("现金", "Cash"),
    "sales_page.method_cheque": ("支票", "Cheque"),
    "sales_page.method_acceptance": ("银行承兑汇票", "Bank acceptance"),
    "sales_page.method_other": ("其他", "Other"),
    "sales_page.kind_sale": ("销售", "Sale"),
    "sales_page.kind_payment": ("收款", "Payment"),
    "sales_page.action_void": ("作废销售或收款记录", "void a sale or payment line"),
    "sales_page.reason_required": ("请填写原因", "give the reason"),
    "sales_page.changed_meanwhile": (
        "这条记录已被他人修改或作废；请刷新后再试。",
        "Someone else changed or voided this line meanwhile; refresh and try again.",
    ),
    "sales_page.no_line": ("没有这条记录（{kind} {id}）。", "There is no such line ({kind} {id})."),
    "sales_page.already_voided": (
        "这条{kind}记录已于 {at} 作废。",
        "This {kind} line was already voided on {at}.",
    ),
    "sales_page.voided": ("已作废", "Voided"),
    "sales_page.voided_note": ("已作废：{reason}", "Voided: {reason}"),
    "sales_page.export_title": ("销售明细", "Sales lines"),
    "sales_page.export_payments_title": ("收款明细", "Payments"),
    "sales_page.export_lines": ("正在导出 {count} 条记录", "Exporting {count} lines"),
    "sales_page.filter_from": ("日期从", "From"),
    "sales_page.filter_to": ("到", "to"),
    "sales_page.filter_customer": ("客户代号", "Customer code"),
    "sales_page.filter_salesperson": ("业务员", "Salesperson"),
    "sales_page.filter_product": ("产品", "Product"),
    "sales_page.filter_any": ("全部", "All"),
    "sales_page.filter_show_voided": ("显示已作废", "Show voided"),
    "sales_page.filter_apply": ("查询", "Search"),
    "sales_page.export_button": ("导出 Excel…", "Export to Excel…"),
    "sales_page.export_file": ("销售明细.xlsx", "sales-lines.xlsx"),
    "sales_page.exported": (
        "已导出 {count} 条销售记录到 {path}",
        "Exported {count} sales lines to {path}",
    ),
    "sales_page.void_button": ("作废…", "Void…"),
    "sales_page.void_title": ("作废记录", "Void a line"),
    "sales_page.void_prompt": (
        "作废 {customer} {date} 金额 {amount} 的{kind}记录。作废原因：",
        "Void the {kind} line of {customer} on {date}, amount {amount}. Reason:",
    ),
    "sales_page.column_voided": ("作废", "Voided"),
    "sales_page.totals": (
        "销售 {lines} 笔，数量 {quantity}，金额 {amount}；收款 {payments} 笔，金额 {paid}"
        "（已作废的不计）",
        "{lines} sales lines, quantity {quantity}, amount {amount}; {payments} payments, "
        "{paid} received (voided lines not counted)",
    ),
    "sales_page.shown_first": (
        "只显示最新的 {count} 条；合计和导出包括全部。",
        "Only the newest {count} lines are shown; the totals and the export include all.",
    ),
}
