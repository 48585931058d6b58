"""Export the 潜在客户名册 (the potential-customer lists by source) to an Excel workbook:
check permission → gather (services/prospects) → build (reports/prospects_xlsx) → audit."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.jobs.export import check_output
from crm_desktop.jobs.files import replacing
from crm_desktop.models import transaction
from crm_desktop.models.entities import SOURCES, STAGES
from crm_desktop.progress import Progress
from crm_desktop.reports.prospects_xlsx import ListSheet, SummarySheet, write_prospects_xlsx
from crm_desktop.services import export, prospects
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP, choice_label

# the customers' columns: card fields, then two of our own
COLUMNS = (
    ("code", "text"),
    ("name", "text"),
    ("stage", "text"),
    ("loyalty", "text"),
    ("owner", "text"),
    ("contact_name", "text"),
    ("phone", "text"),
    ("last_contact", "date"),
    ("created", "date"),
)
_OWN = {
    "last_contact": ("最近联系", "Last contact"),
    "created": ("建档日期", "Created"),
}


@dataclass(frozen=True)
class ProspectsExport:
    """What the export wrote: customers, lists (sheets of customers), time taken."""

    path: Path
    rows: int
    sources: int
    seconds: float


def _pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if is_chinese(lang) else pair[1]


def headers(lang: str) -> list[str]:
    """The customer sheets' column titles in the reader's language."""
    return [
        _pick(lang, _OWN[n]) if n in _OWN else CUSTOMER_FIELD_MAP[n].label(lang)
        for n, _k in COLUMNS
    ]


def _summary(rows: list[prospects.SourceRow], lang: str) -> SummarySheet:
    stage_titles = [choice_label("stage", s, lang) for s in STAGES]
    return SummarySheet(
        name=_pick(lang, ("潜在客户名册", "Prospect lists")),
        headers=[
            CUSTOMER_FIELD_MAP["source"].label(lang),
            _pick(lang, ("客户数", "Customers")),
            *stage_titles,
            _pick(lang, ("转为预期", "To prospective")),
            _pick(lang, ("转为现实", "To current")),
            _pick(lang, ("转化率", "Converted")),
        ],
        rows=[(r.label.render(lang), [r.by_stage[s] for s in STAGES]) for r in rows],
        total_label=_pick(lang, ("合计", "Total")),
        prospective=STAGES.index("prospective"),
        current=STAGES.index("current"),
    )


def _lists(
    actor: Actor, wanted: Sequence[str | None], labels: dict, lang: str
) -> Iterator[ListSheet]:
    titles = headers(lang)
    for source, group in groupby(prospects.list_rows(actor, wanted), key=lambda r: r.source):
        yield ListSheet(
            labels[source],
            titles,
            [k for _n, k in COLUMNS],
            (
                (
                    r.code,
                    r.name,
                    choice_label("stage", r.stage, lang),
                    choice_label("loyalty", r.loyalty, lang) if r.loyalty else "",
                    r.owner,
                    r.contact_name,
                    r.phone,
                    r.last_contact,
                    r.created,
                )
                for r in group
            ),
        )


def export_prospects(
    actor: Actor,
    out: str | os.PathLike,
    sources: Sequence[str | None] | None = None,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ProspectsExport:
    """Write the lists (all, or those of `sources`; None is the customers without a source)
    of the customers the actor sees to an .xlsx, then record who exported.

    Written under a temporary name and renamed into place: a failed or cancelled export
    leaves no file and no audit entry. Exporting customer lists is for managers."""
    started = time.perf_counter()
    export.require_bulk_export(actor)
    path = check_output(out)
    lang = lang or current_language()
    wanted = list(sources) if sources is not None else [*SOURCES, None]
    summary = [r for r in prospects.source_summary(actor) if r.source in wanted]
    labels = {r.source: r.label.render(lang) for r in summary}
    total = sum(r.total for r in summary)
    with replacing(path) as tmp:
        count = write_prospects_xlsx(
            tmp,
            _summary(summary, lang),
            _lists(actor, wanted, labels, lang),
            total=total,
            progress=progress,
        )
    with transaction():
        audit(actor, "export.prospects", entity="customer", count=count, detail=path.name)
    lists = sum(1 for r in summary if r.total)
    return ProspectsExport(path, count, lists, time.perf_counter() - started)


__all__ = ["COLUMNS", "ProspectsExport", "export_prospects", "headers"]
