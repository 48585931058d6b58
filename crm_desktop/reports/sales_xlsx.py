"""The sales report workbook: summary, ABC by customer, salespeople, products, months,
receivables aging and follow-up activity, with real Excel charts.

Written with xlsxwriter in constant-memory mode (measured about twice as fast as
openpyxl's write-only mode on 100k rows, see bench/bench_reports.py): rows go out in
order, totals are SUM formulas carrying their computed value (so readers that do not
recalculate, such as python-calamine, still see the total). The builder takes plain
data, the `SalesReport` that the report job gathers with `services.analysis`, and a
path; it never queries and imports no service. The file is written to a temporary name
in the same folder and renamed when complete.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.progress import Progress
from crm_desktop.reports.progress_adapter import as_progress
from crm_desktop.reports.sales_by_field import FieldBreakdown, write_by_field_sheet
from crm_desktop.reports.sales_by_field import group_labels as by_field_labels
from crm_desktop.reports.sales_by_field import sheet_name as by_field_sheet_name
from crm_desktop.reports.xlsx_common import clean_cell_text, set_printing, write_cell

# The plain data this builder reads, gathered by services.analysis (not imported here):
SalesReport = Any  # .period, .summary, .customers, .abc, .salespeople, … (see sales_report)
CustomerFigure = Any  # one row of SalesReport.customers
# services.complaints.ComplaintFigures with its categories and severities as labels (the
# report job labels them): the Complaints sheet and the by-customer sheet's counts
ComplaintFigures = Any
# the aging sheet's bucket columns, in the order of AgingRow.buckets_fen
AGING_BUCKETS = ("not_due", "d0_30", "d31_60", "d61_90", "d90_plus")

MONEY = '"¥"#,##0.00;[Red]-"¥"#,##0.00'
INTEGER = "#,##0"
QUANTITY = "#,##0.###"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
MONTH = "yyyy-mm"
DATETIME = "yyyy-mm-dd hh:mm"
HEADER_BG = "#1F4E78"
PARETO_POINTS = 50  # customers shown in the Pareto chart
MONTH_SERIES = 10  # at most this many stacked series in the by-month chart
CADENCE_LIST_LIMIT = 5000  # customers listed as outside their cadence (all are counted)

# --- labels in both languages ---------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "zh_CN": {
        "sheet.summary": "概要",
        "sheet.customers": "按客户",
        "sheet.salespeople": "按业务员",
        "sheet.products": "按产品",
        "sheet.months": "按月",
        "sheet.aging": "应收账龄",
        "sheet.followups": "跟进",
        "sheet.complaints": "客户投诉",
        "cp_title": "客户投诉处理",
        "cp_total": "投诉数",
        "cp_unresolved": "未解决",
        "cp_overdue": "逾期未解决",
        "cp_resolved": "已解决",
        "cp_in_time": "按时解决",
        "cp_in_time_share": "按时解决率",
        "cp_median_hours": "解决用时中位数（小时）",
        "cp_satisfaction": "平均满意度（1–5）",
        "cp_rated": "已评分",
        "cp_by_category": "按类别",
        "cp_by_severity": "按严重程度",
        "cp_by_product": "按产品",
        "cp_severity": "严重程度",
        "cp_product_code": "产品编码",
        "cp_product": "产品",
        "cp_customer_total": "投诉数",
        "cp_customer_open": "未解决投诉",
        "title": "销售报表",
        "scope": "范围",
        "scope.own": "{name} 的客户",
        "scope.all": "全部客户",
        "period": "期间",
        "previous_period": "上期",
        "sales": "销售额",
        "previous_sales": "上期销售额",
        "change": "增减",
        "change_pct": "增减率",
        "lines": "销售明细行数",
        "orders": "订单数",
        "customers_total": "客户总数",
        "customers_bought": "成交客户数",
        "new_customers": "新客户",
        "lost_customers": "流失客户",
        "generated_at": "生成时间",
        "abc_table": "ABC 分类",
        "class": "分类",
        "customers": "客户数",
        "share": "占比",
        "top": "前十大客户",
        "rank": "排名",
        "code": "客户代号",
        "name": "客户名称",
        "salesperson": "业务员",
        "by_month": "按月销售额",
        "month": "月份",
        "total": "合计",
        "cumulative_share": "累计占比",
        "last_order": "最近下单日",
        "stored_class": "当前分类",
        "pareto": "帕累托分析（前 {n} 名客户）",
        "none": "（未指定）",
        "product_code": "产品代号",
        "product_name": "产品名称",
        "category": "类别",
        "quantity": "数量",
        "customers_count": "客户数",
        "fu_planned": "计划跟进",
        "fu_done": "已完成跟进",
        "done_rate": "完成率",
        "credit_limit": "信用额度",
        "collection_days": "收款期限（天）",
        "balance": "应收余额",
        "exposure": "额度占用率",
        "over_limit": "超额度",
        "yes": "是",
        "not_due": "未到期",
        "d0_30": "逾期 0–30 天",
        "d31_60": "逾期 31–60 天",
        "d61_90": "逾期 61–90 天",
        "d90_plus": "逾期 90 天以上",
        "as_of": "截至",
        "aging_chart": "应收账龄",
        "fu_by_salesperson": "按业务员的跟进",
        "fu_by_class": "按客户分类的跟进",
        "overdue": "逾期未完成",
        "outside_cadence": "超出联系周期的客户",
        "shown_of": "列出前 {shown:,} 个，共 {total:,} 个",
        "outside_count": "超出周期客户数",
        "interval": "联系周期（天）",
        "last_contact": "最近一次跟进",
        "days_since": "距今天数",
        "days_over": "超出天数",
        "never": "从未跟进",
        "month_by.salesperson": "按月销售额（按业务员）",
        "month_by.category": "按月销售额（按产品类别）",
        "unclassified": "（未分类）",
        "class_label": "{c}级",
    },
    "en": {
        "sheet.summary": "Summary",
        "sheet.customers": "By customer",
        "sheet.salespeople": "By salesperson",
        "sheet.products": "By product",
        "sheet.months": "By month",
        "sheet.aging": "Receivables aging",
        "sheet.followups": "Follow-ups",
        "sheet.complaints": "Complaints",
        "cp_title": "Complaint handling",
        "cp_total": "Complaints",
        "cp_unresolved": "Unresolved",
        "cp_overdue": "Overdue",
        "cp_resolved": "Resolved",
        "cp_in_time": "Resolved in time",
        "cp_in_time_share": "Share in time",
        "cp_median_hours": "Median time to resolve (hours)",
        "cp_satisfaction": "Mean satisfaction (1-5)",
        "cp_rated": "Rated",
        "cp_by_category": "By category",
        "cp_by_severity": "By severity",
        "cp_by_product": "By product",
        "cp_severity": "Severity",
        "cp_product_code": "Product code",
        "cp_product": "Product",
        "cp_customer_total": "Complaints",
        "cp_customer_open": "Unresolved complaints",
        "title": "Sales report",
        "scope": "Scope",
        "scope.own": "customers of {name}",
        "scope.all": "all customers",
        "period": "Period",
        "previous_period": "Previous period",
        "sales": "Sales",
        "previous_sales": "Previous period sales",
        "change": "Change",
        "change_pct": "Change %",
        "lines": "Sales lines",
        "orders": "Orders",
        "customers_total": "Customers",
        "customers_bought": "Customers who bought",
        "new_customers": "New customers",
        "lost_customers": "Lost customers",
        "generated_at": "Generated",
        "abc_table": "ABC classes",
        "class": "Class",
        "customers": "Customers",
        "share": "Share",
        "top": "Top 10 customers",
        "rank": "Rank",
        "code": "Customer code",
        "name": "Customer name",
        "salesperson": "Salesperson",
        "by_month": "Sales by month",
        "month": "Month",
        "total": "Total",
        "cumulative_share": "Cumulative share",
        "last_order": "Last order",
        "stored_class": "Current class",
        "pareto": "Pareto analysis (top {n} customers)",
        "none": "(none)",
        "product_code": "Product code",
        "product_name": "Product",
        "category": "Category",
        "quantity": "Quantity",
        "customers_count": "Customers",
        "fu_planned": "Follow-ups planned",
        "fu_done": "Follow-ups done",
        "done_rate": "Done rate",
        "credit_limit": "Credit limit",
        "collection_days": "Collection period (days)",
        "balance": "Balance",
        "exposure": "Exposure",
        "over_limit": "Over limit",
        "yes": "yes",
        "not_due": "Not yet due",
        "d0_30": "0–30 days past due",
        "d31_60": "31–60 days past due",
        "d61_90": "61–90 days past due",
        "d90_plus": "Over 90 days past due",
        "as_of": "As of",
        "aging_chart": "Receivables aging",
        "fu_by_salesperson": "Follow-ups by salesperson",
        "fu_by_class": "Follow-ups by customer class",
        "overdue": "Overdue",
        "outside_cadence": "Customers outside their cadence",
        "shown_of": "the first {shown:,} of {total:,}",
        "outside_count": "Outside cadence",
        "interval": "Interval (days)",
        "last_contact": "Last follow-up",
        "days_since": "Days since",
        "days_over": "Days over",
        "never": "never",
        "month_by.salesperson": "Sales by month and salesperson",
        "month_by.category": "Sales by month and product category",
        "unclassified": "(unclassified)",
        "class_label": "Class {c}",
    },
}


def labels(lang: str | None = None) -> dict[str, str]:
    lang = lang or current_language()
    return LABELS["zh_CN" if lang.startswith("zh") else "en"]


def sheet_names(lang: str | None = None) -> dict[str, str]:
    """Sheet key -> the sheet's name in the language."""
    t = labels(lang)
    return {k[6:]: v for k, v in t.items() if k.startswith("sheet.")}


# --- plain rows (shared with the benchmark's baselines) --------------------------------------


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


CUSTOMER_COLUMNS = (
    "rank",
    "code",
    "name",
    "salesperson",
    "class",
    "sales",
    "share",
    "cumulative_share",
    "previous_sales",
    "change",
    "change_pct",
    "last_order",
    "stored_class",
)


def customer_rows(figures: Sequence[CustomerFigure]) -> list[tuple]:
    """The by-customer sheet's values, one tuple per customer, in CUSTOMER_COLUMNS order."""
    return [
        (
            f.rank,
            f.code,
            f.name,
            f.owner,
            f.abc_class,
            f.sales_fen / 100,
            f.share,
            f.cumulative_share,
            f.previous_fen / 100,
            (f.sales_fen - f.previous_fen) / 100,
            f.change_pct,
            f.last_order,
            f.stored_class or "",
        )
        for f in figures
    ]


# --- the builder ----------------------------------------------------------------------------


class _Book:
    """The workbook with its formats and the helpers every sheet uses."""

    def __init__(self, path: Path, lang: str) -> None:
        self.t = labels(lang)
        self.lang = lang
        self.complaints: ComplaintFigures | None = None
        self.by_field: FieldBreakdown | None = None
        self.by_field_name = ""
        self.wb = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "default_date_format": DATE, "strings_to_formulas": False},
        )
        self.wb.set_properties({"title": self.t["title"], "comments": "crm-desktop"})
        add = self.wb.add_format
        font = {"font_name": "Microsoft YaHei" if lang.startswith("zh") else "Calibri"}
        self.header = add(
            {
                **font,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_BG,
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        )
        self.title = add({**font, "bold": True, "font_size": 14})
        self.section = add({**font, "bold": True, "font_size": 12, "font_color": HEADER_BG})
        self.text = add(font)
        self.label = add({**font, "bold": True})
        self.money = add({**font, "num_format": MONEY})
        self.integer = add({**font, "num_format": INTEGER})
        self.quantity = add({**font, "num_format": QUANTITY})
        self.percent = add({**font, "num_format": PERCENT})
        self.date = add({**font, "num_format": DATE})
        self.month = add({**font, "num_format": MONTH})
        self.datetime = add({**font, "num_format": DATETIME, "align": "left"})
        total = {**font, "bold": True, "top": 1, "bg_color": "#DDEBF7"}
        self.total_text = add(total)
        self.total_money = add({**total, "num_format": MONEY})
        self.total_integer = add({**total, "num_format": INTEGER})
        self.total_quantity = add({**total, "num_format": QUANTITY})
        self.total_percent = add({**total, "num_format": PERCENT})
        self.totals = {
            "money": self.total_money,
            "integer": self.total_integer,
            "quantity": self.total_quantity,
            "percent": self.total_percent,
        }

    def sheet_title(self, key: str) -> str:
        return self.by_field_name if key == "by_field" else self.t[f"sheet.{key}"]

    def sheet(self, key: str):
        ws = self.wb.add_worksheet(self.t[f"sheet.{key}"])
        ws.hide_gridlines(2)
        return ws

    def headers(self, ws, row: int, names: Sequence[str]) -> None:
        ws.set_row(row, 30)
        for col, name in enumerate(names):
            ws.write_string(row, col, self.t.get(name, name), self.header)

    def widths(self, ws, widths: Sequence[float]) -> None:
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)

    def sum_row(
        self,
        ws,
        row: int,
        first: int,
        last: int,
        kinds: Sequence[str | None],
        values: Sequence[float | None],
        label_col: int = 0,
    ) -> None:
        """A totals row: `kinds[c]` None leaves column c empty, else a SUM of rows first..last
        (0-based, inclusive) with the computed value cached."""
        for col, kind in enumerate(kinds):
            if col == label_col:
                ws.write_string(row, col, self.t["total"], self.total_text)
            elif kind is None:
                ws.write_blank(row, col, None, self.total_text)
            else:
                top = xl_rowcol_to_cell(first, col)
                bottom = xl_rowcol_to_cell(max(first, last), col)
                value = values[col] if values[col] is not None else 0
                if last < first:
                    ws.write_number(row, col, 0, self.totals[kind])
                else:
                    ws.write_formula(
                        row, col, f"=SUM({top}:{bottom})", self.totals[kind], round(value, 6)
                    )


def _txt(value: object) -> str:
    return clean_cell_text("" if value is None else str(value))


def _who(t: dict[str, str], name: str) -> str:
    return name if name else t["none"]


def write_sales_workbook(
    report: SalesReport,
    path: str | os.PathLike,
    lang: str | None = None,
    progress: Progress | None = None,
    complaints: ComplaintFigures | None = None,
    complaint_sheet: bool = True,
    extra_sheets: Sequence[Callable[[xlsxwriter.Workbook, str], object]] = (),
    by_field: FieldBreakdown | None = None,
) -> Path:
    """Write the workbook of `report` to `path` (temp file then rename).

    With `complaints`, the by-customer sheet gets each customer's complaints beside it and
    (unless `complaint_sheet` is False) a Complaints sheet follows the others.
    `extra_sheets`: writers of more sheets (such as the forecast), called with the open
    workbook and the language after the report's own sheets.
    With `by_field` (a choice custom field's groups, `services.analysis.by_field`), the
    by-customer sheet gets the field's value as a column and a sheet by the field
    (按合作层级 …) follows it.

    `progress` steps once a sheet (its text is the sheet's name); its cancel raises
    `Cancelled` and leaves nothing behind. (An old-style `progress(step, steps, what)`
    returning False still works for the GUI worker that passes one.)"""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx") if not path.suffix else path
    lang = lang or current_language()
    if not path.parent.is_dir():
        raise UserError("jobs.no_folder", path=str(path), folder=str(path.parent))
    steps_of = as_progress(progress, with_text=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    book = _Book(tmp, lang)
    writers = {
        "summary": _summary,
        "customers": _customers,
        "salespeople": _salespeople,
        "products": _products,
        "months": _months,
        "aging": _aging,
        "followups": _followups,
    }
    book.complaints = complaints
    book.by_field = by_field
    keys = list(report.sheets)
    if by_field is not None and "customers" in keys:
        keys.insert(keys.index("customers") + 1, "by_field")
        book.by_field_name = by_field_sheet_name(by_field, lang, set(sheet_names(lang).values()))
        writers["by_field"] = _by_field
    if complaints is not None and complaint_sheet:
        keys.append("complaints")
        writers["complaints"] = _complaints
    steps = len(keys) + 1
    try:
        for step, key in enumerate(keys, start=1):
            if steps_of is not None:
                steps_of.step(step, steps, book.sheet_title(key))
            writers[key](book, report, steps_of)
        for write_extra in extra_sheets:
            write_extra(book.wb, lang)
        set_printing(book.wb, lang)
        book.wb.close()
        if steps_of is not None:
            steps_of.step(steps, steps, book.t["title"])
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


# --- sheets ---------------------------------------------------------------------------------


def _summary(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    ws = book.sheet("summary")
    book.widths(ws, (22, 24, 30, 16, 18, 12))
    s = report.summary
    ws.set_row(0, 24)
    ws.write_string(0, 0, t["title"], book.title)
    ws.freeze_panes(1, 0)
    scope = t["scope.own"].format(name=report.scope_label) if report.scope_label else t["scope.all"]
    facts: list[tuple[str, object, object]] = [
        ("scope", scope, book.text),
        ("period", report.period.label(), book.text),
        ("previous_period", s.previous_period.label(), book.text),
        ("sales", float(s.sales), book.money),
        ("previous_sales", float(s.previous_sales), book.money),
        ("change_pct", s.change_pct, book.percent),
        ("lines", s.lines, book.integer),
        ("orders", s.orders, book.integer),
        ("customers_total", s.customers_total, book.integer),
        ("customers_bought", s.customers_bought, book.integer),
        ("new_customers", s.new_customers, book.integer),
        ("lost_customers", s.lost_customers, book.integer),
        ("generated_at", report.generated_at.replace(microsecond=0), book.datetime),
    ]
    row = 2
    for key, value, fmt in facts:
        ws.write_string(row, 0, t[key], book.label)
        write_cell(ws, row, 1, value, fmt)
        row += 1

    # ABC classes
    row += 1
    ws.write_string(row, 0, t["abc_table"], book.section)
    row += 1
    book.headers(ws, row, ("class", "customers", "sales", "share"))
    first = row + 1
    for c in report.abc:
        row += 1
        ws.write_string(row, 0, t["class_label"].format(c=c.cls), book.text)
        ws.write_number(row, 1, c.customers, book.integer)
        ws.write_number(row, 2, float(c.sales), book.money)
        ws.write_number(row, 3, c.share, book.percent)
    row += 1
    book.sum_row(
        ws,
        row,
        first,
        row - 1,
        (None, "integer", "money", "percent"),
        (
            None,
            sum(c.customers for c in report.abc),
            float(sum(c.sales for c in report.abc)),
            sum(c.share for c in report.abc),
        ),
    )

    # top 10
    row += 2
    ws.write_string(row, 0, t["top"], book.section)
    row += 1
    book.headers(ws, row, ("rank", "code", "name", "salesperson", "sales", "share"))
    for f in s.top:
        row += 1
        ws.write_number(row, 0, f.rank or 0, book.integer)
        ws.write_string(row, 1, _txt(f.code), book.text)
        ws.write_string(row, 2, _txt(f.name), book.text)
        ws.write_string(row, 3, _txt(f.owner), book.text)
        ws.write_number(row, 4, float(f.sales), book.money)
        if f.share is not None:
            ws.write_number(row, 5, f.share, book.percent)

    # sales by month, with its chart
    months = report.months
    if months is not None:
        row += 2
        ws.write_string(row, 0, t["by_month"], book.section)
        row += 1
        book.headers(ws, row, ("month", "sales"))
        first = row + 1
        totals = months.month_totals()
        for m, value in zip(months.months, totals, strict=True):
            row += 1
            y, mo = m.split("-")
            ws.write_datetime(row, 0, datetime(int(y), int(mo), 1), book.month)
            ws.write_number(row, 1, float(value), book.money)
        last = row
        row += 1
        book.sum_row(ws, row, first, last, (None, "money"), (None, float(sum(totals))))
        chart = book.wb.add_chart({"type": "column"})
        name = book.t["sheet.summary"]
        chart.add_series(
            {
                "name": t["sales"],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
                "fill": {"color": HEADER_BG},
            }
        )
        chart.set_title({"name": t["by_month"]})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": MONTH, "date_axis": False})
        chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_size({"width": 620, "height": 320})
        ws.insert_chart(2, 7, chart)


def _customers(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    ws = book.sheet("customers")
    widths = (7, 12, 36, 12, 7, 16, 9, 11, 16, 16, 10, 12, 9)
    book.widths(ws, widths)
    counts = book.complaints.by_customer if book.complaints is not None else None
    extra = ("cp_customer_total", "cp_customer_open") if counts is not None else ()
    columns = CUSTOMER_COLUMNS + extra
    if counts is not None:
        book.widths(ws, (*widths, 10, 12))
    by_field = book.by_field
    group_col = len(columns)
    if by_field is not None:  # the field's value, to filter the customers by it
        columns += (by_field.field_label.render(book.lang),)
        ws.set_column(group_col, group_col, 16)
        group_texts = by_field_labels(by_field, book.lang)
        group_of = by_field.group_of
    book.headers(ws, 0, columns)
    ws.freeze_panes(1, 3)
    n = len(report.customers)
    ws.autofilter(0, 0, max(n, 1), len(columns) - 1)
    complaints_total = open_total = 0
    ws_num, ws_str, ws_date, ws_blank = (
        ws.write_number,
        ws.write_string,
        ws.write_datetime,
        ws.write_blank,
    )
    text, money, percent, integer, dfmt = (
        book.text,
        book.money,
        book.percent,
        book.integer,
        book.date,
    )
    total_sales = total_prev = 0.0
    share_sum = 0.0
    every = 10_000
    for r, f in enumerate(report.customers, start=1):
        if f.rank is not None:
            ws_num(r, 0, f.rank, integer)
        ws_str(r, 1, clean_cell_text(f.code), text)
        ws_str(r, 2, clean_cell_text(f.name), text)
        ws_str(r, 3, clean_cell_text(f.owner), text)
        ws_str(r, 4, f.abc_class, text)
        sales = f.sales_fen / 100
        prev = f.previous_fen / 100
        total_sales += sales
        total_prev += prev
        ws_num(r, 5, sales, money)
        if f.share is not None:
            ws_num(r, 6, f.share, percent)
            share_sum += f.share
        if f.cumulative_share is not None:
            ws_num(r, 7, f.cumulative_share, percent)
        ws_num(r, 8, prev, money)
        ws_num(r, 9, (f.sales_fen - f.previous_fen) / 100, money)
        if f.change_pct is not None:
            ws_num(r, 10, f.change_pct, percent)
        if f.last_order is not None:
            ws_date(r, 11, f.last_order, dfmt)
        if f.stored_class:
            ws_str(r, 12, f.stored_class, text)
        else:
            ws_blank(r, 12, None, text)
        if counts is not None:
            n_all, n_open = counts.get(f.customer_id, (0, 0))
            ws_num(r, 13, n_all, integer)
            ws_num(r, 14, n_open, integer)
            complaints_total += n_all
            open_total += n_open
        if by_field is not None:
            ws_str(r, group_col, group_texts[group_of[f.customer_id]], text)
        if progress is not None and r % every == 0:
            progress.check()
    kinds: list[str | None] = [None] * len(columns)
    values: list[float | None] = [None] * len(columns)
    kinds[5], values[5] = "money", total_sales
    kinds[6], values[6] = "percent", share_sum
    kinds[8], values[8] = "money", total_prev
    kinds[9], values[9] = "money", total_sales - total_prev
    if counts is not None:
        kinds[13], values[13] = "integer", complaints_total
        kinds[14], values[14] = "integer", open_total
    book.sum_row(ws, n + 1, 1, n, kinds, values, label_col=1)

    # Pareto chart: the largest customers' sales and the cumulative share.
    points = min(PARETO_POINTS, sum(1 for f in report.customers[:PARETO_POINTS] if f.rank))
    if points:
        name = t["sheet.customers"]
        chart = book.wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": t["sales"],
                "categories": [name, 1, 1, points, 1],
                "values": [name, 1, 5, points, 5],
                "fill": {"color": HEADER_BG},
                "gap": 30,
            }
        )
        line = book.wb.add_chart({"type": "line"})
        line.add_series(
            {
                "name": t["cumulative_share"],
                "categories": [name, 1, 1, points, 1],
                "values": [name, 1, 7, points, 7],
                "y2_axis": True,
                "line": {"color": "#C00000", "width": 2},
                "marker": {"type": "circle", "size": 4},
            }
        )
        chart.combine(line)
        chart.set_title({"name": t["pareto"].format(n=points)})
        chart.set_y_axis({"num_format": "#,##0"})
        line.set_y2_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 360})
        ws.insert_chart(1, len(columns) + 1, chart)


def _by_field(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    write_by_field_sheet(book, book.by_field, book.by_field_name)


def _salespeople(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    ws = book.sheet("salespeople")
    cols = (
        "salesperson",
        "sales",
        "share",
        "customers_count",
        "orders",
        "fu_planned",
        "fu_done",
        "done_rate",
    )
    widths = (18, 18, 9, 10, 10, 12, 12, 10)
    book.widths(ws, widths)
    book.headers(ws, 0, cols)
    ws.freeze_panes(1, 1)
    rows = report.salespeople
    ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)
    for r, p in enumerate(rows, start=1):
        ws.write_string(r, 0, _txt(_who(t, p.name)), book.text)
        ws.write_number(r, 1, float(p.sales), book.money)
        write_cell(ws, r, 2, p.share, book.percent)
        ws.write_number(r, 3, p.customers, book.integer)
        ws.write_number(r, 4, p.orders, book.integer)
        ws.write_number(r, 5, p.followups_planned, book.integer)
        ws.write_number(r, 6, p.followups_done, book.integer)
        rate = p.followups_done / p.followups_planned if p.followups_planned else None
        write_cell(ws, r, 7, rate, book.percent)
    n = len(rows)
    book.sum_row(
        ws,
        n + 1,
        1,
        n,
        (None, "money", "percent", None, "integer", "integer", "integer", None),
        (
            None,
            float(sum(p.sales for p in rows)),
            sum(p.share or 0 for p in rows),
            None,
            sum(p.orders for p in rows),
            sum(p.followups_planned for p in rows),
            sum(p.followups_done for p in rows),
            None,
        ),
    )
    if n:
        name = t["sheet.salespeople"]
        chart = book.wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": t["sales"],
                "categories": [name, 1, 0, n, 0],
                "values": [name, 1, 1, n, 1],
                "fill": {"color": HEADER_BG},
            }
        )
        chart.set_title({"name": t["sheet.salespeople"]})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 560, "height": max(260, 28 * n + 80)})
        ws.insert_chart(1, len(cols) + 1, chart)


def _products(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    ws = book.sheet("products")
    cols = (
        "product_code",
        "product_name",
        "category",
        "quantity",
        "sales",
        "share",
        "customers_count",
    )
    widths = (12, 30, 14, 12, 18, 9, 10)
    book.widths(ws, widths)
    book.headers(ws, 0, cols)
    ws.freeze_panes(1, 2)
    rows = report.products
    ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)
    for r, p in enumerate(rows, start=1):
        ws.write_string(r, 0, _txt(p.code), book.text)
        ws.write_string(
            r, 1, _txt(p.name or (t["none"] if p.product_id is None else "")), book.text
        )
        ws.write_string(r, 2, _txt(p.category), book.text)
        ws.write_number(r, 3, float(p.quantity), book.quantity)
        ws.write_number(r, 4, float(p.sales), book.money)
        write_cell(ws, r, 5, p.share, book.percent)
        ws.write_number(r, 6, p.customers, book.integer)
    n = len(rows)
    book.sum_row(
        ws,
        n + 1,
        1,
        n,
        (None, None, None, "quantity", "money", "percent", None),
        (
            None,
            None,
            None,
            float(sum(p.quantity for p in rows)),
            float(sum(p.sales for p in rows)),
            sum(p.share or 0 for p in rows),
            None,
        ),
    )


def _months(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    table = report.months
    assert table is not None
    ws = book.sheet("months")
    names = [_txt(_who(t, c)) for c in table.columns]
    cols = ["month", *names, "total"]
    widths = (10, *([16] * len(names)), 18)
    book.widths(ws, widths)
    book.headers(ws, 0, cols)
    ws.freeze_panes(1, 1)
    n = len(table.months)
    k = len(names)
    ws.autofilter(0, 0, max(n, 1), k + 1)
    for r, (m, values) in enumerate(zip(table.months, table.values, strict=True), start=1):
        y, mo = m.split("-")
        ws.write_datetime(r, 0, datetime(int(y), int(mo), 1), book.month)
        for c, v in enumerate(values, start=1):
            ws.write_number(r, c, float(v), book.money)
        if k:
            left, right = xl_rowcol_to_cell(r, 1), xl_rowcol_to_cell(r, k)
            ws.write_formula(
                r, k + 1, f"=SUM({left}:{right})", book.money, float(sum(values, Decimal(0)))
            )
        else:
            ws.write_number(r, k + 1, 0, book.money)
    col_totals = [float(v) for v in table.column_totals()]
    kinds = [None, *(["money"] * k), "money"]
    vals = [None, *col_totals, float(sum(table.month_totals(), Decimal(0)))]
    book.sum_row(ws, n + 1, 1, n, kinds, vals)
    if n and k:
        name = t["sheet.months"]
        chart = book.wb.add_chart({"type": "column", "subtype": "stacked"})
        for c in range(1, min(k, MONTH_SERIES) + 1):
            chart.add_series(
                {
                    "name": [name, 0, c],
                    "categories": [name, 1, 0, n, 0],
                    "values": [name, 1, c, n, c],
                    "gap": 50,
                }
            )
        chart.set_title({"name": t[f"month_by.{table.by}"]})
        chart.set_x_axis({"num_format": MONTH})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 380})
        ws.insert_chart(n + 3, 0, chart)


def _aging(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    ws = book.sheet("aging")
    cols = (
        "code",
        "name",
        "salesperson",
        "credit_limit",
        "collection_days",
        "balance",
        "exposure",
        "over_limit",
        *AGING_BUCKETS,
    )
    widths = (12, 34, 12, 16, 10, 16, 10, 8, 15, 15, 15, 15, 15)
    book.widths(ws, widths)
    book.headers(ws, 0, cols)
    ws.freeze_panes(1, 2)
    rows = report.aging
    n = len(rows)
    ws.autofilter(0, 0, max(n, 1), len(cols) - 1)
    totals = [0.0] * len(cols)
    for r, a in enumerate(rows, start=1):
        ws.write_string(r, 0, clean_cell_text(a.code), book.text)
        ws.write_string(r, 1, clean_cell_text(a.name), book.text)
        ws.write_string(r, 2, clean_cell_text(a.owner), book.text)
        if a.limit_fen is not None:
            ws.write_number(r, 3, a.limit_fen / 100, book.money)
        if a.collection_days is not None:
            ws.write_number(r, 4, a.collection_days, book.integer)
        ws.write_number(r, 5, a.balance_fen / 100, book.money)
        totals[5] += a.balance_fen / 100
        write_cell(ws, r, 6, a.exposure, book.percent)
        if a.over_limit:
            ws.write_string(r, 7, t["yes"], book.text)
        for i, fen in enumerate(a.buckets_fen, start=8):
            v = fen / 100
            totals[i] += v
            ws.write_number(r, i, v, book.money)
    kinds = [None] * 5 + ["money", None, None] + ["money"] * len(AGING_BUCKETS)
    book.sum_row(ws, n + 1, 1, n, kinds, totals)
    as_of = report.aging_as_of
    if as_of is not None:
        ws.write_string(n + 3, 0, t["as_of"], book.label)
        ws.write_datetime(n + 3, 1, as_of, book.date)
    if n:
        name = t["sheet.aging"]
        chart = book.wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": t["aging_chart"],
                "categories": [name, 0, 8, 0, 7 + len(AGING_BUCKETS)],
                "values": [name, n + 1, 8, n + 1, 7 + len(AGING_BUCKETS)],
                "points": [
                    {"fill": {"color": c}}
                    for c in ("#70AD47", "#FFC000", "#ED7D31", "#C55A11", "#C00000")
                ],
            }
        )
        chart.set_title({"name": t["aging_chart"]})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_size({"width": 560, "height": 300})
        ws.insert_chart(1, len(cols) + 1, chart)


def _followups(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    t = book.t
    act = report.followups
    assert act is not None
    # The counts per class cover everyone; the list shows the most urgent (key classes
    # first, then the longest overdue): tens of thousands of rows would help nobody.
    gaps = act.outside_cadence[:CADENCE_LIST_LIMIT]
    ws = book.sheet("followups")
    widths = (18, 34, 14, 10, 12, 14, 12, 12)
    book.widths(ws, widths)
    row = 0
    ws.write_string(row, 0, t["fu_by_salesperson"], book.section)
    ws.freeze_panes(1, 0)
    row += 1
    book.headers(ws, row, ("salesperson", "fu_planned", "fu_done", "overdue", "done_rate"))
    first = row + 1
    for c in act.by_salesperson:
        row += 1
        ws.write_string(row, 0, _txt(_who(t, c.key)), book.text)
        ws.write_number(row, 1, c.planned, book.integer)
        ws.write_number(row, 2, c.done, book.integer)
        ws.write_number(row, 3, c.overdue, book.integer)
        write_cell(ws, row, 4, c.done / c.planned if c.planned else None, book.percent)
    row += 1
    book.sum_row(
        ws,
        row,
        first,
        row - 1,
        (None, "integer", "integer", "integer", None),
        (
            None,
            sum(c.planned for c in act.by_salesperson),
            sum(c.done for c in act.by_salesperson),
            sum(c.overdue for c in act.by_salesperson),
            None,
        ),
    )
    row += 2
    ws.write_string(row, 0, t["fu_by_class"], book.section)
    row += 1
    book.headers(ws, row, ("class", "fu_planned", "fu_done", "overdue", "outside_count"))
    first = row + 1
    for c in act.by_class:
        row += 1
        label = t["class_label"].format(c=c.key) if c.key else t["unclassified"]
        ws.write_string(row, 0, label, book.text)
        ws.write_number(row, 1, c.planned, book.integer)
        ws.write_number(row, 2, c.done, book.integer)
        ws.write_number(row, 3, c.overdue, book.integer)
        ws.write_number(row, 4, c.outside_cadence, book.integer)
    row += 1
    book.sum_row(
        ws,
        row,
        first,
        row - 1,
        (None, "integer", "integer", "integer", "integer"),
        (
            None,
            sum(c.planned for c in act.by_class),
            sum(c.done for c in act.by_class),
            sum(c.overdue for c in act.by_class),
            sum(c.outside_cadence for c in act.by_class),
        ),
    )
    row += 2
    ws.write_string(
        row,
        0,
        f"{t['outside_cadence']} ({t['as_of']} {act.as_of.isoformat()}"
        + (
            f"; {t['shown_of'].format(shown=len(gaps), total=len(act.outside_cadence))})"
            if len(gaps) < len(act.outside_cadence)
            else ")"
        ),
        book.section,
    )
    row += 1
    cols = (
        "code",
        "name",
        "salesperson",
        "class",
        "interval",
        "last_contact",
        "days_since",
        "days_over",
    )
    book.headers(ws, row, cols)
    ws.autofilter(row, 0, row + max(len(gaps), 1), len(cols) - 1)
    never = t["never"]
    for g in gaps:
        row += 1
        ws.write_string(row, 0, clean_cell_text(g.code), book.text)
        ws.write_string(row, 1, clean_cell_text(g.name), book.text)
        ws.write_string(row, 2, clean_cell_text(g.owner), book.text)
        ws.write_string(row, 3, g.abc_class or "", book.text)
        ws.write_number(row, 4, g.interval_days, book.integer)
        if g.last_contact is not None:
            ws.write_datetime(row, 5, g.last_contact, book.date)
            ws.write_number(row, 6, g.days_since, book.integer)
        else:
            ws.write_string(row, 5, never, book.text)
        ws.write_number(row, 7, g.days_over, book.integer)


def _complaints(book: _Book, report: SalesReport, progress: Progress | None) -> None:
    """客户投诉处理: key figures, then by category (with a chart), severity and product."""
    t = book.t
    f = book.complaints
    assert f is not None
    ws = book.sheet("complaints")
    book.widths(ws, (26, 12, 12, 12, 12, 16, 16))
    ws.set_row(0, 24)
    ws.write_string(
        0, 0, f"{t['cp_title']} {f.start.isoformat()} – {f.end.isoformat()}", book.title
    )
    ws.freeze_panes(1, 0)
    row = 2
    figures = (
        ("cp_total", f.total, book.integer),
        ("cp_unresolved", f.unresolved, book.integer),
        ("cp_overdue", f.overdue, book.integer),
        ("cp_resolved", f.resolved, book.integer),
        ("cp_in_time", f.in_time, book.integer),
        ("cp_in_time_share", f.in_time_share, book.percent),
        ("cp_median_hours", f.median_hours, book.quantity),
        ("cp_satisfaction", f.satisfaction, book.quantity),
        ("cp_rated", f.rated, book.integer),
    )
    for key, value, fmt in figures:
        ws.write_string(row, 0, t[key], book.label)
        write_cell(ws, row, 1, None if value is None else round(value, 2), fmt)
        row += 1
    row += 1
    ws.write_string(row, 0, t["cp_by_category"], book.section)
    row += 1
    cols = ("category", "cp_total", "cp_resolved", "cp_in_time", "cp_in_time_share",
            "cp_median_hours", "cp_satisfaction")  # fmt: skip
    book.headers(ws, row, cols)
    first = row + 1
    for c in f.by_category:
        row += 1
        ws.write_string(row, 0, _txt(c.category), book.text)
        ws.write_number(row, 1, c.count, book.integer)
        ws.write_number(row, 2, c.resolved, book.integer)
        ws.write_number(row, 3, c.in_time, book.integer)
        write_cell(ws, row, 4, c.in_time / c.resolved if c.resolved else None, book.percent)
        median = None if c.median_hours is None else round(c.median_hours, 2)
        write_cell(ws, row, 5, median, book.quantity)
        mean = None if c.satisfaction is None else round(c.satisfaction, 2)
        write_cell(ws, row, 6, mean, book.quantity)
    last = row
    row += 1
    book.sum_row(
        ws,
        row,
        first,
        last,
        (None, "integer", "integer", "integer", None, None, None),
        (None, f.total, f.resolved, f.in_time, None, None, None),
    )
    if f.by_category:
        name = t["sheet.complaints"]
        chart = book.wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": t["cp_total"],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
                "fill": {"color": HEADER_BG},
            }
        )
        chart.set_title({"name": t["cp_by_category"]})
        chart.set_legend({"none": True})
        chart.set_size({"width": 480, "height": 300})
        ws.insert_chart(1, len(cols) + 1, chart)
    row += 2
    ws.write_string(row, 0, t["cp_by_severity"], book.section)
    row += 1
    book.headers(ws, row, ("cp_severity", "cp_total"))
    for label, count in f.by_severity.items():
        row += 1
        ws.write_string(row, 0, _txt(label), book.text)
        ws.write_number(row, 1, count, book.integer)
    row += 2
    ws.write_string(row, 0, t["cp_by_product"], book.section)
    row += 1
    book.headers(ws, row, ("cp_product_code", "cp_product", "cp_total"))
    for code, product, count in f.by_product:
        row += 1
        ws.write_string(row, 0, _txt(code), book.text)
        ws.write_string(row, 1, _txt(product), book.text)
        ws.write_number(row, 2, count, book.integer)


__all__ = ["write_sales_workbook", "customer_rows", "sheet_names", "labels", "CUSTOMER_COLUMNS"]
