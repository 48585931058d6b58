"""The card, the credit dialog and the payment dialog speak Chinese in the Chinese UI."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from crm_desktop.models import CreditRequest, Customer, Payment
from crm_desktop.services import credit
from crm_desktop.services import customers as cs
from crm_desktop.ui import customer_editor as ce
from crm_desktop.ui.credit_dialog import CreditRequestDialog, DecisionDialog
from crm_desktop.ui.sales_page import PaymentDialog

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]
# English words or internal keys (state_owned, credit_limit) in a Chinese text
LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")


@pytest.fixture
def customer(team):
    return cs.create_customer(
        team["admin"], {"name": "杭州西湖电子", "code": "C1", "owner": team["sales1"].id}
    )


@pytest.fixture
def editor(qtbot):
    opened = []

    def make(actor, customer_id):
        opened.append(ce.open_customer_editor(None, actor, customer_id))
        return opened[-1]

    yield make
    for e in ce.open_editors():
        e._closing_ok = True
        e.close()


def test_card_errors_are_chinese_at_their_fields(zh, team, customer, editor):
    """'5万x' as credit limit and a bad tax ID: Chinese problems at the fields, nothing saved."""
    card = editor(team["admin"], customer.id)
    card.ensure_all_tabs()
    card.field("credit_limit").input.setText("5万x")
    card.field("tax_id").input.setText("91330100ABC")
    card.field("org_type").input.setCurrentIndex(1)
    assert not card.save()
    limit, tax_id = card.field("credit_limit").error(), card.field("tax_id").error()
    assert limit == "“5万x”不是金额，请填写数字，如 50000、5万、¥1,200.50"
    assert tax_id == "“91330100ABC”既不是 18 位统一社会信用代码，也不是 15–20 位税务登记号"
    assert card.field("credit_limit").input.toolTip().startswith("信用额度：“5万x”")
    for text in (limit, tax_id):
        assert not LATIN_WORD.search(text.replace("91330100ABC", ""))
    assert Customer.get_by_id(customer.id).credit_limit is None


def test_card_reads_5wan_as_fifty_thousand(team, customer, editor):
    """The card's money field takes what people type and shows it as the amount it means."""
    card = editor(team["admin"], customer.id)
    card.ensure_all_tabs()
    field = card.field("credit_limit")
    field.input.setText("5万")
    field.input.editingFinished.emit()
    assert field.input.text() == "50,000.00"
    assert card.save()
    assert Customer.get_by_id(customer.id).credit_limit == Decimal("50000.00")


def test_credit_dialog_shows_5wan_as_50000(qtbot, team, customer):
    """The request dialog reads 5万 by the service's money rule: the proposal shows 50,000.00."""
    dialog = CreditRequestDialog(team["sales1"], customer.id)
    qtbot.addWidget(dialog)
    dialog.limit.setText("5万")
    assert dialog.figures.cells["limit"][1].text() == "<b>50,000.00</b>"
    assert dialog.error.text() == ""
    dialog.reason.setPlainText("订货量增加")
    dialog.submit()
    assert CreditRequest.get().proposed_limit == Decimal("50000.00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5万x", "信用额度：“5万x”不是金额，请填写数字，如 50000、5万、¥1,200.50"),
        ("1e30", "信用额度：“1e30”太大，必须小于 100,000,000,000,000"),
        ("1000万以上", "信用额度：“1000万以上”是一个范围或估计，不是一个确切的数"),
    ],
)
def test_credit_dialog_refuses_in_chinese(zh, qtbot, team, customer, typed, expected):
    """A wrong or huge amount in the credit dialog is a Chinese sentence, never a traceback."""
    dialog = CreditRequestDialog(team["sales1"], customer.id)
    qtbot.addWidget(dialog)
    dialog.limit.setText(typed)
    assert dialog.error.text() == expected
    dialog.reason.setPlainText("r")
    dialog.submit()
    assert dialog.error.text() == expected and CreditRequest.select().count() == 0


def test_decision_buttons_follow_the_credit_service(qtbot, team, customer):
    """The dialog offers exactly what credit.allowed_actions allows each user."""
    own = credit.request_credit(team["admin"], customer.id, limit="2万", reason="r").request
    for who, approve, reject in (("admin", False, True), ("sales1", False, False)):
        dialog = DecisionDialog(team[who], own.id)
        qtbot.addWidget(dialog)
        allowed = credit.allowed_actions(team[who], own)
        assert ("approve" in allowed, "reject" in allowed) == (approve, reject)
        assert dialog.approve_button.isEnabled() == approve
        assert dialog.reject_button.isVisibleTo(dialog) == reject


def test_payment_dialog_huge_amount_is_plain_chinese(zh, qtbot, team, customer):
    """1e308 as a payment is refused with a Chinese sentence and nothing is recorded."""
    pay = PaymentDialog(team["manager"], None)
    qtbot.addWidget(pay)
    pay.customer.code.setText("C1")
    pay.amount.setText("1e308")
    pay.submit()
    assert pay.error.text() == "金额：“1e308”太大，必须小于 100,000,000,000,000"
    pay.amount.setText("¥1.2万")
    pay.submit()
    assert Payment.get().amount == Decimal("12000.00")


def test_credit_dialog_does_not_keep_a_stale_amount(qtbot, team, customer):
    """After a wrong amount, the proposal no longer shows the last amount that parsed."""
    dialog = CreditRequestDialog(team["sales1"], customer.id)
    qtbot.addWidget(dialog)
    dialog.limit.setText("5万")
    dialog.limit.setText("5万x")
    assert dialog.figures.cells["limit"][1].text() == "?"
    dialog.limit.setText("6万")
    assert dialog.figures.cells["limit"][1].text() == "<b>60,000.00</b>"
