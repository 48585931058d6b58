"""The 公海 page: the customers nobody owns, for anyone to claim; my customers about to
return; and, for the sales manager, release, assign and the rules' job."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg
from crm_desktop.services import pool
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.fields import choice_label

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only table of tuples with translated headers."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[Any, ...]] = []
        self.ids: list[int] = []

    def set_rows(self, ids: list[int], rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.ids, self.rows = ids, rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def _table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class PoolPage(QWidget):
    """公海: claim from the pool; see what returns soon; managers release and assign."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolPage")
        self.actor = actor
        self.lang = current_language()
        self.search = QLineEdit(self)
        self.search.setObjectName("poolSearch")
        self.search.setPlaceholderText(self.tr("Code or name"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.claim_button = QPushButton(self.tr("Claim"), self)
        self.claim_button.setObjectName("claimButton")
        self.claim_button.clicked.connect(self.claim_selected)
        self.count = QLabel(self)
        self.pool_model = RowsModel(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Class"),
                self.tr("Stage"),
                self.tr("Last contact"),
            ],
            self,
        )
        self.pool_view = _table(self.pool_model, self)
        self.pool_view.setObjectName("poolTable")
        self.pool_view.doubleClicked.connect(lambda _i: self.claim_selected())

        self.assign_to = QComboBox(self)
        self.assign_to.setObjectName("assignTo")
        for user in list_users():
            self.assign_to.addItem(user.name, user.id)
        self.assign_button = QPushButton(self.tr("Assign to"), self)
        self.assign_button.setObjectName("assignButton")
        self.assign_button.clicked.connect(self.assign_selected)
        self.run_button = QPushButton(self.tr("Apply the rules now"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(self.run_rules)
        self.rules_button = QPushButton(self.tr("Rules…"), self)
        self.rules_button.setObjectName("rulesButton")
        self.rules_button.clicked.connect(self.edit_rules)
        manager = actor.can("customer.assign_owner")
        for widget in (self.assign_to, self.assign_button, self.run_button, self.rules_button):
            widget.setVisible(manager)

        self.soon_model = RowsModel(
            [self.tr("Code"), self.tr("Name"), self.tr("Returns to the pool"), self.tr("Owner")],
            self,
        )
        self.soon_view = _table(self.soon_model, self)
        self.soon_view.setObjectName("soonTable")
        self.release_button = QPushButton(self.tr("Release to the pool"), self)
        self.release_button.setObjectName("releaseButton")
        self.release_button.clicked.connect(self.release_selected)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.claim_button)
        top.addWidget(self.assign_to)
        top.addWidget(self.assign_button)
        top.addWidget(self.run_button)
        top.addWidget(self.rules_button)
        soon_box = QGroupBox(self.tr("Returning to the pool soon"), self)
        soon_layout = QVBoxLayout(soon_box)
        soon_layout.addWidget(self.soon_view)
        soon_buttons = QHBoxLayout()
        soon_buttons.addStretch(1)
        soon_buttons.addWidget(self.release_button)
        soon_layout.addLayout(soon_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pool_view, 3)
        layout.addWidget(soon_box, 2)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        rows = pool.list_pool(self.search.text())
        self.pool_model.set_rows(
            [r.id for r in rows],
            [
                (
                    r.code,
                    r.name,
                    choice_label("abc_class", r.abc_class, self.lang),
                    choice_label("stage", r.stage, self.lang),
                    f"{r.last_contact_at:%Y-%m-%d}" if r.last_contact_at else "",
                )
                for r in rows
            ],
        )
        self.count.setText(msg("day.pool_listed", count=pool.pool_count()).render(self.lang))
        self._load_soon()

    def _load_soon(self) -> None:
        from crm_desktop.services import customers as customer_service

        warnings = pool.warnings_for(self.actor)[:500]
        cards = {
            c.id: c
            for c in customer_service.customer_rows(self.actor, [w.customer_id for w in warnings])
        }
        users = {u.id: u.name for u in list_users(active_only=False)}
        ids, rows = [], []
        for w in warnings:
            card = cards.get(w.customer_id)
            if card is None:
                continue
            ids.append(w.customer_id)
            rows.append(
                (
                    card.code,
                    card.name,
                    msg("day.pool_returns_in", days=w.days_left).render(self.lang),
                    users.get(w.owner_id, ""),
                )
            )
        self.soon_model.set_rows(ids, rows)

    def _selected(self, view: QTableView, model: RowsModel) -> list[int]:
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.ids[r] for r in rows]

    def _do(self, work) -> None:
        try:
            work()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Customer pool"), exc.message)
        self.refresh()

    def claim_selected(self) -> None:
        ids = self._selected(self.pool_view, self.pool_model)
        self._do(lambda: [pool.claim(self.actor, cid) for cid in ids])

    def release_selected(self) -> None:
        ids = self._selected(self.soon_view, self.soon_model)
        if ids:
            self._do(lambda: pool.release(self.actor, ids))

    def assign_selected(self) -> None:
        ids = self._selected(self.pool_view, self.pool_model)
        if ids:
            self._do(lambda: pool.assign(self.actor, ids, self.assign_to.currentData()))

    def edit_rules(self) -> None:
        if PoolRulesDialog(self.actor, self).exec():
            self.refresh()

    def run_rules(self) -> None:
        def work() -> None:
            result = pool.run_rules(self.actor)
            QMessageBox.information(
                self,
                self.tr("Customer pool"),
                msg("day.pool_ran", returned=result.returned, warned=result.warned).render(
                    self.lang
                ),
            )

        self._do(work)


POOL_CHECK_MS = 60 * 60 * 1000  # the rules run once a day; the window checks hourly


def start_pool_job(window: QWidget, actor: Actor, first_ms: int = 3000) -> QTimer:
    """Run the pool rules at start-up (shortly after the window shows) and then daily, in
    the background; a failure is logged, never a dialog in the user's way."""
    from crm_desktop.ui.operations import Operation

    def check() -> None:
        if not window.isVisible():
            return
        Operation(window, lambda _p: pool.run_if_due(actor), name="pool-rules").failure(
            lambda _exc: None
        ).run_in_background()

    timer = QTimer(window)
    timer.setObjectName("poolJobTimer")
    timer.setInterval(POOL_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()
    QTimer.singleShot(first_ms, timer, check)
    return timer


class PoolWarningLabel(QLabel):
    """ "N customers return to the pool soon": for the customer list, read in the background;
    the tooltip names them with their days left."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolWarning")
        self.setStyleSheet("color: #c62828;")
        self.actor = actor
        self._loading = False
        self.hide()
        # the first read once the list has painted, if it is still on screen
        QTimer.singleShot(
            1500, self, lambda: self.reload() if self.parentWidget().isVisible() else None
        )

    def reload(self) -> None:
        if self._loading:
            return
        from crm_desktop.ui.operations import Operation

        self._loading = True
        actor = self.actor

        def read(_progress) -> list[tuple[str, int]]:
            from crm_desktop.services import customers as customer_service

            warnings = pool.warnings_for(actor)
            rows = customer_service.customer_rows(actor, [w.customer_id for w in warnings[:20]])
            codes = {r.id: r.code for r in rows}
            return [(codes.get(w.customer_id, ""), w.days_left) for w in warnings]

        def failed(_exc: BaseException) -> None:
            self._loading = False

        Operation(self, read, name="pool-warnings").success(self.show_warnings).failure(
            failed
        ).run_in_background()

    def show_warnings(self, items: list[tuple[str, int]]) -> None:
        self._loading = False
        lang = current_language()
        if not items:
            self.hide()
            return
        self.setText(msg("day.pool_list_warning", count=len(items), days=items[0][1]).render(lang))
        self.setToolTip(
            "\n".join(
                f"{code}  {msg('day.pool_returns_in', days=days).render(lang)}"
                for code, days in items[:20]
                if code
            )
        )
        self.show()


class PoolRulesDialog(QDialog):
    """The sales manager's pool rules: per class the days without contact or sale before a
    customer returns (0 = never), the claim limits, the exempt classes; the warning days
    and what happens to a returned customer's open follow-ups."""

    COLUMNS = ("no_contact_days", "no_sale_days", "daily_claims", "max_held")

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Pool rules"))
        rules = pool.get_rules()
        lang = current_language()
        self.grid = QTableWidget(len(pool.CLASSES), len(self.COLUMNS) + 1, self)
        self.grid.setObjectName("rulesGrid")
        self.grid.setHorizontalHeaderLabels(
            [
                self.tr("Days without contact"),
                self.tr("Days without a sale"),
                self.tr("Claims a day"),
                self.tr("Held at most"),
                self.tr("Exempt"),
            ]
        )
        self.grid.setVerticalHeaderLabels(
            [
                choice_label("abc_class", c, lang) if c else self.tr("Not classified")
                for c in pool.CLASSES
            ]
        )
        values = rules.as_dict()
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        self.exempt: dict[str, QCheckBox] = {}
        for row, cls in enumerate(pool.CLASSES):
            for column, name in enumerate(self.COLUMNS):
                spin = QSpinBox(self.grid)
                spin.setRange(0 if "days" in name else 1, 10_000)
                if "days" in name:
                    spin.setSpecialValueText(self.tr("never"))
                spin.setValue(values[name].get(cls) or 0)
                self.grid.setCellWidget(row, column, spin)
                self.spins[(name, cls)] = spin
            box = QCheckBox(self.grid)
            box.setChecked(cls in rules.exempt_classes)
            self.grid.setCellWidget(row, len(self.COLUMNS), box)
            self.exempt[cls] = box
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.warn = QSpinBox(self)
        self.warn.setObjectName("warnDays")
        self.warn.setRange(0, 365)
        self.warn.setValue(rules.warn_days)
        self.followups = QComboBox(self)
        self.followups.setObjectName("followupRule")
        self.followups.addItem(self.tr("Cancel them"), "cancel")
        self.followups.addItem(self.tr("Hand them to"), "reassign")
        self.followups.setCurrentIndex(max(0, self.followups.findData(rules.open_followups)))
        self.reassign_to = QComboBox(self)
        self.reassign_to.setObjectName("reassignTo")
        for user in list_users():
            self.reassign_to.addItem(user.name, user.username)
        if rules.reassign_to:
            self.reassign_to.setCurrentIndex(max(0, self.reassign_to.findData(rules.reassign_to)))
        form = QFormLayout()
        form.addRow(self.tr("Warn this many days before"), self.warn)
        row = QHBoxLayout()
        row.addWidget(self.followups)
        row.addWidget(self.reassign_to, 1)
        form.addRow(self.tr("Open follow-ups of a returned customer"), row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.COLUMNS:
            table = {}
            for cls in pool.CLASSES:
                value = self.spins[(name, cls)].value()
                table[cls] = (value or None) if "days" in name else value
            out[name] = table
        out["exempt_classes"] = [c for c, box in self.exempt.items() if box.isChecked()]
        out["warn_days"] = self.warn.value()
        out["open_followups"] = self.followups.currentData()
        out["reassign_to"] = (
            self.reassign_to.currentData() if out["open_followups"] == "reassign" else None
        )
        return out

    def save(self) -> bool:
        try:
            pool.set_rules(self.actor, self.values())
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message)
            return False
        self.accept()
        return True
