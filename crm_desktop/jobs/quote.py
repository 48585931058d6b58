"""Print the quote (报价单) of an opportunity: gather → build the PDF → audit.

The letterhead comes from the team settings (`company_name`, `company_address`,
`company_phone`), the tax rate from `quote_tax_rate` (13 % VAT unless set), extra terms
from `quote_terms` (a list of lines); the validity from the opportunity (30 days unless
it says otherwise). An opportunity without product lines is quoted as one line.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from crm_desktop.fields import choice_label
from crm_desktop.i18n import current_language
from crm_desktop.models import transaction
from crm_desktop.reports.pdf_common import check_writable
from crm_desktop.reports.quote_pdf import QuoteData, QuoteLine, QuoteResult, build_quote
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit, get_customer
from crm_desktop.services.settings import get_setting

DEFAULT_VALID_DAYS = 30
DEFAULT_TAX_RATE = Decimal("13")


def _setting_text(key: str) -> str:
    value = get_setting(key)
    return str(value).strip() if value else ""


def quote_data(actor: Actor, opportunity_id: int, lang: str, today: date) -> QuoteData:
    """What the quote prints, from the opportunity, its customer and the settings."""
    detail = opps.get_opportunity(actor, opportunity_id)
    row = detail.row
    card = get_customer(actor, row.customer_id).values
    lines = [
        QuoteLine(
            ln.product_code,
            ln.description,
            ln.unit,
            ln.quantity,
            ln.unit_price,
            ln.discount,
            ln.amount,
        )
        for ln in detail.lines
    ] or [QuoteLine("", row.title, "", Decimal(1), row.amount, Decimal(0), row.amount)]
    rate = get_setting("quote_tax_rate")
    terms = get_setting("quote_terms") or []
    zh_lang = "zh" if lang.startswith("zh") else "en"
    payment = choice_label("payment_terms", card.get("payment_terms"), zh_lang)
    if card.get("payment_terms_note"):
        payment = f"{payment} {card['payment_terms_note']}".strip()
    return QuoteData(
        number=f"Q{today:%Y%m%d}-{row.id:05d}",
        quote_date=today,
        valid_until=today + timedelta(days=detail.quote_days or DEFAULT_VALID_DAYS),
        company_name=_setting_text("company_name"),
        company_address=_setting_text("company_address"),
        company_phone=_setting_text("company_phone"),
        customer_code=row.customer_code,
        customer_name=row.customer_name,
        customer_address=str(card.get("address") or ""),
        contact_name=str(card.get("contact_name") or ""),
        contact_phone=str(card.get("contact_phone") or card.get("phone") or ""),
        title=row.title,
        salesperson=row.owner_name,
        lines=lines,
        tax_rate=DEFAULT_TAX_RATE if rate is None else Decimal(str(rate)),
        payment_terms=payment,
        terms=[str(t) for t in terms] if isinstance(terms, list) else [str(terms)],
    )


def print_quote(
    actor: Actor,
    opportunity_id: int,
    out_path: str | os.PathLike,
    *,
    lang: str | None = None,
    today: date | None = None,
) -> QuoteResult:
    """Write the quote PDF; an opportunity the actor may not see fails before any file."""
    lang = lang or current_language()
    data = quote_data(actor, opportunity_id, lang, today or date.today())
    check_writable(out_path)
    result = build_quote(data, out_path, lang)
    with transaction():
        audit(
            actor,
            "print",
            entity="opportunity",
            entity_id=opportunity_id,
            count=1,
            detail=f"quote {data.number} -> {Path(out_path).name}",
        )
    return result


__all__ = ["print_quote", "quote_data"]
