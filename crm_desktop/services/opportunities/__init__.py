"""Opportunities (商机), the sales pipeline (销售漏斗) and the forecast (销售预测).

`stages`: the pipeline's stages and lost reasons; `records`: the opportunities and their
moves; `board`: the pipeline board's columns; `forecast`: the figures of the forecast.
"""

from crm_desktop.services.opportunities.board import Board, BoardColumn, board, stage_rows
from crm_desktop.services.opportunities.forecast import Forecast, forecast
from crm_desktop.services.opportunities.records import (
    LABELS,
    OpportunityDetail,
    OpportunityRow,
    PipelineFilter,
    create_opportunity,
    customer_opportunities,
    delete_opportunity,
    get_opportunity,
    get_row,
    list_opportunities,
    lose_opportunity,
    move_opportunity,
    reopen_opportunity,
    update_opportunity,
    win_opportunity,
)
from crm_desktop.services.opportunities.stages import (
    LostReasonInfo,
    StageInfo,
    find_lost_reason,
    find_stage,
    get_stage,
    list_lost_reasons,
    list_stages,
    reorder_stages,
    save_stage,
)

__all__ = [
    "LABELS",
    "Board",
    "BoardColumn",
    "Forecast",
    "LostReasonInfo",
    "OpportunityDetail",
    "OpportunityRow",
    "PipelineFilter",
    "StageInfo",
    "board",
    "create_opportunity",
    "customer_opportunities",
    "delete_opportunity",
    "find_lost_reason",
    "find_stage",
    "forecast",
    "get_opportunity",
    "get_row",
    "get_stage",
    "list_lost_reasons",
    "list_opportunities",
    "list_stages",
    "lose_opportunity",
    "move_opportunity",
    "reopen_opportunity",
    "reorder_stages",
    "save_stage",
    "stage_rows",
    "update_opportunity",
    "win_opportunity",
]
