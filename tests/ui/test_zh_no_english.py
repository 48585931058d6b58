"""The Chinese UI shows no English sentence and no internal key: every page, the menus,
the dialogs, the card and the lock, filled with demo data, read widget by widget."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from crm_desktop.demo.generator import generate_demo
from crm_desktop.models import Complaint, Customer, Opportunity, User
from crm_desktop.ui.translations import install_translations

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")
CHINESE = re.compile("[\u4e00-\u9fff]")
INTERNAL_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # state_owned, credit_limit
# what may be Latin in a Chinese UI: data the users typed or chose, not our texts
DATA = [
    re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$"),  # the audit log's times
    re.compile(r"^seed=\d+$"),  # the demo's audit detail
]
LANGUAGE_NAMES = {"English"}  # the language chooser names each language in itself


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    install_translations("zh_CN")
    QSettings().clear()
    yield
    install_translations("en")
    QSettings().clear()


@pytest.fixture
def demo(admin):
    """A demo team and 30 customers with their business."""
    generate_demo(admin, customers=30, seed=3)
    return admin


def _model_texts(view: QAbstractItemView, rows: int = 6) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    try:
        columns, count = model.columnCount(QModelIndex()), model.rowCount(QModelIndex())
    except TypeError:  # a list model that hides its parent argument
        columns, count = 1, model.rowCount()
    out = []
    for c in range(columns):
        header = model.headerData(c, Qt.Orientation.Horizontal)
        out.append(("header", str(header or "")))
        if "英文" in str(header or ""):  # a column for the English name of a label
            continue
        for r in range(min(count, rows)):
            out.append(("cell", str(model.data(model.index(r, c)) or "")))
    return out


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(kind, text) of what `root` shows: labels, buttons and their tips, group titles,
    tabs, combo items, placeholders, table headers and first rows, actions."""
    out: list[tuple[str, str]] = [("title", root.windowTitle())]
    out += [("label", w.text()) for w in root.findChildren(QLabel)]
    for button in root.findChildren(QAbstractButton):
        out += [("button", button.text()), ("tip", button.toolTip())]
    out += [("group", w.title()) for w in root.findChildren(QGroupBox)]
    for tabs in root.findChildren(QTabWidget):
        out += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    for combo in root.findChildren(QComboBox):
        out += [("combo", combo.itemText(i)) for i in range(combo.count())]
    out += [("placeholder", w.placeholderText()) for w in root.findChildren(QLineEdit)]
    for view in root.findChildren(QAbstractItemView):
        out += _model_texts(view)
    for action in root.findChildren(QAction):
        out += [("action", action.text()), ("tip", action.toolTip())]
    return out


def offenders(texts: list[tuple[str, str]]) -> list[str]:
    """Texts that are English only, or that carry an internal key, and are not data."""
    names = {u.username for u in User.select()} | {u.display_name or "" for u in User.select()}
    found = []
    for kind, text in texts:
        text = (text or "").strip()
        if not text or text in names or text in LANGUAGE_NAMES:
            continue
        if any(p.match(text) for p in DATA):
            continue
        english = LATIN_WORD.search(text) and not CHINESE.search(text)
        if english or INTERNAL_KEY.search(text):
            found.append(f"{kind}: {text[:80]}")
    return sorted(set(found))


def test_every_page_and_menu_is_chinese(qtbot, zh, demo):
    """Each page of the side bar, the menus, the tool bar and the status bar: no English."""
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(demo, "demo.db")
    qtbot.addWidget(window)
    window.show()
    window.session_lock.set_minutes(0)
    found = {}
    for key in window.page_keys():
        page = window.show_page(key)
        qtbot.wait(10)
        bad = offenders(widget_texts(page))
        if bad:
            found[key] = bad
    chrome = widget_texts(window.menuBar()) + widget_texts(window.statusBar())
    chrome += [("action", a.text()) for a in window.findChildren(QAction)]
    chrome += [("menu", m.title()) for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))]  # fmt: skip
    bad = offenders(chrome)
    if bad:
        found["window"] = bad
    assert found == {}


def _dialogs(window, admin):
    from crm_desktop.ui.admin_dialog import AdminDialog
    from crm_desktop.ui.backups_dialog import BackupsDialog
    from crm_desktop.ui.complaint_dialog import ComplaintDialog
    from crm_desktop.ui.complaint_settings_dialog import ComplaintSettingsDialog
    from crm_desktop.ui.credit_dialog import CreditRequestDialog
    from crm_desktop.ui.custom_fields_dialog import CustomFieldsDialog
    from crm_desktop.ui.followup_dialog import PlanDialog
    from crm_desktop.ui.idle_lock import UnlockDialog
    from crm_desktop.ui.log_contact_dialog import LogContactDialog
    from crm_desktop.ui.login_dialog import LoginDialog
    from crm_desktop.ui.opportunity_dialog import OpportunityDialog
    from crm_desktop.ui.settings_dialog import SettingsDialog
    from crm_desktop.ui.stages_dialog import StagesDialog

    customer = Customer.select().order_by(Customer.id).first().id
    complaint = Complaint.select().order_by(Complaint.id).first().id
    opportunity = Opportunity.select().order_by(Opportunity.id).first().id
    return {
        "settings": lambda: SettingsDialog(admin, window),
        "login": lambda: LoginDialog("demo.db"),
        "backups": lambda: BackupsDialog(admin, None, window),
        "admin": lambda: AdminDialog(admin, window),
        "plan": lambda: PlanDialog(admin, customer_id=customer, parent=window),
        "credit": lambda: CreditRequestDialog(admin, customer, window),
        "log contact": lambda: LogContactDialog(admin, customer, window),
        "new complaint": lambda: ComplaintDialog(admin, None, customer, window),
        "complaint": lambda: ComplaintDialog(admin, complaint, None, window),
        "opportunity": lambda: OpportunityDialog(admin, opportunity, parent=window),
        "stages": lambda: StagesDialog(admin, window),
        "custom fields": lambda: CustomFieldsDialog(admin, window),
        "complaint settings": lambda: ComplaintSettingsDialog(admin, window),
        "unlock": lambda: UnlockDialog(admin, window),
    }


def test_every_dialog_the_card_and_the_lock_are_chinese(qtbot, zh, demo):
    """Settings, login, backups, users and log, follow-up, credit, contact, complaint,
    opportunity, stages, custom fields, the unlock dialog and every tab of the card."""
    from crm_desktop.ui import customer_editor as ce
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(demo, "demo.db")
    qtbot.addWidget(window)
    window.session_lock.set_minutes(0)
    found = {}
    for name, make in _dialogs(window, demo).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        bad = offenders(widget_texts(dialog))
        if bad:
            found[name] = bad
        dialog.hide()
    card = ce.open_customer_editor(None, demo, Customer.select().first().id)
    try:
        card.ensure_all_tabs()
        texts = []
        for i in range(card.tabs.count()):
            card.tabs.setCurrentIndex(i)
            texts += widget_texts(card)
        bad = offenders(texts)
        if bad:
            found["card"] = bad
    finally:
        card._closing_ok = True
        card.close()
    window.lock_session()
    bad = offenders(widget_texts(window.session_lock.dialog) + widget_texts(window))
    if bad:
        found["lock"] = bad
    window.session_lock._restore()
    assert found == {}


def test_the_check_finds_english_and_keys(qtbot, zh, admin):
    """The check itself: an English label and an internal key in a Chinese one are found."""
    root = QWidget()
    qtbot.addWidget(root)
    QLabel("Customer name:", root)
    QLabel("组织型态：state_owned", root)
    QLabel("客户名称：", root)
    assert offenders(widget_texts(root)) == [
        "label: Customer name:",
        "label: 组织型态：state_owned",
    ]


def test_the_import_wizard_with_a_real_list_is_chinese(qtbot, zh, admin, tmp_path):
    """The wizard with a regional office's list loaded (title, instructions, a 必填/选填
    row, totals): its mapping, preview and counts read as Chinese, with Chinese commas,
    and the notes row is neither a first value nor a value to map."""
    from import_samples import write_titled_list

    from crm_desktop.ui.import_page import ImportPage

    page = ImportPage(admin)
    qtbot.addWidget(page)
    page.resize(1160, 680)
    assert page.load_file(write_titled_list(tmp_path / "华东区.xlsx"))
    assert offenders(widget_texts(page)) == []
    summary = page.preview_label.text()
    assert "，" in summary and ", " not in summary and "。 " not in summary
    assert summary.endswith("工作表约有 7 行。")  # the rows under the headers, not the title's
    mapping = page.mapping_model
    firsts = [mapping.index(r, 3).data() for r in range(mapping.rowCount())]
    assert firsts[1] == "杭州新华贸易有限公司" and "必填" not in firsts and "选填" not in firsts
