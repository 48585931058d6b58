"""Follow-ups page, dialogs, customer tab and reminders: what the service says, shown and saved."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont

from crm_desktop.models import Customer, FollowUp
from crm_desktop.services import customers as cs
from crm_desktop.services import followups as svc
from crm_desktop.ui.followup_dialog import (
    CompleteDialog,
    PlanDialog,
    RescheduleDialog,
    to_qdatetime,
)
from crm_desktop.ui.followups_page import FollowUpsPage, FollowUpTableModel, OwnerSummaryModel
from crm_desktop.ui.followups_tab import FollowUpsTab
from crm_desktop.ui.reminders import ReminderService

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def seeded(team):
    """K1 (sales1, class A, old, potential) with an overdue call, one today and one done;
    K2 (sales2) with one later this month; K3 (sales1, class B) out of cadence."""
    m = team["manager"]
    ids = {}
    for code, owner, cls in (("K1", "sales1", "A"), ("K2", "sales2", None), ("K3", "sales1", "B")):
        values = {"code": code, "name": f"客户{code}", "owner": owner}
        if cls:
            values["abc_class"] = cls
        ids[code] = cs.create_customer(m, values).id
    Customer.update(created_at=datetime.now() - timedelta(days=200)).execute()
    now = datetime.now().replace(second=0, microsecond=0)
    today = datetime.combine(date.today(), datetime.min.time())
    rows = {
        "late": svc.plan_followup(m, {"customer": "K1", "due_at": now - timedelta(days=1)}),
        "today": svc.plan_followup(
            m, {"customer": "K1", "kind": "visit", "due_at": today.replace(hour=23, minute=30)}
        ),
        "done": svc.plan_followup(m, {"customer": "K1", "due_at": today.replace(hour=8)}),
    }
    svc.complete_followup(m, rows["done"].id, "谈妥", done_at=now)
    rows["k2"] = svc.plan_followup(m, {"customer": "K2", "due_at": today.replace(hour=10)})
    return {"ids": ids, "rows": rows, "team": team}


def test_table_model_passes_modeltester_and_sorts(qtmodeltester, seeded):
    model = FollowUpTableModel()
    rows = svc.overdue(seeded["team"]["manager"])
    model.set_rows(rows, datetime.now())
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows) >= 2
    cadence = next(i for i, r in enumerate(rows) if r.is_cadence)
    index = model.index(cadence, 3)
    assert model.data(index) == "Cadence due"
    assert model.data(index, Qt.ItemDataRole.FontRole).italic()
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    model.sort(1, Qt.SortOrder.DescendingOrder)
    codes = [model.data(model.index(i, 1)) for i in range(model.rowCount())]
    assert codes == sorted(codes, reverse=True)
    qtmodeltester.check(model)


def test_owner_summary_model(qtmodeltester, seeded):
    model = OwnerSummaryModel()
    model.set_rows(svc.owner_summary(seeded["team"]["manager"]))
    qtmodeltester.check(model)
    names = [model.data(model.index(i, 0)) for i in range(model.rowCount())]
    assert set(names) == {"张伟", "王芳"}


def test_page_lists_and_calendar_marks(qtbot, seeded):
    manager = seeded["team"]["manager"]
    page = FollowUpsPage(manager)
    qtbot.addWidget(page)
    today = date.today()
    expected = svc.month_counts(manager, today.year, today.month)
    for day, count in expected.items():
        fmt = page.calendar.dateTextFormat(QDate(day.year, day.month, day.day))
        assert fmt.fontWeight() == QFont.Weight.Bold
        assert str(count.planned) in fmt.toolTip() and str(count.done) in fmt.toolTip()
    unmarked = next(
        d for d in (date(today.year, today.month, n) for n in range(1, 28)) if d not in expected
    )
    plain = page.calendar.dateTextFormat(QDate(unmarked.year, unmarked.month, unmarked.day))
    assert plain.fontWeight() != QFont.Weight.Bold
    # the chosen day (today) lists every status; the lists hold only planned ones
    page.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
    assert page.models["day"].rowCount() == len(svc.day_followups(manager, today))
    overdue_ids = [r.id for r in page.models["overdue"].rows]
    assert seeded["rows"]["late"].id in overdue_ids and None in overdue_ids  # a cadence row
    assert {r.id for r in page.models["today"].rows} >= {
        seeded["rows"]["today"].id,
        seeded["rows"]["k2"].id,
    }
    # the owner filter narrows every list
    page.owner_filter.setCurrentIndex(page.owner_filter.findData(seeded["team"]["sales2"].id))
    assert [r.customer_code for r in page.models["today"].rows] == ["K2"]
    assert all(r.owner_id == seeded["team"]["sales2"].id for r in page.models["overdue"].rows)


def test_salesperson_page_shows_only_own(qtbot, seeded):
    page = FollowUpsPage(seeded["team"]["sales2"])
    qtbot.addWidget(page)
    assert not page.owner_filter.isEnabled()
    assert {r.customer_code for r in page.models["today"].rows} == {"K2"}


def test_plan_dialog_shows_errors_at_their_fields(qtbot, seeded):
    manager = seeded["team"]["manager"]
    dialog = PlanDialog(manager, customer_id=seeded["ids"]["K2"])
    qtbot.addWidget(dialog)
    start = datetime.now().replace(second=0, microsecond=0) + timedelta(days=2)
    dialog.fields.due.setDateTime(to_qdatetime(start))
    dialog.fields.has_end.setChecked(True)
    dialog.fields.ends.setDateTime(to_qdatetime(start - timedelta(hours=1)))
    dialog.fields.repeat_unit.setCurrentIndex(dialog.fields.repeat_unit.findData("days"))
    dialog.fields.repeat_every.setValue(0)
    before = FollowUp.select().count()
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "before the start" in dialog.fields.errors.text("ends_at")
    assert "1 or more" in dialog.fields.errors.text("recurrence")
    assert dialog.fields.errors.text("due_at") == ""
    assert FollowUp.select().count() == before
    # fixed: saved, with the contact-less defaults
    dialog.fields.has_end.setChecked(False)
    dialog.fields.repeat_every.setValue(2)
    dialog.fields.subject.setText("每两天回访")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.result_row.recurrence == "days:2" and dialog.result_row.customer_code == "K2"
    assert dialog.fields.errors.text("ends_at") == ""


def test_plan_dialog_asks_about_a_past_due_time(qtbot, seeded):
    manager = seeded["team"]["manager"]
    dialog = PlanDialog(manager, customer_id=seeded["ids"]["K2"])
    qtbot.addWidget(dialog)
    asked = []
    dialog.confirm = lambda text: asked.append(text) or False
    dialog.fields.due.setDateTime(to_qdatetime(datetime.now() - timedelta(days=3)))
    before = FollowUp.select().count()
    dialog.save()
    assert len(asked) == 1 and "past" in asked[0]
    assert FollowUp.select().count() == before
    dialog.confirm = lambda text: True
    dialog.save()
    assert FollowUp.select().count() == before + 1


def test_plan_dialog_unknown_customer_named(qtbot, seeded):
    dialog = PlanDialog(seeded["team"]["manager"])
    qtbot.addWidget(dialog)
    dialog.fields.customer.setEditText("NOPE")
    dialog.save()
    assert "NOPE" in dialog.fields.errors.text("customer")


def test_complete_dialog_plans_next_and_promotes(qtbot, seeded):
    s1 = seeded["team"]["sales1"]
    row = svc.get_followup(s1, seeded["rows"]["late"].id)
    dialog = CompleteDialog(s1, row)
    qtbot.addWidget(dialog)
    assert dialog.plan_next.isChecked()
    assert not dialog.promote.isHidden()  # K1 is a potential customer
    suggested = svc.suggest_next(s1, row.id)
    shown = dialog.next_fields.values()["due_at"]
    assert abs(shown - suggested["due_at"]) <= timedelta(minutes=1)
    dialog.outcome.setPlainText("客户同意试单")
    dialog.promote.setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.completed.next is not None and dialog.completed.stage_changed
    assert svc.get_followup(s1, row.id).outcome == "客户同意试单"
    assert cs.get_customer(s1, seeded["ids"]["K1"])["stage"] == "prospective"


def test_reschedule_dialog_rejects_end_before_start(qtbot, seeded):
    manager = seeded["team"]["manager"]
    row = svc.get_followup(manager, seeded["rows"]["k2"].id)
    dialog = RescheduleDialog(manager, row)
    qtbot.addWidget(dialog)
    new_due = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    dialog.due.setDateTime(to_qdatetime(new_due))
    dialog.has_end.setChecked(True)
    dialog.ends.setDateTime(to_qdatetime(new_due - timedelta(minutes=30)))
    dialog.save()
    assert "before the start" in dialog.errors.text("ends_at")
    dialog.has_end.setChecked(False)
    dialog.owner.setCurrentIndex(dialog.owner.findData(seeded["team"]["sales1"].id))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = svc.get_followup(manager, row.id)
    assert saved.due_at == new_due and saved.owner_id == seeded["team"]["sales1"].id


def test_customer_tab_history_newest_first_and_winback(qtbot, qtmodeltester, seeded):
    manager = seeded["team"]["manager"]
    tab = FollowUpsTab(manager, seeded["ids"]["K1"])
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.model)
    dues = [r.due_at for r in tab.model.rows]
    assert len(dues) == 3 and dues == sorted(dues, reverse=True)
    assert "due" in tab.cadence_label.text()
    assert tab.winback.isHidden()
    cs.update_customer(manager, seeded["ids"]["K3"], {"stage": "lost"})
    lost = FollowUpsTab(manager, seeded["ids"]["K3"])
    qtbot.addWidget(lost)
    assert not lost.winback.isHidden()
    assert lost._winback["subject"].startswith("Win-back")


def test_reminders_emit_counts_and_announce_once(qtbot, seeded):
    """The reminder service emits the Today page's numbers and announces a due call once."""
    from crm_desktop.services import today as today_service

    s1 = seeded["team"]["sales1"]
    reminders = ReminderService(s1, interval_ms=60_000)
    announced = []
    reminders.announced.connect(lambda title, text: announced.append((title, text)))
    with qtbot.waitSignal(reminders.countsChanged) as blocker:
        reminders.start()
    counts = blocker.args[0]
    # K1's late call and K3 out of cadence; K1's call tonight is due today
    assert counts["overdue"] == 2 and counts["due_today"] == 1
    assert counts == today_service.counts(s1)
    assert len(announced) == 1 and "客户K1" in announced[0][1]
    reminders.check()
    assert len(announced) == 1  # nothing new the same day
    assert reminders.timer.isActive()
    reminders.stop()
