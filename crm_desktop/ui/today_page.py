"""The Today page: what needs doing today, who has a birthday, and how business goes.

Every number comes from `services.today.today_summary`; the page only shows it. A
click on a follow-up, a credit request or a birthday opens that customer's card.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import logs
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.progress import Progress
from crm_desktop.services import followups
from crm_desktop.services import today as today_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import choice_label
from crm_desktop.services.today import BirthdayItem, CreditItem, FollowUpItem, TodaySummary
from crm_desktop.ui.field_widgets import format_decimal, ui_language
from crm_desktop.ui.operations import Operation, wait_all
from crm_desktop.ui.table_models import ListTableModel
from crm_desktop.ui.today_opportunities import TodayOpportunities

_Index = QModelIndex | QPersistentModelIndex
REFRESH_MS = 5 * 60 * 1000
OVERDUE_COLOR = QColor("#c62828")
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_label(kind: str) -> str:
    """The follow-up service's label of a kind (拜访, 电话 …; 周期到期 for a customer out of
    cadence), as the follow-ups page shows it."""
    return followups.kind_label(kind, ui_language())


def money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return "¥" + format_decimal(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)


def _ten_thousands(value: Decimal) -> float:
    """Chart bars in 万元, as Chinese sales figures are read."""
    return float((value / 10000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Column:
    """One column of an item list: header and how an item is shown in it."""

    header: str
    text: Callable[[Any], str]
    align_right: bool = False


class ItemsModel(ListTableModel):
    """A read-only list of Today items (follow-ups, requests, birthdays) with their customer."""

    def __init__(
        self,
        columns: Sequence[Column],
        highlight: Callable[[Any], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__([c.header for c in columns], parent)
        self.columns = list(columns)
        self.highlight = highlight

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(item)
        if role == CUSTOMER_ID_ROLE:
            return item.customer_id
        if role == Qt.ItemDataRole.ForegroundRole and self.highlight and self.highlight(item):
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def customer_id(self, row: int) -> int | None:
        return self.rows[row].customer_id if 0 <= row < len(self.rows) else None


def _due_text(item: FollowUpItem, today: date) -> str:
    days = (today - item.due_at.date()).days
    if item.overdue:
        return QCoreApplication.translate("TodayPage", "%n day(s) overdue", "", days)
    return QCoreApplication.translate("TodayPage", "Today %1").replace(
        "%1", item.due_at.strftime("%H:%M")
    )


def _birthday_when(item: BirthdayItem) -> str:
    if item.days_until == 0:
        when = QCoreApplication.translate("TodayPage", "Today")
    elif item.days_until == 1:
        when = QCoreApplication.translate("TodayPage", "Tomorrow")
    else:
        when = QCoreApplication.translate("TodayPage", "in %n days", "", item.days_until)
    return f"{when} ({item.next_birthday.month}-{item.next_birthday.day:02d})"


class FigureTile(QFrame):
    """A key figure: a big number with a caption and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setStyleSheet(
            "QFrame#figureTile { background: palette(base); border: 1px solid #d9dde3;"
            " border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #5f6368;")
        self.value = QLabel(self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel(self)
        self.detail.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "", color: str | None = None) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {color};" if color else "")
        self.detail.setText(detail)


def _bar_chart(title: str, parent: QWidget) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(230)
    return view


def _fill_chart(view: QChartView, categories: list[str], values: list[float], color: str) -> None:
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    bar_set = QBarSet("")
    bar_set.append(values)
    bar_set.setColor(QColor(color))
    bar_set.setLabelColor(QColor("#202124"))
    font = bar_set.labelFont()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    bar_set.setLabelFont(font)
    series = QBarSeries()
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(8)
    series.setBarWidth(0.6)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    top = max(values) if values else 0
    axis_y.setRange(0, top * 1.2 if top else 1)
    axis_y.setLabelFormat("%.0f")
    axis_y.applyNiceNumbers()
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)


def read_summary(actor: Actor, today: date | None, progress: Progress) -> TodaySummary:
    """The Today figures, off the GUI thread (ui/operations.py runs it)."""
    return today_service.today_summary(actor, today)


def wait_for_loaders() -> None:
    """Wait for background reads still running (before quitting or closing the database)."""
    wait_all()


class TodayPage(QWidget):
    """Follow-ups due, credit waiting, birthdays this week and key figures.

    Signals: counts_changed(dict) with the numbers of services.today.counts (the badges)
    after every refresh; loaded() once new figures are shown.
    """

    counts_changed = Signal(dict)
    loaded = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TodayPage")
        self.actor = actor
        self.lang = ui_language()
        self.summary: TodaySummary | None = None
        self._counts: dict[str, int] = {}
        self._loader: Operation | None = None
        self._again = False
        self._build()
        self.heading.setText(self.tr("Today"))
        # the figures are read off the GUI thread: on a big database they take a moment,
        # and the window should paint first
        self.refresh()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    # --- building ------------------------------------------------------------------

    def _table(self, model: ItemsModel) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.setCursor(Qt.CursorShape.PointingHandCursor)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        view.clicked.connect(lambda index, m=model: self._open_row(m, index.row()))
        view.activated.connect(lambda index, m=model: self._open_row(m, index.row()))
        view.setMinimumHeight(150)
        return view

    def _box(self, title: str, table: QTableView) -> tuple[QGroupBox, QLabel]:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        empty = QLabel(box)
        empty.setStyleSheet("color: #5f6368; padding: 12px;")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(table, 1)
        layout.addWidget(empty)
        return box, empty

    def _build(self) -> None:
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        # a complaint that comes in by phone is recorded from here (客户投诉处理)
        self.complaint_button = QPushButton(render("ui.record_complaint"), self)
        self.complaint_button.clicked.connect(self.record_complaint)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.problem, 2)
        top.addWidget(self.complaint_button)
        top.addWidget(self.refresh_button)

        self.due_tile = FigureTile(self.tr("Follow-ups due today"), self)
        self.overdue_tile = FigureTile(self.tr("Overdue follow-ups"), self)
        self.customers_tile = FigureTile(self.tr("Customers"), self)
        self.sales_tile = FigureTile(self.tr("Sales this month"), self)
        tiles = QHBoxLayout()
        for tile in (self.due_tile, self.overdue_tile, self.customers_tile, self.sales_tile):
            tiles.addWidget(tile, 1)

        self.followups_model = ItemsModel(
            [
                Column(self.tr("Due"), lambda f: _due_text(f, self._today())),
                Column(self.tr("Customer"), lambda f: f.customer_name),
                Column(self.tr("Kind"), lambda f: kind_label(f.kind)),
                Column(self.tr("Subject"), lambda f: f.subject),
                Column(self.tr("Owner"), lambda f: f.owner_name),
            ],
            highlight=lambda f: f.overdue,
            parent=self,
        )
        self.followups_view = self._table(self.followups_model)
        self.followups_box, self.followups_empty = self._box(
            self.tr("Follow-ups due and overdue"), self.followups_view
        )
        self.credit_model = ItemsModel(
            [
                Column(self.tr("Customer"), lambda c: c.customer_name),
                Column(self.tr("Proposed limit"), lambda c: money(c.proposed_limit), True),
                Column(self.tr("Current limit"), lambda c: money(c.current_limit), True),
                Column(self.tr("Requested by"), lambda c: c.requested_by),
                Column(self.tr("Reason"), lambda c: " ".join(c.reason.split())),
            ],
            parent=self,
        )
        self.credit_view = self._table(self.credit_model)
        self.credit_box, self.credit_empty = self._box(
            self.tr("Credit requests waiting for your approval"), self.credit_view
        )
        self.credit_box.setVisible(self.actor.can("credit.approve"))
        self.credit_view.setMaximumHeight(180)
        self.birthday_model = ItemsModel(
            [
                Column(self.tr("When"), _birthday_when),
                Column(self.tr("Contact"), lambda b: b.contact_name),
                Column(self.tr("Turns"), lambda b: str(b.turns), True),
                Column(self.tr("Customer"), lambda b: b.customer_name),
            ],
            highlight=lambda b: b.days_until == 0,
            parent=self,
        )
        self.birthday_view = self._table(self.birthday_model)
        self.birthday_box, self.birthday_empty = self._box(
            self.tr("Birthdays in the next 7 days"), self.birthday_view
        )

        self.stage_chart = _bar_chart(self.tr("Customers by stage"), self)
        self.class_chart = _bar_chart(self.tr("Customers by ABC class"), self)
        self.sales_chart = _bar_chart(self.tr("Sales, 10,000 yuan"), self)
        self.sales_chart.setToolTip(
            self.tr("Last month whole, last month up to today's day, this month up to today")
        )
        charts = QHBoxLayout()
        charts.addWidget(self.stage_chart, 5)
        charts.addWidget(self.class_chart, 3)
        charts.addWidget(self.sales_chart, 4)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        grid.addWidget(self.followups_box, 0, 0)
        grid.addWidget(self.birthday_box, 0, 1)
        grid.addWidget(self.credit_box, 1, 0, 1, 2)
        self.opportunities_box = TodayOpportunities(self.actor, self)
        grid.addWidget(self.opportunities_box, 2, 0, 1, 2)
        from crm_desktop.ui.day_suggestions import DaySuggestions

        self.day_box = DaySuggestions(self.actor, self)
        self.day_box.hide()  # shown when it has something to say
        grid.addWidget(self.day_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)  # the lists grow; the credit table keeps its height

        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        layout.addLayout(charts)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        from crm_desktop.ui.log_contact_dialog import install_log_shortcut

        self.log_action = install_log_shortcut(
            self, self.actor, self.current_customer, lambda _r: self.refresh()
        )

    def current_customer(self) -> int | None:
        """The customer of the selected row of the follow-ups (else birthdays) list."""
        for view, model in (
            (self.followups_view, self.followups_model),
            (self.birthday_view, self.birthday_model),
        ):
            index = view.currentIndex()
            if index.isValid():
                return model.customer_id(index.row())
        return self.day_box.current_customer()

    # --- data ----------------------------------------------------------------------

    def _today(self) -> date:
        return self.summary.today if self.summary else date.today()

    def record_complaint(self) -> QWidget:
        """The complaint dialog with the customer still to name (by code or name)."""
        from crm_desktop.ui.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.actor, None, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def refresh(self, today: date | None = None) -> None:
        """Read everything again in the background (also every few minutes); `loaded` follows."""
        if self._loader is not None:
            self._again = True  # one more round once the running one is done
            return
        actor = self.actor
        self._loader = (
            Operation(self, lambda progress: read_summary(actor, today, progress), name="today")
            .success(self._loaded)
            .failure(self._failed)
            .run_in_background()
        )
        self.refresh_button.setEnabled(False)

    def load_now(self, today: date | None = None) -> None:
        """Read and show everything at once, on this thread."""
        self._apply(today_service.today_summary(self.actor, today))

    def _loaded(self, summary: TodaySummary) -> None:
        self._loader = None
        self.refresh_button.setEnabled(True)
        self._apply(summary)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        """Said on the page, not in a dialog: a refresh every few minutes must not nag.
        A bug is in the log already; the page names the file."""
        self._loader = None
        self._again = False
        self.refresh_button.setEnabled(True)
        self.heading.setText(self.tr("Today"))
        if isinstance(exc, UserError):
            text = exc.message
        else:
            where = logs.active_log_file()
            text = msg("ui.today_failed", detail=logs.describe(exc), log=where or "").render()
        self.problem.setText(text)
        self.problem.show()

    def _apply(self, summary: TodaySummary) -> None:
        self.day_box.refresh()
        self.problem.hide()
        self.summary = summary
        self._show(summary)
        self.opportunities_box.show_items(summary.opportunities, summary.today)
        self._counts = dict(summary.counts)
        self.counts_changed.emit(dict(self._counts))
        self.loaded.emit()

    def _show(self, summary: TodaySummary) -> None:
        locale = QLocale()
        day = summary.today
        self.heading.setText(
            self.tr("Today, %1").replace(
                "%1",
                locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat),
            )
        )
        counts = summary.counts
        self.due_tile.set(format_decimal(counts["due_today"], 0), self.tr("planned for today"))
        self.overdue_tile.set(
            format_decimal(counts["overdue"], 0),
            self.tr("not done in time"),
            OVERDUE_COLOR.name() if counts["overdue"] else None,
        )
        figures = summary.figures
        self.customers_tile.set(
            format_decimal(figures.customers, 0),
            self.tr("%1 current, %2 class A")
            .replace("%1", format_decimal(figures.by_stage.get("current", 0), 0))
            .replace("%2", format_decimal(figures.by_class.get("A", 0), 0)),
        )
        change = figures.change
        if change is None:
            detail = self.tr("no sales in the same days of last month")
            color = None
        else:
            percent = (change * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            sign = "+" if percent > 0 else ""
            detail = self.tr("%1 against the same days of last month").replace(
                "%1", f"{sign}{percent}%"
            )
            color = "#2e7d32" if percent >= 0 else OVERDUE_COLOR.name()
        self.sales_tile.set(money(figures.sales_this_month), detail, color)

        self.followups_model.set_rows(summary.followups)
        self.credit_model.set_rows(summary.credit_requests)
        self.birthday_model.set_rows(summary.birthdays)
        for view, model, empty, text in (
            (self.followups_view, self.followups_model, self.followups_empty,
             self.tr("Nothing due today. Plan the next visits on the Follow-ups page.")),
            (self.credit_view, self.credit_model, self.credit_empty,
             self.tr("No credit request is waiting.")),
            (self.birthday_view, self.birthday_model, self.birthday_empty,
             self.tr("No birthdays in the next 7 days.")),
        ):  # fmt: skip
            view.setVisible(bool(model.rows))
            empty.setVisible(not model.rows)
            empty.setText(text)
        for box, title, shown, total in (
            (self.followups_box, self.tr("Follow-ups due and overdue"), len(summary.followups),
             counts["due_today"] + counts["overdue"]),
            (self.credit_box, self.tr("Credit requests waiting for your approval"),
             len(summary.credit_requests), counts["credit_pending"]),
            (self.birthday_box, self.tr("Birthdays in the next 7 days"), len(summary.birthdays),
             counts["birthdays"]),
        ):  # fmt: skip
            if shown < total:
                title += " " + self.tr("(the first %1 of %2)").replace("%1", str(shown)).replace(
                    "%2", format_decimal(total, 0)
                )
            box.setTitle(title)

        stages = list(figures.by_stage)
        _fill_chart(
            self.stage_chart,
            [choice_label("stage", s, self.lang) for s in stages],
            [float(figures.by_stage[s]) for s in stages],
            "#3b73b9",
        )
        classes = [c for c in figures.by_class if c or figures.by_class[c]]
        _fill_chart(
            self.class_chart,
            [c or "—" for c in classes],
            [float(figures.by_class[c]) for c in classes],
            "#e0892b",
        )
        _fill_chart(
            self.sales_chart,
            [self.tr("Last<br>month"), self.tr("Same<br>days"), self.tr("This<br>month")],
            [
                _ten_thousands(figures.sales_last_month_full),
                _ten_thousands(figures.sales_last_month),
                _ten_thousands(figures.sales_this_month),
            ],
            "#4a9d5b",
        )

    # --- opening cards -------------------------------------------------------------

    def _open_row(self, model: ItemsModel, row: int) -> None:
        customer_id = model.customer_id(row)
        if customer_id is not None:
            self.open_customer(customer_id)

    def open_customer(self, customer_id: int) -> QWidget | None:
        from crm_desktop.ui.customer_editor import open_customer_editor

        try:
            editor = open_customer_editor(self, self.actor, customer_id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Customer card"), exc.message)
            return None
        if not getattr(editor, "_today_connected", False):
            editor._today_connected = True
            editor.saved.connect(lambda *_: self.refresh())
            editor.deleted.connect(lambda *_: self.refresh())
        return editor


__all__ = ["ItemsModel", "TodayPage", "CreditItem", "FollowUpItem", "BirthdayItem"]
