"""The first-run panel: shown above Today and Customers while the database has no customers.

A new user otherwise meets empty tables. The panel offers the three ways in (the demo
data, importing an Excel list, starting empty) and the company name that printed forms
carry in their letterhead (the team setting `company_name`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.messages import render
from crm_desktop.models import Customer
from crm_desktop.progress import Progress
from crm_desktop.services.auth import Actor
from crm_desktop.services.settings import get_setting, set_setting
from crm_desktop.ui.operations import Operation

if TYPE_CHECKING:  # the demo's generator loads when the demo is asked for, not at start
    from crm_desktop.demo.generator import DemoSummary

DEMO_CUSTOMERS = 1000


def database_is_empty() -> bool:
    """True while there is not one customer: the case the welcome panel is for."""
    return not Customer.select().exists()


class WelcomePanel(QFrame):
    """Try the demo, import my Excel list, start empty; and the letterhead's company name.

    Signals: `importRequested` (open the import page), `demoLoaded(DemoSummary)` (the
    pages should show the new data), `closed` (the user chose; hide the panel).
    """

    importRequested = Signal()
    demoLoaded = Signal(object)
    closed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.actor = actor
        self.demo_customers = DEMO_CUSTOMERS
        self.operation: Operation[DemoSummary] | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#welcomePanel { background: palette(alternate-base); border-radius: 6px; }"
        )
        style = self.style()
        title = QLabel(f"<h2>{render('welcome.title')}</h2>", self)
        intro = QLabel(render("welcome.intro"), self)
        intro.setWordWrap(True)

        self.demo_button = self._button(
            "welcomeDemo",
            render("welcome.try_demo"),
            style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
        )
        self.demo_button.clicked.connect(self.load_demo)
        demo_hint = render("welcome.try_demo_hint", {"count": self.demo_customers})
        if not actor.can("user.manage"):
            self.demo_button.setEnabled(False)
            demo_hint = render("welcome.demo_needs_manager")
        self.import_button = self._button(
            "welcomeImport",
            render("welcome.import"),
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
        )
        self.import_button.setEnabled(actor.can("import"))
        self.import_button.clicked.connect(self._import)
        self.empty_button = self._button(
            "welcomeEmpty",
            render("welcome.start_empty"),
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
        )
        self.empty_button.clicked.connect(self.closed.emit)

        choices = QGridLayout()
        hints = (demo_hint, render("welcome.import_hint"), render("welcome.start_empty_hint"))
        for column, (button, hint) in enumerate(
            zip((self.demo_button, self.import_button, self.empty_button), hints, strict=True)
        ):
            label = QLabel(hint, self)
            label.setWordWrap(True)
            choices.addWidget(button, 0, column)
            choices.addWidget(label, 1, column)
            choices.setColumnStretch(column, 1)
        self.demo_hint = choices.itemAtPosition(1, 0).widget()

        self.company = QLineEdit(get_setting("company_name") or "", self)
        self.company.setObjectName("welcomeCompany")
        self.company.setPlaceholderText(render("welcome.company_placeholder"))
        self.save_company_button = QPushButton(render("welcome.save_company"), self)
        self.save_company_button.setObjectName("welcomeSaveCompany")
        self.save_company_button.clicked.connect(self.save_company)
        self.company.returnPressed.connect(self.save_company)
        editable = actor.can("settings.edit")
        self.company.setEnabled(editable)
        self.save_company_button.setEnabled(editable)
        self.company_status = QLabel("", self)
        company_row = QHBoxLayout()
        company_row.addWidget(QLabel(render("welcome.company_label"), self))
        company_row.addWidget(self.company, 1)
        company_row.addWidget(self.save_company_button)
        company_row.addWidget(self.company_status)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(choices)
        layout.addLayout(company_row)

    def _button(self, name: str, text: str, icon) -> QPushButton:
        button = QPushButton(icon, text, self)
        button.setObjectName(name)
        button.setMinimumHeight(36)
        return button

    def _import(self) -> None:
        self.importRequested.emit()

    def save_company(self) -> None:
        """Store the company name the letterhead of printed forms starts with."""
        set_setting(self.actor, "company_name", self.company.text().strip())
        self.company_status.setText(render("welcome.company_saved"))

    def load_demo(self) -> Operation[DemoSummary]:
        """Fill this (empty) database with demo data in the background, with a progress dialog."""
        count = self.demo_customers

        def work(progress: Progress) -> DemoSummary:
            from crm_desktop.demo import generate_demo

            return generate_demo(self.actor, count, progress=progress)

        self.demo_button.setEnabled(False)
        self.operation = (
            Operation(self, work, name="demo")
            .with_progress(render("welcome.demo_progress"), title=render("welcome.try_demo"))
            .success(self._demo_loaded)
            .finally_(lambda: self.demo_button.setEnabled(self.actor.can("user.manage")))
            .run_in_background()
        )
        return self.operation

    def _demo_loaded(self, summary: DemoSummary) -> None:
        self.company_status.setText(render("welcome.demo_done", {"customers": summary.customers}))
        self.demoLoaded.emit(summary)
