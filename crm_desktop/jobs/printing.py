"""Print customers: the 客户基本资料表 (one page each) or the full 客户资料卡, as a PDF."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crm_desktop.i18n import current_language
from crm_desktop.messages import Message
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.pdf_card import (
    CardData,
    ContactData,
    CreditData,
    FollowUpData,
    MonthSales,
    build_cards,
)
from crm_desktop.reports.pdf_common import check_writable
from crm_desktop.reports.pdf_form import FormData, FormHeader, FormResult, build_forms
from crm_desktop.services import printing
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.settings import get_setting

AUDITED_CODES = 50  # codes named in the audit trail's detail; the count holds the rest


@dataclass(frozen=True)
class PrintResult:
    """What a print run wrote."""

    path: Path
    kind: str
    pages: int
    customers: int
    warnings: tuple[Message, ...] = ()
    form: FormResult | None = None  # the form's check boxes, page by page


def _form_data(facts: printing.FormFacts) -> FormData:
    return FormData(facts.values, facts.credit_approved_by, facts.credit_approved_at)


def _card_data(facts: printing.CardFacts) -> CardData:
    return CardData(
        form=_form_data(facts.form),
        owner=facts.owner,
        contacts=[ContactData(values) for values in facts.contacts],
        followups=[FollowUpData(**row) for row in facts.followups],
        credits=[CreditData(**row) for row in facts.credits],
        sales=[MonthSales(month, amount, lines) for month, amount, lines in facts.sales],
        custom=facts.custom,
    )


def print_customers(
    actor: Actor,
    out_path: str | os.PathLike,
    *,
    ids: Sequence[int] | None = None,
    codes: Sequence[str] | None = None,
    kind: str = "form",
    lang: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> PrintResult:
    """Print the form or the profile card of customers (by `codes` or `ids`) to a PDF.

    Everything is checked before writing: unknown codes, customers the actor may not
    see and an unwritable path fail with a plain message and no file. A cancelled run
    (progress) leaves any earlier file at `out_path` as it was and no audit entry.
    """
    printing.check_kind(kind)
    ids = printing.printable_ids(actor, ids=ids, codes=codes)
    check_writable(out_path)
    header = FormHeader(
        company_name=str(get_setting("company_name") or ""),
        print_date=today or date.today(),
        lang=lang or current_language(),
    )
    form_result = None
    if kind == "form":
        forms = (_form_data(f) for f in printing.iter_form_facts(ids))
        form_result = build_forms(forms, header, out_path, total=len(ids), progress=progress)
        pages, warning = form_result.pages, form_result.warning
    else:
        cards = (_card_data(f) for f in printing.iter_card_facts(ids, header.print_date))
        built = build_cards(cards, header, out_path, total=len(ids), progress=progress)
        pages, warning = built.pages, built.warning
    codes_printed = printing.customer_codes(ids)
    with transaction():
        audit(
            actor,
            "print",
            entity="customer",
            entity_id=ids[0] if len(ids) == 1 else None,
            count=len(ids),
            detail=f"{kind} -> {Path(out_path).name}: "
            + ", ".join(codes_printed[:AUDITED_CODES])
            + (" …" if len(codes_printed) > AUDITED_CODES else ""),
        )
    warnings = (warning,) if warning is not None else ()
    return PrintResult(Path(out_path), kind, pages, len(ids), warnings, form_result)


__all__ = ["PrintResult", "print_customers"]
