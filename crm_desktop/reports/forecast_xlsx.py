"""The Forecast sheet (销售预测): weighted pipeline by month beside last year and the target,
by salesperson, win rates and the stage conversion, with a column chart.

Takes plain data (`ForecastSheet`); `add_forecast_sheet` adds the sheet to an open
xlsxwriter workbook (so a larger workbook can carry it), `write_forecast_workbook`
writes it alone. Totals are SUM formulas; names are written as text, never formulas.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from crm_desktop.reports.xlsx_common import set_printing, write_cell


@dataclass(frozen=True)
class ForecastMonthRow:
    label: str  # 2026-12
    pipeline: Decimal
    weighted: Decimal
    count: int
    last_year: Decimal
    target: Decimal | None


@dataclass(frozen=True)
class ForecastPersonRow:
    name: str
    weighted: list[Decimal]
    won: int
    lost: int
    win_rate: float | None
    avg_days: float | None


@dataclass(frozen=True)
class ForecastSheet:
    months: list[ForecastMonthRow]
    people: list[ForecastPersonRow]
    conversion: list[tuple[str, int, float | None]]  # stage, reached, share to the next
    as_of: str = ""
    notes: list[str] = field(default_factory=list)


_T = {
    "sheet": ("销售预测", "Forecast"),
    "title": ("销售预测（加权商机）", "Sales forecast (weighted pipeline)"),
    "month": ("月份", "Month"),
    "pipeline": ("商机金额", "Pipeline"),
    "weighted": ("加权金额", "Weighted"),
    "count": ("商机数", "Opportunities"),
    "last_year": ("去年同月销售", "Same month last year"),
    "target": ("本年目标", "Target"),
    "total": ("合计", "Total"),
    "person": ("业务员", "Salesperson"),
    "won": ("赢单", "Won"),
    "lost": ("输单", "Lost"),
    "win_rate": ("赢单率", "Win rate"),
    "avg_days": ("平均成交天数", "Avg. days to close"),
    "stage": ("阶段", "Stage"),
    "reached": ("到达数", "Reached"),
    "to_next": ("转入下一阶段", "To next stage"),
    "as_of": ("统计日期", "As of"),
    "nobody": ("（未分配）", "(nobody)"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][0 if lang.startswith("zh") else 1]


def sheet_name(lang: str) -> str:
    return _t("sheet", lang)


def add_forecast_sheet(book: xlsxwriter.Workbook, data: ForecastSheet, lang: str) -> str:
    """Add the Forecast sheet with its chart to `book`; returns the sheet's name."""
    name = sheet_name(lang)
    ws = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    money_bold = book.add_format({"num_format": "#,##0.00", "border": 1, "bold": True})
    integer = book.add_format({"num_format": "0", "border": 1})
    percent = book.add_format({"num_format": "0%", "border": 1})
    text = book.add_format({"border": 1})
    text_bold = book.add_format({"border": 1, "bold": True})
    ws.write_string(0, 0, _t("title", lang), bold)
    if data.as_of:
        ws.write_string(1, 0, f"{_t('as_of', lang)}: {data.as_of}")

    top = 3
    headers = ["month", "pipeline", "weighted", "count", "last_year", "target"]
    for c, key in enumerate(headers):
        ws.write_string(top, c, _t(key, lang), head)
    for r, m in enumerate(data.months, top + 1):
        write_cell(ws, r, 0, m.label, text)
        write_cell(ws, r, 1, m.pipeline, money)
        write_cell(ws, r, 2, m.weighted, money)
        write_cell(ws, r, 3, m.count, integer)
        write_cell(ws, r, 4, m.last_year, money)
        write_cell(ws, r, 5, m.target, money)
    first, last = top + 1, top + len(data.months)
    total_row = last + 1
    ws.write_string(total_row, 0, _t("total", lang), text_bold)
    for c, fmt in (
        (1, money_bold),
        (2, money_bold),
        (3, integer),
        (4, money_bold),
        (5, money_bold),
    ):
        col = chr(ord("A") + c)
        values = [
            (m.pipeline, m.weighted, m.count, m.last_year, m.target or 0)[c - 1]
            for m in data.months
        ]
        ws.write_formula(
            total_row, c, f"=SUM({col}{first + 1}:{col}{last + 1})", fmt, float(sum(values))
        )
    ws.freeze_panes(top + 1, 1)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 5, 16)

    if data.months:
        chart = book.add_chart({"type": "column"})
        for c, colour in ((2, "#1E88E5"), (4, "#9E9E9E"), (5, "#F9A825")):
            if c == 5 and all(m.target is None for m in data.months):
                continue
            chart.add_series(
                {
                    "name": [name, top, c],
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, c, last, c],
                    "fill": {"color": colour},
                }
            )
        chart.set_title({"name": _t("title", lang)})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(top, 7, chart)

    row = total_row + 3
    months = [m.label for m in data.months]
    ws.write_string(row, 0, _t("person", lang), head)
    for c, label in enumerate(months, 1):
        ws.write_string(row, c, label, head)
    extra = len(months) + 1
    for c, key in enumerate(("total", "won", "lost", "win_rate", "avg_days"), extra):
        ws.write_string(row, c, _t(key, lang), head)
    for r, p in enumerate(data.people, row + 1):
        write_cell(ws, r, 0, p.name or _t("nobody", lang), text)
        for c, v in enumerate(p.weighted, 1):
            write_cell(ws, r, c, v, money)
        end_col = chr(ord("A") + len(months))
        ws.write_formula(
            r, extra, f"=SUM(B{r + 1}:{end_col}{r + 1})", money_bold, float(sum(p.weighted))
        )
        write_cell(ws, r, extra + 1, p.won, integer)
        write_cell(ws, r, extra + 2, p.lost, integer)
        write_cell(ws, r, extra + 3, p.win_rate, percent)
        write_cell(ws, r, extra + 4, None if p.avg_days is None else round(p.avg_days, 1), money)

    row += len(data.people) + 3
    for c, key in enumerate(("stage", "reached", "to_next")):
        ws.write_string(row, c, _t(key, lang), head)
    for r, (stage, reached, share) in enumerate(data.conversion, row + 1):
        write_cell(ws, r, 0, stage, text)
        write_cell(ws, r, 1, reached, integer)
        write_cell(ws, r, 2, share, percent)
    return name


def write_forecast_workbook(data: ForecastSheet, path: str | os.PathLike, lang: str) -> Path:
    """The Forecast sheet alone in a workbook, replacing `path` only once complete."""
    target = Path(path)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")
    try:
        book = xlsxwriter.Workbook(str(tmp))
        add_forecast_sheet(book, data, lang)
        set_printing(book, lang)
        book.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


__all__ = [
    "ForecastMonthRow",
    "ForecastPersonRow",
    "ForecastSheet",
    "add_forecast_sheet",
    "sheet_name",
    "write_forecast_workbook",
]
