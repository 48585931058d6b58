"""The Complaints page, the complaint dialog, the card's tab and the flags, on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pytestqt.modeltest import ModelTester

from crm_desktop.models import Complaint, ComplaintAttachment
from crm_desktop.services import complaints, credit
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.complaint_dialog import ComplaintDialog
from crm_desktop.ui.complaint_table_model import COLUMNS, ComplaintTableModel
from crm_desktop.ui.complaints_page import ComplaintsPage
from crm_desktop.ui.complaints_tab import ComplaintFlagLabel, ComplaintsTab, flag_text
from crm_desktop.ui.credit_dialog import CreditRequestDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def world(team):
    """sales1's customer with an urgent overdue complaint and a normal one; sales2's with one."""
    c1 = create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    c2 = create_customer(team["sales2"], {"name": "浦东贸易", "code": "C2"})
    past = datetime.now() - timedelta(days=3)
    urgent = complaints.add_complaint(
        team["sales1"],
        {"customer": c1.id, "subject": "整批货受潮", "severity": "urgent", "received_at": past},
    )
    normal = complaints.add_complaint(team["sales1"], {"customer": c1.id, "subject": "发票抬头错"})
    other = complaints.add_complaint(team["sales2"], {"customer": c2.id, "subject": "送货晚"})
    return {"c1": c1.id, "c2": c2.id, "urgent": urgent.id, "normal": normal.id, "other": other.id}


def test_model_passes_the_qt_model_checks_and_fetches_rows_lazily(qtbot, team, world):
    """The model shows labels, marks the overdue one, and reads rows only for the ones painted."""
    asked: list[list[int]] = []

    def rows(actor, ids):
        asked.append(list(ids))
        return complaints.complaint_rows(actor, ids)

    model = ComplaintTableModel(team["manager"], fetch_rows=rows)
    model.reload()
    assert asked == []
    ModelTester(qtbot).check(model)
    assert model.rowCount() == 3 and model.id_at(0) == world["urgent"]
    status = model.index(0, COLUMNS.index("status")).data()
    assert status == "Overdue" and model.index(0, COLUMNS.index("severity")).data() == "Urgent"


def test_page_lists_own_complaints_by_due_time_and_filters(qtbot, team, world):
    """A salesperson's page lists their two open complaints, overdue first; filters narrow it."""
    page = ComplaintsPage(team["sales1"])
    qtbot.addWidget(page)
    assert page.model.ids() == [world["urgent"], world["normal"]]
    qtbot.waitUntil(lambda: page.count_label.text() != "")
    assert page.count_label.text() == "2 complaint(s), 1 overdue"
    page.severity_box.setCurrentIndex(page.severity_box.findData("normal"))
    assert page.model.ids() == [world["normal"]]
    page.severity_box.setCurrentIndex(0)
    page.show_box.setCurrentIndex(page.show_box.findData("overdue"))
    assert page.model.ids() == [world["urgent"]]
    complaints.start_complaint(team["sales1"], world["normal"])
    page.show_box.setCurrentIndex(page.show_box.findData("unresolved"))
    assert page.model.ids() == [world["urgent"], world["normal"]]  # received and in progress
    page.show_box.setCurrentIndex(page.show_box.findData("open"))
    assert page.model.ids() == [world["urgent"]]  # 已受理 only
    manager = ComplaintsPage(team["manager"])
    qtbot.addWidget(manager)
    assert len(manager.model.ids()) == 3


def test_page_exports_the_filtered_list(qtbot, team, world, tmp_path):
    """Export runs in the background and writes the rows on screen."""
    page = ComplaintsPage(team["manager"])
    qtbot.addWidget(page)
    out = tmp_path / "c.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=10_000) as told:
        page.export_current(str(out))
    assert out.exists() and "3" in told.args[0]


def test_dialog_records_a_new_complaint_for_the_card(qtbot, team, world):
    """From the card: the customer is set; saving records it with the due time from the severity."""
    dialog = ComplaintDialog(team["sales1"], None, world["c1"])
    qtbot.addWidget(dialog)
    assert dialog.customer_label.text() == "华科商贸"
    assert not dialog.tabs.isTabEnabled(dialog.handling_index)
    dialog.subject.setText("包装破损")
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    with qtbot.waitSignal(dialog.changed):
        assert dialog.save()
    row = Complaint.get_by_id(dialog.complaint_id)
    assert (row.subject, row.severity, row.handled_by_id) == ("包装破损", "high", team["sales1"].id)
    assert row.due_at == row.received_at + timedelta(hours=72)
    assert dialog.tabs.isTabEnabled(dialog.handling_index)


def test_dialog_takes_the_complaint_along_its_path(qtbot, team, world, tmp_path):
    """Start, refuse to confirm before resolving, resolve, confirm; the timeline shows each step."""
    dialog = ComplaintDialog(team["sales1"], world["normal"])
    qtbot.addWidget(dialog)
    assert dialog.start()
    assert not dialog.confirm_button.isEnabled()
    assert not dialog.resolve()  # no resolution typed: refused, shown, nothing written
    assert "Resolution" in dialog.error.text()
    assert Complaint.get_by_id(world["normal"]).status == "processing"
    dialog.resolution.setPlainText("重开发票并快递")
    assert dialog.resolve()
    dialog.satisfaction.setValue(5)
    assert dialog.confirm()
    row = Complaint.get_by_id(world["normal"])
    assert (row.status, row.satisfaction) == ("confirmed", 5)
    texts = [
        dialog.timeline.topLevelItem(i).text(2) for i in range(dialog.timeline.topLevelItemCount())
    ]
    assert texts[0] == "Complaint received"
    assert "Status: Resolved → Confirmed" in texts
    assert not dialog.save_button.isEnabled()


def test_dialog_refuses_an_attachment_over_20_mb(qtbot, team, world, tmp_path):
    """A file over 20 MB: the message shows in the dialog, no attachment is recorded."""
    big = tmp_path / "video.mp4"
    with open(big, "wb") as fh:
        fh.truncate(complaints.MAX_BYTES + 1)
    dialog = ComplaintDialog(team["sales1"], world["urgent"])
    qtbot.addWidget(dialog)
    assert not dialog.add_attachment(str(big))
    assert "20 MB" in dialog.error.text()
    assert ComplaintAttachment.select().count() == 0
    small = tmp_path / "letter.txt"
    small.write_text("投诉信", encoding="utf-8")
    assert dialog.add_attachment(str(small))
    assert dialog.attachment_list.count() == 1


def test_card_tab_and_credit_dialog_flag_an_unresolved_serious_complaint(qtbot, team, world):
    """The credit dialog flags an unresolved serious complaint; once resolved, the flag goes."""
    tab = ComplaintsTab(team["sales1"], world["c1"])
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 2
    assert "整批货受潮" in flag_text(team["sales1"], world["c1"])
    dialog = CreditRequestDialog(team["sales1"], world["c1"])
    qtbot.addWidget(dialog)
    (flag,) = dialog.findChildren(ComplaintFlagLabel)
    assert not flag.isHidden() and "整批货受潮" in flag.text()
    complaints.resolve_complaint(team["sales1"], world["urgent"], "已退货")
    flag.set_customer(world["c1"])
    assert flag.isHidden() and flag_text(team["sales1"], world["c1"]) == ""
    assert credit.pending_count(team["sales1"]) == 0


def test_card_header_flags_the_customer_and_has_a_complaints_tab(qtbot, team, world):
    """Opening the card shows the flag under its header and a Complaints tab."""
    from crm_desktop.ui.customer_editor import CustomerEditor

    editor = CustomerEditor(team["sales1"], world["c1"])
    qtbot.addWidget(editor)
    assert not editor.complaint_flag.isHidden() and "整批货受潮" in editor.complaint_flag.text()
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert "Complaints" in titles
    other = CustomerEditor(team["sales2"], world["c2"])
    qtbot.addWidget(other)
    assert other.complaint_flag.isHidden()


def test_reminders_announce_and_set_the_badge(qtbot, team, world):
    """The poller announces sales1's overdue complaint once and sets the page's badge."""
    from crm_desktop.ui.complaint_reminders import ComplaintReminders
    from crm_desktop.ui.main_window import MainWindow

    win = MainWindow(team["sales1"])
    qtbot.addWidget(win)
    reminders = ComplaintReminders(team["sales1"], win)
    reminders.overdueChanged.connect(lambda n: win.set_badge("complaints", n))
    with qtbot.waitSignal(reminders.announced) as told:
        reminders.check()
    title, text = told.args
    assert title == "Complaints due" and "整批货受潮" in text
    assert win.badge("complaints") == 1
    assert reminders.check() == []


def test_winback_suggestion_of_a_lost_customer_names_their_complaints(qtbot, team, world):
    """A lost customer's win-back suggestion says what they complained about."""
    from crm_desktop.services.customers import update_customer
    from crm_desktop.ui.followups_tab import FollowUpsTab

    update_customer(team["admin"], world["c1"], {"stage": "lost"})
    tab = FollowUpsTab(team["sales1"], world["c1"])
    qtbot.addWidget(tab)
    assert not tab.winback.isHidden()
    text = tab.winback_label.text()
    assert "They complained 2 time(s)" in text and "整批货受潮 (Received)" in text


def test_settings_change_due_hours_and_add_a_category(qtbot, team, world):
    """The general manager sets 一般 to 48 hours and adds a category; new complaints follow."""
    from crm_desktop.ui.complaint_settings_dialog import ComplaintSettingsDialog

    dialog = ComplaintSettingsDialog(team["admin"])
    qtbot.addWidget(dialog)
    dialog.hours["normal"].setValue(48)
    dialog.categories.setPlainText("包装\n")
    assert dialog.save()
    assert complaints.due_hours()["normal"] == 48 and complaints.categories()[-1] == "包装"
    page = ComplaintsPage(team["sales1"])
    qtbot.addWidget(page)
    assert page.settings_button.isHidden()
    assert page.category_box.findData("包装") > 0
