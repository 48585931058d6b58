"""The customer card editor: validation at the field, dirty tracking, save, close, delete, contacts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from crm_desktop.errors import NotFound
from crm_desktop.models import ChangeLog
from crm_desktop.services import customers as cs
from crm_desktop.services.fields import CREDIT_FIELDS
from crm_desktop.ui import customer_editor as ce
from crm_desktop.ui.contacts_tab import ContactsModel
from crm_desktop.ui.customer_editor_tabs import EXTRA_TABS, ExtraTab
from crm_desktop.ui.history_tab import HistoryModel

# the offscreen platform cannot raise windows or pass size hints; that is not our warning
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def customer(team):
    return cs.create_customer(
        team["admin"],
        {
            "name": "杭州西湖电子",
            "phone": "0571-1234",
            "owner": team["sales1"].id,
            "stage": "current",
            "payment_terms": "prepaid",
            "credit_limit": "50000",
            "registered_capital": "5000000",
        },
    )


@pytest.fixture
def answer(monkeypatch):
    """Patch QMessageBox.question to answer with the given button and record what was asked."""
    asked: list[str] = []
    state = {"button": QMessageBox.StandardButton.Cancel}

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return state["button"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    def set_answer(button):
        state["button"] = button
        return asked

    return set_answer


@pytest.fixture
def open_editor(qtbot):
    editors = []

    def make(actor, customer_id):
        editor = ce.open_customer_editor(None, actor, customer_id)
        editors.append(editor)
        return editor

    yield make
    for editor in ce.open_editors():
        editor._closing_ok = True
        editor.close()


def type_into(editor, name: str, text: str) -> None:
    widget = editor.field(name).input
    if hasattr(widget, "setPlainText"):
        widget.setPlainText(text)
    else:
        widget.setText(text)


def test_opening_twice_raises_the_same_window(team, customer, open_editor):
    """One window per customer: opening an open card returns that window."""
    first = open_editor(team["admin"], customer.id)
    assert open_editor(team["admin"], customer.id) is first
    assert first.title_label.text() == "杭州西湖电子"
    assert first.field("registered_capital").input.text() == "5,000,000.00"


def test_tabs_follow_the_paper(team, customer, open_editor):
    """The six tabs of the card, in the order of the paper form."""
    editor = open_editor(team["admin"], customer.id)
    titles = [editor.tabs.tabText(i) for i in range(6)]  # registered extra tabs follow
    assert titles == [
        "Basic data",
        "Organization and operations",
        "Payment and credit",
        "Profile card",
        "Contacts",
        "History",
    ]


def test_wrong_date_shows_at_the_field_and_saves_nothing(team, customer, open_editor):
    """A date that does not exist is explained under the field, on its tab; nothing is written."""
    editor = open_editor(team["admin"], customer.id)
    changes_before = ChangeLog.select().count()
    type_into(editor, "phone", "0571-9999")
    type_into(editor, "founded", "2019-02-30")
    assert editor.save() is False
    founded = editor.field("founded")
    assert "not a real date" in founded.error()
    assert founded.error_label.isVisible()
    assert founded.input.styleSheet()  # the red border
    assert editor.tabs.currentIndex() == editor.field_tab["founded"]
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "Organization and operations"
    assert ChangeLog.select().count() == changes_before
    assert cs.get_customer(team["admin"], customer.id).values["phone"] == "0571-1234"
    # fixing the field clears its message and the save goes through
    type_into(editor, "founded", "2019年3月5日")
    assert founded.error() == ""
    assert editor.save() is True
    assert cs.get_customer(team["admin"], customer.id).values["founded"] == date(2019, 3, 5)


def test_save_is_disabled_until_something_changes(team, customer, open_editor):
    """Save starts disabled, turns on with a change and off again when the change is undone."""
    editor = open_editor(team["admin"], customer.id)
    assert not editor.save_button.isEnabled()
    assert not editor.save_action.isEnabled()
    type_into(editor, "phone", "0571-5555")
    assert editor.save_button.isEnabled() and editor.isWindowModified()
    type_into(editor, "phone", "0571-1234")
    assert not editor.save_button.isEnabled()
    # a number typed differently but equal is no change either
    type_into(editor, "registered_capital", "5000000")
    assert not editor.save_button.isEnabled()
    editor.field("stage").input.setCurrentIndex(editor.field("stage").input.findData("lost"))
    assert editor.save_button.isEnabled()
    editor.revert()
    assert not editor.save_button.isEnabled()
    assert editor.field("stage").value() == "current"


def test_save_writes_the_change_history(team, customer, open_editor, qtbot):
    """Saving sends only the changed fields; the history tab shows who changed what from what."""
    editor = open_editor(team["admin"], customer.id)
    type_into(editor, "phone", "0571-8888")
    editor.field("invoice_type").input.setCurrentIndex(
        editor.field("invoice_type").input.findData("vat")
    )
    with qtbot.waitActive(editor):
        editor.activateWindow()
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(
            editor.field("phone").input, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    assert saved.args == [customer.id], editor.status_label.text()
    rows = {
        (c.field, c.old_value, c.new_value)
        for c in ChangeLog.select().where(
            ChangeLog.entity == "customer", ChangeLog.field != "created"
        )
    }
    assert rows == {("phone", "0571-1234", "0571-8888"), ("invoice_type", None, "vat")}
    assert not editor.save_button.isEnabled()
    editor.tabs.setCurrentIndex(editor.history_index)
    lines = [(r.what, r.old, r.new) for r in editor.history_tab.model.rows]
    assert ("Phone", "0571-1234", "0571-8888") in lines
    assert ("Invoice type", "—", "VAT invoice") in lines  # the label, not the code
    assert lines[-1][0] == "Created"


def test_close_with_unsaved_changes_asks(team, customer, open_editor, answer):
    """Closing a changed card asks: Cancel keeps it open, Discard drops, Save saves."""
    editor = open_editor(team["admin"], customer.id)
    type_into(editor, "phone", "111")
    asked = answer(QMessageBox.StandardButton.Cancel)
    assert editor.close() is False
    assert len(asked) == 1 and customer.id in ce._OPEN
    answer(QMessageBox.StandardButton.Save)
    assert editor.close() is True
    assert cs.get_customer(team["admin"], customer.id).values["phone"] == "111"
    assert customer.id not in ce._OPEN
    editor = open_editor(team["admin"], customer.id)
    type_into(editor, "phone", "222")
    answer(QMessageBox.StandardButton.Discard)
    assert editor.close() is True
    assert cs.get_customer(team["admin"], customer.id).values["phone"] == "111"


def test_close_all_editors_stops_at_cancel(team, customer, open_editor, answer):
    """The main window closes every card, and stops when the user cancels one."""
    other = cs.create_customer(team["admin"], {"name": "乙"})
    changed = open_editor(team["admin"], customer.id)
    open_editor(team["admin"], other.id)
    type_into(changed, "phone", "333")
    answer(QMessageBox.StandardButton.Cancel)
    assert ce.close_all_editors() is False
    assert customer.id in ce._OPEN
    answer(QMessageBox.StandardButton.Discard)
    assert ce.close_all_editors() is True
    assert ce.open_editors() == []


def test_close_without_changes_does_not_ask(team, customer, open_editor, answer):
    editor = open_editor(team["admin"], customer.id)
    asked = answer(QMessageBox.StandardButton.Cancel)
    assert editor.close() is True
    assert asked == []


def test_delete_asks_and_can_be_undone(team, customer, open_editor, answer, qtbot):
    """Delete asks; a deleted card shows a banner whose Undo restores it."""
    editor = open_editor(team["admin"], customer.id)
    answer(QMessageBox.StandardButton.No)
    editor.delete_customer()
    assert cs.get_customer(team["admin"], customer.id).id == customer.id
    answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.deleted):
        editor.delete_customer()
    with pytest.raises(NotFound):
        cs.get_customer(team["admin"], customer.id)
    assert not editor.banner.isHidden()
    assert editor.field("name").read_only
    assert not editor.delete_button.isEnabled()
    with qtbot.waitSignal(editor.restored):
        qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert cs.get_customer(team["admin"], customer.id).deleted_at is None
    assert editor.banner.isHidden()
    assert not editor.field("name").read_only


def test_credit_fields_read_only_for_a_salesperson(team, customer, open_editor):
    """Fields only an approved credit request may change cannot be edited by a salesperson."""
    editor = open_editor(team["sales1"], customer.id)
    for name in CREDIT_FIELDS:
        assert editor.field(name).read_only, name
    assert editor.field("owner").read_only
    assert not editor.field("remarks").read_only
    assert "Administrator" in editor.approval_label.text()
    assert "approved by the general manager" in editor.credit_note.text()


def test_general_manager_edits_credit_directly(team, customer, open_editor):
    """With credit.edit_direct the fields are open and saving records the approval."""
    editor = open_editor(team["admin"], customer.id)
    assert not editor.field("credit_limit").read_only
    type_into(editor, "credit_limit", "80,000")
    assert editor.save()
    card = cs.get_customer(team["admin"], customer.id)
    assert card.values["credit_limit"] == Decimal("80000.00")
    assert editor.field("credit_limit").input.text() == "80,000.00"


def test_new_customer(team, open_editor):
    """A new card: Save once the name is typed; afterwards it is that customer's window."""
    editor = open_editor(team["manager"], None)
    assert editor.title_label.text() == "New customer"
    assert not editor.save_button.isEnabled()
    assert not editor.tabs.isTabEnabled(editor.history_index)
    type_into(editor, "founded", "not a date")
    assert editor.save() is False
    assert editor.field("name").error() == "Required"
    type_into(editor, "name", "新客户有限公司")
    type_into(editor, "founded", "2020-01-02")
    assert editor.save()
    assert editor.card is not None and ce._OPEN[editor.card.id] is editor
    assert editor.card.values["code"].startswith("C")
    assert editor.card.owner_id == team["manager"].id
    assert editor.tabs.isTabEnabled(editor.history_index)


def test_conflict_is_told_plainly(team, customer, open_editor, monkeypatch):
    """Someone else saved first: the save is refused with a plain message, nothing overwritten."""
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    editor = open_editor(team["admin"], customer.id)
    cs.update_customer(team["manager"], customer.id, {"phone": "from-manager"})
    type_into(editor, "phone", "from-editor")
    assert editor.save() is False
    assert shown and "changed by someone else" in shown[0]
    assert cs.get_customer(team["admin"], customer.id).values["phone"] == "from-manager"


def test_contacts_add_edit_delete(team, customer, open_editor, answer):
    """Contacts are added, changed and deleted from the card; errors show at their field."""
    editor = open_editor(team["admin"], customer.id)
    tab = editor.contacts_tab
    editor.tabs.setCurrentIndex(editor.contacts_index)
    assert tab.current is None  # no contacts yet: a blank form
    tab.editors["name"].input.setText("王晓燕")
    tab.editors["birthday"].input.setText("2999-01-01")
    assert tab.save_current() is False
    assert "future" in tab.editors["birthday"].error()
    tab.editors["birthday"].input.setText("1986-12-02")
    tab.editors["hobbies"].input.setPlainText("爬山")
    assert tab.save_current()
    contacts = cs.list_contacts(team["admin"], customer.id)
    assert [(c.values["name"], c.values["birthday"]) for c in contacts] == [
        ("王晓燕", date(1986, 12, 2))
    ]
    assert editor.tabs.tabText(editor.contacts_index) == "Contacts (1)"
    assert tab.current is not None and tab.current.id == contacts[0].id
    tab.editors["title"].input.setText("采购经理")
    assert tab.save_button.isEnabled()
    assert tab.save_current()
    assert cs.list_contacts(team["admin"], customer.id)[0].values["title"] == "采购经理"
    tab.new_contact()
    tab.editors["name"].input.setText("陈建国")
    assert tab.save_current()
    assert tab.model.rowCount() == 2
    answer(QMessageBox.StandardButton.Yes)
    tab.select(contacts[0].id)
    tab.delete_current()
    assert [c.values["name"] for c in cs.list_contacts(team["admin"], customer.id)] == ["陈建国"]
    editor.tabs.setCurrentIndex(editor.history_index)
    whats = [r.what for r in editor.history_tab.model.rows]
    assert "Contact 陈建国 · Created" in whats
    assert f"Contact #{contacts[0].id} · Title" in whats  # a deleted contact is named by id


def test_unsaved_contact_counts_as_unsaved(team, customer, open_editor, answer):
    editor = open_editor(team["admin"], customer.id)
    editor.contacts_tab.editors["name"].input.setText("李四")
    assert editor.is_dirty()
    answer(QMessageBox.StandardButton.Save)
    assert editor.close()
    assert [c.values["name"] for c in cs.list_contacts(team["admin"], customer.id)] == ["李四"]


def test_extra_tabs_and_add_tab(team, customer, open_editor, monkeypatch):
    """Tabs registered in EXTRA_TABS appear on saved cards; add_tab adds one later."""
    made = []

    def factory(actor, customer_id, parent):
        made.append((actor.username, customer_id))
        return QLabel("follow-ups here", parent)

    monkeypatch.setattr(
        "crm_desktop.ui.customer_editor.EXTRA_TABS",
        [*EXTRA_TABS, ExtraTab(lambda: "Follow-ups", factory)],
    )
    editor = open_editor(team["admin"], customer.id)
    last = editor.tabs.count() - 1
    assert editor.tabs.tabText(last) == "Follow-ups"
    assert made == []  # built only when first shown
    editor.tabs.setCurrentIndex(last)
    assert made == [("admin", customer.id)]
    assert editor.extra_tabs[-1].text() == "follow-ups here"
    index = editor.add_tab(QLabel("sales"), "Sales")
    assert editor.tabs.tabText(index) == "Sales"


def test_models_pass_the_model_tester(team, customer, open_editor, qtmodeltester):
    """The contacts list and the history timeline are proper Qt item models."""
    admin = team["admin"]
    cs.add_contact(admin, customer.id, {"name": "甲", "birthday": "1980-01-01", "is_primary": True})
    cs.add_contact(admin, customer.id, {"name": "乙", "role": "finance"})
    cs.update_customer(admin, customer.id, {"phone": "1", "stage": "lost"})
    editor = open_editor(admin, customer.id)
    assert isinstance(editor.contacts_tab.model, ContactsModel)
    qtmodeltester.check(editor.contacts_tab.model)
    editor.history_tab.refresh()
    assert isinstance(editor.history_tab.model, HistoryModel)
    assert editor.history_tab.model.rowCount() >= 4
    qtmodeltester.check(editor.history_tab.model)
    empty = ContactsModel()
    qtmodeltester.check(empty)


@pytest.mark.parametrize(
    ("raw", "english", "chinese"),
    [
        ("2019-02-30", "'2019-02-30' is not a real date", "“2019-02-30”不是真实存在的日期"),
        ("", "Required", "必填"),
        ("03/05/2019", "'03/05/2019' is ambiguous: day and month could be either way; use "
         "YYYY-MM-DD", "“03/05/2019”有歧义：日和月可能颠倒，请按 年-月-日 填写（如 2024-03-05）"),
    ],
)  # fmt: skip
def test_field_messages_in_the_ui_language(qapp, monkeypatch, raw, english, chinese):
    """A service's message is shown at its field without the field's label, in the UI's language."""
    from crm_desktop.messages import msg
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
    from crm_desktop.services.validation import field_error, parse_date
    from crm_desktop.ui.field_widgets import field_message, message_text

    spec = CUSTOMER_FIELD_MAP["founded"]
    try:
        problem = parse_date(raw) or msg("validation.required")
    except ValueError as exc:
        problem = exc
    message = field_error(spec, problem)
    assert field_message(message) == english
    assert message_text(message).startswith("Founded: ")
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    assert field_message(message) == chinese
    assert message_text(message).startswith("成立时间：“" if raw else "成立时间：必须填写")


def test_contacts_list_labels_its_number_column_for_the_phone_it_falls_back_to(
    team, customer, open_editor
):
    """A contact without a mobile shows the phone: the column says 手机/电话 (Mobile/phone)
    and the cell's tooltip says it is the phone."""
    admin = team["admin"]
    cs.add_contact(admin, customer.id, {"name": "甲", "phone": "0571-88886666"})
    editor = open_editor(admin, customer.id)
    model = editor.contacts_tab.model
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Mobile/phone"
    cell = model.index(0, 2)
    assert cell.data() == "0571-88886666"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "No mobile: this is the phone"


def test_remarks_box_takes_the_free_height_of_its_tab(team, customer, open_editor):
    editor = open_editor(team["admin"], customer.id)
    box = editor.field("remarks").input
    assert box.maximumHeight() > 10_000
