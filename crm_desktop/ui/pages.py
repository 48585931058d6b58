"""The side bar's pages: one registry line per page, (key, title, factory).

`factory(actor, parent)` returns the page widget. Pages are imported lazily, when
first shown, so a page's module costs nothing at start-up; a page whose module does
not exist yet shows a plain "coming" placeholder instead. A page may offer optional
hooks the main window calls when present: `refresh()` (shown again),
`new_customer()`, `focus_search()`, `print_selected()`, `export_current()`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crm_desktop.services.auth import Actor

log = logging.getLogger(__name__)

PageFactory = Callable[[Actor, QWidget | None], QWidget]


class PlaceholderPage(QWidget):
    """Says plainly that this part of the program is not there yet (or failed to load)."""

    def __init__(self, title: str, message: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            message
            or QCoreApplication.translate(
                "PlaceholderPage", "This part of crm-desktop is coming in a later version."
            )
        )
        text.setObjectName("placeholderText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(2)


def lazy(module: str, class_name: str, title: str) -> PageFactory:
    """A factory importing `module.class_name` when called; a placeholder if the module is missing."""

    def factory(actor: Actor, parent: QWidget | None = None) -> QWidget:
        shown = QCoreApplication.translate("pages", title)
        try:
            page_class = getattr(importlib.import_module(module), class_name)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return PlaceholderPage(shown, parent=parent)
        return page_class(actor, parent)

    factory.module = module  # type: ignore[attr-defined]
    return factory


def _customers(actor: Actor, parent: QWidget | None = None) -> QWidget:
    from crm_desktop.ui.customers_page import CustomersPage

    return CustomersPage(actor, parent)


# key, title (translated in context "pages"), factory(actor, parent) -> QWidget
PAGES: list[tuple[str, str, PageFactory]] = [
    (
        "today",
        QT_TRANSLATE_NOOP("pages", "Today"),
        lazy("crm_desktop.ui.today_page", "TodayPage", "Today"),
    ),  # fmt: skip
    ("customers", QT_TRANSLATE_NOOP("pages", "Customers"), _customers),
    (
        "followups",
        QT_TRANSLATE_NOOP("pages", "Follow-ups"),
        lazy("crm_desktop.ui.followups_page", "FollowUpsPage", "Follow-ups"),
    ),  # fmt: skip
    (
        "complaints",
        QT_TRANSLATE_NOOP("pages", "Complaints"),
        lazy("crm_desktop.ui.complaints_page", "ComplaintsPage", "Complaints"),
    ),  # fmt: skip
    (
        "credit",
        QT_TRANSLATE_NOOP("pages", "Credit"),
        lazy("crm_desktop.ui.credit_page", "CreditPage", "Credit"),
    ),  # fmt: skip
    (
        "sales",
        QT_TRANSLATE_NOOP("pages", "Sales"),
        lazy("crm_desktop.ui.sales_page", "SalesPage", "Sales"),
    ),  # fmt: skip
    (
        "pipeline",
        QT_TRANSLATE_NOOP("pages", "Opportunities"),
        lazy("crm_desktop.ui.pipeline_page", "PipelinePage", "Opportunities"),
    ),  # fmt: skip
    (
        "reports",
        QT_TRANSLATE_NOOP("pages", "Reports"),
        lazy("crm_desktop.ui.reports_page", "ReportsPage", "Reports"),
    ),  # fmt: skip
    (
        "import",
        QT_TRANSLATE_NOOP("pages", "Import"),
        lazy("crm_desktop.ui.import_page", "ImportPage", "Import"),
    ),  # fmt: skip
    (
        "pool",
        QT_TRANSLATE_NOOP("pages", "Customer pool"),
        lazy("crm_desktop.ui.pool_page", "PoolPage", "Customer pool"),
    ),  # fmt: skip
    (
        "prospects",
        QT_TRANSLATE_NOOP("pages", "Prospect lists"),
        lazy("crm_desktop.ui.prospects_page", "ProspectsPage", "Prospect lists"),
    ),  # fmt: skip
]

# A page is listed only for roles holding this permission (None: everyone).
PAGE_PERMISSIONS: dict[str, str | None] = {"reports": "report", "import": "import"}


def page_title(title: str) -> str:
    return QCoreApplication.translate("pages", title)


def visible_pages(actor: Actor) -> list[tuple[str, str, PageFactory]]:
    """The pages this actor's role may open, in side-bar order."""
    out = []
    for key, title, factory in PAGES:
        permission = PAGE_PERMISSIONS.get(key)
        if permission is None or actor.can(permission):
            out.append((key, title, factory))
    return out
