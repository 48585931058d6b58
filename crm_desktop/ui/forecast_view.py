"""The funnel chart (销售漏斗) and the forecast tab (销售预测): painted, no chart library."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.forecast import sales_targets, set_sales_targets
from crm_desktop.ui.pipeline_models import money, short_money
from crm_desktop.ui.sizing import fit_to_screen

FUNNEL_COLORS = ("#1565c0", "#1e88e5", "#42a5f5", "#64b5f6", "#90caf9", "#bbdefb")


class FunnelChart(QWidget):
    """Stages as stacked trapezoids, widest first, each with its count and weighted total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stages: list[tuple[str, int, Decimal]] = []
        self.setMinimumHeight(200)

    def set_stages(self, stages: list[tuple[str, int, Decimal]]) -> None:
        self.stages = stages
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.stages:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self.stages)
        w, h = self.width() - 8, self.height() - 8
        band = h / n
        top_w = w
        for i, (label, count, weighted) in enumerate(self.stages):
            bottom_w = w * (1 - 0.6 * (i + 1) / n)
            y = 4 + i * band
            x0 = 4 + (w - top_w) / 2
            x1 = 4 + (w - bottom_w) / 2
            poly = QPolygonF(
                [
                    QPointF(x0, y),
                    QPointF(x0 + top_w, y),
                    QPointF(x1 + bottom_w, y + band - 2),
                    QPointF(x1, y + band - 2),
                ]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(FUNNEL_COLORS[min(i, len(FUNNEL_COLORS) - 1)]))
            painter.drawPolygon(poly)
            painter.setPen(QColor("white") if i < 3 else QColor("#0d2a4a"))
            painter.drawText(
                QRectF(4, y, w, band - 2),
                int(Qt.AlignmentFlag.AlignCenter),
                f"{label}\n{count} · {short_money(weighted)}",
            )
            top_w = bottom_w
        painter.end()


class BarChart(QWidget):
    """Grouped bars per month: weighted pipeline, last year's sales, target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, str, list[float]]] = []  # name, colour, values
        self.setMinimumHeight(180)

    def set_data(self, labels: list[str], series: list[tuple[str, str, list[float]]]) -> None:
        self.labels, self.series = labels, series
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.labels:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.Text)
        top = max((v for _, _, vals in self.series for v in vals), default=0) or 1
        legend_h, axis_h = 20, 20
        area = QRectF(10, legend_h, self.width() - 20, self.height() - legend_h - axis_h)
        group = area.width() / len(self.labels)
        bar = group * 0.8 / max(len(self.series), 1)
        x = 10.0
        for name, colour, _ in self.series:
            painter.fillRect(QRectF(x, 4, 12, 12), QColor(colour))
            painter.setPen(text)
            painter.drawText(QPointF(x + 16, 15), name)
            x += 24 + painter.fontMetrics().horizontalAdvance(name)
        for i, label in enumerate(self.labels):
            gx = area.left() + i * group + group * 0.1
            for k, (_, colour, values) in enumerate(self.series):
                height = area.height() * values[i] / top
                painter.fillRect(
                    QRectF(gx + k * bar, area.bottom() - height, bar - 2, height), QColor(colour)
                )
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left() + i * group, area.bottom() + 2, group, axis_h),
                int(Qt.AlignmentFlag.AlignCenter),
                label,
            )
        painter.end()


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class ForecastView(QWidget):
    """The forecast: months with last year and target, salespeople, conversion."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.data: opps.Forecast | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("forecastSummary")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        self.targets_button = QPushButton(self.tr("Targets…"))
        self.targets_button.setVisible(actor.can("settings.edit"))
        self.targets_button.clicked.connect(self.edit_targets)
        top.addWidget(self.targets_button)
        layout.addLayout(top)
        self.chart = BarChart()
        self.chart.setObjectName("forecastChart")
        layout.addWidget(self.chart, 1)
        self.months = _table(
            [
                self.tr("Month"),
                self.tr("Pipeline"),
                self.tr("Weighted"),
                self.tr("Opportunities"),
                self.tr("Same month last year"),
                self.tr("Target"),
            ]
        )
        self.months.setObjectName("forecastMonths")
        layout.addWidget(self.months, 1)
        lower = QHBoxLayout()
        self.people = _table(
            [
                self.tr("Salesperson"),
                self.tr("Weighted (6 months)"),
                self.tr("Won"),
                self.tr("Lost"),
                self.tr("Win rate"),
                self.tr("Avg. days to close"),
            ]
        )
        self.people.setObjectName("forecastPeople")
        self.conversion = _table([self.tr("Stage"), self.tr("Reached"), self.tr("To next stage")])
        self.conversion.setObjectName("forecastConversion")
        lower.addWidget(self.people, 3)
        lower.addWidget(self.conversion, 2)
        layout.addLayout(lower, 1)

    def edit_targets(self) -> None:
        from datetime import date

        if TargetsDialog(self.actor, date.today().year, self).exec():
            self.refresh()

    def refresh(self) -> None:
        fc = opps.forecast(self.actor)
        self.data = fc
        labels = [f"{m.month.year}-{m.month.month:02d}" for m in fc.months]
        series = [
            (self.tr("Weighted pipeline"), "#1e88e5", [float(m.weighted) for m in fc.months]),
            (
                self.tr("Same month last year"),
                "#9e9e9e",
                [float(m.actual_last_year) for m in fc.months],
            ),
        ]
        if any(m.target is not None for m in fc.months):
            series.append((self.tr("Target"), "#f9a825", [float(m.target or 0) for m in fc.months]))
        self.chart.set_data(labels, series)
        self.summary.setText(
            self.tr(
                "Weighted forecast of the next 6 months: {total}; past their close date: {n}"
            ).format(total=money(fc.total_weighted), n=fc.overdue_count)
        )
        _fill(
            self.months,
            [
                [
                    label,
                    money(m.pipeline),
                    money(m.weighted),
                    str(m.count),
                    money(m.actual_last_year),
                    "" if m.target is None else money(m.target),
                ]
                for label, m in zip(labels, fc.months, strict=True)
            ],
        )
        _fill(
            self.people,
            [
                [
                    p.name or self.tr("(nobody)"),
                    money(p.total),
                    str(p.won),
                    str(p.lost),
                    "" if p.win_rate is None else f"{p.win_rate:.0%}",
                    "" if p.avg_days_to_close is None else f"{p.avg_days_to_close:.0f}",
                ]
                for p in fc.salespeople
            ],
        )
        lang = current_language()
        _fill(
            self.conversion,
            [
                [
                    c.stage.label(lang),
                    str(c.reached),
                    "" if c.to_next is None else f"{c.to_next:.0%}",
                ]
                for c in fc.conversion
            ],
        )


class TargetsDialog(QDialog):
    """This year's monthly sales targets (the general manager sets them)."""

    def __init__(self, actor: Actor, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.year = year
        self.setWindowTitle(self.tr("Sales targets {year}").format(year=year))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(12, 2)
        self.table.setObjectName("targets")
        self.table.setHorizontalHeaderLabels([self.tr("Month"), self.tr("Target (yuan)")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for month, value in sales_targets(year).items():
            label = QTableWidgetItem(f"{year}-{month:02d}")
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(month - 1, 0, label)
            self.table.setItem(month - 1, 1, QTableWidgetItem("" if value is None else f"{value}"))
        layout.addWidget(self.table, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 360, 460)

    def save(self) -> None:
        months = {
            m: (self.table.item(m - 1, 1).text() if self.table.item(m - 1, 1) else "")
            for m in range(1, 13)
        }
        try:
            set_sales_targets(self.actor, self.year, months)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
