"""File ▸ Administration… for the general manager: accounts and the audit log.

Users: add one, set a password, change the role, deactivate or activate; on a
PostgreSQL server with the team's rules, each account's database role, created or
dropped here (models/pg_security.py). Audit log:
who printed, exported, imported, backed up, logged in or failed to, filtered by
action, user and days, exported to a CSV file. Every rule is in services/auth.py and
services/audit_log.py; texts come from the message catalogue (messages/auth.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.messages import catalogue, render
from crm_desktop.models.entities import ROLES
from crm_desktop.services import auth
from crm_desktop.services.audit_log import audit_actions, list_audit
from crm_desktop.services.auth import Actor
from crm_desktop.ui.sizing import fit_to_screen

PERIODS = (7, 30, 365, 0)  # days back; 0: all


def action_label(action: str) -> str:
    """An audit action as the log shows it; an action without a label shows as stored."""
    code = "auth.audit_" + action.replace(".", "_")
    return render(code) if code in catalogue() else action


def _table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class AdminDialog(QDialog):
    """Accounts and the audit log, for whoever may manage users."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        actor.require("user.manage", "auth.action_manage_users")
        self.actor = actor
        self.setWindowTitle(render("auth.ui_title"))
        tabs = QTabWidget()
        tabs.addTab(self._users_tab(), render("auth.ui_users"))
        tabs.addTab(self._audit_tab(), render("auth.ui_audit"))
        close = QPushButton(render("auth.ui_close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addLayout(bottom)
        fit_to_screen(self, 820, 480)
        self.refresh_users()
        self.refresh_audit()

    # --- users ---------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users = _table(
            [
                render(f"auth.ui_col_{c}")
                for c in ("username", "display", "role", "active", "password")
            ]
        )
        self.users.setObjectName("adminUsers")
        buttons = QHBoxLayout()
        for code, slot in (
            ("auth.ui_add", self.ask_add),
            ("auth.ui_set_password", self.ask_password),
            ("auth.ui_change_role", self.ask_role),
            ("auth.ui_toggle_active", self.toggle_active),
        ):
            button = QPushButton(render(code))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # PostgreSQL with the team's rules: each account's database role
        self.roles_shown = bool(auth.database_roles(self.actor))
        for code, slot in (
            ("server.ui_create_role", self.create_role),
            ("server.ui_drop_role", self.ask_drop_role),
        ):
            if self.roles_shown:
                button = QPushButton(render(code))
                button.setObjectName(code.rsplit(".", 1)[1])
                button.clicked.connect(slot)
                buttons.addWidget(button)
        buttons.addStretch(1)
        if self.roles_shown:
            self.users.setColumnCount(6)
            self.users.setHorizontalHeaderItem(5, QTableWidgetItem(render("server.ui_col_db_role")))
        layout = QVBoxLayout(page)
        layout.addWidget(self.users)
        layout.addLayout(buttons)
        return page

    def _role_cells(self) -> dict[str, str]:
        """Each account's database role as the column shows it: its name, or a dash."""
        if not self.roles_shown:
            return {}
        return {
            r.username: (r.role if r.can_login else f"{r.role} ({render('server.role_no_login')})")
            if r.exists
            else "—"
            for r in auth.database_roles(self.actor)
        }

    def create_role(self) -> bool:
        username = self.selected_username()
        if username is None:
            return False
        return self._run(lambda: auth.create_database_roles(self.actor, [username]))

    def drop_role(self, username: str) -> bool:
        return self._run(lambda: auth.drop_database_role(self.actor, username))

    def ask_drop_role(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        answer = QMessageBox.question(
            self, render("auth.ui_title"), render("server.ui_confirm_drop_role", {"name": username})
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.drop_role(username)

    def refresh_users(self) -> None:
        self.accounts = auth.users_for(self.actor)
        roles = self._role_cells()
        _fill(
            self.users,
            [
                (
                    u.username,
                    u.display_name or "",
                    auth.role_label(u.role).render(),
                    render("auth.ui_active" if u.active else "auth.ui_inactive"),
                    render("auth.ui_has_password" if u.password_hash else "auth.ui_no_password"),
                    *([roles.get(u.username, "—")] if self.roles_shown else []),
                )
                for u in self.accounts
            ],
        )

    def selected_username(self) -> str | None:
        rows = self.users.selectionModel().selectedRows()
        return self.accounts[rows[0].row()].username if rows else None

    def _run(self, action) -> bool:
        """Run a service call; a refusal is shown, never raised into Qt."""
        try:
            action()
        except UserError as exc:
            QMessageBox.warning(self, render("auth.ui_title"), exc.message)
            return False
        self.refresh_users()
        self.refresh_audit()
        return True

    def add_user(self, username: str, role: str, password: str | None) -> bool:
        return self._run(lambda: auth.create_user(self.actor, username, role, username, password))

    def set_password(self, username: str, password: str) -> bool:
        return self._run(lambda: auth.set_password(self.actor, username, password))

    def set_role(self, username: str, role: str) -> bool:
        return self._run(lambda: auth.set_role(self.actor, username, role))

    def set_active(self, username: str, active: bool) -> bool:
        return self._run(lambda: auth.set_active(self.actor, username, active))

    def _ask_role(self, current: str = "salesperson") -> str | None:
        labels = [auth.role_label(r).render() for r in ROLES]
        chosen, ok = QInputDialog.getItem(
            self, render("auth.ui_title"), render("auth.ui_choose_role"), labels,
            ROLES.index(current) if current in ROLES else 0, False,
        )  # fmt: skip
        return ROLES[labels.index(chosen)] if ok else None

    def _ask_password(self, username: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            render("auth.ui_title"),
            render("auth.ui_new_password", {"name": username, "length": auth.MIN_PASSWORD}),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def ask_add(self) -> None:
        name, ok = QInputDialog.getText(
            self, render("auth.ui_title"), render("auth.ui_new_username")
        )
        if not ok or not name.strip():
            return
        role = self._ask_role()
        if role is None:
            return
        password = self._ask_password(name.strip())
        if password is None:
            return
        self.add_user(name.strip(), role, password or None)

    def ask_password(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        password = self._ask_password(username)
        if password is not None:
            self.set_password(username, password)

    def ask_role(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        current = next(u.role for u in self.accounts if u.username == username)
        role = self._ask_role(current)
        if role is not None:
            self.set_role(username, role)

    def toggle_active(self) -> None:
        username = self.selected_username()
        if username is None:
            return
        current = next(u.active for u in self.accounts if u.username == username)
        self.set_active(username, not current)

    # --- audit log -----------------------------------------------------------------------

    def _audit_tab(self) -> QWidget:
        page = QWidget()
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("auditAction")
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("auditUser")
        self.period_filter = QComboBox()
        self.period_filter.setObjectName("auditPeriod")
        for days in PERIODS:
            label = render("auth.ui_all") if not days else render("auth.ui_days", {"days": days})
            self.period_filter.addItem(label, days)
        self.period_filter.setCurrentIndex(1)
        for combo in (self.action_filter, self.user_filter, self.period_filter):
            combo.currentIndexChanged.connect(self.refresh_audit)
        export = QPushButton(render("auth.ui_export"))
        export.clicked.connect(self.ask_export)
        filters = QHBoxLayout()
        filters.addWidget(self.action_filter)
        filters.addWidget(self.user_filter)
        filters.addWidget(self.period_filter)
        filters.addStretch(1)
        filters.addWidget(export)
        self.audit = _table(
            [render(f"auth.ui_col_{c}") for c in ("time", "user", "action", "detail")]
        )
        self.audit.setObjectName("adminAudit")
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.audit)
        self._fill_filters()
        return page

    def _fill_filters(self) -> None:
        for combo, values, label in (
            (self.action_filter, audit_actions(), action_label),
            (self.user_filter, [u.username for u in auth.users_for(self.actor)], str),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(render("auth.ui_all"), None)
            for value in values:
                combo.addItem(label(value), value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def audit_rows(self):
        days = self.period_filter.currentData()
        start = date.today() - timedelta(days=days) if days else None
        return list_audit(
            self.actor,
            action=self.action_filter.currentData(),
            username=self.user_filter.currentData(),
            start=start,
        )

    def refresh_audit(self) -> None:
        if not hasattr(self, "audit"):
            return
        self._fill_filters()
        self.audit_entries = self.audit_rows()
        _fill(
            self.audit,
            [
                (f"{r.at:%Y-%m-%d %H:%M} UTC", r.username, action_label(r.action), r.detail)
                for r in self.audit_entries
            ],
        )

    def export_to(self, path: str) -> bool:
        from crm_desktop.jobs.audit_export import export_audit

        try:
            export_audit(self.actor, self.audit_entries, path)
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, render("auth.ui_title"), str(exc))
            return False
        self.refresh_audit()
        return True

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, render("auth.ui_export"), "audit.csv", "CSV (*.csv)"
        )
        if path and self.export_to(path):
            QMessageBox.information(
                self,
                render("auth.ui_title"),
                render("auth.ui_exported", {"count": len(self.audit_entries), "path": path}),
            )
