"""The pipeline's stages (销售漏斗的阶段), for the sales manager: rename, set the default
win probability, add an open stage, reorder the open ones."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.stages import KIND_LABELS
from crm_desktop.ui.sizing import fit_to_screen


class StagesDialog(QDialog):
    """One row a stage; the changes are saved row by row when Save is pressed."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Pipeline stages"))
        fit_to_screen(self, 560, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Renaming keeps every opportunity and its history in the stage."))
        )
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("stages")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("English name"), self.tr("Probability (%)"), self.tr("Kind")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.add = QPushButton(self.tr("Add stage"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save")
        close = QPushButton(self.tr("Close"))
        for b in (self.up, self.down, self.add):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.add.clicked.connect(self._add_row)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.stage_ids: list[int | None] = []
        self.load()

    def load(self) -> None:
        stages = opps.list_stages()
        self.stage_ids = [s.id for s in stages]
        self.kinds = [s.kind for s in stages]
        self.table.setRowCount(len(stages))
        for r, s in enumerate(stages):
            self._set_row(r, s.name, s.name_en, str(s.probability), s.kind)

    def _set_row(self, r: int, name: str, name_en: str, probability: str, kind: str) -> None:
        for c, value in enumerate((name, name_en, probability)):
            self.table.setItem(r, c, QTableWidgetItem(value))
        item = QTableWidgetItem(KIND_LABELS[kind].render())
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(r, 3, item)

    def _add_row(self) -> None:
        r = sum(1 for k in self.kinds if k == "open")
        self.table.insertRow(r)
        self.stage_ids.insert(r, None)
        self.kinds.insert(r, "open")
        self._set_row(r, "", "", "50", "open")
        self.table.setCurrentCell(r, 0)

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        to = r + step
        if r < 0 or not 0 <= to < self.table.rowCount():
            return
        if self.kinds[r] != "open" or self.kinds[to] != "open":
            return  # won and lost stay at the end
        for c in range(3):
            a, b = self.table.takeItem(r, c), self.table.takeItem(to, c)
            self.table.setItem(r, c, b)
            self.table.setItem(to, c, a)
        self.stage_ids[r], self.stage_ids[to] = self.stage_ids[to], self.stage_ids[r]
        self.table.setCurrentCell(to, 0)

    def _text(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text() if item else ""

    def save(self) -> None:
        """Each row by the stage service's rules; then the order."""
        try:
            for r in range(self.table.rowCount()):
                info = opps.save_stage(
                    self.actor,
                    self.stage_ids[r],
                    name=self._text(r, 0),
                    name_en=self._text(r, 1),
                    probability=self._text(r, 2),
                    kind=self.kinds[r],
                )
                self.stage_ids[r] = info.id
            opps.reorder_stages(self.actor, [i for i in self.stage_ids if i is not None])
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Pipeline stages"), exc.message)
            return
        self.accept()
