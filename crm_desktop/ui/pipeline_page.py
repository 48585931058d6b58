"""The 商机 page: the pipeline board (drag a card to another stage), the list, the funnel
and the forecast, all under the same filters (owner, close month, customer class)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import Conflict, UserError
from crm_desktop.i18n import current_language
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.opportunities.forecast import add_months
from crm_desktop.ui.forecast_view import ForecastView, FunnelChart
from crm_desktop.ui.pipeline_models import (
    ROW_ROLE,
    CardDelegate,
    OpportunityTableModel,
    StageCardsModel,
    short_money,
)

COLUMN_WIDTH = 230


class StageColumn(QFrame):
    """One stage: a header with count, total and weighted total over its list of cards."""

    def __init__(self, stage: opps.StageInfo, delegate: CardDelegate, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(COLUMN_WIDTH)
        self.stage = stage
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.header = QLabel()
        self.header.setObjectName(f"stageHeader_{stage.id}")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.model = StageCardsModel(stage, self)
        self.view = QListView(self)
        self.view.setObjectName(f"stageCards_{stage.id}")
        self.view.setModel(self.model)
        self.view.setItemDelegate(delegate)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(stage.is_open)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        layout.addWidget(self.view, 1)

    def update_header(self) -> None:
        m = self.model
        name = self.stage.label(current_language())
        self.header.setText(
            f"<b>{name}</b> · {self.stage.probability}%<br>"
            + self.tr("{count} · total {total} · weighted {weighted}").format(
                count=m.count, total=short_money(m.total), weighted=short_money(m.weighted)
            )
        )


class PipelinePage(QWidget):
    """Board, list, funnel and forecast of the opportunities the user may see."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.today = date.today()
        self.columns: dict[int, StageColumn] = {}
        self.list_stale = True
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.owner = QComboBox()
        self.owner.setObjectName("ownerFilter")
        self.owner.addItem(self.tr("All salespeople"), None)
        if actor.sees_all_customers:
            for user in list_users():
                self.owner.addItem(user.display_name or user.username, user.id)
        else:
            self.owner.setEnabled(False)
        self.month = QComboBox()
        self.month.setObjectName("monthFilter")
        self.month.addItem(self.tr("Any close month"), None)
        first = self.today.replace(day=1)
        for i in range(-1, 12):
            m = add_months(first, i)
            self.month.addItem(f"{m.year}-{m.month:02d}", m)
        self.klass = QComboBox()
        self.klass.setObjectName("classFilter")
        self.klass.addItem(self.tr("Any customer class"), None)
        for cls in ("A", "B", "C", "D"):
            self.klass.addItem(self.tr("Class {cls}").format(cls=cls), cls)
        self.new_button = QPushButton(self.tr("New opportunity…"))
        self.new_button.setObjectName("newOpportunity")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.stages_button = QPushButton(self.tr("Stages…"))
        self.stages_button.setVisible(actor.sees_all_customers)
        self.stages_button.clicked.connect(self.edit_stages)
        for w in (
            QLabel(self.tr("Owner")),
            self.owner,
            QLabel(self.tr("Close month")),
            self.month,
            QLabel(self.tr("Customer class")),
            self.klass,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.stages_button)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        board_tab = QWidget()
        board_layout = QHBoxLayout(board_tab)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.board_widget = QWidget()
        self.board_layout = QHBoxLayout(self.board_widget)
        self.board_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(self.board_widget)
        board_layout.addWidget(self.scroll, 1)
        self.funnel = FunnelChart()
        self.funnel.setObjectName("funnel")
        self.funnel.setFixedWidth(260)
        board_layout.addWidget(self.funnel)
        self.tabs.addTab(board_tab, self.tr("Board"))

        self.table_model = OpportunityTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("opportunityList")
        self.table.setModel(self.table_model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        for column, width in (("customer", 220), ("title", 200), ("close", 100)):
            self.table.setColumnWidth(self.table_model.COLUMNS.index(column), width)
        self.tabs.addTab(self.table, self.tr("List"))

        self.forecast = ForecastView(actor)
        self.tabs.addTab(self.forecast, self.tr("Forecast"))

        self.delegate = CardDelegate(self.today, self)
        self.owner.currentIndexChanged.connect(self.refresh)
        self.month.currentIndexChanged.connect(self.refresh)
        self.klass.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.new_button.clicked.connect(self.new_opportunity)
        self.table.doubleClicked.connect(self._open_index)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.refresh()

    # --- loading ------------------------------------------------------------------------

    def current_filter(self) -> opps.PipelineFilter:
        return opps.PipelineFilter(
            owner_id=self.owner.currentData(),
            close_month=self.month.currentData(),
            customer_class=self.klass.currentData(),
        )

    def refresh(self) -> None:
        """Reload the board and the list (and the forecast when it is showing)."""
        f = self.current_filter()
        board = opps.board(self.actor, f, self.today)
        stage_ids = [c.stage.id for c in board.columns]
        if stage_ids != list(self.columns) or any(
            self.columns[c.stage.id].stage != c.stage for c in board.columns
        ):
            self._build_columns([c.stage for c in board.columns])
        for column in board.columns:
            widget = self.columns[column.stage.id]
            widget.model.set_rows(
                column.rows,
                column.count,
                column.total,
                column.weighted,
                self._loader(f, column.stage, board.since),
            )
            widget.update_header()
        self.table_model.stage_names = {
            s.id: s.label(current_language()) for s in (c.stage for c in board.columns)
        }
        self.list_stale = True
        self._update_funnel()
        self._tab_changed(self.tabs.currentIndex())

    def _loader(self, f: opps.PipelineFilter, stage: opps.StageInfo, since):
        def load(offset: int) -> list[opps.OpportunityRow]:
            return opps.stage_rows(self.actor, f, stage, offset, since=since)

        return load

    def _tab_changed(self, index: int) -> None:
        """The list and the forecast are read when first shown (not for the board's paint)."""
        widget = self.tabs.widget(index)
        if widget is self.forecast:
            self.forecast.refresh()
        elif widget is self.table and self.list_stale:
            self.list_stale = False
            self.table_model.set_rows(opps.list_opportunities(self.actor, self.current_filter()))
            header = self.table.horizontalHeader()
            self.table_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _build_columns(self, stages: list[opps.StageInfo]) -> None:
        for widget in self.columns.values():
            widget.setParent(None)
            widget.deleteLater()
        self.columns = {}
        for stage in stages:
            column = StageColumn(stage, self.delegate, self.board_widget)
            column.model.dropped.connect(self.move_card)
            column.view.doubleClicked.connect(self._open_index)
            self.board_layout.addWidget(column)
            self.columns[stage.id] = column
        self.board_layout.addStretch(1)

    def _update_funnel(self) -> None:
        lang = current_language()
        self.funnel.set_stages(
            [
                (c.stage.label(lang), c.model.count, c.model.weighted)
                for c in self.columns.values()
                if c.stage.is_open
            ]
        )

    # --- moving ---------------------------------------------------------------------------

    def move_card(self, opportunity_id: int, version: int, from_stage: int, to_stage: int) -> bool:
        """Save a drop: the service moves it (a lost stage asks for the reason first)."""
        target = self.columns[to_stage].stage
        reason = None
        if target.kind == "lost":
            reasons = opps.list_lost_reasons()
            lang = current_language()
            labels = [r.label(lang) for r in reasons]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Lost"), self.tr("Why was it lost?"), labels, 0, False
            )
            if not ok:
                return False
            reason = reasons[labels.index(choice)].id
        try:
            row = opps.move_opportunity(
                self.actor, opportunity_id, to_stage, expected_version=version, lost_reason=reason
            )
        except Conflict as exc:
            QMessageBox.warning(self, self.tr("Opportunities"), exc.message)
            self.refresh()  # show where the other person put it
            return False
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Opportunities"), exc.message)
            return False
        self.apply_move(row, from_stage)
        return True

    def apply_move(self, row: opps.OpportunityRow, from_stage: int) -> None:
        """Repaint only the two columns concerned (and the funnel)."""
        source = self.columns.get(from_stage)
        if source is not None:
            source.model.take(row.id)
            source.update_header()
        target = self.columns.get(row.stage_id)
        if target is not None:
            target.model.put(row)
            target.update_header()
        rows = self.table_model.rows
        for i, r in enumerate(rows):
            if r.id == row.id:
                rows[i] = row
        self._update_funnel()

    # --- dialogs ----------------------------------------------------------------------------

    def _open_index(self, index) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        self.open_opportunity(row.id)

    def open_opportunity(self, opportunity_id: int) -> None:
        from crm_desktop.ui.opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.actor, opportunity_id=opportunity_id, parent=self)
        if dialog.exec() or dialog.changed:
            self.refresh()

    def new_opportunity(self) -> None:
        from crm_desktop.ui.opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.actor, parent=self)
        if dialog.exec():
            self.refresh()

    def edit_stages(self) -> None:
        from crm_desktop.ui.stages_dialog import StagesDialog

        if StagesDialog(self.actor, self).exec():
            self.refresh()
