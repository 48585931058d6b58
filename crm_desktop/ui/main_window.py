"""The main window: a side bar of pages, menus, shortcuts and a status bar.

Pages come from the registry in `ui/pages.py` and are built when first shown, so
start-up pays only for the page that opens first.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import __version__
from crm_desktop.messages import render
from crm_desktop.services.auth import Actor
from crm_desktop.ui import pages as page_registry
from crm_desktop.ui.sizing import fit_restored, fit_to_screen, usable_size

log = logging.getLogger(__name__)

SETTINGS_GEOMETRY = "main/geometry"
SETTINGS_STATE = "main/state"
SETTINGS_SPLITTER = "main/splitter"
SETTINGS_PAGE = "main/page"
SETTINGS_WELCOME_DISMISSED = "welcome/started_empty"
WELCOME_PAGES = ("today", "customers")


def _tooltip(action: QAction) -> str:
    """An action's name without its mnemonic, with its shortcut: 新建客户 (Ctrl+N)."""
    text = action.text().replace("&", "")
    text = re.sub(r"\([A-Za-z]\)", "", text).strip()  # the Chinese mnemonic: 新建客户(N)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({keys})" if keys else text


class MainWindow(QMainWindow):
    """The application window.

    Signals: `languageChangeRequested(str)`: Settings chose another language; the
    application rebuilds the window in it. `userSwitched(Actor)`: another account logged
    in at the session lock; the application starts a session for it.
    """

    languageChangeRequested = Signal(str)
    userSwitched = Signal(object)

    def __init__(self, actor: Actor, database: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.actor = actor
        self.database = database
        self.setWindowTitle(self.tr("crm-desktop") + (f" — {database}" if database else ""))
        self._pages: dict[str, QWidget] = {}
        self._badges: dict[str, int] = {}
        self._entries = page_registry.visible_pages(actor)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(2)
        self.sidebar.setMinimumWidth(120)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { outline: 0; font-size: 11pt; }"
            "QListWidget#sidebar::item { padding: 8px 12px; }"
        )
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        for key, title, _factory in self._entries:
            item = QListWidgetItem(page_registry.page_title(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
            holder = QWidget()
            holder.setObjectName(f"holder_{key}")
            self.stack.addWidget(holder)
        self.sidebar.currentRowChanged.connect(self._show_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.content = QWidget()
        self.content.setObjectName("pageArea")
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        self.welcome = self._make_welcome()
        if self.welcome is not None:
            content_layout.addWidget(self.welcome)
        content_layout.addWidget(self.stack, 1)
        self.splitter.addWidget(self.content)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([150, 1050])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._restore_state()
        self._update_actions()
        self._start_session_lock()
        from crm_desktop.ui.pool_page import start_pool_job  # 公海 rules: at start, then daily

        self.pool_job = start_pool_job(self, actor)

    # --- building -----------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            self.tr("&New customer"), self.new_customer, QKeySequence.StandardKey.New, "actionNew"
        )
        self.print_action = self._action(
            self.tr("&Print…"), self.print_current, QKeySequence.StandardKey.Print, "actionPrint"
        )
        self.export_action = self._action(
            self.tr("&Export to Excel…"), self.export_current, None, "actionExport"
        )
        self.export_action.setEnabled(self.actor.can("export.bulk"))
        self.plan_action = self._action(
            self.tr("&Plan follow-up…"), self.plan_followup, "Ctrl+Shift+F", "actionPlanFollowUp"
        )
        self.import_action = self._action(
            self.tr("&Import customers…"), lambda: self.show_page("import"), None, "actionImport"
        )
        self.import_action.setEnabled(self.actor.can("import"))
        self.settings_action = self._action(
            self.tr("&Settings…"), self.open_settings, "Ctrl+,", "actionSettings"
        )
        self.lock_action = self._action(
            render("session.lock_action"), lambda: self.lock_session(), "Ctrl+Shift+L", "actionLock"
        )
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "actionQuit"
        )
        self.find_action = self._action(
            self.tr("&Find customer"),
            self.focus_search,
            QKeySequence.StandardKey.Find,
            "actionFind",
        )
        self.undo_action = self._action(
            self.tr("&Undo delete"), self.undo_delete, QKeySequence.StandardKey.Undo, "actionUndo"
        )
        self.delete_action = self._action(
            self.tr("&Delete customer…"), self.delete_selected, None, "actionDelete"
        )
        self.refresh_action = self._action(
            self.tr("&Refresh"),
            self.refresh_current,
            QKeySequence.StandardKey.Refresh,
            "actionRefresh",
        )
        self.sidebar_action = self._action(
            self.tr("Show &side bar"), self._toggle_sidebar, None, "actionSidebar"
        )
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.about_action = self._action(
            self.tr("&About crm-desktop"), self.about, None, "actionAbout"
        )
        self.about_qt_action = self._action(
            self.tr("About &Qt"), QApplication.aboutQt, None, "actionAboutQt"
        )
        self.page_actions: list[QAction] = []
        for number, (key, title, _f) in enumerate(self._entries):
            action = self._action(
                page_registry.page_title(title),
                lambda _c=False, k=key: self.show_page(k),
                f"Ctrl+{number + 1}" if number < 9 else None,
                f"actionPage_{key}",
            )
            self.page_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("menuFile")
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        file_menu.addAction(self.plan_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.setObjectName("menuEdit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.delete_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.setObjectName("menuView")
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.sidebar_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("menuHelp")
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)
        for menu in (edit_menu,):
            menu.aboutToShow.connect(self._update_actions)

    def _build_toolbar(self) -> None:
        """The everyday actions as icon buttons with their names (icons: ui/icons.py)."""
        from crm_desktop.ui.icons import icon

        bar = self.addToolBar(self.tr("Toolbar"))
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        icons = (
            (self.new_action, "new-customer"),
            (self.plan_action, "plan-followup"),
            (self.print_action, "print"),
            (self.export_action, "export"),
            (self.import_action, "import"),
            (self.find_action, "find"),
        )
        for action, name in icons:
            action.setIcon(icon(name))
            action.setToolTip(_tooltip(action))
            bar.addAction(action)
            if action is self.plan_action:
                bar.addSeparator()
        self.toolbar = bar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.database_label = QLabel(self.tr("Database: %1").replace("%1", self.database))
        self.database_label.setObjectName("statusDatabase")
        self.database_label.setToolTip(self.database)
        self.user_label = QLabel(self.tr("User: %1").replace("%1", self.actor.name))
        self.user_label.setObjectName("statusUser")
        self.role_label = QLabel(self.tr("Role: %1").replace("%1", self.role_name(self.actor.role)))
        self.role_label.setObjectName("statusRole")
        for label in (self.database_label, self.user_label, self.role_label):
            status.addPermanentWidget(label)

    def role_name(self, role: str) -> str:
        return {
            "gm": self.tr("General manager"),
            "sales_manager": self.tr("Sales manager"),
            "salesperson": self.tr("Salesperson"),
        }.get(role, role)

    # --- first run ----------------------------------------------------------------

    def _make_welcome(self):
        """The welcome panel while the database has no customers and the user has not
        chosen to start empty (remembered per database)."""
        from crm_desktop.ui.welcome import WelcomePanel, database_is_empty

        dismissed = QSettings().value(SETTINGS_WELCOME_DISMISSED) or []
        if isinstance(dismissed, str):
            dismissed = [dismissed]
        if self.database in dismissed or not database_is_empty():
            return None
        panel = WelcomePanel(self.actor)
        panel.importRequested.connect(lambda: self.show_page("import"))
        panel.demoLoaded.connect(self._demo_loaded)
        panel.closed.connect(self._welcome_dismissed)
        return panel

    def _update_welcome(self) -> None:
        from crm_desktop.ui.welcome import database_is_empty

        if self.welcome is None:
            return
        if not database_is_empty():  # a list imported, a card made: its work is done
            self._close_welcome()
            return
        self.welcome.setVisible(self.current_key() in WELCOME_PAGES)

    def _close_welcome(self) -> None:
        if self.welcome is not None:
            self.welcome.hide()
            self.welcome.deleteLater()
            self.welcome = None

    def _welcome_dismissed(self) -> None:
        settings = QSettings()
        dismissed = settings.value(SETTINGS_WELCOME_DISMISSED) or []
        if isinstance(dismissed, str):
            dismissed = [dismissed]
        settings.setValue(SETTINGS_WELCOME_DISMISSED, [*dismissed, self.database])
        self._close_welcome()

    def _demo_loaded(self, summary) -> None:
        self.statusBar().showMessage(
            render("welcome.demo_done", {"customers": summary.customers}), 8000
        )
        self._close_welcome()
        for page in self._pages.values():
            if hasattr(page, "refresh"):
                page.refresh()

    # --- pages --------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [key for key, _t, _f in self._entries]

    def page(self, key: str) -> QWidget | None:
        """The page widget of `key`, built on first use (None if this role cannot see it)."""
        if key in self._pages:
            return self._pages[key]
        keys = self.page_keys()
        if key not in keys:
            return None
        number = keys.index(key)
        _key, title, factory = self._entries[number]
        try:
            widget = factory(self.actor, None)
        except Exception as exc:  # a page's bug must not take the whole window down
            log.exception("page %s failed to open", key)
            widget = page_registry.PlaceholderPage(
                page_registry.page_title(title),
                self.tr("This page could not be opened: %1").replace("%1", str(exc)),
            )
        widget.setObjectName(widget.objectName() or f"page_{key}")
        old = self.stack.widget(number)
        self.stack.insertWidget(number, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self._pages[key] = widget
        message = getattr(widget, "statusMessage", None)
        if message is not None and hasattr(message, "connect"):
            message.connect(self._page_message)
        counts = getattr(widget, "counts_changed", None)
        if counts is not None and hasattr(counts, "connect"):
            counts.connect(lambda values, key=key: self._show_counts(key, values))
        return widget

    def set_badge(self, key: str, count: int) -> None:
        """A number after a page's name in the side bar: what waits there for the user."""
        keys = self.page_keys()
        if key not in keys:
            return
        self._badges[key] = count
        _key, title, _factory = self._entries[keys.index(key)]
        text = page_registry.page_title(title)
        self.sidebar.item(keys.index(key)).setText(f"{text}  ({count})" if count else text)

    def start_reminders(self, delay_ms: int = 3000) -> None:
        """Announce due follow-ups and birthdays while the app runs.

        The first check waits until the window has painted: it computes the cadence of
        every customer, which would otherwise delay the start.
        """
        from crm_desktop.ui.reminders import ReminderService

        self.reminders = ReminderService(self.actor, self)
        self.reminders.countsChanged.connect(self._show_reminder_counts)
        self.reminders.announced.connect(
            lambda title, text: self.statusBar().showMessage(
                render("ui.reminder_line", {"title": title, "text": text}), 15000
            )
        )
        QTimer.singleShot(delay_ms, self.reminders.start)
        from crm_desktop.ui.complaint_reminders import ComplaintReminders

        self.complaint_reminders = ComplaintReminders(self.actor, self)
        self.complaint_reminders.overdueChanged.connect(lambda n: self.set_badge("complaints", n))
        self.complaint_reminders.announced.connect(self.reminders.announced)
        QTimer.singleShot(delay_ms, self.complaint_reminders.start)

    def _show_reminder_counts(self, values: dict) -> None:
        self._show_counts("today", values)

    def _show_counts(self, key: str, values: dict) -> None:
        """The badges from `services.today.counts`, whether the Today page or the reminders
        read them: Today's is what is due today and overdue, Follow-ups' what is overdue
        (its Overdue tab), Credit's the requests waiting."""
        if key == "today":
            due, overdue = int(values.get("due_today", 0)), int(values.get("overdue", 0))
            self.set_badge("today", due + overdue)
            self.set_badge("followups", overdue)
            self.set_badge("credit", int(values.get("credit_pending", 0)))

    def badge(self, key: str) -> int:
        """The number a page's badge shows (0: none)."""
        return self._badges.get(key, 0) if key in self.page_keys() else 0

    def _page_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)
        self._update_actions()  # e.g. Undo delete is possible now

    def show_page(self, key: str) -> QWidget | None:
        keys = self.page_keys()
        if key not in keys:
            return None
        row = keys.index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        else:
            self._show_row(row)
        return self._pages.get(key)

    def current_key(self) -> str | None:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self._entries):
            return
        key = self._entries[row][0]
        first = key not in self._pages
        widget = self.page(key)
        self.stack.setCurrentIndex(row)
        if not first and hasattr(widget, "refresh"):
            widget.refresh()
        self._update_actions()
        self._update_welcome()

    def _call(self, key: str | None, method: str, *args):
        """Call `method` on the page `key` (or the current page) if it offers it."""
        widget = self.show_page(key) if key else self._pages.get(self.current_key() or "")
        handler = getattr(widget, method, None)
        if callable(handler):
            return handler(*args)
        return None

    # --- actions ------------------------------------------------------------------

    def customers_page(self):
        return self.page("customers")

    def new_customer(self) -> None:
        self._call("customers", "new_customer")

    def plan_followup(self) -> None:
        """Plan a follow-up: for the customer selected in the list, or chosen in the dialog."""
        customer_id = None
        customers = self._pages.get("customers")
        if self.current_key() == "customers" and customers is not None:
            customer_id = customers.current_id()
        self._call("followups", "plan", None, customer_id)

    def focus_search(self) -> None:
        current = self._pages.get(self.current_key() or "")
        if (
            current is not None
            and hasattr(current, "focus_search")
            and self.current_key() != "customers"
        ):
            current.focus_search()
            return
        self._call("customers", "focus_search")

    def print_current(self) -> None:
        current = self._pages.get(self.current_key() or "")
        if current is not None and hasattr(current, "print_selected"):
            current.print_selected()
        else:
            self._call("customers", "print_selected")

    def export_current(self) -> None:
        current = self._pages.get(self.current_key() or "")
        if current is not None and hasattr(current, "export_current"):
            current.export_current()
        else:
            self._call("customers", "export_current")

    def delete_selected(self) -> None:
        self._call("customers", "delete_selected")

    def undo_delete(self) -> None:
        page = self._pages.get("customers")
        if page is not None and page.can_undo():
            page.undo_delete()
        else:
            self.statusBar().showMessage(self.tr("Nothing to undo."), 4000)

    def refresh_current(self) -> None:
        self._call(None, "refresh")

    def _toggle_sidebar(self, on: bool) -> None:
        self.sidebar.setVisible(on)

    def _update_actions(self) -> None:
        page = self._pages.get("customers")
        self.undo_action.setEnabled(bool(page is not None and page.can_undo()))
        self.delete_action.setEnabled(self.current_key() == "customers")

    def open_settings(self) -> None:
        from crm_desktop.services.settings import idle_lock_minutes
        from crm_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.actor, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            self.session_lock.set_minutes(idle_lock_minutes())
        if accepted and dialog.language_changed:
            self.languageChangeRequested.emit(dialog.selected_language())

    # --- the session lock -----------------------------------------------------------

    def _start_session_lock(self) -> None:
        """Lock after the idle time of Settings (services.settings.idle_lock_minutes)."""
        from crm_desktop.services.settings import idle_lock_minutes
        from crm_desktop.ui.idle_lock import IdleLock

        self.session_lock = IdleLock(self, self.actor, idle_lock_minutes())
        self.session_lock.userSwitched.connect(self.userSwitched)
        self.session_lock.locked.connect(lambda: self._quiet_tray(True))
        self.session_lock.unlocked.connect(lambda: self._quiet_tray(False))
        self._tray_while_locked = None

    def _quiet_tray(self, locked: bool) -> None:
        """No reminder in the tray while locked: it would name customers on a locked
        screen. The badges still count them when the window opens again."""
        reminders = getattr(self, "reminders", None)
        if reminders is None:
            return
        if locked:
            self._tray_while_locked, reminders.tray = reminders.tray, None
        elif self._tray_while_locked is not None:
            reminders.tray, self._tray_while_locked = self._tray_while_locked, None

    def lock_session(self) -> None:
        """Hide the content and ask for the password now (Ctrl+Shift+L, File ▸ Lock)."""
        self.session_lock.lock()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About crm-desktop"),
            f"<h3>crm-desktop {__version__}</h3>"
            + "<p>"
            + self.tr(
                "An offline CRM for small sales teams: customer cards, follow-ups, "
                "credit approvals, printed forms and Excel in and out."
            )
            + "</p>",
        )

    # --- state --------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            # the first time: 1280×800, or nine tenths of a larger screen, which the
            # list's columns and the card's tabs use (a 1920×1080 screen: about 1700×930)
            room = usable_size(self)
            fit_to_screen(
                self, max(1280, room.width() * 9 // 10), max(800, room.height() * 9 // 10)
            )
        else:
            fit_restored(self)  # saved on a larger screen
        state = settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        splitter = settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        key = settings.value(SETTINGS_PAGE) or "customers"
        keys = self.page_keys()
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(keys.index(key) if key in keys else keys.index("customers"))
        self.sidebar.blockSignals(False)
        self._show_row(self.sidebar.currentRow())

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_STATE, self.saveState())
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        if self.current_key():
            settings.setValue(SETTINGS_PAGE, self.current_key())

    def close_dialogs(self) -> bool:
        """Ask open card windows and dialogs to close (they may ask about unsaved changes).

        False if one stays open.
        """
        try:
            from crm_desktop.ui.customer_editor import close_all_editors
        except ModuleNotFoundError:
            pass
        else:
            if not close_all_editors():  # cards are windows of their own
                return False
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.close()
                if child.isVisible():
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.close_dialogs():
            event.ignore()
            return
        reminders = getattr(self, "reminders", None)
        if reminders is not None:
            reminders.stop()
        self.session_lock.stop()
        self.save_state()
        event.accept()
