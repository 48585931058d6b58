"""Follow-ups (紧迫盯人): plan, complete, reschedule, remind, and keep a cadence with every customer.

Rules kept here, for the Follow-ups page, the customer card, the reminders and the CLI:

- Who: a salesperson sees and plans follow-ups only on their own customers and only
  for themselves; a sales manager or the general manager sees all and may assign any
  active user as owner (`access`).
- Times: `due_at`, `ends_at` and `done_at` are local wall-clock times (minutes).
  "Today" and "this week" (Monday to Sunday) are planned follow-ups due in that span.
- Overdue (`overdue`): planned follow-ups due before today, and customers out of cadence
  with nothing planned; one definition for every page, badge, reminder and command.
- Cadence (`cadence`): every customer has a contact interval — its own
  `contact_interval_days`, else the team setting `cadence_days` for its ABC class (no
  class and no interval: no cadence). The next contact is due `interval` days after
  the last COMPLETED follow-up (or after the card was created, for a customer never
  contacted). A customer past that date with nothing planned is listed as overdue by a
  row of kind ``"cadence"`` (id None); one with a planned follow-up is represented by
  it. The last completed follow-up is kept on the card (`Customer.last_contact_at`),
  rewritten in the same transaction as every write that completes a follow-up.
- Recurrence (`recurrence`): ``"days:N"``, ``"weeks:N"``, ``"months:N"`` or
  ``"weekday:D"`` (0 = Monday). Completing or cancelling one occurrence plans the next
  one in the same series, at the first step after the moment it was done.
- Follow-ups are never soft-deleted; cancelling is how one goes away, so lists filter
  on `status` alone and stay inside the (status, due_at) indexes.

The modules: `rows` (the shapes and the row query), `access`, `labels`, `recurrence`,
`planning` (writes), `cadence`, `overdue`, `listing`, `counts` (calendar, by owner),
`reminders`, `lifecycle`, `contact_log` (记录联系: log a contact in one step). Callers use `from crm_desktop.services import followups` and
the names below.
"""

from crm_desktop.services.followups.cadence import (
    cadence_days,
    cadence_overdue,
    cadence_subject,
    interval_for,
    last_completed,
    next_cadence_due,
)
from crm_desktop.services.followups.contact_log import (
    LogResult,
    due_planned,
    log_contact,
    suggested_next_due,
)
from crm_desktop.services.followups.counts import month_counts, owner_summary
from crm_desktop.services.followups.labels import (
    FIELD_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    kind_label,
    label,
    status_label,
)
from crm_desktop.services.followups.lifecycle import (
    lost_without_plan,
    move_to_prospective,
    winback_suggestion,
)
from crm_desktop.services.followups.listing import (
    customer_followups,
    day_followups,
    due_this_week,
    due_today,
    get_followup,
    list_followups,
    overdue,
)
from crm_desktop.services.followups.overdue import (
    clear_cache,
    due_today_count,
    latest_overdue,
    overdue_before,
    overdue_by_owner,
    overdue_count,
    overdue_rows,
    row_status,
    row_status_label,
)
from crm_desktop.services.followups.planning import (
    DEFAULT_TIME,
    SUBJECT_MAX,
    cancel_followup,
    complete_followup,
    parse_datetime,
    plan_followup,
    plan_warnings,
    reassign_followup,
    reschedule_followup,
    suggest_next,
)
from crm_desktop.services.followups.recurrence import next_occurrence, parse_recurrence, step
from crm_desktop.services.followups.reminders import (
    REMIND_LEAD,
    BirthdayReminder,
    Reminders,
    birthdays_today,
    reminders_due,
)
from crm_desktop.services.followups.rows import (
    CADENCE_KIND,
    CompleteResult,
    DayCount,
    FollowUpQuery,
    FollowUpRow,
    OwnerSummary,
    merge_by_due,
    week_bounds,
)

__all__ = [
    "CADENCE_KIND",
    "DEFAULT_TIME",
    "FIELD_LABELS",
    "KIND_LABELS",
    "REMIND_LEAD",
    "STATUS_LABELS",
    "SUBJECT_MAX",
    "BirthdayReminder",
    "CompleteResult",
    "LogResult",
    "DayCount",
    "FollowUpQuery",
    "FollowUpRow",
    "OwnerSummary",
    "Reminders",
    "birthdays_today",
    "cadence_days",
    "cadence_overdue",
    "cadence_subject",
    "cancel_followup",
    "clear_cache",
    "complete_followup",
    "customer_followups",
    "day_followups",
    "due_planned",
    "due_this_week",
    "due_today",
    "due_today_count",
    "get_followup",
    "interval_for",
    "kind_label",
    "label",
    "last_completed",
    "latest_overdue",
    "list_followups",
    "log_contact",
    "lost_without_plan",
    "merge_by_due",
    "month_counts",
    "move_to_prospective",
    "next_cadence_due",
    "next_occurrence",
    "overdue",
    "overdue_before",
    "overdue_by_owner",
    "overdue_count",
    "overdue_rows",
    "owner_summary",
    "parse_datetime",
    "parse_recurrence",
    "plan_followup",
    "plan_warnings",
    "reassign_followup",
    "reminders_due",
    "reschedule_followup",
    "row_status",
    "row_status_label",
    "status_label",
    "step",
    "suggest_next",
    "suggested_next_due",
    "week_bounds",
    "winback_suggestion",
]
