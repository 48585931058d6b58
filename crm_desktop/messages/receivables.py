"""Texts of receivables: what a customer owes and how old it is."""

MESSAGES: dict[str, tuple[str, str]] = {
    "receivables.no_customer": (
        "编号为 {id} 的客户不存在或已删除。",
        "Customer {id} does not exist or was deleted.",
    ),
    "receivables.not_your_customer": (
        "客户 {code} 属于其他业务员，您无权查看其应收款。",
        "Not allowed: customer {code} belongs to another salesperson.",
    ),
    # the aging buckets: days past the due date (sale date + collection period)
    "receivables.aging_not_due": ("未到期", "Not yet due"),
    "receivables.aging_d0_30": ("逾期 0–30 天", "0–30 days past due"),
    "receivables.aging_d31_60": ("逾期 31–60 天", "31–60 days past due"),
    "receivables.aging_d61_90": ("逾期 61–90 天", "61–90 days past due"),
    "receivables.aging_d90_plus": ("逾期 90 天以上", "Over 90 days past due"),
}
