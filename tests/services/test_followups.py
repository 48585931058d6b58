"""Follow-up service: planning rules, cadence, recurrence, permissions, reminders, lifecycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.errors import PermissionDenied, UserError, ValidationError
from crm_desktop.models import ChangeLog, Customer, FollowUp
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc
from crm_desktop.services.followups import FollowUpQuery
from crm_desktop.services.settings import set_setting

NOW = datetime(2026, 3, 18, 10, 0)  # a Wednesday


@pytest.fixture
def shop(team):
    """Three customers: two of sales1 (class A and C), one of sales2 (class B), made in 2025."""
    manager = team["manager"]
    made = {}
    for code, owner, cls in (("K1", "sales1", "A"), ("K2", "sales1", "C"), ("K3", "sales2", "B")):
        card = customer_svc.create_customer(
            manager, {"code": code, "name": f"客户{code}", "owner": owner, "abc_class": cls}
        )
        made[code] = card.id
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    return made


def plan(actor, customer, due, **extra):
    return svc.plan_followup(actor, {"customer": customer, "due_at": due, **extra})


# --- planning and validation -----------------------------------------------------------


def test_plan_fills_defaults_and_writes_history(team, shop):
    """A plan by code with a typed time gets the customer's owner and a 'created' history row."""
    row = plan(team["manager"], "K1", "2026-03-20 14:30", kind="visit", subject=" 拜访  王总 ")
    assert row.customer_code == "K1" and row.kind == "visit" and row.subject == "拜访 王总"
    assert row.due_at == datetime(2026, 3, 20, 14, 30)
    assert row.owner_id == team["sales1"].id and row.owner_name == "张伟"
    assert row.status == "planned" and row.series is None
    log = ChangeLog.select().where(ChangeLog.entity == "followup", ChangeLog.entity_id == row.id)
    assert [entry.field for entry in log] == ["created"]


def test_date_without_time_is_nine_in_the_morning(team, shop):
    row = plan(team["sales1"], shop["K1"], "2026年3月20日")
    assert row.due_at == datetime(2026, 3, 20, 9, 0)


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"ends_at": "2026-03-20 09:00"}, "ends_at", "before the start"),
        ({"recurrence": "days:0"}, "recurrence", "1 or more"),
        ({"recurrence": "weeks:-2"}, "recurrence", "1 or more"),
        ({"recurrence": "weekday:7"}, "recurrence", "Monday"),
        ({"recurrence": "every now and then"}, "recurrence", "not a repeat rule"),
        ({"owner": "nobody"}, "owner", "nobody"),
        ({"kind": "party"}, "kind", "party"),
        ({"due_at": "2026-02-30 10:00"}, "due_at", "2026-02-30"),
        ({"due_at": "2026-03-20 25:00"}, "due_at", "no such time"),
        ({"due_at": ""}, "due_at", "required"),
        ({"customer": "NOPE"}, "customer", "NOPE"),
        ({"subject": "x" * 201}, "subject", "at most 200"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(team, shop, values, field, words):
    """A wrong value is refused under its field's label (never its internal name), in
    both languages, and nothing is written."""
    good = {"customer": "K1", "due_at": "2026-03-20 10:00"}
    with pytest.raises(ValidationError) as info:
        svc.plan_followup(team["manager"], {**good, **values})
    assert field in info.value.errors
    assert words in info.value.errors[field]
    zh, en = svc.FIELD_LABELS[field]
    problem = info.value.problems[field]
    assert problem.render("en").startswith(f"{en}: ") and f"({field})" not in problem.render("en")
    assert problem.render("zh_CN").startswith(f"{zh}：")
    assert FollowUp.select().count() == 0


def test_contact_of_another_customer_is_refused(team, shop):
    other = customer_svc.add_contact(team["manager"], shop["K3"], {"name": "李四"})
    with pytest.raises(ValidationError) as info:
        plan(team["manager"], "K1", "2026-03-20", contact=other.id)
    assert "another customer" in info.value.errors["contact"]
    mine = customer_svc.add_contact(team["manager"], shop["K1"], {"name": "王总"})
    row = plan(team["manager"], "K1", "2026-03-20", contact="王总")
    assert row.contact_id == mine.id and row.contact_name == "王总"


def test_due_in_the_past_is_a_warning_not_an_error(team, shop):
    values = {"customer": "K1", "due_at": "2026-03-17 10:00"}
    warnings = svc.plan_warnings(team["sales1"], values, now=NOW)
    assert "past" in warnings["due_at"]
    assert svc.plan_warnings(team["sales1"], {**values, "due_at": "2026-03-19"}, now=NOW) == {}
    assert svc.plan_followup(team["sales1"], values).id  # saving is still allowed


# --- permissions -------------------------------------------------------------------------


def test_salesperson_sees_and_plans_only_own_customers(team, shop):
    plan(team["manager"], "K1", "2026-03-17 10:00")
    plan(team["manager"], "K3", "2026-03-17 11:00")
    mine = svc.list_followups(team["sales1"], FollowUpQuery(), now=NOW)
    assert [r.customer_code for r in mine] == ["K1"]
    everyone = svc.list_followups(team["manager"], FollowUpQuery(), now=NOW)
    assert [r.customer_code for r in everyone] == ["K1", "K3"]
    # another salesperson's customer is told as unknown, word for word
    with pytest.raises(ValidationError) as hidden:
        plan(team["sales1"], "K3", "2026-03-20")
    with pytest.raises(ValidationError) as unknown:
        plan(team["sales1"], "K999", "2026-03-20")
    assert hidden.value.render("en") == unknown.value.render("en").replace("K999", "K3")
    with pytest.raises(PermissionDenied):
        plan(team["sales1"], "K1", "2026-03-20", owner="sales2")
    with pytest.raises(PermissionDenied):
        svc.customer_followups(team["sales1"], shop["K3"])
    k3 = svc.list_followups(team["manager"], FollowUpQuery(customer_id=shop["K3"]))[0]
    with pytest.raises(PermissionDenied):
        svc.complete_followup(team["sales1"], k3.id, "done")


def test_reassign_is_for_managers_and_logged(team, shop):
    row = plan(team["manager"], "K1", "2026-03-20")
    with pytest.raises(PermissionDenied):
        svc.reassign_followup(team["sales1"], row.id, "sales2")
    with pytest.raises(ValidationError) as info:
        svc.reassign_followup(team["manager"], row.id, "ghost")
    assert "owner" in info.value.errors
    moved = svc.reassign_followup(team["manager"], row.id, "王芳")
    assert moved.owner_id == team["sales2"].id and moved.version == row.version + 1
    change = ChangeLog.get(ChangeLog.entity == "followup", ChangeLog.field == "owner")
    assert change.old_value == str(team["sales1"].id)
    assert change.new_value == str(team["sales2"].id)


# --- complete, reschedule, cancel ----------------------------------------------------------


def test_complete_and_plan_next_in_one_step(team, shop):
    row = plan(team["sales1"], "K1", "2026-03-17 10:00", kind="visit")
    suggestion = svc.suggest_next(team["sales1"], row.id, done_at=NOW)
    # class A: every 14 days from the day it was done, at the same time of day
    assert suggestion["due_at"] == datetime(2026, 4, 1, 10, 0)
    result = svc.complete_followup(
        team["sales1"], row.id, "谈妥第二季度订单", done_at=NOW, plan_next=suggestion
    )
    assert result.done.status == "done" and result.done.done_at == NOW
    assert result.done.outcome == "谈妥第二季度订单"
    assert result.next is not None and result.next.due_at == datetime(2026, 4, 1, 10, 0)
    fields = {c.field for c in ChangeLog.select().where(ChangeLog.entity_id == row.id)}
    assert {"status", "done_at", "outcome"} <= fields
    with pytest.raises(UserError):
        svc.complete_followup(team["sales1"], row.id, "again")


def test_failed_next_plan_leaves_the_follow_up_open(team, shop):
    row = plan(team["sales1"], "K1", "2026-03-17 10:00")
    with pytest.raises(ValidationError) as info:
        svc.complete_followup(
            team["sales1"], row.id, "ok", done_at=datetime.now() + timedelta(days=2)
        )
    assert "future" in info.value.errors["done_at"]
    with pytest.raises(ValidationError):
        svc.complete_followup(
            team["sales1"], row.id, "ok", plan_next={"due_at": "x", "kind": "visit"}
        )
    assert FollowUp.get_by_id(row.id).status == "planned"


def test_reschedule_keeps_the_length_and_rejects_end_before_start(team, shop):
    row = plan(team["sales1"], "K1", "2026-03-20 10:00", ends_at="2026-03-20 11:30")
    moved = svc.reschedule_followup(team["sales1"], row.id, "2026-03-23 15:00")
    assert moved.due_at == datetime(2026, 3, 23, 15, 0)
    assert moved.ends_at == datetime(2026, 3, 23, 16, 30)
    with pytest.raises(ValidationError) as info:
        svc.reschedule_followup(team["sales1"], row.id, "2026-03-23 15:00", "2026-03-23 14:00")
    assert "ends_at" in info.value.errors
    change = ChangeLog.get(ChangeLog.entity == "followup", ChangeLog.field == "due_at")
    assert change.old_value.startswith("2026-03-20T10:00")


def test_cancel_keeps_the_row_with_its_reason(team, shop):
    row = plan(team["sales1"], "K1", "2026-03-20 10:00")
    assert svc.cancel_followup(team["sales1"], row.id, "客户出差") is None
    done = svc.get_followup(team["sales1"], row.id)
    assert done.status == "cancelled" and done.outcome == "客户出差"
    assert svc.list_followups(team["sales1"], FollowUpQuery(), now=NOW) == []


# --- recurrence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "due", "after", "expected"),
    [
        ("days:3", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9), datetime(2026, 3, 5, 9)),
        ("weeks:2", datetime(2026, 3, 2, 9), datetime(2026, 3, 20), datetime(2026, 3, 30, 9)),
        ("months:1", datetime(2026, 1, 31, 9), datetime(2026, 1, 31, 9), datetime(2026, 2, 28, 9)),
        ("weekday:4", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9), datetime(2026, 3, 6, 9)),
        ("weekday:0", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9), datetime(2026, 3, 9, 9)),
    ],
)
def test_next_occurrence(rule, due, after, expected):
    assert svc.next_occurrence(due, rule, after) == expected


def test_completing_a_recurring_follow_up_continues_the_series(team, shop):
    first = plan(team["sales1"], "K2", "2026-03-16 09:30", recurrence="weeks:1", subject="周例会")
    assert first.series and first.recurrence == "weeks:1"
    # done two days late: the next one is the following Monday, not a week after the late call
    result = svc.complete_followup(team["sales1"], first.id, "ok", done_at=NOW)
    second = result.next
    assert second is not None
    assert second.due_at == datetime(2026, 3, 23, 9, 30)
    assert second.series == first.series and second.subject == "周例会"
    assert second.recurrence == "weeks:1"
    # cancelling one occurrence keeps the series going; stop_series ends it
    third = svc.cancel_followup(team["sales1"], second.id, "holiday")
    assert third is not None and third.due_at > second.due_at and third.series == first.series
    assert svc.cancel_followup(team["sales1"], third.id, stop_series=True) is None
    series = FollowUp.select().where(FollowUp.series == first.series).count()
    assert series == 3


# --- cadence -------------------------------------------------------------------------------


def test_cadence_customer_with_nothing_planned_is_overdue(team, shop):
    """Never contacted, created in 2025: every class is past its interval by March 2026."""
    rows = svc.cadence_overdue(team["manager"], today=NOW.date())
    assert [r.customer_code for r in rows] == ["K1", "K3", "K2"]  # by cadence due date
    k1 = rows[0]
    assert k1.is_cadence and k1.id is None and k1.kind == "cadence"
    assert k1.due_at == datetime(2025, 1, 15)  # created + 14 days
    assert k1.interval_days == 14 and "Never contacted" in k1.subject
    assert k1.owner_name == "张伟"
    assert [r.customer_code for r in svc.cadence_overdue(team["sales2"], NOW.date())] == ["K3"]


def test_cadence_counts_from_the_last_completed_follow_up(team, shop):
    sales1 = team["sales1"]
    # K1 (class A, 14 days) contacted 10 days ago: in cadence until 2026-03-22
    row = plan(sales1, "K1", "2026-03-01 10:00")
    svc.complete_followup(sales1, row.id, "ok", done_at=datetime(2026, 3, 8, 16, 0))
    codes = [r.customer_code for r in svc.cadence_overdue(sales1, NOW.date())]
    assert codes == ["K2"]
    assert svc.next_cadence_due(sales1, shop["K1"]) == date(2026, 3, 22)
    # two weeks later it is overdue again, counted from the completion, not the plan
    later = svc.cadence_overdue(sales1, date(2026, 3, 23))
    k1 = next(r for r in later if r.customer_code == "K1")
    assert k1.due_at == datetime(2026, 3, 22) and "15 days" in k1.subject


def test_planned_follow_up_stands_for_the_cadence(team, shop):
    plan(team["sales1"], "K2", "2026-03-25 10:00")
    codes = [r.customer_code for r in svc.cadence_overdue(team["sales1"], NOW.date())]
    assert codes == ["K1"]


def test_own_interval_beats_the_class_and_settings_change_the_class(team, shop):
    manager = team["manager"]
    row = plan(manager, "K2", "2026-03-01 10:00")
    svc.complete_followup(manager, row.id, "ok", done_at=datetime(2026, 3, 1, 10, 0))
    assert "K2" not in [r.customer_code for r in svc.cadence_overdue(manager, NOW.date())]
    customer_svc.update_customer(manager, shop["K2"], {"contact_interval_days": 7})
    k2 = [r for r in svc.cadence_overdue(manager, NOW.date()) if r.customer_code == "K2"]
    assert k2 and k2[0].interval_days == 7 and k2[0].due_at == datetime(2026, 3, 8)
    set_setting(team["admin"], "cadence_days", {"A": 500, "B": 30, "C": 90, "D": 180})
    codes = [r.customer_code for r in svc.cadence_overdue(manager, NOW.date())]
    assert "K1" not in codes


def test_overdue_list_mixes_follow_ups_and_cadence_rows_by_due(team, shop):
    late = plan(team["sales1"], "K1", "2026-03-17 10:00")
    rows = svc.overdue(team["sales1"], now=NOW)
    assert [(r.customer_code, r.kind) for r in rows] == [("K2", "cadence"), ("K1", "call")]
    assert rows[1].id == late.id
    assert [r.kind for r in svc.overdue(team["sales1"], now=NOW, cadence=False)] == ["call"]


def _last_contact(customer_id):
    return Customer.get_by_id(customer_id).last_contact_at


def test_last_contact_follows_completions(team, shop):
    """The card keeps the done time of its last completed follow-up; planning, cancelling
    and completing an older one leave it alone."""
    m = team["manager"]
    assert _last_contact(shop["K1"]) is None
    first = plan(m, "K1", "2026-03-01 10:00")
    older = plan(m, "K1", "2026-02-01 10:00")
    gone = plan(m, "K1", "2026-03-05 10:00")
    assert _last_contact(shop["K1"]) is None
    svc.complete_followup(m, first.id, "ok", done_at=datetime(2026, 3, 8, 16, 0))
    assert _last_contact(shop["K1"]) == datetime(2026, 3, 8, 16, 0)
    svc.complete_followup(m, older.id, "late entry", done_at=datetime(2026, 2, 2, 9, 0))
    assert _last_contact(shop["K1"]) == datetime(2026, 3, 8, 16, 0)
    svc.cancel_followup(m, gone.id, "no time")
    assert _last_contact(shop["K1"]) == datetime(2026, 3, 8, 16, 0)
    assert _last_contact(shop["K2"]) is None and _last_contact(shop["K3"]) is None
    assert svc.last_completed(shop["K1"]) == datetime(2026, 3, 8, 16, 0)


def test_failed_completion_leaves_last_contact_alone(team, shop):
    """A completion refused (bad next plan) changes neither the follow-up nor the card."""
    m = team["manager"]
    row = plan(m, "K3", "2026-03-01 10:00")
    with pytest.raises(ValidationError):
        svc.complete_followup(m, row.id, "ok", plan_next={"due_at": "not a date"})
    assert _last_contact(shop["K3"]) is None


def test_cadence_list_agrees_with_the_follow_ups_themselves(team, shop):
    """The list read from last_contact_at is the rule applied to the follow-ups directly:
    own intervals, classes, never contacted, planned ones, deleted customers."""
    m = team["manager"]
    for code, cls, own in (("K4", "A", 3), ("K5", "D", None), ("K6", None, None), ("K7", "B", 0)):
        card = customer_svc.create_customer(
            m, {"code": code, "name": f"客户{code}", "abc_class": cls, "owner": "sales1"}
        )
        if own is not None:
            Customer.update(contact_interval_days=own).where(Customer.id == card.id).execute()
        shop[code] = card.id
    Customer.update(created_at=datetime(2025, 6, 1)).execute()
    for code, done in (("K1", "2026-03-10"), ("K2", "2025-12-01"), ("K4", "2026-03-16"),
                       ("K5", "2025-09-01"), ("K7", "2026-03-01")):  # fmt: skip
        row = plan(m, code, f"{done} 09:00")
        svc.complete_followup(m, row.id, "ok", done_at=f"{done} 15:00")
    plan(m, "K5", "2026-04-01 10:00")  # planned: stands for the cadence
    customer_svc.delete_customer(m, shop["K3"])
    classes = svc.cadence_days()
    for today in (date(2026, 3, 18), date(2026, 3, 24), date(2026, 3, 25), date(2027, 1, 1)):
        expected = []
        for c in Customer.select().where(Customer.deleted_at.is_null()):
            days = c.contact_interval_days if (c.contact_interval_days or 0) > 0 else None
            days = days or classes.get(c.abc_class or "")
            planned = FollowUp.select().where(
                FollowUp.customer == c.id, FollowUp.status == "planned"
            )
            if not days or planned.exists():
                continue
            ref = svc.last_completed(c.id) or c.created_at
            if ref.date() + timedelta(days=days) < today:
                expected.append(c.code)
        got = [r.customer_code for r in svc.cadence_overdue(m, today)]
        assert sorted(got) == sorted(expected), today
        assert got, today


# --- lists and calendar ----------------------------------------------------------------------


def test_today_week_owner_and_customer_lists(team, shop):
    """Today, this week (Monday to Sunday), by owner and by customer; a follow-up due
    earlier today is due today, not overdue."""
    m = team["manager"]
    a = plan(m, "K1", "2026-03-18 08:00")
    b = plan(m, "K3", "2026-03-18 17:00")
    c = plan(m, "K1", "2026-03-22 10:00")  # Sunday: still this week
    d = plan(m, "K2", "2026-03-23 10:00")  # next Monday
    ids = lambda rows: [r.id for r in rows]  # noqa: E731
    assert ids(svc.due_today(m, now=NOW)) == [a.id, b.id]
    assert ids(svc.due_this_week(m, now=NOW)) == [a.id, b.id, c.id]
    assert ids(svc.overdue(m, now=NOW, cadence=False)) == []  # 08:00 today: due today
    assert ids(svc.due_today(m, now=NOW, owner_id=team["sales2"].id)) == [b.id]
    svc.complete_followup(m, a.id, "ok", done_at=NOW)
    assert ids(svc.customer_followups(m, shop["K1"])) == [c.id, a.id]  # newest first
    summary = {s.owner_name: s for s in svc.owner_summary(m, now=NOW)}
    assert summary["张伟"].planned == 2 and summary["张伟"].week == 1
    assert summary["王芳"].today == 1 and summary["王芳"].overdue == 0
    assert ids(svc.day_followups(m, date(2026, 3, 18))) == [a.id, b.id]
    assert d.id in ids(svc.list_followups(m, FollowUpQuery(kind="call")))


def test_month_counts_per_day(team, shop):
    m = team["manager"]
    for due in ("2026-03-02 09:00", "2026-03-02 15:00", "2026-03-31 23:30", "2026-04-01 00:00"):
        plan(m, "K1", due)
    done = plan(m, "K3", "2026-03-02 10:00")
    svc.complete_followup(m, done.id, "ok", done_at=NOW)
    gone = plan(m, "K3", "2026-03-05 10:00")
    svc.cancel_followup(m, gone.id)
    counts = svc.month_counts(m, 2026, 3)
    assert list(counts) == [date(2026, 3, 2), date(2026, 3, 31)]
    assert counts[date(2026, 3, 2)].planned == 2 and counts[date(2026, 3, 2)].done == 1
    assert counts[date(2026, 3, 31)].total == 1
    assert svc.month_counts(team["sales2"], 2026, 3) == {date(2026, 3, 2): svc.DayCount(0, 1)}


# --- reminders -------------------------------------------------------------------------------


def test_reminders_are_announced_once_a_day(team, shop):
    s1 = team["sales1"]
    overdue_one = plan(s1, "K1", "2026-03-17 10:00")
    soon = plan(s1, "K2", "2026-03-18 10:10")  # within the 15 minutes ahead
    plan(s1, "K2", "2026-03-18 16:00")  # later today: not yet
    plan(team["manager"], "K3", "2026-03-17 09:00")  # someone else's
    contact = customer_svc.add_contact(s1, shop["K1"], {"name": "王总", "birthday": "1970-03-18"})
    customer_svc.add_contact(s1, shop["K1"], {"name": "赵工", "birthday": "1980-03-19"})

    first = svc.reminders_due(s1, now=NOW)
    assert [r.id for r in first.followups] == [overdue_one.id, soon.id]
    assert [b.contact_id for b in first.birthdays] == [contact.id]
    again = svc.reminders_due(s1, now=NOW + timedelta(minutes=5))
    assert not again and again.followups == [] and again.birthdays == []
    # the next day everything still due is announced again, once
    tomorrow = svc.reminders_due(s1, now=NOW + timedelta(days=1))
    assert {r.id for r in tomorrow.followups} >= {overdue_one.id, soon.id}
    assert [b.contact_name for b in tomorrow.birthdays] == ["赵工"]
    # rescheduling clears the mark so the new time is announced
    svc.reschedule_followup(s1, overdue_one.id, "2026-03-19 10:05")
    later = svc.reminders_due(s1, now=datetime(2026, 3, 19, 10, 0))
    assert overdue_one.id in [r.id for r in later.followups]


def test_overdue_counts_per_owner_add_up_to_the_list(team, shop):
    """A follow-up counts for its owner, a customer out of cadence for the customer's owner;
    the per-owner counts add up to the overdue list, for a manager and a salesperson."""
    m, s1, s2 = team["manager"], team["sales1"], team["sales2"]
    plan(s1, "K1", "2026-03-17 10:00")  # yesterday: overdue
    plan(s1, "K1", "2026-03-18 08:00")  # earlier today: due today, not overdue
    plan(m, "K3", "2026-03-16 10:00", owner=m.id)  # sales2's customer, the manager's call
    today = NOW.date()
    assert svc.overdue_by_owner(m, today) == {s1.id: 2, m.id: 1}  # K1's call, K2 out of cadence
    assert svc.overdue_count(m, today) == len(svc.overdue(m, now=NOW)) == 3
    assert svc.overdue_by_owner(s1, today) == {s1.id: 2}
    assert svc.overdue_by_owner(s2, today) == {m.id: 1}  # on sales2's customer
    assert svc.overdue_count(s2, today) == len(svc.overdue(s2, now=NOW)) == 1
    assert svc.due_today_count(m, today) == 1 and svc.due_today_count(s2, today) == 0
    labels = {r.customer_code: svc.row_status_label(r, today, "zh_CN") for r in svc.overdue(m, NOW)}
    assert labels == {"K1": "已逾期", "K2": "逾期未联系", "K3": "已逾期"}


def test_birthday_on_29_february_is_remembered_on_the_28th(team, shop):
    s1 = team["sales1"]
    customer_svc.add_contact(s1, shop["K1"], {"name": "闰年", "birthday": "1996-02-29"})
    assert [b.contact_name for b in svc.birthdays_today(s1, date(2027, 2, 28))] == ["闰年"]
    assert svc.birthdays_today(s1, date(2028, 2, 28)) == []


# --- lifecycle -------------------------------------------------------------------------------


def test_lost_customer_gets_a_win_back_suggestion(team, shop):
    m = team["manager"]
    assert svc.winback_suggestion(m, shop["K1"]) is None
    customer_svc.update_customer(m, shop["K1"], {"stage": "lost"})
    assert svc.lost_without_plan(m) == [(shop["K1"], "K1", "客户K1")]
    draft = svc.winback_suggestion(m, shop["K1"], now=NOW)
    assert draft["kind"] == "call" and "why they left" in draft["subject"]
    assert draft["due_at"] == datetime(2026, 3, 19, 9, 0)
    svc.plan_followup(m, draft)
    assert svc.winback_suggestion(m, shop["K1"]) is None
    assert svc.lost_without_plan(m) == []


def test_potential_customer_moves_to_prospective_when_asked(team, shop):
    s1 = team["sales1"]
    row = plan(s1, "K1", "2026-03-17 10:00")
    result = svc.complete_followup(s1, row.id, "有兴趣", done_at=NOW, move_to_prospective=True)
    assert result.stage_changed
    assert customer_svc.get_customer(s1, shop["K1"])["stage"] == "prospective"
    change = ChangeLog.get(ChangeLog.entity == "customer", ChangeLog.field == "stage")
    assert (change.old_value, change.new_value) == ("potential", "prospective")
    assert svc.move_to_prospective(s1, shop["K1"]) is False  # already prospective
    assert svc.move_to_prospective(s1, shop["K2"]) is True


@pytest.mark.sqlite_only
def test_cadence_answer_is_recomputed_after_any_write(team, shop, db_path):
    """Kept between calls, but a write here or by another program shows at once."""
    import sqlite3

    m = team["manager"]
    first = svc.cadence_overdue(m, NOW.date())
    assert svc.cadence_overdue(m, NOW.date()) == first
    row = plan(m, "K1", "2026-03-25")  # our own write
    assert "K1" not in [r.customer_code for r in svc.cadence_overdue(m, NOW.date())]
    other = sqlite3.connect(db_path)  # another program cancels it behind our back
    other.execute("UPDATE follow_up SET status = 'cancelled' WHERE id = ?", (row.id,))
    other.commit()
    other.close()
    assert "K1" in [r.customer_code for r in svc.cadence_overdue(m, NOW.date())]


def test_month_counts_leave_out_deleted_customers(team, shop):
    m = team["manager"]
    plan(m, "K1", "2026-03-02 09:00")
    plan(m, "K3", "2026-03-02 10:00")
    assert svc.month_counts(m, 2026, 3)[date(2026, 3, 2)].planned == 2
    customer_svc.delete_customer(m, shop["K3"])
    assert svc.month_counts(m, 2026, 3)[date(2026, 3, 2)].planned == 1
    assert len(svc.day_followups(m, date(2026, 3, 2))) == 1


def test_demo_data_has_each_cards_last_contact(admin):
    """The demo loader writes follow-ups in bulk; every card's last contact matches them."""
    from crm_desktop.demo import generate_demo

    generate_demo(admin, 40, seed=3, today=date(2026, 3, 18))
    done = FollowUp.select().where(FollowUp.status == "done")
    assert done.exists()
    for customer in Customer.select():
        assert customer.last_contact_at == svc.last_completed(customer.id), customer.code
    assert Customer.select().where(Customer.last_contact_at.is_null(False)).exists()
