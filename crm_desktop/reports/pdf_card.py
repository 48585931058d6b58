"""The customer profile card (客户资料卡) as PDF: everything a manager knows about a customer.

Every field of the 客户基本资料表 and of the four groups (基础资料, 客户特征, 业务状况,
交易现状), the management facts, the receivables with their aging and the share of the
credit limit used, the contacts with their personal details, the planned follow-ups
first and then the latest done ones, complaints, the credit history and the sales of
the last twelve months. Each customer starts on a new A4 page; blocks split across
pages with their heading repeated, and a text taller than a page is cut into rows that
flow on (never a LayoutError). Every page names the customer and counts "第 x 页 / 共 y
页" of that customer. The builder takes plain data (`CardData`, filled by
`services.printing`) and an output path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from crm_desktop.fields import (
    CONTACT_FIELD_MAP,
    CUSTOMER_FIELD_MAP,
    GROUPS,
    choice_label,
    fields_in_group,
)
from crm_desktop.messages import Message, msg
from crm_desktop.progress import Progress
from crm_desktop.reports.pdf_common import (
    atomic_output,
    format_date,
    format_datetime,
    format_money,
    plain_decimal,
    zh,
)
from crm_desktop.reports.pdf_fonts import FontSet, get_fontset
from crm_desktop.reports.pdf_form import FormData, FormHeader
from crm_desktop.reports.pdf_page import (
    PageInfo,
    company_logo,
    draw_confidential,
    draw_footer,
    fit_text,
)


@dataclass(frozen=True)
class ContactData:
    values: Mapping[str, Any]  # keyed by CONTACT_FIELDS names


@dataclass(frozen=True)
class FollowUpData:
    due_at: datetime | None
    done_at: datetime | None
    kind: str
    status: str
    subject: str = ""
    outcome: str = ""
    contact: str = ""
    owner: str = ""


@dataclass(frozen=True)
class CreditData:
    requested_at: datetime | None
    requested_by: str
    proposed_limit: Decimal | None
    proposed_days: int | None = None
    proposed_terms: str | None = None
    proposed_rating: str | None = None
    previous_limit: Decimal | None = None
    status: str = "pending"
    decided_by: str = ""
    decided_at: datetime | None = None
    approved_limit: Decimal | None = None
    reason: str = ""
    comment: str = ""


@dataclass(frozen=True)
class MonthSales:
    month: date  # first day of the month
    amount: Decimal
    lines: int = 0


@dataclass(frozen=True)
class ReceivableData:
    """Balance owed, its share of the credit limit, amounts by aging bucket (in order)."""

    balance: Decimal
    credit_limit: Decimal | None = None
    share: float | None = None
    buckets: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class ComplaintData:
    received_at: datetime | None
    subject: str
    description: str = ""
    severity: str = "normal"
    status: str = "open"
    handled_by: str = ""
    resolved_at: datetime | None = None
    resolution: str = ""
    contact: str = ""


@dataclass(frozen=True)
class CardData:
    form: FormData
    owner: str = ""
    contacts: list[ContactData] = field(default_factory=list)
    followups: list[FollowUpData] = field(default_factory=list)
    credits: list[CreditData] = field(default_factory=list)
    sales: list[MonthSales] = field(default_factory=list)
    followups_total: int | None = None  # all follow-ups; None: as many as listed
    receivable: ReceivableData | None = None
    complaints: list[ComplaintData] = field(default_factory=list)
    complaints_total: int | None = None
    # custom fields: group -> [((label zh, en), (value zh, en))], printed in their group
    custom: dict[str, list] = field(default_factory=dict)


@dataclass
class CardResult:
    path: Path
    pages: int = 0
    customers: int = 0
    font_embedded: bool = True
    warning: Message | None = None
    missing: set[str] = field(default_factory=set)  # characters no font could print


_TEXT = {
    "title": ("客户资料卡", "Customer Profile Card"),
    "print_date": ("打印日期", "Printed"),
    "owner": ("负责业务员", "Salesperson"),
    "contacts": ("联系人", "Contacts"),
    "contact": ("联系人", "Contact"),
    "followups": ("最近跟进", "Recent follow-ups"),
    "followups_cut": (
        "最近跟进（共 {total} 条，列出 {shown} 条）",
        "Recent follow-ups ({shown} of {total})",
    ),
    "credits": ("信用记录", "Credit history"),
    "sales": ("近12个月销售", "Sales, last 12 months"),
    "none": ("(无)", "(none)"),
    "when": ("时间", "When"),
    "kind": ("方式", "Kind"),
    "subject": ("主题", "Subject"),
    "status": ("状态", "Status"),
    "by": ("业务员", "By"),
    "outcome": ("结果", "Outcome"),
    "requested": ("申请", "Requested"),
    "proposed": ("申请额度", "Proposed"),
    "previous": ("原额度", "Previous"),
    "decision": ("核定", "Decision"),
    "approved": ("核定额度", "Approved"),
    "reason": ("理由 / 意见", "Reason / comment"),
    "month": ("月份", "Month"),
    "lines": ("笔数", "Lines"),
    "amount": ("金额", "Amount"),
    "total": ("合计", "Total"),
    "days": ("天", "days"),
    "payment": ("付款状况", "Payment and credit"),
    "phone_fax": ("电话/传真", "Phone/Fax"),
    "approved_by_on": ("核定人 / 日期", "Approved by / on"),
    "organization": ("组织及营运状况", "Organization and operations"),
    "receivables": ("应收账款", "Receivables"),
    "balance": ("应收余额", "Balance owed"),
    "limit": ("信用额度", "Credit limit"),
    "share": ("已用额度", "Share of the limit used"),
    "no_limit": ("未设额度", "no limit set"),
    "complaints": ("客户投诉", "Complaints"),
    "complaints_cut": (
        "客户投诉（共 {total} 条，列出 {shown} 条）",
        "Complaints ({shown} of {total})",
    ),
    "received": ("收到", "Received"),
    "severity": ("程度", "Severity"),
    "handling": ("处理", "Handling"),
    "continued": ("（续）", " (continued)"),
    "primary": ("主要联系人", "Primary contact"),
}

_STATUS = {
    "planned": ("计划", "Planned"),
    "done": ("已完成", "Done"),
    "cancelled": ("已取消", "Cancelled"),
    "pending": ("待核定", "Pending"),
    "approved": ("已核定", "Approved"),
    "rejected": ("已驳回", "Rejected"),
    "withdrawn": ("已撤回", "Withdrawn"),
    "open": ("待处理", "Open"),
    "in_progress": ("处理中", "In progress"),
    "resolved": ("已解决", "Resolved"),
    "closed": ("已结案", "Closed"),
}
_SEVERITY = {
    "low": ("轻微", "Low"),
    "normal": ("一般", "Normal"),
    "high": ("严重", "High"),
    "critical": ("紧急", "Critical"),
    "urgent": ("紧急", "Urgent"),
}
_KINDS = {
    "visit": ("拜访", "Visit"),
    "call": ("电话", "Call"),
    "message": ("消息", "Message"),
    "meeting": ("会议", "Meeting"),
    "dinner": ("宴请", "Dinner"),
    "factory_visit": ("参观工厂", "Factory visit"),
    "complaint": ("投诉处理", "Complaint"),
    "other": ("其他", "Other"),
}
# services.receivables' aging buckets and their labels in the catalogue
_AGING = {
    "not_due": "receivables.aging_not_due",
    "d0_30": "receivables.aging_d0_30",
    "d31_60": "receivables.aging_d31_60",
    "d61_90": "receivables.aging_d61_90",
    "d90_plus": "receivables.aging_d90_plus",
}

GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_BG = colors.Color(0.92, 0.93, 0.96)
TITLE_BG = colors.Color(0.83, 0.86, 0.93)
MAX_CELL_H = 360.0  # a cell taller than this is cut into rows that may go to the next page
PAIRS = 3  # label/value pairs a row for values that fit on one line
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if zh(lang) else pair[1]


class _Checkpoint(Flowable):
    """Invisible: reports progress and honours cancellation as the layout reaches it."""

    def __init__(self, done: int, total: int, progress: Progress | None):
        super().__init__()
        self.done, self.total, self.progress = done, total, progress
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self) -> None:
        if self.progress is not None:
            self.progress.step(self.done, self.total)


class _CustomerMark(Flowable):
    """Invisible, first on a customer's first page: tells the canvas whose pages follow."""

    def __init__(self, index: int, who: str):
        super().__init__()
        self.index, self.who = index, who
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self) -> None:
        flush = getattr(self.canv, "crm_flush", None)
        if flush is not None:  # the previous customer's pages are complete
            flush()
        self.canv._crm_customer = (self.index, self.who)


def _numbered_canvas(fonts: FontSet, info: PageInfo, margin: float):
    """A canvas class that holds a customer's pages back until the next customer starts
    (or the file ends), so each page's footer can say "page x of y" of its customer."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._crm_customer = (-1, "")
            self._crm_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._crm_pages.append(dict(self.__dict__))
            self._startPage()

        def crm_flush(self) -> None:
            """Write the pages held back, with their footers (their count is now known)."""
            pages, self._crm_pages = self._crm_pages, []
            if not pages:
                return
            current = dict(self.__dict__)  # the page being drawn now
            for n, state in enumerate(pages, start=1):
                self.__dict__.update(state)
                _index, who = state["_crm_customer"]
                draw_footer(
                    self, fonts, info, who, n, len(pages), margin, A4[0] - margin, margin - 20
                )
                super().showPage()
            self.__dict__.update(current)
            self._crm_pages = []

        def save(self) -> None:
            self.crm_flush()
            super().save()

    return NumberedCanvas


class CardStory:
    """Turns CardData into platypus flowables."""

    def __init__(self, fonts: FontSet, header: FormHeader, width: float) -> None:
        self.fonts = fonts
        self.lang = header.lang
        self.header = header
        self.width = width
        wrap = "CJK" if zh(self.lang) else None
        base = dict(fontName=fonts.primary, wordWrap=wrap, leading=10.2, fontSize=8)
        value_color = colors.Color(0.06, 0.16, 0.45)
        self.s_value = ParagraphStyle("value", **base, textColor=value_color)
        self.s_value_cjk = ParagraphStyle(
            "value_cjk", **{**base, "wordWrap": "CJK"}, textColor=value_color
        )
        self.s_label = ParagraphStyle("label", **base)
        self.s_title = ParagraphStyle("title", **{**base, "fontSize": 9.5, "leading": 11.5})
        self.s_name = ParagraphStyle(
            "name", **{**base, "fontSize": 15, "leading": 20, "spaceAfter": 2, "wordWrap": "CJK"}
        )
        self.s_small = ParagraphStyle("small", **base)
        self.s_small_value = ParagraphStyle("small_value", **base, textColor=value_color)
        self.s_small_cjk = ParagraphStyle(
            "small_cjk", **{**base, "wordWrap": "CJK"}, textColor=value_color
        )

    def t(self, key: str, **params: object) -> str:
        return _pick(_TEXT[key], self.lang).format(**params)

    def p(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(
            self.fonts.markup("" if text is None else str(text)), style or self.s_value
        )

    def _style_for(self, text: str, style: ParagraphStyle) -> ParagraphStyle:
        """Chinese text wraps between any two characters; English text between words."""
        if style.wordWrap == "CJK" or not _CJK.search(text):
            return style
        if style is self.s_value:
            return self.s_value_cjk
        if style is self.s_small_value:
            return self.s_small_cjk
        return style

    def cell(self, text: Any, style: ParagraphStyle, width: float) -> Any:
        """A table cell: a plain string when it fits on one line in the main font (fast),
        else an escaped Paragraph that wraps and switches fonts per run."""
        text = "" if text is None else str(text)
        if not text:
            return ""
        if "\n" not in text:
            runs = self.fonts.runs(text)
            if (
                len(runs) == 1
                and runs[0][0] == self.fonts.primary
                and pdfmetrics.stringWidth(text, self.fonts.primary, style.fontSize) <= width - 7
            ):
                return text
        return Paragraph(self.fonts.markup(text), self._style_for(text, style))

    def fmt(self, spec_kind: str, choices: str | None, value: Any) -> str:
        if value is None or value == "":
            return ""
        if spec_kind == "choice" and choices:
            return choice_label(choices, value, self.lang)
        if spec_kind == "date":
            return format_date(value, self.lang, blank_zh=False)
        if spec_kind == "money":
            return format_money(value, self.lang)
        if spec_kind == "bool":
            return "✓" if value else ""
        if isinstance(value, Decimal):
            return plain_decimal(value)
        return str(value)

    # --- tables that never hold a cell taller than a page ---------------------------------

    def _cut_tall_rows(
        self, rows: list[list[Any]], widths: list[float], spanned_from: int | None = None
    ) -> list[list[Any]]:
        """Rows whose wrapped text is taller than MAX_CELL_H become several rows (the text
        cut between lines), so the table can split between them across pages. From row
        `spanned_from` on, the second cell spans the columns after the first: its text is
        cut at that width (cut at one column's, its lines stayed that narrow)."""
        out: list[list[Any]] = []
        spanned = [widths[0], sum(widths[1:]), *([0.0] * (len(widths) - 2))]
        for i, row in enumerate(rows):
            pieces: list[list[Any]] = []
            row_widths = spanned if spanned_from is not None and i >= spanned_from else widths
            for cell, w in zip(row, row_widths, strict=True):
                if isinstance(cell, Paragraph) and _maybe_tall(cell, w - 6):
                    _w, h = cell.wrap(w - 6, 1e9)
                    if h > MAX_CELL_H:
                        pieces.append(_split_paragraph(cell, w - 6))
                        continue
                pieces.append([cell])
            height = max(len(p) for p in pieces)
            for k in range(height):
                out.append([p[k] if k < len(p) else "" for p in pieces])
        return out

    def _grid(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        title: str = "",
        header: bool = False,
        style_of: ParagraphStyle | None = None,
        value_cols: tuple[int, ...] = (),
        label_cols: tuple[int, ...] = (),
        spanned_from: int | None = None,
    ) -> Table:
        """A bordered table; `title` is a first row across it, repeated (with the column
        heads when `header`) on every page the table runs onto. `spanned_from`: see
        `_cut_tall_rows` (the caller spans those rows)."""
        body = self._cut_tall_rows(rows[1:] if header else rows, widths, spanned_from)
        head = [rows[0]] if header else []
        top: list[list[Any]] = []
        if title:
            top = [[Paragraph(self.fonts.markup(title), self.s_title)] + [""] * (len(widths) - 1)]
        data = top + head + body
        table = Table(data, colWidths=widths, repeatRows=len(top) + len(head))
        ps = style_of or self.s_value
        first = len(top) + len(head)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.primary),
            ("FONTSIZE", (0, 0), (-1, -1), ps.fontSize),
            ("LEADING", (0, 0), (-1, -1), ps.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if top:
            style += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), TITLE_BG)]
        if head:
            style.append(("BACKGROUND", (0, len(top)), (-1, len(top)), HEAD_BG))
        for col in value_cols:
            style.append(("TEXTCOLOR", (col, first), (col, -1), ps.textColor))
        for col in label_cols:
            style.append(("BACKGROUND", (col, first), (col, -1), HEAD_BG))
        table.setStyle(TableStyle(style))
        return table

    def facts(self, title: str, items: list[tuple[str, str]]) -> list[Flowable]:
        """A group of facts: values that fit on one line three to a row, longer ones across
        the page (every field is shown, empty or not)."""
        w = self.width
        lw = 62.0 if zh(self.lang) else 72.0
        vw = (w - PAIRS * lw) / PAIRS
        size = self.s_value.fontSize
        short, long = [], []
        for label, value in items:
            fits = "\n" not in value and self.fonts.width(value, size) <= vw - 7
            (short if fits else long).append((label, value))
        rows: list[list[Any]] = []
        sl, sv = self.s_label, self.s_value
        for i in range(0, len(short), PAIRS):
            row: list[Any] = []
            for label, value in short[i : i + PAIRS]:
                row += [self.cell(label, sl, lw), self.cell(value, sv, vw)]
            rows.append(row + [""] * (2 * PAIRS - len(row)))
        n_short = len(rows)
        for label, value in long:
            rows.append(
                [self.cell(label, sl, lw), self.cell(value, sv, w - lw)] + [""] * (2 * PAIRS - 2)
            )
        widths = [lw, vw] * PAIRS
        table = self._grid(
            rows,
            widths,
            title=title,
            value_cols=tuple(range(1, 2 * PAIRS, 2)),
            label_cols=(0,),
            spanned_from=n_short,
        )
        offset = 1 if title else 0
        extra = []
        if n_short:
            for col in range(2, 2 * PAIRS, 2):
                extra.append(("BACKGROUND", (col, offset), (col, offset + n_short - 1), HEAD_BG))
        # long values span the value columns; rows cut from one keep the span
        for r in range(offset + n_short, len(table._cellvalues)):
            extra.append(("SPAN", (1, r), (-1, r)))
        if extra:
            table.setStyle(TableStyle(extra))
        return [table, Spacer(1, 4)]

    # --- the card ------------------------------------------------------------------------

    def customer(self, card: CardData) -> list[Flowable]:
        lang = self.lang
        g = card.form.get
        out: list[Flowable] = []
        code = g("code") or ""
        out.append(Paragraph(self.fonts.markup(f"{g('name') or ''}  ({code})"), self.s_name))
        owner_line = f"{self.t('owner')}: {card.owner}" if card.owner else ""
        stage = choice_label("stage", g("stage"), lang)
        abc = choice_label("abc_class", g("abc_class"), lang)
        meta = "   ".join(x for x in (owner_line, stage, abc) if x)
        if meta:
            out.append(self.p(meta, self.s_small))
        out.append(Spacer(1, 4))

        def item(name: str) -> tuple[str, str]:
            spec = CUSTOMER_FIELD_MAP[name]
            return spec.label(lang), self.fmt(spec.kind, spec.choices, g(name))

        phone = " / ".join(x for x in (g("phone") or "", g("fax") or "") if x)
        shown = {"phone", "fax", "owner", "stage"}
        basic: list[tuple[str, str]] = []
        for spec in fields_in_group("basic") + fields_in_group("card_basic"):
            if spec.name in ("phone", "fax"):
                if spec.name == "phone":
                    basic.append((self.t("phone_fax"), phone))
                continue
            basic.append(item(spec.name))
        basic += self._custom_items(card, "card_basic")
        out += self.facts(_pick(GROUPS["card_basic"], lang), basic)
        org = [item(spec.name) for spec in fields_in_group("organization")]
        org += self._custom_items(card, "organization")
        out += self.facts(self.t("organization"), org)
        days = g("collection_days")
        payment: list[tuple[str, str]] = []
        for spec in fields_in_group("payment"):
            if spec.name == "collection_days":
                payment.append(
                    (spec.label(lang), "" if days is None else f"{days} {self.t('days')}")
                )
            else:
                payment.append(item(spec.name))
        approval = " ".join(
            x
            for x in (
                card.form.credit_approved_by,
                format_date(card.form.credit_approved_at, lang, blank_zh=False),
            )
            if x
        )
        payment.insert(len(payment) - 1, (self.t("approved_by_on"), approval))
        out += self.facts(self.t("payment"), payment)
        out += self.receivables(card.receivable)
        for group in ("characteristics", "business", "transaction"):
            out += self.facts(
                _pick(GROUPS[group], lang),
                [item(spec.name) for spec in fields_in_group(group)]
                + self._custom_items(card, group),
            )
        management = [item(s.name) for s in fields_in_group("management") if s.name not in shown]
        management.insert(0, (CUSTOMER_FIELD_MAP["stage"].label(lang), stage))
        management += self._custom_items(card, "management")
        out += self.facts(_pick(GROUPS["management"], lang), management)
        if card.custom.get("custom"):  # custom fields of their own tab: a group of their own
            title = ("自定义字段", "Custom fields")
            out += self.facts(_pick(title, lang), self._custom_items(card, "custom"))
        out += self.contacts(card.contacts)
        out += self.followups(card.followups, card.followups_total)
        out += self.complaints(card.complaints, card.complaints_total)
        out += self.credit(card.credits)
        out += self.sales(card.sales)
        return out

    def _custom_items(self, card: CardData, group: str) -> list[tuple[str, str]]:
        """The custom fields of a group as (label, value) in the card's language."""
        return [
            (_pick(label, self.lang), _pick(value, self.lang))
            for label, value in card.custom.get(group, [])
        ]

    def receivables(self, data: ReceivableData | None) -> list[Flowable]:
        if data is None:
            return []
        lang = self.lang
        if data.credit_limit is None or not data.credit_limit:
            share = self.t("no_limit")
        else:
            share = f"{(data.share or 0) * 100:.1f} %"
        items = [
            (self.t("balance"), format_money(data.balance, lang)),
            (self.t("limit"), format_money(data.credit_limit, lang)),
            (self.t("share"), share),
        ]
        heads = [msg(code).render(lang) for code in _AGING.values()]
        amounts = [format_money(data.buckets.get(k, Decimal(0)), lang) for k in _AGING]
        w = self.width / 5
        aging = self._listing(heads, [amounts], [w] * 5)
        return [*self.facts(self.t("receivables"), items)[:1], aging, Spacer(1, 5)]

    def contacts(self, contacts: list[ContactData]) -> list[Flowable]:
        if not contacts:
            return [self._empty(self.t("contacts"))]
        lang = self.lang
        out: list[Flowable] = []
        for c in contacts:
            items = []
            for name in (
                "role", "title", "gender", "phone", "mobile", "email", "wechat",
                "birthday", "education", "religion", "character", "interests", "hobbies",
                "family", "ability", "social_groups", "notes",
            ):  # fmt: skip
                spec = CONTACT_FIELD_MAP[name]
                value = c.values.get(name)
                items.append((spec.label(lang), self.fmt(spec.kind, spec.choices, value)))
            title = f"{self.t('contacts')}: {c.values.get('name') or ''}"
            if c.values.get("is_primary"):
                title += f"  ★ {self.t('primary')}"
            out += self.facts(title, items)
        return out

    def _empty(self, title: str) -> Table:
        return self._grid(
            [[self.cell(self.t("none"), self.s_small, self.width)]], [self.width], title=title
        )

    def _listing(
        self, heads: list[str], body: list[list[str]], widths: list[float], title: str = ""
    ) -> Table:
        """A table with a header row; cells are plain strings or wrapping Paragraphs."""
        head = [self.cell(h, self.s_label, w) for h, w in zip(heads, widths, strict=True)]
        rows = [
            [self.cell(text, self.s_small_value, w) for text, w in zip(row, widths, strict=True)]
            for row in body
        ]
        return self._grid(
            [head, *rows], widths, title=title, header=True, style_of=self.s_small_value,
            value_cols=tuple(range(len(widths))),
        )  # fmt: skip

    def followups(self, rows: list[FollowUpData], total: int | None = None) -> list[Flowable]:
        total = len(rows) if total is None else total
        title = self.t("followups")
        if total > len(rows):
            title = self.t("followups_cut", total=total, shown=len(rows))
        if not rows:
            return [self._empty(title), Spacer(1, 5)]
        lang = self.lang
        heads = [
            self.t(k) for k in ("when", "kind", "subject", "status", "contact", "by", "outcome")
        ]
        body = [
            [
                format_datetime(f.done_at or f.due_at),
                _pick(_KINDS.get(f.kind, (f.kind, f.kind)), lang),
                f.subject,
                _pick(_STATUS.get(f.status, (f.status, f.status)), lang),
                f.contact,
                f.owner,
                f.outcome,
            ]
            for f in rows
        ]
        widths = [72, 44, 80, 42, 50, 52]
        widths.append(self.width - sum(widths))
        return [self._listing(heads, body, widths, title), Spacer(1, 5)]

    def complaints(self, rows: list[ComplaintData], total: int | None = None) -> list[Flowable]:
        total = len(rows) if total is None else total
        title = self.t("complaints")
        if total > len(rows):
            title = self.t("complaints_cut", total=total, shown=len(rows))
        if not rows:
            return [self._empty(title), Spacer(1, 5)]
        lang = self.lang
        heads = [self.t(k) for k in ("received", "subject", "severity", "status", "handling")]
        body = []
        for c in rows:
            subject = c.subject + (("\n" + c.description) if c.description else "")
            handling = " ".join(x for x in (c.handled_by, format_datetime(c.resolved_at)) if x)
            if c.resolution:
                handling = f"{handling}\n{c.resolution}".strip()
            body.append(
                [
                    format_datetime(c.received_at) + (f"\n{c.contact}" if c.contact else ""),
                    subject,
                    _pick(_SEVERITY.get(c.severity, (c.severity, c.severity)), lang),
                    _pick(_STATUS.get(c.status, (c.status, c.status)), lang),
                    handling,
                ]
            )
        widths = [72, 170, 40, 44]
        widths.append(self.width - sum(widths))
        return [self._listing(heads, body, widths, title), Spacer(1, 5)]

    def credit(self, rows: list[CreditData]) -> list[Flowable]:
        if not rows:
            return [self._empty(self.t("credits")), Spacer(1, 5)]
        lang = self.lang
        keys = ("requested", "proposed", "previous", "status", "decision", "approved", "reason")
        heads = [self.t(k) for k in keys]
        body = []
        for r in rows:
            proposed = format_money(r.proposed_limit, lang)
            extra = []
            if r.proposed_days is not None:
                extra.append(f"{r.proposed_days} {self.t('days')}")
            if r.proposed_terms:
                extra.append(choice_label("payment_terms", r.proposed_terms, lang))
            if r.proposed_rating:
                extra.append(choice_label("credit_rating", r.proposed_rating, lang))
            if extra:
                proposed += "\n" + ", ".join(extra)
            body.append(
                [
                    f"{format_datetime(r.requested_at)}\n{r.requested_by}".strip(),
                    proposed,
                    format_money(r.previous_limit, lang),
                    _pick(_STATUS.get(r.status, (r.status, r.status)), lang),
                    f"{r.decided_by}\n{format_datetime(r.decided_at)}".strip(),
                    format_money(r.approved_limit, lang),
                    r.reason + (("\n" + r.comment) if r.comment else ""),
                ]
            )
        widths = [70, 74, 62, 40, 66, 62]
        widths.append(self.width - sum(widths))
        return [self._listing(heads, body, widths, self.t("credits")), Spacer(1, 5)]

    def sales(self, months: list[MonthSales]) -> list[Flowable]:
        lang = self.lang
        cells = []
        total = Decimal(0)
        lines = 0
        for m in months:
            label = (
                f"{m.month.year} 年 {m.month.month} 月" if zh(lang) else m.month.strftime("%Y-%m")
            )
            cells.append([label, str(m.lines), format_money(m.amount, lang)])
            total += m.amount
            lines += m.lines
        per = 4  # months a column: three columns of four months
        blocks = [cells[i : i + per] for i in range(0, len(cells), per)] or [[]]
        body = []
        for r in range(per):
            row: list[str] = []
            for block in blocks:
                row += block[r] if r < len(block) else ["", "", ""]
            body.append(row)
        body.append(
            [self.t("total"), str(lines), format_money(total, lang)] + [""] * (3 * len(blocks) - 3)
        )
        heads = [self.t(k) for k in ("month", "lines", "amount")] * len(blocks)
        w = self.width / len(blocks)
        widths = [w * 0.36, w * 0.18, w * 0.46] * len(blocks)
        table = self._listing(heads, body, widths, self.t("sales"))
        last = len(table._cellvalues) - 1
        style = [("BACKGROUND", (0, last), (-1, last), HEAD_BG)]
        for b in range(len(blocks)):
            style.append(("ALIGN", (3 * b + 1, 2), (3 * b + 2, -1), "RIGHT"))
        table.setStyle(TableStyle(style))
        return [table]


def _maybe_tall(para: Paragraph, width: float) -> bool:
    """Cheap test before measuring: could the text, wrapped to `width`, pass MAX_CELL_H?
    (Every character counted as wide as the font size, so it never says no wrongly.)"""
    style = para.style
    text = para.text
    lines = len(text) * style.fontSize / max(width, 1.0) + text.count("<br/>") + 1
    return lines * style.leading > MAX_CELL_H * 0.8  # a margin for what wrapping wastes


def _split_paragraph(para: Paragraph, width: float) -> list[Paragraph]:
    """`para` cut between lines into pieces no taller than MAX_CELL_H."""
    pieces: list[Paragraph] = []
    rest: Paragraph | None = para
    while rest is not None:
        _w, h = rest.wrap(width, 1e9)
        if h <= MAX_CELL_H:
            pieces.append(rest)
            break
        parts = rest.split(width, MAX_CELL_H)
        if len(parts) < 2:  # cannot be cut (one enormous line): leave it whole
            pieces.append(rest)
            break
        pieces.append(parts[0])
        rest = parts[1]
    return pieces


def build_cards(
    cards: Iterable[CardData],
    header: FormHeader,
    out_path: str | Path,
    *,
    total: int | None = None,
    progress: Progress | None = None,
) -> CardResult:
    """Write the profile cards to `out_path`, each customer from a new page.

    `progress` counts two steps a customer (gathered, then laid out); its cancel raises
    `Cancelled` and leaves any earlier file at `out_path` as it was."""
    fonts = get_fontset()
    lang = header.lang
    info = header.page
    result = CardResult(Path(out_path), font_embedded=fonts.embedded, warning=fonts.warning)
    margin = 15 * mm
    width = A4[0] - 2 * margin
    story_maker = CardStory(fonts, header, width)
    title = _pick(_TEXT["title"], lang)
    printed = f"{_pick(_TEXT['print_date'], lang)}: {format_date(header.print_date, lang)}"
    company = header.company_name.strip()
    contact_line = info.contact_line()
    logo = company_logo(info)

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        top = A4[1] - margin + 6
        fonts.draw(canvas, margin, top, title, 12)
        right = A4[0] - margin
        if info.confidential:
            draw_confidential(canvas, fonts, info, right - 70, top + 12)
        else:
            w = fonts.width(printed, 8)
            fonts.draw(canvas, right - w, top, printed, 8)
        name_w = 0.0
        if company:
            shown = fit_text(fonts, company, 9, width - 240)
            name_w = fonts.width(shown, 9)
            fonts.draw(canvas, (A4[0] - name_w) / 2, top + (4 if contact_line else 0), shown, 9)
        if logo is not None:  # the letterhead's logo, left of the company's name
            w, h = logo.getSize()
            lh = 16.0
            lw = min(48.0, w * lh / max(h, 1))
            x = (A4[0] - name_w) / 2 - lw - 6 if name_w else (A4[0] - lw) / 2
            canvas.drawImage(logo, x, top - 5, lw, lh, preserveAspectRatio=True, mask="auto")
        if contact_line:
            shown = fit_text(fonts, contact_line, 6.5, width - 240)
            w = fonts.width(shown, 6.5)
            fonts.draw(canvas, (A4[0] - w) / 2, top - 4 + (0 if company else 4), shown, 6.5)
        canvas.setLineWidth(0.6)
        canvas.line(margin, top - 7, A4[0] - margin, top - 7)
        canvas.restoreState()

    with fonts.collect_missing() as missing:
        story: list[Flowable] = []
        items = list(cards) if total is None else cards
        count = total if total is not None else len(items)  # type: ignore[arg-type]
        steps = max(1, count) * 2
        for i, card in enumerate(items):
            if story:
                story.append(PageBreak())
            code = card.form.get("code") or ""
            who = f"{card.form.get('name') or ''} ({code})"
            story.append(_CustomerMark(i, who))
            story.append(_Checkpoint(count + i + 1, steps, progress))
            story += story_maker.customer(card)
            result.customers += 1
            if progress is not None:
                progress.step(i + 1, steps)
        if not story:
            story.append(Spacer(1, 1))
        with atomic_output(out_path) as fh:
            doc = BaseDocTemplate(
                fh,
                pagesize=A4,
                leftMargin=margin,
                rightMargin=margin,
                topMargin=margin + 8,
                bottomMargin=margin,
                title=title,
                author=company or "crm-desktop",
                creator="crm-desktop",
                initialFontName=fonts.primary,
            )
            frame = Frame(margin, margin, width, A4[1] - 2 * margin - 8, id="body")
            doc.addPageTemplates([PageTemplate(id="card", frames=[frame], onPage=on_page)])
            doc.build(story, canvasmaker=_numbered_canvas(fonts, info, margin))
            result.pages = doc.page
    result.missing = set(missing)
    if progress is not None:
        progress.step(steps, steps)
    return result


__all__ = [
    "CardData",
    "CardResult",
    "ComplaintData",
    "ContactData",
    "CreditData",
    "FollowUpData",
    "MonthSales",
    "ReceivableData",
    "build_cards",
]
