"""The words a user reads for follow-up kinds, statuses and fields, in zh_CN and en."""

from __future__ import annotations

from crm_desktop.i18n import current_language
from crm_desktop.messages import Message, Text, msg
from crm_desktop.services.followups.rows import CADENCE_KIND

# labels of the kinds and statuses (zh, en); the CLI and the reports use them too
KIND_LABELS: dict[str, tuple[str, str]] = {
    "visit": ("拜访", "Visit"),
    "call": ("电话", "Phone call"),
    "message": ("邮件/微信", "Email/WeChat"),
    "meeting": ("会议", "Meeting"),
    "dinner": ("宴请", "Dinner"),
    "factory_visit": ("参观工厂", "Factory visit"),
    "complaint": ("投诉处理", "Complaint handling"),
    "other": ("其他", "Other"),
    CADENCE_KIND: ("周期到期", "Cadence due"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("计划中", "Planned"),
    "done": ("已完成", "Done"),
    "cancelled": ("已取消", "Cancelled"),
    # not stored: how a list shows a planned follow-up past due and a customer out of cadence
    "overdue": ("已逾期", "Overdue"),
    "overdue_contact": ("逾期未联系", "Overdue contact"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "customer": ("客户", "Customer"),
    "contact": ("联系人", "Contact"),
    "kind": ("方式", "Kind"),
    "subject": ("主题", "Subject"),
    "due_at": ("时间", "Due"),
    "ends_at": ("结束时间", "Ends"),
    "owner": ("负责人", "Owner"),
    "recurrence": ("重复", "Repeat"),
    "outcome": ("结果", "Outcome"),
    "done_at": ("完成时间", "Done at"),
}


def label(table: dict[str, tuple[str, str]], code: str | None, lang: str | None = None) -> str:
    """The zh or en label of a kind, status or field code; the code itself when unknown."""
    if not code:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if (lang or current_language()).startswith("zh") else pair[1]


def kind_label(kind: str | None, lang: str | None = None) -> str:
    """The label of a follow-up kind (拜访, 电话 …) in the user's language."""
    return label(KIND_LABELS, kind, lang)


def status_label(status: str | None, lang: str | None = None) -> str:
    """The label of a status code (计划中, 已完成 …) in the user's language."""
    return label(STATUS_LABELS, status, lang)


def field_label(name: str) -> Text:
    """A follow-up field's label in both languages (时间 / Due)."""
    zh, en = FIELD_LABELS.get(name, (name, name))
    return Text(zh, en)


def _problem(name: str, problem: Message) -> Message:
    """A field's problem as every form shows it, '时间：……' / 'Due: …': the field's label,
    never its internal name."""
    return msg("validation.field", label=field_label(name), problem=problem)
