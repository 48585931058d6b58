"""Write the forecast (销售预测) workbook: the figures of services.opportunities.forecast as
the Forecast sheet with its chart; `forecast_sheet` gives the same sheet's data to any
workbook that carries it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from crm_desktop.i18n import current_language
from crm_desktop.models import transaction
from crm_desktop.reports.forecast_xlsx import (
    ForecastMonthRow,
    ForecastPersonRow,
    ForecastSheet,
    add_forecast_sheet,
    write_forecast_workbook,
)
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit


@dataclass(frozen=True)
class ForecastResult:
    path: Path
    weighted: Decimal
    opportunities: int
    months: int


def forecast_sheet(forecast: opps.Forecast, lang: str, as_of: date) -> ForecastSheet:
    """The plain data of the Forecast sheet."""
    return ForecastSheet(
        months=[
            ForecastMonthRow(
                f"{m.month.year}-{m.month.month:02d}",
                m.pipeline,
                m.weighted,
                m.count,
                m.actual_last_year,
                m.target,
            )
            for m in forecast.months
        ],
        people=[
            ForecastPersonRow(p.name, p.weighted, p.won, p.lost, p.win_rate, p.avg_days_to_close)
            for p in forecast.salespeople
        ],
        conversion=[(c.stage.label(lang), c.reached, c.to_next) for c in forecast.conversion],
        as_of=as_of.isoformat(),
    )


def forecast_sheet_writer(actor: Actor, today: date | None = None):
    """The Forecast sheet as an extra sheet of another workbook (the sales report's)."""
    today = today or date.today()
    figures = opps.forecast(actor, today)

    def write(book, lang: str) -> None:
        add_forecast_sheet(book, forecast_sheet(figures, lang, today), lang)

    return write


def write_forecast(
    actor: Actor,
    out: str | os.PathLike,
    *,
    lang: str | None = None,
    today: date | None = None,
) -> ForecastResult:
    """The forecast of what the actor may see (a salesperson: their own) to `out`."""
    from crm_desktop.jobs.report import check_output

    path = check_output(out)
    lang = lang or current_language()
    today = today or date.today()
    forecast = opps.forecast(actor, today)
    written = write_forecast_workbook(forecast_sheet(forecast, lang, today), path, lang)
    count = sum(m.count for m in forecast.months)
    with transaction():
        audit(
            actor,
            "export.report",
            entity="opportunity",
            count=count,
            detail=f"forecast -> {written}",
        )
    return ForecastResult(written, forecast.total_weighted, count, len(forecast.months))


__all__ = ["ForecastResult", "forecast_sheet", "forecast_sheet_writer", "write_forecast"]
