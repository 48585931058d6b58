"""Importing customer lists: a file opened, its columns mapped, rows cleaned and checked,
written in one transaction, listed in the history and undone as a whole.

The way a file goes: `source` (the sheet holding the list, read by `read`, `text`,
`sheet_guard`, `sheet_parts`, its header row found by `layout`) → `headers` and `mapping`
(which column feeds which field, value mappings) → `cleaning` (the card's rule, column by
column, with `values` and `people`) → `duplicates` → `writing` (with `new_cards`,
`custom`) → `history`. The front ends (jobs, CLI, the wizard) use only what is here.
"""

from __future__ import annotations

from crm_desktop.services.importing.choices import remembered_value_maps
from crm_desktop.services.importing.custom import custom_columns
from crm_desktop.services.importing.headers import (
    EXTRA_LABELS,
    IGNORE,
    MANY_COLUMNS,
    is_target,
    target_label,
)
from crm_desktop.services.importing.history import UndoResult, import_history, undo_import
from crm_desktop.services.importing.mapping import (
    names_customers,
    set_mapping,
    unmapped_message,
    value_maps_for,
)
from crm_desktop.services.importing.preview import preview
from crm_desktop.services.importing.read import ImportFileError
from crm_desktop.services.importing.results import (
    BatchInfo,
    CellProblem,
    ImportCancelled,
    ImportNote,
    ImportResult,
    Progress,
    Rejection,
    RowCheck,
)
from crm_desktop.services.importing.source import ImportSource, full_source, open_source
from crm_desktop.services.importing.values import tells_lost_digits
from crm_desktop.services.importing.writing import POLICIES, run_import

__all__ = [
    "EXTRA_LABELS",
    "IGNORE",
    "MANY_COLUMNS",
    "POLICIES",
    "BatchInfo",
    "CellProblem",
    "ImportCancelled",
    "ImportFileError",
    "ImportNote",
    "ImportResult",
    "ImportSource",
    "Progress",
    "Rejection",
    "RowCheck",
    "UndoResult",
    "custom_columns",
    "full_source",
    "import_history",
    "is_target",
    "open_source",
    "preview",
    "remembered_value_maps",
    "run_import",
    "names_customers",
    "tells_lost_digits",
    "set_mapping",
    "target_label",
    "undo_import",
    "unmapped_message",
    "value_maps_for",
]
