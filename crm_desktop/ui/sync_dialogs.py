"""发给业务员… / 收回业务员的表格…: the customers page's salesperson workbooks.

`SendDialog` picks whose customers go out (a salesperson, or the filtered list);
`TakeBackDialog` shows what a workbook that came back would do — the summary, the
rows left alone, and the conflicts side by side (field, at export, workbook, CRM,
who and when) with take workbook / keep CRM per field and for all. Nothing in
conflict is written until decided. The reading, planning and writing run off the GUI
thread through ui/operations.py; the rules are services.sync's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import i18n
from crm_desktop.messages import msg
from crm_desktop.progress import Progress
from crm_desktop.services.auth import Actor, users_for
from crm_desktop.ui.operations import Operation

if TYPE_CHECKING:
    from crm_desktop.services.sync.merge import TakeBackPlan

# the take-back's own decisions (services.sync.apply's TAKE / KEEP); not imported here so
# that the customers page's menu does not load the sync services before the first paint
TAKE, KEEP = "take", "keep"


def _t(code: str, **params: object) -> str:
    return msg(code, **params).render(i18n.current_language())


class SendDialog(QDialog):
    """Whose customers go out: one salesperson's, or the list as filtered now."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("sync.ui_send_title"))
        self.who = QComboBox()
        self.who.setObjectName("syncOwner")
        for user in users_for(actor, active_only=True):
            if user.role == "salesperson":
                self.who.addItem(user.display_name or user.username, user.id)
        self.who.addItem(_t("sync.ui_filtered_list"), None)
        form = QFormLayout(self)
        form.addRow(QLabel(_t("sync.ui_send_hint")))
        form.addRow(_t("sync.ui_salesperson"), self.who)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def owner_id(self) -> int | None:
        return self.who.currentData()


class TakeBackDialog(QDialog):
    """The plan of a workbook that came back; conflicts decided per field or for all."""

    def __init__(self, plan: TakeBackPlan, parent: QWidget | None = None) -> None:
        from crm_desktop.jobs.sync import conflict_rows
        from crm_desktop.services.sync import layout
        from crm_desktop.services.sync.cells import shown

        super().__init__(parent)
        self.plan = plan
        lang = i18n.current_language()
        self.setWindowTitle(_t("sync.ui_take_title"))
        self.resize(1000, 600)
        self.summary = QLabel(plan.summary().render(lang))
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setObjectName("syncNotes")
        for warning in plan.warnings:
            self.notes.addItem(warning.render(lang))
        for note in plan.notes:
            self.notes.addItem(
                msg(
                    "sync.note_line",
                    sheet=layout.sheet_name(note.sheet, lang),
                    message=note.message,
                ).render(lang)
            )
        for missing in plan.missing:
            self.notes.addItem(
                msg("sync.missing_line", code=missing.code, name=missing.name).render(lang)
            )
        headers, rows = conflict_rows(plan.conflicts, lang)  # as the conflicts workbook
        self.table = QTableWidget(len(rows), len(headers) + 1)
        self.table.setObjectName("syncConflicts")
        self.table.setHorizontalHeaderLabels([*headers, _t("sync.ui_decision")])
        self.choices: list[QComboBox] = []
        for r, cells in enumerate(rows):
            for col, value in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(shown(value)))
            choice = QComboBox()
            choice.addItem(_t("sync.ui_undecided"), None)
            choice.addItem(_t("sync.ui_take_one"), TAKE)
            choice.addItem(_t("sync.ui_keep"), KEEP)
            self.table.setCellWidget(r, len(headers), choice)
            self.choices.append(choice)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        self.take_all = QPushButton(_t("sync.ui_take_all"))
        self.take_all.clicked.connect(lambda: self.decide_all(TAKE))
        self.keep_all = QPushButton(_t("sync.ui_keep_all"))
        self.keep_all.clicked.connect(lambda: self.decide_all(KEEP))
        for button in (self.take_all, self.keep_all):
            button.setEnabled(bool(plan.conflicts))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_t("sync.ui_apply"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.take_all)
        row.addWidget(self.keep_all)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.notes, 1)
        box.addWidget(QLabel(_t("sync.ui_conflicts_hint")))
        box.addWidget(self.table, 2)
        box.addLayout(row)
        box.addWidget(buttons)

    def decide_all(self, choice: str) -> None:
        for combo in self.choices:
            combo.setCurrentIndex(combo.findData(choice))

    def decisions(self) -> dict[tuple[str, str, str], str]:
        """The conflicts decided: key -> take or keep (the undecided are left out)."""
        out = {}
        for conflict, combo in zip(self.plan.conflicts, self.choices, strict=True):
            if combo.currentData() in (TAKE, KEEP):
                out[conflict.key] = combo.currentData()
        return out


def install_sync_menu(page, buttons: QHBoxLayout) -> QPushButton | None:
    """The customers page's 表格同步 button: send to a salesperson, take a workbook back."""
    actor = page.actor
    if not (actor.can("export.bulk") and actor.can("import")):
        return None
    button = QPushButton(_t("sync.ui_menu"))
    button.setObjectName("syncButton")
    menu = QMenu(button)
    menu.addAction(_t("sync.ui_send"), lambda: send_to_salesperson(page))
    menu.addAction(_t("sync.ui_take"), lambda: take_back_workbook(page))
    button.setMenu(menu)
    buttons.addWidget(button)
    return button


def send_to_salesperson(
    page, owner_id: int | None = None, path: str | None = None
) -> Operation | None:
    """Ask whose customers and where, then write the workbook off the GUI thread."""
    from crm_desktop.jobs.sync import send_for_update

    if path is None:
        dialog = SendDialog(page.actor, page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        owner_id = dialog.owner_id()
        path, _f = QFileDialog.getSaveFileName(
            page, _t("sync.ui_send_title"), dialog.who.currentText() + ".xlsx", "Excel (*.xlsx)"
        )
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
    actor = page.actor
    query = None if owner_id is not None else page.model.query

    def work(progress: Progress):
        return send_for_update(actor, path, query, owner_id=owner_id, progress=progress)

    def sent(result) -> None:
        page.statusMessage.emit(
            _t(
                "sync.sent",
                rows=result.rows,
                contacts=result.contacts,
                followups=result.followups,
                path=str(result.path),
                seconds=f"{result.seconds:.1f}",
            )
        )

    page._sync_op = (
        Operation(page, work, name="send for update")
        .success(sent)
        .with_progress(_t("sync.ui_sending"), title=_t("sync.ui_send_title"))
        .run_in_background()
    )
    return page._sync_op


def take_back_workbook(
    page, path: str | None = None, finished: Callable[[str], None] | None = None
) -> Operation | None:
    """Read and plan off the GUI thread, show the plan, then write what was decided.

    `page` is the customers page (its status bar and list are told when done) unless
    `finished` is given: then it is called with the summary instead, so that any page
    (the Import page) can hand a for-update workbook over."""
    from crm_desktop.jobs import sync as sync_job

    if path is None:
        path, _f = QFileDialog.getOpenFileName(page, _t("sync.ui_take_title"), "", "Excel (*.xlsx)")
        if not path:
            return None
    actor = page.actor

    def planned(plan: TakeBackPlan) -> None:
        if plan.foreign:
            answer = QMessageBox.question(
                page, _t("sync.ui_take_title"), "\n".join(w.render() for w in plan.warnings)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            _run_take_back(page, actor, path, plan, {}, finished)
            return
        dialog = TakeBackDialog(plan, page)
        page._sync_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            _run_take_back(page, actor, path, plan, dialog.decisions(), finished)

    page._sync_op = (
        Operation(page, lambda _p: sync_job.plan(actor, path), name="plan take-back")
        .success(planned)
        .with_progress(_t("sync.ui_reading"), title=_t("sync.ui_take_title"))
        .run_in_background()
    )
    return page._sync_op


def _run_take_back(
    page, actor, path, plan, decisions, finished: Callable[[str], None] | None = None
) -> Operation:
    from crm_desktop.jobs import sync as sync_job

    def work(progress: Progress):
        return sync_job.take_back(actor, path, decisions=decisions, ready=plan, progress=progress)

    def done(result) -> None:
        text = ""
        if result.result is not None:
            text = result.result.summary().render()
        elif result.imported is not None:
            text = result.imported.result.summary()
        if finished is not None:
            finished(text)
            return
        if text:
            page.statusMessage.emit(text)
        page.model.reload()

    page._sync_op = (
        Operation(page, work, name="take back")
        .success(done)
        .with_progress(_t("sync.ui_applying"), title=_t("sync.ui_take_title"))
        .run_in_background()
    )
    return page._sync_op


__all__ = [
    "SendDialog",
    "TakeBackDialog",
    "install_sync_menu",
    "send_to_salesperson",
    "take_back_workbook",
]
