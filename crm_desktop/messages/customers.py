"""Texts of the customer cards (客户资料卡) and their contacts."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the contacts list's column: the mobile, or the phone of a contact without one
    "customers.contact_mobile_or_phone": ("手机/电话", "Mobile/phone"),
    "customers.contact_phone_shown": (
        "没有手机，显示的是电话",
        "No mobile: this is the phone",
    ),
    "customers.unknown_field": (
        "“{name}”不是客户资料卡上的栏目",
        "'{name}' is not a field of the customer card",
    ),
    "customers.unknown_contact_field": (
        "“{name}”不是联系人的栏目",
        "'{name}' is not a field of a contact",
    ),
    "customers.lease_end_before_start": (
        "{end} 早于租用期限起始日 {start}",
        "{end} is before the lease start {start}",
    ),
    "customers.interval_positive": ("至少为 1 天", "must be 1 day or more"),
    "customers.code_taken": (
        "“{value}”已被另一个客户使用",
        "'{value}' is already used by another customer",
    ),
    "customers.credit_locked": (
        "须由总经理核定，请提交信用额度申请，批准后生效",
        "is set by the general manager's approval of a credit request; "
        "file a credit request instead",
    ),
    "customers.not_yours": (
        "客户 {code} 由另一位业务员负责，您无权查看或修改。",
        "Not allowed: customer {code} belongs to another salesperson.",
    ),
    "customers.no_id": (
        "客户 {id} 不存在或已被删除。",
        "Customer {id} does not exist or was deleted.",
    ),
    "customers.no_code": (
        "没有客户代号为“{code}”的客户。",
        "There is no customer with code '{code}'.",
    ),
    "customers.unknown_codes": (
        "以下客户代号不存在：{codes}",
        "Unknown customer codes: {codes}",
    ),
    "customers.changed_meanwhile": (
        "客户 {code} 在您打开之后已被他人修改；请重新打开查看改动，再进行编辑。",
        "Customer {code} was changed by someone else since you opened it; "
        "reopen it to see the changes, then edit again.",
    ),
    "customers.no_contact": (
        "联系人 {id} 不存在或已被删除。",
        "Contact {id} does not exist or was deleted.",
    ),
    "customers.contact_changed_meanwhile": (
        "联系人 {name} 已被他人修改；请重新打开。",
        "Contact {name} was changed by someone else; reopen it.",
    ),
    "customers.birthday_in_future": (
        "{date} 是将来的日期",
        "{date} is in the future",
    ),
}
