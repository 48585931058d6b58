"""The Reports page: figures and charts from the service, export, Apply ABC classes."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from sales_dataset import NOW, build  # noqa: E402

from crm_desktop.models import Customer  # noqa: E402
from crm_desktop.services import analysis as an  # noqa: E402
from crm_desktop.ui.reports_page import (  # noqa: E402
    CustomerFiguresModel,
    ReportsPage,
    SalespeopleModel,
    pareto_points,
)

Y2025 = an.Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def data(team):
    return build(team)


def run_and_wait(qtbot, page, start):
    with qtbot.waitSignal(page.idle, timeout=30_000):
        assert start() is not None


def test_models_pass_the_model_tester(qtmodeltester, admin, data):
    report = an.sales_report(admin, Y2025, now=NOW)
    customers = CustomerFiguresModel()
    customers.set_rows(report.customers)
    qtmodeltester.check(customers)
    assert customers.rowCount() == 5
    assert customers.index(2, 2).data() == '=HYPERLINK("http://x","y")'
    people = SalespeopleModel()
    people.set_rows(report.salespeople)
    qtmodeltester.check(people)
    assert people.index(0, 0).data() == "张伟"
    empty = CustomerFiguresModel()
    qtmodeltester.check(empty)


def test_pareto_points():
    report_rows = [
        an.CustomerFigure(1, "a", "a", "", None, "A", 80, 0.8, 0.8, 0, None, None, 1),
        an.CustomerFigure(2, "b", "b", "", None, "B", 20, 0.2, 1.0, 0, None, None, 2),
        an.CustomerFigure(3, "c", "c", "", None, "D", 0, None, None, 0, None, None, None),
    ]
    assert pareto_points(report_rows) == [(0.0, 0.0), (50.0, 80.0), (100.0, 100.0)]
    assert pareto_points([]) == []


def test_show_figures_fills_tables_and_charts(qtbot, admin, data):
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    page.set_period(Y2025)
    run_and_wait(qtbot, page, page.show_figures)
    assert page.report is not None and page.report.summary.sales == 1000
    assert page.customer_model.rowCount() == 5
    assert page.salespeople_model.rowCount() == 2
    assert "3 of 5 customers" in page.summary_label.text()
    for view in (page.month_chart, page.pareto_chart, page.salespeople_chart, page.aging_chart):
        assert len(view.chart().series()) == 1
    bars = page.month_chart.chart().series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())][2] == pytest.approx(800.0)


def test_export_writes_the_chosen_sheets(qtbot, admin, data, tmp_path):
    """Only the ticked sheets are written, in the workbook's order."""
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    page.set_period(Y2025)
    for key in ("products", "followups", "complaints"):
        page.sheet_boxes[key].setChecked(False)
    target = tmp_path / "report"
    run_and_wait(qtbot, page, lambda: page.export_to(str(target)))
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames == [
        "Summary",
        "By customer",
        "By salesperson",
        "By month",
        "Receivables aging",
    ]


def test_export_offers_the_complaints_sheet(qtbot, admin, data, tmp_path):
    """The page's workbook has the Complaints sheet the CLI's has, ticked by default."""
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    page.set_period(Y2025)
    assert page.sheet_boxes["complaints"].isChecked()
    for key in ("customers", "salespeople", "products", "months", "aging", "followups"):
        page.sheet_boxes[key].setChecked(False)
    target = tmp_path / "report"
    run_and_wait(qtbot, page, lambda: page.export_to(str(target)))
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[0] == "Summary" and "Complaints" in wb.sheetnames


def test_cancelled_export_writes_nothing(qtbot, admin, data, tmp_path):
    """Cancelling the sales report leaves no workbook and no audit record, and says so."""
    from crm_desktop.models import AuditEvent
    from crm_desktop.progress import Cancelled

    page = ReportsPage(admin)
    qtbot.addWidget(page)
    page.set_period(Y2025)
    target = tmp_path / "report.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=30_000) as said:
        op = page.export_to(str(target))
        op.dialog.canceled.emit()  # what the dialog's Cancel button sends
    qtbot.waitUntil(lambda: op.done, timeout=30_000)
    assert isinstance(op.error, Cancelled) and "cancelled" in said.args[0]
    assert not target.exists() and list(tmp_path.glob("*.xlsx*")) == []
    assert AuditEvent.select().where(AuditEvent.action == "export.report").count() == 0


def test_apply_abc_asks_with_the_count(qtbot, team, data):
    """Applying ABC classes first asks, naming how many customers change from which class."""
    page = ReportsPage(team["manager"])
    qtbot.addWidget(page)
    page.set_period(Y2025)
    asked = []
    assert page.apply_abc(confirm=lambda text: asked.append(text) or False) is None
    assert "2 of 5 customers will change class" in asked[0] and "C → D: 1" in asked[0]
    assert Customer.get_by_id(data["C4"]).abc_class == "C"  # declined: nothing written
    result = page.apply_abc(confirm=lambda text: True)
    assert result is not None and result.changed == 2
    assert Customer.get_by_id(data["C4"]).abc_class == "D"


def test_apply_abc_question_is_chinese_under_zh(qtbot, team, data):
    """The class changes are listed as 'C → D：1 个' with the Chinese translations."""
    from crm_desktop.ui.translations import switch_language

    switch_language("zh_CN")
    try:
        page = ReportsPage(team["manager"])
        qtbot.addWidget(page)
        page.set_period(Y2025)
        asked = []
        page.apply_abc(confirm=lambda text: asked.append(text) or False)
    finally:
        switch_language("en")
    assert asked[0].startswith("5 个客户中有 2 个将更改分类（")
    assert "  C → D：1 个" in asked[0].splitlines()


def test_salesperson_cannot_apply_or_export(qtbot, team, data):
    page = ReportsPage(team["sales1"])
    qtbot.addWidget(page)
    assert page.apply_button.isHidden()
    assert not page.export_button.isEnabled()


def test_the_forecast_is_on_the_reports_page(qtbot, admin, data):
    """The 销售预测 tab shows the same forecast figures as the service, read when opened."""
    from crm_desktop.services import opportunities as opps

    page = ReportsPage(admin)
    qtbot.addWidget(page)
    assert page.forecast.data is None
    page.tabs.setCurrentIndex(page.forecast_tab)
    assert page.forecast.data is not None
    expected = opps.forecast(admin)
    assert page.forecast.months.rowCount() == len(expected.months)


def test_export_grouped_by_a_choice_field(qtbot, team, data, tmp_path):
    """The page offers the one-choice custom fields; the chosen one groups the export."""
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.services.custom_fields import values as custom_values

    admin = team["admin"]
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    assert page.by_field.isHidden()  # no custom field yet
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["战略", "一般"])
    custom_defs.define_field(admin, "主营产品", "Main products", "text")
    c1 = Customer.get(Customer.code == "C1")
    custom_values.set_values(admin, "customer", c1.id, {tier.name: "战略"})
    page.refresh()
    assert not page.by_field.isHidden()
    offered = [page.by_field.itemData(i) for i in range(page.by_field.count())]
    assert offered == [None, tier.key]
    page.set_period(Y2025)
    page.by_field.setCurrentIndex(1)
    for key, box in page.sheet_boxes.items():
        box.setChecked(key == "customers")
    target = tmp_path / "by-tier.xlsx"
    run_and_wait(qtbot, page, lambda: page.export_to(str(target)))
    wb = openpyxl.load_workbook(target)
    assert len(wb.sheetnames) == 2
    rows = [[c.value for c in r] for r in wb.worksheets[1].iter_rows(min_row=2)]
    assert [(r[1], r[3]) for r in rows[:-1]] == [(1, 800), (0, 0), (4, 200)]
