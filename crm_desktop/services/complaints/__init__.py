"""Complaint handling (客户投诉处理): from the call to the customer's confirmation.

A complaint is received (time, channel, contact, category, severity, products or sales
lines, description, attachments), handed to a person with a due time set by its
severity (紧急 24 h, 严重 3 days, 一般 7 days by default, a team setting), and moves
已受理 → 处理中 → 已解决 → 客户确认, or 已关闭 with a reason. The resolution, the
compensation and the customer's satisfaction (1–5) are recorded; a follow-up visit can
be planned on resolving. Each step goes into the change history (the timeline).

Who: a salesperson sees and handles the complaints of their own customers (and hands
one only to themselves); the sales manager and the general manager all of them.

The modules: `labels`, `rules` (due times, categories), `records` (shapes, reading,
lists), `handling` (the steps), `attachments`, `figures` (analysis), `reminders`. Callers use
`from crm_desktop.services import complaints` and the names below.
"""

from crm_desktop.services.complaints.attachments import (
    MAX_BYTES,
    add_attachment,
    attachment_path,
    attachments_folder,
    remove_attachment,
)
from crm_desktop.services.complaints.figures import (
    CategoryFigures,
    ComplaintFigures,
    complaint_figures,
    counts_by_customer,
)
from crm_desktop.services.complaints.handling import (
    add_complaint,
    assign_complaint,
    close_complaint,
    confirm_complaint,
    parse_satisfaction,
    resolve_complaint,
    start_complaint,
    update_complaint,
)
from crm_desktop.services.complaints.labels import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    COMPENSATION_LABELS,
    FIELD_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    category_label,
    channel_label,
    compensation_label,
    severity_label,
    status_label,
)
from crm_desktop.services.complaints.records import (
    AttachmentInfo,
    ComplaintFlag,
    ComplaintInfo,
    ComplaintQuery,
    ComplaintRow,
    TimelineEntry,
    complaint_id_page,
    complaint_ids,
    complaint_rows,
    count_complaints,
    customer_complaints,
    get_complaint,
    list_complaints,
    open_count,
    timeline,
    unresolved_serious,
    winback_note,
)
from crm_desktop.services.complaints.reminders import REMIND_AHEAD, complaint_reminders
from crm_desktop.services.complaints.rules import (
    DEFAULT_DUE_HOURS,
    OPEN_STATUSES,
    SERIOUS,
    categories,
    due_hours,
    due_time,
    set_categories,
    set_due_hours,
)

__all__ = [
    "CATEGORY_LABELS",
    "CHANNEL_LABELS",
    "COMPENSATION_LABELS",
    "DEFAULT_DUE_HOURS",
    "FIELD_LABELS",
    "MAX_BYTES",
    "OPEN_STATUSES",
    "REMIND_AHEAD",
    "SERIOUS",
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "AttachmentInfo",
    "CategoryFigures",
    "ComplaintFigures",
    "ComplaintFlag",
    "ComplaintInfo",
    "ComplaintQuery",
    "ComplaintRow",
    "TimelineEntry",
    "add_attachment",
    "add_complaint",
    "assign_complaint",
    "attachment_path",
    "attachments_folder",
    "categories",
    "category_label",
    "channel_label",
    "close_complaint",
    "complaint_figures",
    "complaint_id_page",
    "complaint_ids",
    "complaint_reminders",
    "complaint_rows",
    "compensation_label",
    "confirm_complaint",
    "count_complaints",
    "counts_by_customer",
    "customer_complaints",
    "due_hours",
    "due_time",
    "get_complaint",
    "list_complaints",
    "open_count",
    "parse_satisfaction",
    "remove_attachment",
    "resolve_complaint",
    "set_categories",
    "set_due_hours",
    "severity_label",
    "start_complaint",
    "status_label",
    "timeline",
    "unresolved_serious",
    "update_complaint",
    "winback_note",
]
