"""The Today page shows exactly what services.today computes, and opens cards on a click."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import Qt

from crm_desktop.models import FollowUp, Sale
from crm_desktop.services import credit
from crm_desktop.services import customers as cs
from crm_desktop.services import today as T
from crm_desktop.ui import customer_editor as ce
from crm_desktop.ui.today_page import ItemsModel, TodayPage, wait_for_loaders

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def seeded(team):
    """Two customers, follow-ups due and overdue, a waiting request, birthdays, sales."""
    admin, s1 = team["admin"], team["sales1"]
    today = date.today()
    a = cs.create_customer(admin, {"name": "甲公司", "stage": "current", "abc_class": "A"})
    b = cs.create_customer(
        admin, {"name": "乙公司", "owner": s1.id, "stage": "prospective", "abc_class": "C"}
    )
    cs.create_customer(admin, {"name": "丙公司"})
    start = datetime.combine(today, datetime.min.time())
    FollowUp.create(customer=a.id, owner=admin.id, subject="回访", due_at=start.replace(hour=15))
    FollowUp.create(
        customer=b.id,
        owner=s1.id,
        kind="dinner",
        subject="请吃饭",
        due_at=start - timedelta(days=2),
    )
    credit.request_credit(s1, b.id, limit="20000", reason="订单增加")
    # birthdays: today, in 6 days, and one just outside the week
    for name, offset in (("今天", 0), ("六天后", 6), ("八天后", 8)):
        born = (today + timedelta(days=offset)).replace(year=1980)
        cs.add_contact(admin, b.id, {"name": name, "birthday": born.isoformat()})
    Sale.create(customer=a.id, date=today.replace(day=1), amount=Decimal("1234.50"))
    last_month = today.replace(day=1) - timedelta(days=1)
    Sale.create(customer=b.id, date=last_month.replace(day=1), amount=Decimal("1000"))
    return {"a": a, "b": b}


def make_page(qtbot, actor) -> TodayPage:
    """A Today page whose figures (read in the background) have arrived."""
    widget = TodayPage(actor)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.summary is not None, timeout=20000)
    return widget


@pytest.fixture(autouse=True)
def _no_thread_left_behind():
    yield
    wait_for_loaders()


@pytest.fixture
def page(qtbot, team, seeded):
    widget = make_page(qtbot, team["admin"])
    yield widget
    for editor in ce.open_editors():
        editor._closing_ok = True
        editor.close()


def _column(model: ItemsModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_lists_equal_the_service(page, team):
    """Each list shows the service's items in the service's order."""
    summary = T.today_summary(team["admin"])
    assert page.followups_model.rows == summary.followups
    assert page.credit_model.rows == summary.credit_requests
    assert page.birthday_model.rows == summary.birthdays
    assert _column(page.followups_model, 1) == ["甲公司", "乙公司"]  # today's, then overdue
    assert _column(page.followups_model, 0)[1] == "2 day(s) overdue"
    assert _column(page.birthday_model, 1) == ["今天", "六天后"]
    assert _column(page.birthday_model, 0)[0].startswith("Today")
    assert _column(page.credit_model, 1) == ["¥20,000"]
    overdue = page.followups_model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue is not None
    assert page.followups_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_figures_and_chart_equal_the_service(page, team):
    """Tiles and bars show the numbers of key_figures."""
    figures = T.key_figures(team["admin"])
    assert page.customers_tile.value.text() == str(figures.customers) == "3"
    assert page.due_tile.value.text() == "1"
    assert page.overdue_tile.value.text() == "1"
    assert page.sales_tile.value.text() == "¥1,235"  # 1234.50 rounded half up
    series = page.stage_chart.chart().series()[0]
    assert isinstance(series, QBarSeries)
    values = [series.barSets()[0].at(i) for i in range(series.barSets()[0].count())]
    assert values == [float(figures.by_stage[s]) for s in figures.by_stage] == [1, 1, 1, 0]
    classes = page.class_chart.chart().series()[0].barSets()[0]
    assert [classes.at(i) for i in range(classes.count())] == [1, 0, 1, 0, 1]  # A B C D none
    sales = page.sales_chart.chart().series()[0].barSets()[0]
    assert sales.at(2) == pytest.approx(0.1)  # 1234.50 yuan in 万元, rounded to 0.1


def test_counts_signal(qtbot, team, seeded):
    """counts_changed carries the badge numbers; the property has them too."""
    widget = make_page(qtbot, team["admin"])
    expected = {"due_today": 1, "overdue": 1, "credit_pending": 1, "birthdays": 2, "total": 3}
    assert widget.counts == expected
    with qtbot.waitSignal(widget.counts_changed, timeout=20000) as blocker:
        widget.refresh()
    assert blocker.args == [expected]
    FollowUp.create(customer=seeded["a"].id, due_at=datetime.now(), subject="新")
    widget.load_now()
    assert widget.counts["due_today"] == 2


def test_salesperson_sees_own_work_and_no_credit_box(qtbot, team, seeded):
    """A salesperson's page lists only their customers and has no approvals box."""
    widget = make_page(qtbot, team["sales1"])
    assert _column(widget.followups_model, 1) == ["乙公司"]
    assert widget.credit_box.isHidden()
    assert widget.counts["credit_pending"] == 0
    assert widget.customers_tile.value.text() == "1"


def test_click_opens_the_customer_card(page, qtbot, seeded):
    """Clicking a follow-up opens that customer's card."""
    view = page.followups_view
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    rect = view.visualRect(page.followups_model.index(1, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = ce._OPEN.get(seeded["b"].id)
    assert editor is not None and editor.card.values["name"] == "乙公司"


def test_items_models_pass_the_model_tester(page, qtmodeltester):
    for model in (page.followups_model, page.credit_model, page.birthday_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    empty = ItemsModel(page.followups_model.columns)
    qtmodeltester.check(empty)


def test_a_failed_refresh_is_said_on_the_page(qtbot, team, seeded, monkeypatch):
    """A background read that fails shows its message on the page, without a dialog."""
    from crm_desktop.errors import UserError

    widget = make_page(qtbot, team["admin"])

    def broken(actor, today=None):
        raise UserError("The database is locked by another program.")

    monkeypatch.setattr(T, "today_summary", broken)
    widget.refresh()
    qtbot.waitUntil(lambda: not widget.problem.isHidden(), timeout=20000)
    assert widget.problem.text() == "The database is locked by another program."
    assert widget.refresh_button.isEnabled()
    monkeypatch.undo()
    with qtbot.waitSignal(widget.loaded, timeout=20000):
        widget.refresh()
    assert widget.problem.isHidden()


def test_a_complaint_called_in_is_recorded_from_today(page, team):
    """Today's 记录投诉 button opens the dialog; the customer is named by its code."""
    from crm_desktop.models import Complaint, Customer

    customer = Customer.get(Customer.name == "甲公司")
    dialog = page.record_complaint()
    assert dialog.customer_id is None
    dialog.customer_code.setText(customer.code)
    dialog.subject.setText("发票抬头开错")
    assert dialog.save()
    assert Complaint.get(Complaint.customer == customer.id).subject == "发票抬头开错"
