"""The sales workbook read back with openpyxl and python-calamine (and LibreOffice when present)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from sales_dataset import FORMULA_NAME, NOW, build  # noqa: E402

from crm_desktop.progress import Cancelled, Progress  # noqa: E402
from crm_desktop.reports.sales_xlsx import sheet_names, write_sales_workbook  # noqa: E402
from crm_desktop.services import analysis as an  # noqa: E402

Y2025 = an.Period(date(2025, 1, 1), date(2025, 12, 31))
SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")


@pytest.fixture
def report(admin, team):
    build(team)
    return an.sales_report(admin, Y2025, now=NOW)


@pytest.fixture
def workbook(report, tmp_path):
    path = write_sales_workbook(report, tmp_path / "sales.xlsx", lang="en")
    return path, openpyxl.load_workbook(path), CalamineWorkbook.from_path(str(path))


def rows_of(cal, name):
    return cal.get_sheet_by_name(name).to_python()


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_sums(ws, cal_rows):
    """Every SUM formula totals the cells it names; its cached value (calamine) agrees."""
    found = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                m = SUM.match(cell.value)
                assert m, cell.value
                c1, r1, c2, r2 = col_index(m[1]), int(m[2]), col_index(m[3]), int(m[4])
                total = 0.0
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        value = ws.cell(r, c).value
                        if isinstance(value, str):  # a row total: its own check covers it
                            assert value.startswith("=SUM("), (ws.title, r, c)
                            value = cal_rows[r - 1][c - 1]
                        total += value or 0
                cached = cal_rows[cell.row - 1][cell.column - 1]
                assert cached == pytest.approx(total), (ws.title, cell.coordinate)
                found += 1
    return found


def test_sheets_in_the_ui_language(report, tmp_path):
    en = openpyxl.load_workbook(write_sales_workbook(report, tmp_path / "en.xlsx", lang="en"))
    assert en.sheetnames == [
        "Summary",
        "By customer",
        "By salesperson",
        "By product",
        "By month",
        "Receivables aging",
        "Follow-ups",
    ]
    zh = openpyxl.load_workbook(write_sales_workbook(report, tmp_path / "zh.xlsx", lang="zh_CN"))
    assert zh.sheetnames == ["概要", "按客户", "按业务员", "按产品", "按月", "应收账龄", "跟进"]
    assert zh["按客户"]["C1"].value == "客户名称"
    # the Complaints sheet is written only with complaint figures (see test_complaints_sheet)
    assert [n for k, n in sheet_names("zh_CN").items() if k != "complaints"] == zh.sheetnames


def test_by_customer_figures_equal_the_service(report, workbook):
    """Both readers see the service's figures; the formula-looking name stays text."""
    path, wb, cal = workbook
    ws = wb["By customer"]
    rows = rows_of(cal, "By customer")
    assert rows[0][:6] == [
        "Rank",
        "Customer code",
        "Customer name",
        "Salesperson",
        "Class",
        "Sales",
    ]
    for i, f in enumerate(report.customers, start=1):
        o = [c.value for c in ws[i + 1]]
        c = rows[i]
        assert o[1] == c[1] == f.code
        assert o[2] == c[2] == f.name
        assert o[4] == c[4] == f.abc_class
        assert o[5] == pytest.approx(float(f.sales)) and c[5] == pytest.approx(float(f.sales))
        assert c[8] == pytest.approx(float(f.previous_sales))
        if f.last_order:
            assert o[11] == datetime.combine(f.last_order, datetime.min.time())
            assert c[11] == f.last_order
    name_cell = ws.cell(4, 3)
    assert name_cell.value == FORMULA_NAME and name_cell.data_type == "s"
    assert rows[3][2] == FORMULA_NAME
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:M6"
    assert ws["F2"].number_format.count("#,##0.00") and "¥" in ws["F2"].number_format
    assert ws["L2"].number_format == "yyyy-mm-dd"
    total_row = len(report.customers) + 2
    assert ws.cell(total_row, 6).value == f"=SUM(F2:F{total_row - 1})"
    assert rows[total_row - 1][5] == pytest.approx(1000.0)
    assert check_sums(ws, rows) == 4


def test_every_sheet_totals_and_figures(report, workbook):
    path, wb, cal = workbook
    for name in wb.sheetnames:
        check_sums(wb[name], rows_of(cal, name))
    sp = rows_of(cal, "By salesperson")
    assert [r[0] for r in sp[1:3]] == ["张伟", "王芳"]
    assert sp[1][1] == pytest.approx(950.0) and sp[1][4] == 2
    assert sp[3][0] == "Total" and sp[3][1] == pytest.approx(1000.0)
    products = rows_of(cal, "By product")
    assert products[1][:5] == ["P1", "螺丝", "五金", 7.5, 750.0]
    months = rows_of(cal, "By month")
    assert months[0] == ["Month", "张伟", "王芳", "Total"]
    assert months[3][0] == date(2025, 3, 1) and months[3][1:] == [800.0, 0.0, 800.0]
    assert months[13][3] == pytest.approx(1000.0)
    aging = {r[0]: r for r in rows_of(cal, "Receivables aging")[1:6]}
    assert aging["C3"][1] == FORMULA_NAME
    assert aging["C3"][9:12] == [20.0, 30.0, 0.0]  # as of NOW, 2025-12-15
    assert aging["C4"][3] == 500.0 and aging["C4"][7] == "yes" and aging["C4"][12] == 600.0
    summary = {r[0]: r[1] for r in rows_of(cal, "Summary") if r and r[0]}
    assert summary["Sales"] == pytest.approx(1000.0)
    assert summary["Previous period sales"] == pytest.approx(1800.0)
    assert summary["New customers"] == 1 and summary["Lost customers"] == 1
    follow = rows_of(cal, "Follow-ups")
    flat = [r[0] for r in follow]
    assert "C3" in flat and "C1" not in flat


def test_charts_are_real_excel_charts(workbook):
    path, wb, cal = workbook
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 5  # month summary, Pareto, salespeople, months, aging
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml  # Pareto: columns + line
    assert "By customer" in xml and "$H$2" in xml  # the cumulative share series
    counts = {name: len(wb[name]._charts) for name in wb.sheetnames}
    assert counts["Summary"] == 1 and counts["By customer"] == 1 and counts["By month"] == 1


def test_cancel_leaves_nothing(report, tmp_path):
    """Cancelling the Progress at the third sheet raises Cancelled and leaves no file."""
    folder = tmp_path / "out"
    folder.mkdir()
    seen = []

    def listener(step, steps, text):
        seen.append(str(text))
        if step == 2:
            progress.cancel()

    progress = Progress(listener)
    with pytest.raises(Cancelled):
        write_sales_workbook(report, folder / "x.xlsx", lang="en", progress=progress)
    assert list(folder.iterdir()) == []
    assert seen == ["Summary", "By customer"]  # each step names its sheet


def test_old_style_callback_can_still_cancel(report, tmp_path):
    """A callback(step, steps, what) returning False (the GUI worker's) stops the workbook."""
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        write_sales_workbook(
            report, folder / "x.xlsx", lang="en", progress=lambda step, n, what: step < 3
        )
    assert list(folder.iterdir()) == []


def test_only_chosen_sheets(admin, team, tmp_path):
    build(team)
    report = an.sales_report(admin, Y2025, sheets=["customers", "aging"], now=NOW)
    wb = openpyxl.load_workbook(write_sales_workbook(report, tmp_path / "two.xlsx", lang="en"))
    assert wb.sheetnames == ["By customer", "Receivables aging"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_totals(report, workbook, tmp_path):
    """A number edited after export changes the total when LibreOffice recalculates."""
    path, wb, cal = workbook
    ws = wb["By customer"]
    ws["F2"] = 1234.5  # C1: 800 -> 1234.5; openpyxl drops the cached totals
    for name in wb.sheetnames:
        if name != "By customer":
            del wb[name]
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(out),
            str(edited),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(out / "edited.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    total = next(r for r in rows if r[1] == "Total")
    assert float(total[5].replace(",", "").replace("¥", "")) == pytest.approx(1434.5)


def test_control_characters_removed(report, tmp_path):
    report.customers[0].name = "甲\x01公\x1f司"
    path = write_sales_workbook(report, tmp_path / "ctl.xlsx", lang="en")
    assert openpyxl.load_workbook(path)["By customer"]["C2"].value == "甲公司"
    assert rows_of(CalamineWorkbook.from_path(str(path)), "By customer")[1][2] == "甲公司"


def test_cadence_list_is_capped_but_counts_are_not(report, tmp_path, monkeypatch):
    from crm_desktop.reports import sales_xlsx

    monkeypatch.setattr(sales_xlsx, "CADENCE_LIST_LIMIT", 2)
    path = write_sales_workbook(report, tmp_path / "cap.xlsx", lang="en")
    rows = rows_of(CalamineWorkbook.from_path(str(path)), "Follow-ups")
    title = next(r[0] for r in rows if str(r[0]).startswith("Customers outside"))
    assert "the first 2 of 3" in title
    start = next(i for i, r in enumerate(rows) if r[0] == "Customer code")
    assert [r[0] for r in rows[start + 1 :] if r[0]] == ["C2", "C4"]
    outside = next(r for r in rows if r[0] == "Total" and r[4] != "")
    assert outside[4] == 3


def test_every_sheet_prints_one_page_wide_with_its_headings(report, tmp_path):
    """Printed for a meeting, each sheet is A4 and one page wide (the columns no longer split
    over pages), landscape when wide, its heading row on every page, the page number at
    the foot in the workbook's language; a chart beside a wide list is left off the paper."""
    path = write_sales_workbook(report, tmp_path / "销售报表.xlsx", lang="zh_CN")
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(setup.fitToHeight) == 0
        assert setup.fitToWidth in (None, 1, "1")  # 1 is the default, left unwritten
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
        wide = ws.max_column > 6 or ws._charts
        assert setup.orientation == ("landscape" if wide else "portrait"), ws.title
    names = sheet_names("zh_CN")
    by_customer = wb[names["customers"]]
    assert by_customer._charts and by_customer.print_area  # the Pareto chart stays on screen
    english = openpyxl.load_workbook(write_sales_workbook(report, tmp_path / "s.xlsx", lang="en"))
    assert english[sheet_names("en")["summary"]].oddFooter.center.text == "Page &P of &N"


def test_a_very_wide_sheet_prints_across_pages_not_shrunk(tmp_path):
    """The customer export's 60-odd columns would shrink to nothing on one page's width:
    landscape, the heading row repeated, printed across pages at full size."""
    from crm_desktop.reports.customers_xlsx import write_customers_xlsx

    headers = [f"字段{i}" for i in range(60)]
    rows = [[f"值{r}-{c}" for c in range(60)] for r in range(30)]
    path = tmp_path / "客户.xlsx"
    write_customers_xlsx(path, headers, ["text"] * 60, rows, sheet_name="客户")
    ws = openpyxl.load_workbook(path)["客户"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    properties = ws.sheet_properties.pageSetUpPr
    assert properties is None or not properties.fitToPage
