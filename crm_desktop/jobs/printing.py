"""Print customers: the 客户基本资料表 (one page each, continued where a text is too long),
the full 客户资料卡, or a blank form to fill in by hand, as a PDF.

Every page carries the letterhead and confidential mark from Settings and who printed it
when; the result's warnings name what could not be drawn (characters no font has, an
unreadable logo) and which customers' texts went onto continuation pages."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crm_desktop.i18n import current_language
from crm_desktop.messages import Message, msg
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.pdf_card import (
    CardData,
    ComplaintData,
    ContactData,
    CreditData,
    FollowUpData,
    MonthSales,
    ReceivableData,
    build_cards,
)
from crm_desktop.reports.pdf_common import check_writable
from crm_desktop.reports.pdf_form import FormData, FormHeader, FormResult, build_forms
from crm_desktop.reports.pdf_page import logo_readable
from crm_desktop.services import printing
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.settings import all_settings

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


def page_header(
    actor: Actor | None, lang: str | None = None, today: date | None = None
) -> FormHeader:
    """What every page of a run shows: language, letterhead and mark from Settings, who and when."""
    now = datetime.now()
    if today is not None:
        now = datetime.combine(today, now.time())
    values = all_settings()  # one query for the six settings

    def text(key: str) -> str:
        return str(values.get(key) or "")

    return FormHeader(
        company_name=text("company_name"),
        print_date=now.date(),
        lang=lang or current_language(),
        company_address=text("company_address"),
        company_phone=text("company_phone"),
        company_tax_id=text("company_tax_id"),
        company_logo=text("company_logo"),
        confidential=bool(values.get("print_confidential")),
        printed_by=actor.name if actor is not None else "",
        printed_at=now.replace(second=0, microsecond=0),
    )


def _warnings(
    header: FormHeader, font_warning: Message | None, missing: set[str]
) -> tuple[Message, ...]:
    """What the user is told after printing: a poor font, blank characters, no logo."""
    out: list[Message] = []
    if font_warning is not None:
        out.append(font_warning)
    if missing:
        chars = [f"{ch} (U+{ord(ch):04X})" for ch in sorted(missing)]
        out.append(msg("printing.unprintable", chars=chars))
    if header.company_logo and not logo_readable(header.company_logo):
        out.append(msg("printing.logo_unreadable", path=header.company_logo))
    return tuple(out)


def _card_data(facts: printing.CardFacts) -> CardData:
    return CardData(
        form=_form_data(facts.form),
        owner=facts.owner,
        contacts=[ContactData(values) for values in facts.contacts],
        followups=[FollowUpData(**row) for row in facts.followups],
        credits=[CreditData(**row) for row in facts.credits],
        sales=[MonthSales(month, amount, lines) for month, amount, lines in facts.sales],
        followups_total=facts.followups_total,
        receivable=(
            ReceivableData(r.balance, r.credit_limit, r.share, r.buckets)
            if (r := facts.receivable) is not None
            else None
        ),
        complaints=[ComplaintData(**row) for row in facts.complaints],
        complaints_total=facts.complaints_total,
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
    header = page_header(actor, lang, today)
    form_result = None
    notes: list[Message] = []
    if kind == "form":
        forms = (_form_data(f) for f in printing.iter_form_facts(ids))
        form_result = build_forms(forms, header, out_path, total=len(ids), progress=progress)
        pages, warning, missing = form_result.pages, form_result.warning, form_result.missing
        if form_result.continued:
            notes.append(msg("printing.continued", codes=list(form_result.continued)))
    else:
        cards = (_card_data(f) for f in printing.iter_card_facts(ids, header.print_date))
        built = build_cards(cards, header, out_path, total=len(ids), progress=progress)
        pages, warning, missing = built.pages, built.warning, built.missing
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
    warnings = _warnings(header, warning, missing) + tuple(notes)
    return PrintResult(Path(out_path), kind, pages, len(ids), warnings, form_result)


def print_blank_form(
    actor: Actor | None, out_path: str | os.PathLike, *, lang: str | None = None
) -> PrintResult:
    """A blank 客户基本资料表 (letterhead and boxes, nothing filled in) to fill in by hand."""
    check_writable(out_path)
    header = page_header(actor, lang)
    built = build_forms([FormData({})], header, out_path, blank=True)
    warnings = _warnings(header, built.warning, built.missing)
    return PrintResult(Path(out_path), "blank", built.pages, 0, warnings, built)


__all__ = ["PrintResult", "page_header", "print_blank_form", "print_customers"]
