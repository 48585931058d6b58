"""The 商机 page: board columns, a drop saved and repainted, conflicts, filters, the list,
the forecast tab and the opportunity dialog, on a real database."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt

from crm_desktop.models import Opportunity
from crm_desktop.services import opportunities as opps
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.opportunity_dialog import OpportunityDialog
from crm_desktop.ui.pipeline_page import PipelinePage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def world(team):
    """Three opportunities: two of sales1 (one class-A customer), one of sales2."""
    a = create_customer(
        team["admin"], {"name": "华科商贸", "code": "C1", "owner": team["sales1"].id}
    )
    b = create_customer(
        team["admin"], {"name": "王氏五金", "code": "C2", "owner": team["sales2"].id}
    )
    from crm_desktop.models import Customer

    Customer.update(abc_class="A").where(Customer.id == a.id).execute()
    soon = date.today() + timedelta(days=20)
    ids = [
        opps.create_opportunity(
            team["sales1"], a.id, {"title": "年度采购", "amount": "10万", "close_date": soon}
        ).id,
        opps.create_opportunity(
            team["sales1"], a.id, {"title": "备件", "amount": "2000", "close_date": soon}
        ).id,
        opps.create_opportunity(
            team["sales2"], b.id, {"title": "仓储", "amount": "5万", "close_date": soon}
        ).id,
    ]
    stages = {s.name: s for s in opps.list_stages()}
    return {"ids": ids, "stages": stages, "customers": (a.id, b.id), **team}


def _drag(page: PipelinePage, opportunity_id: int, to_stage: int) -> None:
    """What a drop of the card on another column does: the target model gets its MIME data."""
    source = next(c for c in page.columns.values() if c.model.index_of(opportunity_id) >= 0)
    index = source.model.index(source.model.index_of(opportunity_id))
    data = source.model.mimeData([index])
    target = page.columns[to_stage].model
    assert target.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target.index(-1))
    target.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target.index(-1))


def test_board_shows_each_stage_with_counts_and_totals(qtbot, qtmodeltester, world):
    """The manager's board has a column per stage; the first holds all three cards."""
    page = PipelinePage(world["manager"])
    qtbot.addWidget(page)
    first = world["stages"]["初步接洽"].id
    assert list(page.columns) == [s.id for s in opps.list_stages()]
    column = page.columns[first]
    qtmodeltester.check(column.model)
    qtmodeltester.check(page.table_model)
    assert column.model.rowCount() == 3
    assert "3 · total 15.2万 · weighted 1.5万" in column.header.text()
    assert page.table_model.rowCount() == 0  # the list is read when first shown
    page.tabs.setCurrentWidget(page.table)
    assert page.table_model.rowCount() == 3


def test_drop_on_another_column_saves_and_moves_the_card(qtbot, world):
    """A drop moves the card to the new column and the move is in the database."""
    page = PipelinePage(world["sales1"])
    qtbot.addWidget(page)
    first, talks = world["stages"]["初步接洽"].id, world["stages"]["谈判"].id
    assert page.columns[first].model.rowCount() == 2  # only their own
    _drag(page, world["ids"][0], talks)
    assert page.columns[talks].model.rowCount() == 1
    assert page.columns[first].model.rowCount() == 1
    assert Opportunity.get_by_id(world["ids"][0]).stage_id == talks
    assert "total 10.0万 · weighted 7.0万" in page.columns[talks].header.text()


def test_a_card_moved_meanwhile_gives_a_conflict_and_the_fresh_board(qtbot, world, monkeypatch):
    """When someone else moved the card first, the drop is refused and the board reloads."""
    page = PipelinePage(world["manager"])
    qtbot.addWidget(page)
    warnings = []
    monkeypatch.setattr(
        "crm_desktop.ui.pipeline_page.QMessageBox.warning",
        lambda parent, title, text: warnings.append(text),
    )
    need = world["stages"]["需求确认"].id
    opps.move_opportunity(world["sales1"], world["ids"][0], need)  # behind the board's back
    _drag(page, world["ids"][0], world["stages"]["谈判"].id)
    assert warnings and "someone else" in warnings[0]
    assert Opportunity.get_by_id(world["ids"][0]).stage_id == need
    assert page.columns[need].model.index_of(world["ids"][0]) == 0


def test_filters_narrow_board_and_list(qtbot, world):
    """The class filter keeps class-A customers; the owner filter one salesperson."""
    page = PipelinePage(world["manager"])
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.table)
    page.klass.setCurrentIndex(page.klass.findData("A"))
    assert page.table_model.rowCount() == 2
    page.klass.setCurrentIndex(0)
    page.owner.setCurrentIndex(page.owner.findData(world["sales2"].id))
    assert [r.title for r in page.table_model.rows] == ["仓储"]


def test_forecast_tab_fills_its_tables(qtbot, world):
    """The forecast tab shows six months and the salespeople."""
    page = PipelinePage(world["manager"])
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.forecast)
    assert page.forecast.months.rowCount() == 6
    assert page.forecast.people.rowCount() == 2
    assert page.forecast.data.total_weighted == Decimal("15200.00")


def test_dialog_names_the_wrong_field_and_saves_a_new_one(qtbot, world):
    """A close date before today is named under the form; corrected, the opportunity is saved."""
    dialog = OpportunityDialog(world["sales1"], customer_id=world["customers"][0])
    qtbot.addWidget(dialog)
    dialog.title.setText("新项目")
    dialog.amount.setText("3万")
    dialog.close_date.setDate(QDate.currentDate().addDays(-3))
    dialog.save()
    assert dialog.error.text().startswith("Expected close date")
    assert dialog.opportunity_id is None
    dialog.close_date.setDate(QDate.currentDate().addDays(30))
    dialog.lines.insertRow(0)
    dialog.save()
    assert dialog.opportunity_id is not None
    row = opps.get_row(world["sales1"], dialog.opportunity_id)
    assert (row.title, row.amount) == ("新项目", Decimal("30000.00"))


def test_dialog_of_a_lost_opportunity_offers_only_reopen(qtbot, world):
    """A lost opportunity opens read-only with its reason; Reopen puts it back in play."""
    opps.lose_opportunity(world["sales1"], world["ids"][1], "Price")
    dialog = OpportunityDialog(world["sales1"], world["ids"][1])
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and dialog.reopen_button.isEnabled()
    assert "Price" in dialog.error.text()
    dialog.reopen()
    assert dialog.changed and dialog.save_button.isEnabled()


def test_a_long_column_reads_its_cards_page_by_page(qtbot, world, monkeypatch):
    """With pages of one card, a column shows its full count and fetches the rest on demand;
    a card dropped beyond the loaded page is counted and shows once fetched."""
    board_module = sys.modules["crm_desktop.services.opportunities.board"]
    monkeypatch.setattr(board_module, "PAGE", 1)
    page = PipelinePage(world["manager"])
    qtbot.addWidget(page)
    first = page.columns[world["stages"]["初步接洽"].id].model
    assert (len(first.rows), first.count) == (1, 3)
    assert first.canFetchMore()
    first.fetchMore()
    first.fetchMore()
    assert len(first.rows) == 3 and not first.canFetchMore()
    talks = world["stages"]["谈判"].id
    for opportunity_id in world["ids"]:
        _drag(page, opportunity_id, talks)
    target = page.columns[talks].model
    assert target.count == 3 and target.total == Decimal("152000.00")
    while target.canFetchMore():
        target.fetchMore()
    assert sorted(r.id for r in target.rows) == sorted(world["ids"])


def test_card_tab_and_today_list_the_opportunities(qtbot, world):
    """The card's tab lists the customer's two; the Today page lists those closing soon."""
    from crm_desktop.ui.opportunities_tab import OpportunitiesTab
    from crm_desktop.ui.today_page import TodayPage

    tab = OpportunitiesTab(world["sales1"], world["customers"][0])
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 2
    assert tab.summary.text().startswith("2 open (weighted 10,200.00)")
    page = TodayPage(world["sales1"])
    qtbot.addWidget(page)
    page.load_now(date.today())
    box = page.opportunities_box
    expected = 2 if (date.today() + timedelta(days=20)).month == date.today().month else 0
    assert box.closing_model.rowCount() == expected
    assert box.closing_label.text().startswith(f"Closing this month: {expected}")


def test_stages_dialog_renames_adds_and_reorders(qtbot, world):
    """The manager renames a stage, adds one and moves it up; the cards stay in their stage."""
    from crm_desktop.ui.stages_dialog import StagesDialog

    dialog = StagesDialog(world["manager"])
    qtbot.addWidget(dialog)
    dialog.table.item(0, 0).setText("初次接触")
    dialog._add_row()  # after the four open stages
    dialog.table.item(4, 0).setText("合同审批")
    dialog.table.item(4, 2).setText("85")
    dialog.table.setCurrentCell(4, 0)
    dialog._move(-1)
    dialog._move(1)
    dialog._move(1)  # won and lost stay at the end
    dialog.save()
    names = [(s.name, s.probability) for s in opps.list_stages()]
    assert names[0] == ("初次接触", 10) and names[4] == ("合同审批", 85)
    assert [n for n, _ in names[-2:]] == ["赢单", "输单"]
    assert opps.get_row(world["sales1"], world["ids"][0]).stage_id == world["stages"]["初步接洽"].id


def test_won_button_can_record_the_sales(qtbot, world, monkeypatch):
    """Won, answered Yes: the opportunity is won and its amount is a sale of today."""
    from PySide6.QtWidgets import QMessageBox

    from crm_desktop.models import Sale

    monkeypatch.setattr(
        "crm_desktop.ui.opportunity_dialog.QMessageBox.question",
        lambda *args: QMessageBox.StandardButton.Yes,
    )
    dialog = OpportunityDialog(world["sales1"], world["ids"][1])
    qtbot.addWidget(dialog)
    dialog.win()
    assert dialog.changed and not dialog.detail.stage.is_open
    sale = Sale.get(Sale.order_no == f"OPP{world['ids'][1]}")
    assert sale.amount == Decimal("2000.00")


def test_targets_dialog_saves_the_months(qtbot, world):
    """The GM types a month's target; the forecast shows it beside that month."""
    from crm_desktop.ui.forecast_view import TargetsDialog

    today = date.today()
    dialog = TargetsDialog(world["admin"], today.year)
    qtbot.addWidget(dialog)
    dialog.table.item(today.month - 1, 1).setText("8万")
    dialog.save()
    assert dialog.error.text() == ""
    assert opps.forecast(world["admin"], today).months[0].target == Decimal("80000.00")
