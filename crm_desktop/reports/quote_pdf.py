"""The quote (报价单) of an opportunity as an A4 PDF: letterhead, customer, product lines,
totals with tax (and the total in Chinese capitals), validity, terms, the salesperson.

Takes plain data (`QuoteData`) and a path; the CJK font is embedded and every text
stays text (searchable, copyable). Chinese or English by `lang`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from crm_desktop.messages import Message
from crm_desktop.reports.pdf_common import atomic_output, format_date, zh
from crm_desktop.reports.pdf_fonts import get_fontset

CENT = Decimal("0.01")


@dataclass(frozen=True)
class QuoteLine:
    code: str
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal  # percent
    amount: Decimal


@dataclass(frozen=True)
class QuoteData:
    """Everything printed on a quote, gathered by the job."""

    number: str
    quote_date: date
    valid_until: date
    company_name: str
    company_address: str
    company_phone: str
    customer_code: str
    customer_name: str
    customer_address: str
    contact_name: str
    contact_phone: str
    title: str
    salesperson: str
    lines: list[QuoteLine]
    tax_rate: Decimal  # percent, on the subtotal
    payment_terms: str
    terms: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def subtotal(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), Decimal("0.00"))

    @property
    def tax(self) -> Decimal:
        return (self.subtotal * self.tax_rate / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


@dataclass
class QuoteResult:
    path: Path
    pages: int = 0
    total: Decimal = Decimal("0.00")
    warning: Message | None = None


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ("", "拾", "佰", "仟")
_BIG = ("", "万", "亿", "万亿")


def rmb_upper(amount: Decimal) -> str:
    """12,345.60 → 壹万贰仟叁佰肆拾伍元陆角整: the total as a Chinese invoice writes it."""
    amount = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    if amount < 0:
        return "负" + rmb_upper(-amount)
    yuan = int(amount)
    jiao, fen = divmod(int((amount - yuan) * 100), 10)
    out = ""
    if yuan:
        groups = []
        while yuan:
            groups.append(yuan % 10000)
            yuan //= 10000
        zero = False
        for gi in range(len(groups) - 1, -1, -1):
            g = groups[gi]
            if g == 0:
                zero = bool(out)
                continue
            digits = [g // 1000, g // 100 % 10, g // 10 % 10, g % 10]
            text = ""
            started = False
            for pos, d in enumerate(digits):
                if d == 0:
                    if started or out:
                        zero = True
                    continue
                if zero and (started or out):
                    text += "零"
                zero = False
                text += _DIGITS[d] + _SMALL[3 - pos]
                started = True
            out += text + _BIG[gi]
            zero = g % 10 == 0
        out += "元"
    if jiao == 0 and fen == 0:
        return (out or "零元") + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif out:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    else:
        out += "整"
    return out


_T = {
    "title": ("报 价 单", "QUOTATION"),
    "number": ("报价单号", "Quote no."),
    "date": ("报价日期", "Date"),
    "valid": ("有效期至", "Valid until"),
    "to": ("客户名称", "Customer"),
    "code": ("客户代号", "Customer code"),
    "address": ("地址", "Address"),
    "contact": ("联络人", "Contact"),
    "phone": ("联络电话", "Phone"),
    "subject": ("项目", "Subject"),
    "salesperson": ("业务员", "Salesperson"),
    "no": ("序号", "No."),
    "pcode": ("产品编号", "Code"),
    "desc": ("品名", "Description"),
    "unit": ("单位", "Unit"),
    "qty": ("数量", "Qty"),
    "price": ("单价", "Unit price"),
    "discount": ("折扣", "Disc."),
    "amount": ("金额", "Amount"),
    "subtotal": ("小计（不含税）", "Subtotal (excl. tax)"),
    "tax": ("增值税 {rate}%", "VAT {rate}%"),
    "total": ("合计（含税）", "Total (incl. tax)"),
    "upper": ("大写金额", "In words"),
    "terms": ("报价条款", "Terms"),
    "payment": ("付款条件", "Payment terms"),
    "validity": (
        "本报价自报价日期起有效至 {day}。",
        "This quote is valid until {day}.",
    ),
    "prices": ("以上价格以人民币计。", "Prices are in Chinese yuan (CNY)."),
    "quoted_by": ("报价人", "Quoted by"),
    "confirm": ("客户确认（盖章）", "Accepted by the customer (seal)"),
    "page": ("第 {n} 页", "Page {n}"),
    "notes": ("备注", "Notes"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][0 if zh(lang) else 1]


def _num(value: Decimal) -> str:
    return f"{value:,.2f}"


def _qty(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def build_quote(data: QuoteData, out_path: str | os.PathLike, lang: str = "zh_CN") -> QuoteResult:
    """Write the quote to `out_path` (replaced only once the PDF is complete)."""
    fonts = get_fontset()
    result = QuoteResult(Path(out_path), total=data.total, warning=fonts.warning)
    base = ParagraphStyle("q", fontName=fonts.primary, fontSize=9, leading=12)
    small = ParagraphStyle("qs", parent=base, fontSize=8, leading=10)
    right = ParagraphStyle("qr", parent=base, alignment=TA_RIGHT)
    bold_right = ParagraphStyle("qbr", parent=right, fontSize=10, leading=13)
    center = ParagraphStyle("qc", parent=base, alignment=TA_CENTER)
    head = ParagraphStyle("qh", parent=base, fontSize=16, leading=20, alignment=TA_CENTER)
    title = ParagraphStyle("qt", parent=base, fontSize=14, leading=18, alignment=TA_CENTER)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(fonts.markup(text), style)

    margin = 16 * mm
    width = A4[0] - 2 * margin
    story: list = []
    if data.company_name:
        story.append(p(data.company_name, head))
    contact_bits = [b for b in (data.company_address, data.company_phone) if b]
    if contact_bits:
        story.append(p("  ·  ".join(contact_bits), center))
    story.append(Spacer(1, 4 * mm))
    story.append(p(_t("title", lang), title))
    story.append(Spacer(1, 3 * mm))

    def field(key: str, value: str) -> list:
        return [p(_t(key, lang), small), p(value)]

    info = [
        field("to", data.customer_name) + field("number", data.number),
        field("code", data.customer_code) + field("date", format_date(data.quote_date, lang)),
        field("contact", data.contact_name) + field("valid", format_date(data.valid_until, lang)),
        field("phone", data.contact_phone) + field("salesperson", data.salesperson),
        field("address", data.customer_address) + field("subject", data.title),
    ]
    info_table = Table(info, colWidths=[26 * mm, width / 2 - 26 * mm, 22 * mm, width / 2 - 22 * mm])
    info_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LINEBEFORE", (2, 0), (2, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f2f2f2")),
            ]
        )
    )
    story += [info_table, Spacer(1, 4 * mm)]

    header = [
        p(_t(k, lang), center)
        for k in ("no", "pcode", "desc", "unit", "qty", "price", "discount", "amount")
    ]
    rows = [header]
    for i, ln in enumerate(data.lines, 1):
        rows.append(
            [
                p(str(i), center),
                p(ln.code, small),
                p(ln.description),
                p(ln.unit, center),
                p(_qty(ln.quantity), right),
                p(_num(ln.unit_price), right),
                p(f"{_qty(ln.discount)}%" if ln.discount else "", right),
                p(_num(ln.amount), right),
            ]
        )
    tax_label = _t("tax", lang).format(rate=_qty(data.tax_rate))
    for key, value, style in (
        ("subtotal", _num(data.subtotal), right),
        (None, _num(data.tax), right),
        ("total", "¥ " + _num(data.total), bold_right),
    ):
        label = tax_label if key is None else _t(key, lang)
        rows.append(["", "", "", "", "", p(label, right), "", p(value, style)])
    if zh(lang):
        upper = f"{_t('upper', lang)}：人民币{rmb_upper(data.total)}"
        rows.append([p(upper), "", "", "", "", "", "", ""])
    widths = [12 * mm, 22 * mm, None, 12 * mm, 17 * mm, 24 * mm, 14 * mm, 28 * mm]
    fixed = sum(w for w in widths if w)
    widths[2] = width - fixed
    n = len(data.lines)
    lines_table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, n), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BOX", (0, n + 1), (-1, -1), 0.6, colors.black),
    ]
    for r in range(n + 1, len(rows)):
        style.append(("SPAN", (5, r), (6, r)))
    if zh(lang):
        last = len(rows) - 1
        style.remove(("SPAN", (5, last), (6, last)))
        style.append(("SPAN", (0, last), (-1, last)))
        style.append(("LINEABOVE", (0, last), (-1, last), 0.4, colors.grey))
    lines_table.setStyle(TableStyle(style))
    story += [lines_table, Spacer(1, 5 * mm)]

    story.append(p(_t("terms", lang), ParagraphStyle("qb", parent=base, fontSize=10)))
    terms = [
        _t("validity", lang).format(day=format_date(data.valid_until, lang)),
        _t("prices", lang),
    ]
    if data.payment_terms:
        terms.append(
            f"{_t('payment', lang)}：{data.payment_terms}"
            if zh(lang)
            else f"{_t('payment', lang)}: {data.payment_terms}"
        )
    terms += data.terms
    for i, term in enumerate(terms, 1):
        story.append(p(f"{i}. {term}", small))
    if data.notes:
        story += [Spacer(1, 2 * mm), p(f"{_t('notes', lang)}: {data.notes}", small)]
    story.append(Spacer(1, 10 * mm))
    sign = Table(
        [
            [
                p(f"{_t('quoted_by', lang)}{'：' if zh(lang) else ': '}{data.salesperson}"),
                p(_t("confirm", lang)),
            ],
            ["", ""],
        ],
        colWidths=[width / 2, width / 2],
        rowHeights=[None, 22 * mm],
    )
    sign.setStyle(TableStyle([("BOX", (1, 0), (1, -1), 0.6, colors.black)]))
    story.append(sign)

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        text = _t("page", lang).format(n=doc.page)
        w = fonts.width(text, 8)
        fonts.draw(canvas, (A4[0] - w) / 2, margin - 16, text, 8)
        canvas.restoreState()

    with atomic_output(out_path) as fh:
        doc = SimpleDocTemplate(
            fh,
            pagesize=A4,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin,
            bottomMargin=margin,
            title=f"{_t('title', lang).replace(' ', '')} {data.number}",
            author=data.company_name or "crm-desktop",
            creator="crm-desktop",
            initialFontName=fonts.primary,
        )
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
        result.pages = doc.page
    return result


__all__ = ["QuoteData", "QuoteLine", "QuoteResult", "build_quote", "rmb_upper"]
