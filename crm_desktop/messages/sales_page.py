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
    "sales_page.void_reason_required": ("请填写作废原因", "give the reason for voiding"),
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
}
