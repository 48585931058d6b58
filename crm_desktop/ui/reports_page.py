"""The Reports page: the period's figures as charts and tables, the sales workbook export,
and "Apply ABC classes".

Every figure comes from `services.analysis`; the workbook from `jobs.report`.
Computing and exporting run in the background (ui/operations.py) behind a
progress dialog that can cancel; applying classes asks first, showing how many
customers would change class.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.messages import render
from crm_desktop.progress import Progress
from crm_desktop.services import analysis
from crm_desktop.services.analysis import (
    AGING_BUCKETS,
    WORKBOOK_SHEETS,
    CustomerFigure,
    Period,
    SalesReport,
)
from crm_desktop.services.analysis.by_field import report_fields
from crm_desktop.services.auth import Actor
from crm_desktop.ui.operations import Operation
from crm_desktop.ui.table_models import ListTableModel

log = logging.getLogger(__name__)

CHART_SHEETS = ("summary", "customers", "salespeople", "months", "aging")
PARETO_POINTS = 200
ACCENT = "#1F4E78"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _money(value) -> str:
    return QLocale().toString(float(value), "f", 2)


def _percent(value: float | None) -> str:
    return "" if value is None else QLocale().toString(value * 100, "f", 1) + " %"


# --- models ---------------------------------------------------------------------------------


class CustomerFiguresModel(ListTableModel):
    """The by-customer figures (ABC), read only, in the service's order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent)
        self.headers = [
            self.tr("Rank"),
            self.tr("Code"),
            self.tr("Customer"),
            self.tr("Salesperson"),
            self.tr("Class"),
            self.tr("Sales"),
            self.tr("Share"),
            self.tr("Cumulative share"),
            self.tr("Previous period"),
            self.tr("Change"),
            self.tr("Last order"),
            self.tr("Current class"),
        ]

    def figure(self, row: int) -> CustomerFigure:
        return self.rows[row]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (0, 5, 6, 7, 8, 9):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        f = self.rows[index.row()]
        values = (
            "" if f.rank is None else str(f.rank),
            f.code,
            f.name,
            f.owner,
            f.abc_class,
            _money(f.sales),
            _percent(f.share),
            _percent(f.cumulative_share),
            _money(f.previous_sales),
            _money(f.change),
            f.last_order.isoformat() if f.last_order else "",
            f.stored_class or "",
        )
        return values[col] if 0 <= col < len(values) else None


class SalespeopleModel(ListTableModel):
    """Sales, customers, orders and follow-ups per salesperson."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent)
        self.headers = [
            self.tr("Salesperson"),
            self.tr("Sales"),
            self.tr("Share"),
            self.tr("Customers"),
            self.tr("Orders"),
            self.tr("Follow-ups planned"),
            self.tr("Follow-ups done"),
        ]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col > 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        p = self.rows[index.row()]
        values = (
            p.name or self.tr("(none)"),
            _money(p.sales),
            _percent(p.share),
            str(p.customers),
            str(p.orders),
            str(p.followups_planned),
            str(p.followups_done),
        )
        return values[col] if 0 <= col < len(values) else None


# --- background work --------------------------------------------------------------------------


def build_report(actor: Actor, period: Period, sheets: tuple[str, ...], month_by: str,
                 path: str | None, progress: Progress,
                 by_field: str | None = None) -> SalesReport:  # fmt: skip
    """The report itself, off the GUI thread (ui/operations.py runs it): the figures, or
    (given a path) the sales report job, which writes and records the workbook too,
    its by-customer sheet grouped by the custom field `by_field` when one is chosen."""
    if path:
        from crm_desktop.jobs.report import write_sales_report  # openpyxl only when exporting

        return write_sales_report(
            actor, path, period, sheets, month_by=month_by, progress=progress, by_field=by_field
        ).report
    return analysis.sales_report(actor, period, sheets, month_by, progress)


# --- charts ----------------------------------------------------------------------------------


def _chart_view(title: str, parent: QWidget) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().hide()
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(320, 220)
    return view


def _reset(view: QChartView) -> QChart:
    """A fresh chart with the old one's title (re-filling a chart leaves stale axes behind)."""
    old = view.chart()
    chart = QChart()
    chart.setTitle(old.title())
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().hide()
    view.setChart(chart)
    old.deleteLater()
    return chart


def _bars(
    view: QChartView, categories: list[str], values: list[float], horizontal=False, angle=0
) -> None:
    chart = _reset(view)
    bar_set = QBarSet("")
    bar_set.setColor(QColor(ACCENT))
    for v in values:
        bar_set.append(v)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bar_set)
    chart.addSeries(series)
    cats = QBarCategoryAxis()
    cats.append(categories or [""])
    if angle:
        cats.setLabelsAngle(angle)
    nums = QValueAxis()
    nums.setLabelFormat("%.0f")
    nums.setMin(0)
    nums.setMax(max([*values, 1.0]) * 1.1)
    nums.applyNiceNumbers()
    if horizontal:
        chart.addAxis(nums, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(cats, Qt.AlignmentFlag.AlignLeft)
    else:
        chart.addAxis(cats, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(nums, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(cats)
    series.attachAxis(nums)


def pareto_points(figures: list[CustomerFigure], limit: int = PARETO_POINTS) -> list[tuple]:
    """(% of buying customers, cumulative % of sales), at most `limit` points plus (0, 0)."""
    ranked = [f for f in figures if f.rank is not None]
    n = len(ranked)
    if not n:
        return []
    step = max(1, n // limit)
    points = [(0.0, 0.0)]
    for i in range(step - 1, n, step):
        points.append((100.0 * (i + 1) / n, 100.0 * (ranked[i].cumulative_share or 0)))
    if points[-1][0] < 100.0:
        points.append((100.0, 100.0 * (ranked[-1].cumulative_share or 0)))
    return points


# --- the page ----------------------------------------------------------------------------------


class ReportsPage(QWidget):
    """Choose the period and the sheets, look at the charts, export, apply ABC classes.

    Signals: `statusMessage(str)`; `idle()` when a background run has ended (done,
    failed or cancelled) and its worker is gone.
    """

    statusMessage = Signal(str)
    idle = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.report: SalesReport | None = None
        self._operation: Operation | None = None
        self._path: str | None = None
        period = analysis.default_period()

        self.from_edit = QDateEdit(_qdate(period.start), self)
        self.to_edit = QDateEdit(_qdate(period.end), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.month_by = QComboBox(self)
        self.month_by.addItem(self.tr("by salesperson"), "salesperson")
        self.month_by.addItem(self.tr("by product category"), "category")
        self.show_button = QPushButton(self.tr("Show figures"), self)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.apply_button = QPushButton(self.tr("Apply ABC classes…"), self)
        self.apply_button.setToolTip(
            self.tr("Write the computed classes to the customers (with change history)")
        )
        self.apply_button.setVisible(actor.role in ("gm", "sales_manager"))
        self.export_button.setEnabled(actor.can("report"))

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("From"), self))
        controls.addWidget(self.from_edit)
        controls.addWidget(QLabel(self.tr("To"), self))
        controls.addWidget(self.to_edit)
        controls.addWidget(QLabel(self.tr("Months"), self))
        controls.addWidget(self.month_by)
        controls.addStretch(1)
        controls.addWidget(self.show_button)
        controls.addWidget(self.export_button)
        controls.addWidget(self.apply_button)

        sheet_titles = {
            "summary": self.tr("Summary"),
            "customers": self.tr("By customer (ABC)"),
            "salespeople": self.tr("By salesperson"),
            "products": self.tr("By product"),
            "months": self.tr("By month"),
            "aging": self.tr("Receivables aging"),
            "followups": self.tr("Follow-ups"),
            "complaints": render("ui.sheet_complaints"),
        }
        self.sheet_boxes: dict[str, QCheckBox] = {}
        sheets_box = QGroupBox(self.tr("Sheets to export"), self)
        sheets_layout = QHBoxLayout(sheets_box)
        for key in WORKBOOK_SHEETS:
            box = QCheckBox(sheet_titles[key], sheets_box)
            box.setChecked(True)
            self.sheet_boxes[key] = box
            sheets_layout.addWidget(box)
        sheets_layout.addStretch(1)
        # the by-customer sheet grouped by a one-choice custom field (按合作层级 …)
        self.by_field = QComboBox(sheets_box)
        self.by_field_label = QLabel(render("custom_fields.report_by"), sheets_box)
        sheets_layout.addWidget(self.by_field_label)
        sheets_layout.addWidget(self.by_field)
        self.load_group_fields()

        self.summary_label = QLabel(self.tr("Choose a period and press Show figures."), self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.month_chart = _chart_view(self.tr("Sales by month"), self)
        self.pareto_chart = _chart_view(self.tr("Pareto curve"), self)
        self.salespeople_chart = _chart_view(self.tr("Sales by salesperson"), self)
        self.aging_chart = _chart_view(self.tr("Receivables aging"), self)
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.addWidget(self.month_chart, 0, 0)
        grid.addWidget(self.pareto_chart, 0, 1)
        grid.addWidget(self.salespeople_chart, 1, 0)
        grid.addWidget(self.aging_chart, 1, 1)

        self.customer_model = CustomerFiguresModel(self)
        self.customer_table = QTableView(self)
        self.customer_table.setModel(self.customer_model)
        self.salespeople_model = SalespeopleModel(self)
        self.salespeople_table = QTableView(self)
        self.salespeople_table.setModel(self.salespeople_model)
        for table in (self.customer_table, self.salespeople_table):
            table.setAlternatingRowColors(True)
            table.verticalHeader().setVisible(False)
            table.verticalHeader().setDefaultSectionSize(22)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.horizontalHeader().setStretchLastSection(True)
        self.customer_table.setColumnWidth(2, 240)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(charts, self.tr("Charts"))
        self.tabs.addTab(self.customer_table, self.tr("Customers (ABC)"))
        self.tabs.addTab(self.salespeople_table, self.tr("Salespeople"))
        # 销售预测: the weighted pipeline by month and salesperson (the 商机 page's view),
        # read when the tab is first opened
        from crm_desktop.ui.forecast_view import ForecastView

        self.forecast = ForecastView(self.actor, self.tabs)
        self.forecast_tab = self.tabs.addTab(self.forecast, render("ui.tab_forecast"))
        self.tabs.currentChanged.connect(self._tab_shown)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(sheets_box)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

        self.show_button.clicked.connect(self.show_figures)
        self.export_button.clicked.connect(self.choose_export)
        self.apply_button.clicked.connect(self.apply_abc)

    # -- inputs

    def _tab_shown(self, index: int) -> None:
        if index == self.forecast_tab and self.forecast.data is None:
            self.forecast.refresh()

    def period(self) -> Period:
        """The chosen days; a day outside the years reports cover (a mistyped 0001) or an
        end before the start raises a UserError in plain words (analysis.make_period)."""
        return analysis.make_period(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))

    def checked_period(self) -> Period | None:
        """The chosen days, or None after telling the user what is wrong with them."""
        try:
            return self.period()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Reports"), exc.message)
            return None

    def chosen_sheets(self) -> tuple[str, ...]:
        return tuple(k for k in WORKBOOK_SHEETS if self.sheet_boxes[k].isChecked())

    def load_group_fields(self) -> None:
        """The one-choice custom fields the by-customer sheet can be grouped by, kept
        chosen across a reload; hidden when there are none."""
        chosen = self.by_field.currentData()
        self.by_field.clear()
        self.by_field.addItem(render("custom_fields.report_by_none"), None)
        for field in report_fields():
            self.by_field.addItem(field.label(), field.key)
        at = self.by_field.findData(chosen)
        self.by_field.setCurrentIndex(max(at, 0))
        shown = self.by_field.count() > 1
        self.by_field.setVisible(shown)
        self.by_field_label.setVisible(shown)

    def set_period(self, period: Period) -> None:
        self.from_edit.setDate(_qdate(period.start))
        self.to_edit.setDate(_qdate(period.end))

    # -- background runs

    def _start(self, sheets: tuple[str, ...], path: str | None, label: str) -> Operation | None:
        period = self.checked_period()
        if period is None:
            return None
        if self._operation is not None:
            return None
        actor, month_by = self.actor, self.month_by.currentData()
        by_field = self.by_field.currentData() if path else None
        self._path = path
        self._operation = (
            Operation(
                self,
                lambda progress: build_report(
                    actor, period, sheets, month_by, path, progress, by_field
                ),
                name="sales report",
            )
            .success(self._finished)
            .cancelled(lambda: self.statusMessage.emit(render("ui.report_cancelled")))
            .finally_(self._cleanup)
            .with_progress(label, title=self.tr("Reports"), maximum=100, modal=False)
            .run_in_background()
        )
        return self._operation

    def _cleanup(self) -> None:
        self._operation = None
        self.idle.emit()

    def _finished(self, report: SalesReport) -> None:
        path = self._path
        self.show_report(report)
        if path:
            message = self.tr("Exported the sales report to %1.").replace("%1", path)
            self.statusMessage.emit(message)
            self.summary_label.setText(self.summary_label.text() + "\n" + message)

    def show_figures(self) -> Operation | None:
        """Compute the figures the charts and tables need, in the background."""
        return self._start(CHART_SHEETS, None, self.tr("Computing the figures…"))

    def choose_export(self) -> None:
        sheets = self.chosen_sheets()
        if not sheets:
            QMessageBox.information(self, self.tr("Export"), self.tr("Choose at least one sheet."))
            return
        p = self.checked_period()
        if p is None:
            return
        suggested = f"sales-{p.start.isoformat()}-{p.end.isoformat()}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the sales report"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Operation | None:
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return self._start(self.chosen_sheets(), path, self.tr("Exporting the sales report…"))

    # -- showing

    def show_report(self, report: SalesReport) -> None:
        self.report = report
        s = report.summary
        change = "" if s.change_pct is None else f" ({_percent(s.change_pct)})"
        self.summary_label.setText(
            self.tr(
                "%1: sales %2%3 against %4 in the previous period; %5 of %6 customers "
                "bought, %7 new, %8 lost."
            )
            .replace("%1", report.period.label())
            .replace("%2", _money(s.sales))
            .replace("%3", change)
            .replace("%4", _money(s.previous_sales))
            .replace("%5", str(s.customers_bought))
            .replace("%6", str(s.customers_total))
            .replace("%7", str(s.new_customers))
            .replace("%8", str(s.lost_customers))
        )
        self.customer_model.set_rows(report.customers)
        self.salespeople_model.set_rows(report.salespeople)
        if report.months is not None:
            totals = report.months.month_totals()
            months = report.months.months
            one_year = len({m[:4] for m in months}) == 1 and len(months) <= 12
            _bars(
                self.month_chart,
                [m[5:] if one_year else m[2:] for m in months],
                [float(v) for v in totals],
                angle=0 if one_year else -90,
            )
        people = report.salespeople[:12]
        _bars(
            self.salespeople_chart,
            [p.name or self.tr("(none)") for p in people],
            [float(p.sales) for p in people],
            horizontal=True,
        )
        labels = {
            "not_due": self.tr("Not due"),
            "d0_30": self.tr("0–30"),
            "d31_60": self.tr("31–60"),
            "d61_90": self.tr("61–90"),
            "d90_plus": self.tr("90+"),
        }
        sums = [0] * len(AGING_BUCKETS)
        for row in report.aging:
            for i, fen in enumerate(row.buckets_fen):
                sums[i] += fen
        _bars(self.aging_chart, [labels[b] for b in AGING_BUCKETS], [v / 100 for v in sums])
        self._pareto(report.customers)

    def _pareto(self, figures: list[CustomerFigure]) -> None:
        chart = _reset(self.pareto_chart)
        series = QLineSeries()
        series.setColor(QColor("#C00000"))
        for x, y in pareto_points(figures):
            series.append(x, y)
        chart.addSeries(series)
        ax = QValueAxis()
        ax.setRange(0, 100)
        ax.setLabelFormat("%.0f%%")
        ax.setTitleText(self.tr("Customers who bought"))
        ay = QValueAxis()
        ay.setRange(0, 100)
        ay.setLabelFormat("%.0f%%")
        ay.setTitleText(self.tr("Share of sales"))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(ax)
        series.attachAxis(ay)

    # -- ABC

    def abc_confirmation_text(self, preview: analysis.AbcChangePreview) -> str:
        lines = [
            self.tr("%1 of %2 customers will change class (%3):")
            .replace("%1", str(preview.changed))
            .replace("%2", str(preview.total_customers))
            .replace("%3", preview.period.label())
        ]
        none = self.tr("none")
        for (old, new), count in sorted(preview.changes.items(), key=lambda kv: -kv[1]):
            line = self.tr("%1 → %2: %3").replace("%1", old or none).replace("%2", new)
            lines.append("  " + line.replace("%3", str(count)))
        return "\n".join(lines)

    def apply_abc(self, confirm=None) -> analysis.AbcApplied | None:
        """Ask (showing how many customers change class), then write the classes."""
        try:
            period = self.period()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                preview = analysis.preview_abc_classes(self.actor, period)
            finally:
                QApplication.restoreOverrideCursor()
            if not preview.changed:
                QMessageBox.information(
                    self, self.tr("Apply ABC classes"), self.tr("No customer changes class.")
                )
                return None
            text = self.abc_confirmation_text(preview)
            if confirm is None:
                answer = QMessageBox.question(
                    self,
                    self.tr("Apply ABC classes"),
                    text + "\n\n" + self.tr("Write these classes to the customers?"),
                )
                ok = answer == QMessageBox.StandardButton.Yes
            else:
                ok = confirm(text)
            if not ok:
                return None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result = analysis.apply_abc_classes(self.actor, period)
            finally:
                QApplication.restoreOverrideCursor()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Apply ABC classes"), exc.message)
            return None
        self.statusMessage.emit(
            self.tr("%1 customers changed class.").replace("%1", str(result.changed))
        )
        return result

    def refresh(self) -> None:
        """Shown again: the fields to group by may have changed; the figures are not
        reloaded until the user asks (they can be slow)."""
        self.load_group_fields()
