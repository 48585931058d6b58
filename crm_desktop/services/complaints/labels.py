"""The words a user reads for complaint statuses, severities, channels, categories and fields."""

from __future__ import annotations

from crm_desktop.i18n import is_chinese
from crm_desktop.messages import Message, Text, msg

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "open": ("已受理", "Received"),
    "processing": ("处理中", "In progress"),
    "resolved": ("已解决", "Resolved"),
    "confirmed": ("客户确认", "Confirmed"),
    "closed": ("已关闭", "Closed"),
    # not stored: how a list shows an unresolved complaint past its due time
    "overdue": ("已逾期", "Overdue"),
}
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "normal": ("一般", "Normal"),
    "high": ("严重", "Serious"),
    "urgent": ("紧急", "Urgent"),
}
CHANNEL_LABELS: dict[str, tuple[str, str]] = {
    "phone": ("电话", "Phone"),
    "visit": ("来访", "Visit"),
    "wechat": ("微信", "WeChat"),
    "letter": ("信函", "Letter"),
    "email": ("电子邮件", "Email"),
}
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "quality": ("质量", "Quality"),
    "delivery": ("交货", "Delivery"),
    "invoice": ("发票", "Invoice"),
    "service": ("服务", "Service"),
    "price": ("价格", "Price"),
    "other": ("其他", "Other"),
}
COMPENSATION_LABELS: dict[str, tuple[str, str]] = {
    "money": ("赔款", "Money"),
    "goods": ("补货/换货", "Goods"),
    "credit_note": ("折让单", "Credit note"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "customer": ("客户", "Customer"),
    "contact": ("联系人", "Contact"),
    "received_at": ("受理时间", "Received"),
    "channel": ("投诉方式", "Via"),
    "category": ("投诉类别", "Category"),
    "severity": ("严重程度", "Severity"),
    "subject": ("投诉主题", "Subject"),
    "description": ("投诉内容", "Description"),
    "product": ("涉及产品", "Product"),
    "sale": ("涉及销售记录", "Sales line"),
    "handled_by": ("处理人", "Handled by"),
    "due_at": ("处理期限", "Due"),
    "status": ("状态", "Status"),
    "resolution": ("处理结果", "Resolution"),
    "resolved_at": ("解决时间", "Resolved at"),
    "compensation_kind": ("补偿方式", "Compensation"),
    "compensation_amount": ("补偿金额", "Compensation amount"),
    "compensation_note": ("补偿说明", "Compensation note"),
    "satisfaction": ("客户满意度", "Satisfaction"),
    "confirmed_at": ("确认时间", "Confirmed at"),
    "close_reason": ("关闭原因", "Reason for closing"),
    "closed_at": ("关闭时间", "Closed at"),
    "followup": ("回访", "Follow-up visit"),
    "attachment": ("附件", "Attachment"),
    "hours": ("处理时限", "Time allowed"),
}


def label(table: dict[str, tuple[str, str]], code: str | None, lang: str | None = None) -> str:
    """The zh or en label of a code; the code itself when unknown (a category of one's own)."""
    if not code:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if is_chinese(lang) else pair[1]


def text(table: dict[str, tuple[str, str]], code: str | None) -> Text:
    """A code's label as a pair, rendered in the reader's language when shown."""
    pair = table.get(code or "", (code or "", code or ""))
    return Text(*pair)


def status_label(code: str | None, lang: str | None = None) -> str:
    return label(STATUS_LABELS, code, lang)


def severity_label(code: str | None, lang: str | None = None) -> str:
    return label(SEVERITY_LABELS, code, lang)


def channel_label(code: str | None, lang: str | None = None) -> str:
    return label(CHANNEL_LABELS, code, lang)


def category_label(code: str | None, lang: str | None = None) -> str:
    return label(CATEGORY_LABELS, code, lang)


def compensation_label(code: str | None, lang: str | None = None) -> str:
    return label(COMPENSATION_LABELS, code, lang)


def field_label(name: str) -> Text:
    """A complaint field's label in both languages (处理期限 / Due)."""
    return text(FIELD_LABELS, name)


def problem(name: str, what: Message) -> Message:
    """'处理期限：……' / 'Due: …': a field's problem named by its label, never its key."""
    return msg("validation.field", label=field_label(name), problem=what)
