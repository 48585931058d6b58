"""Extra tabs of the customer card, added by other parts of the program.

A follow-ups, sales or credit page adds its per-customer tab by appending one line:

    EXTRA_TABS.append(ExtraTab(lambda: tr_title(), make_tab))

where `make_tab(actor, customer_id, parent) -> QWidget`. Import heavy modules inside
the factory so opening a card stays fast. A factory whose widget has a `refresh()`
method is told to refresh after the card is saved. Tabs appear only on saved cards
(customer_id is never None when a factory is called).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from crm_desktop.services.auth import Actor

TabFactory = Callable[[Actor, int, QWidget], QWidget]


@dataclass(frozen=True)
class ExtraTab:
    """A tab title (text, or a callable giving translated text) and the widget factory."""

    title: str | Callable[[], str]
    factory: TabFactory

    def title_text(self) -> str:
        return self.title() if callable(self.title) else self.title


EXTRA_TABS: list[ExtraTab] = []

# Called once a saved card is shown, as hook(card, actor, customer_id): actions that
# belong to the whole card window (Ctrl+L, 记录联系).
CARD_HOOKS: list[Callable[[QWidget, Actor, int], None]] = []


def _followups_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.followups_tab import make_tab

    return make_tab(actor, customer_id, parent)


def _followups_title() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("FollowUpsTab", "Follow-ups")


EXTRA_TABS.append(ExtraTab(_followups_title, _followups_tab))


def _credit_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.credit_tab import CreditTab

    return CreditTab(actor, customer_id, parent)


def _credit_title() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("CreditTab", "Credit")


def _sales_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.sales_tab import SalesTab

    return SalesTab(actor, customer_id, parent)


def _sales_title() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("SalesTab", "Sales and payments")


def _timeline_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.timeline_tab import TimelineTab

    return TimelineTab(actor, customer_id, parent)


def _timeline_title() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("TimelineTab", "Timeline")


EXTRA_TABS.append(ExtraTab(_timeline_title, _timeline_tab))
EXTRA_TABS.append(ExtraTab(_credit_title, _credit_tab))
EXTRA_TABS.append(ExtraTab(_sales_title, _sales_tab))


def _complaints_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.complaints_tab import make_tab

    return make_tab(actor, customer_id, parent)


def _complaints_title() -> str:
    from crm_desktop.ui.complaints_tab import tab_title

    return tab_title()


EXTRA_TABS.append(ExtraTab(_complaints_title, _complaints_tab))


def _opportunities_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    from crm_desktop.ui.opportunities_tab import OpportunitiesTab

    return OpportunitiesTab(actor, customer_id, parent)


def _opportunities_title() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("OpportunitiesTab", "Opportunities")


EXTRA_TABS.append(ExtraTab(_opportunities_title, _opportunities_tab))


def _log_contact_hook(card: QWidget, actor: Actor, customer_id: int) -> None:
    from crm_desktop.ui.log_contact_dialog import install_log_shortcut

    def logged(_result: object) -> None:
        for tab in getattr(card, "extra_tabs", []):
            if hasattr(tab, "refresh"):
                tab.refresh()

    card.log_action = install_log_shortcut(card, actor, lambda: customer_id, logged, window=True)


CARD_HOOKS.append(_log_contact_hook)
