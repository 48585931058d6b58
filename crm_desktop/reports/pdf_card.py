"""The customer profile card (客户资料卡) as PDF: everything a manager knows about a customer.

The four groups of facts (基础资料, 客户特征, 业务状况, 交易现状), the contacts with their
personal details, the last follow-ups and their outcomes, the credit history and the
sales of the last twelve months. Each customer starts on a new A4 page. The builder
takes plain data (`CardData`, filled by `services.printing`) and an output path.
"""

from __future__ import annotations

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
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
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
from crm_desktop.messages import Message
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
class CardData:
    form: FormData
    owner: str = ""
    contacts: list[ContactData] = field(default_factory=list)
    followups: list[FollowUpData] = field(default_factory=list)
    credits: list[CreditData] = field(default_factory=list)
    sales: list[MonthSales] = field(default_factory=list)
    # custom fields: group -> [((label zh, en), (value zh, en))], printed in their group
    custom: dict[str, list] = field(default_factory=dict)


@dataclass
class CardResult:
    path: Path
    pages: int = 0
    customers: int = 0
    font_embedded: bool = True
    warning: Message | None = None


_TEXT = {
    "title": ("客户资料卡", "Customer Profile Card"),
    "print_date": ("打印日期", "Printed"),
    "owner": ("负责业务员", "Salesperson"),
    "contacts": ("联系人", "Contacts"),
    "followups": ("最近跟进", "Recent follow-ups"),
    "credits": ("信用记录", "Credit history"),
    "sales": ("近12个月销售", "Sales, last 12 months"),
    "none": ("(无)", "(none)"),
    "when": ("时间", "When"),
    "kind": ("方式", "Kind"),
    "subject": ("主题", "Subject"),
    "status": ("状态", "Status"),
    "contact": ("联系人", "Contact"),
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
    "page": ("第 {n} 页", "Page {n}"),
    "days": ("天", "days"),
    "payment": ("付款状况", "Payment and credit"),
}

_STATUS = {
    "planned": ("计划", "Planned"),
    "done": ("已完成", "Done"),
    "cancelled": ("已取消", "Cancelled"),
    "pending": ("待核定", "Pending"),
    "approved": ("已核定", "Approved"),
    "rejected": ("已驳回", "Rejected"),
    "withdrawn": ("已撤回", "Withdrawn"),
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

GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_BG = colors.Color(0.92, 0.93, 0.96)


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


class CardStory:
    """Turns CardData into platypus flowables."""

    def __init__(self, fonts: FontSet, header: FormHeader, width: float) -> None:
        self.fonts = fonts
        self.lang = header.lang
        self.width = width
        base = dict(fontName=fonts.primary, wordWrap="CJK", leading=11.5, fontSize=8.5)
        self.s_value = ParagraphStyle("value", **base, textColor=colors.Color(0.06, 0.16, 0.45))
        self.s_label = ParagraphStyle("label", **base)
        self.s_head = ParagraphStyle(
            "head",
            **{**base, "fontSize": 11, "leading": 15, "spaceBefore": 6, "spaceAfter": 3},
            keepWithNext=1,
        )
        self.s_name = ParagraphStyle(
            "name", **{**base, "fontSize": 15, "leading": 20, "spaceAfter": 2}
        )
        self.s_small = ParagraphStyle("small", **{**base, "fontSize": 8, "leading": 10.5})

    def t(self, key: str) -> str:
        return _pick(_TEXT[key], self.lang)

    def p(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(
            self.fonts.markup("" if text is None else str(text)), style or self.s_value
        )

    def lab(self, text: str) -> Paragraph:
        return Paragraph(self.fonts.markup(text), self.s_label)

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
        return Paragraph(self.fonts.markup(text), style)

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

    def _grid(
        self,
        rows: list[list[Any]],
        widths: list[float],
        header: bool = False,
        style_of: ParagraphStyle | None = None,
        value_cols: tuple[int, ...] = (),
    ) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        ps = style_of or self.s_value
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.primary),
            ("FONTSIZE", (0, 0), (-1, -1), ps.fontSize),
            ("LEADING", (0, 0), (-1, -1), ps.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for col in value_cols:
            style.append(("TEXTCOLOR", (col, 1 if header else 0), (col, -1), ps.textColor))
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        table.setStyle(TableStyle(style))
        return table

    def facts(self, title: str, items: list[tuple[str, str]], pairs: bool) -> list[Flowable]:
        """A group of facts: label/value, two pairs a row for short values."""
        w = self.width
        if pairs:
            lw = 78.0
            vw = (w - 2 * lw) / 2
            rows = []
            for i in range(0, len(items), 2):
                a = items[i]
                b = items[i + 1] if i + 1 < len(items) else ("", "")
                sl, sv = self.s_label, self.s_value
                rows.append(
                    [self.cell(a[0], sl, lw), self.cell(a[1], sv, vw),
                     self.cell(b[0], sl, lw), self.cell(b[1], sv, vw)]
                )  # fmt: skip
            table = self._grid(rows, [lw, vw, lw, vw], value_cols=(1, 3))
        else:
            lw = 120.0
            rows = [
                [self.cell(k, self.s_label, lw), self.cell(v, self.s_value, w - lw)]
                for k, v in items
            ]
            table = self._grid(rows, [lw, w - lw], value_cols=(1,))
        for r in range(len(rows)):
            table.setStyle(TableStyle([("BACKGROUND", (0, r), (0, r), HEAD_BG)]))
            if pairs:
                table.setStyle(TableStyle([("BACKGROUND", (2, r), (2, r), HEAD_BG)]))
        return [Paragraph(self.fonts.markup(title), self.s_head), table]

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

        def item(name: str) -> tuple[str, str]:
            spec = CUSTOMER_FIELD_MAP[name]
            return spec.label(lang), self.fmt(spec.kind, spec.choices, g(name))

        phone = " / ".join(x for x in (g("phone") or "", g("fax") or "") if x)
        basic = [
            item("name"),
            item("code"),
            item("address"),
            (("电话/传真" if zh(lang) else "Phone/Fax"), phone),
            item("legal_rep"),
            item("proprietor"),
            item("manager_name"),
            item("founded"),
            item("trading_since"),
            item("org_type"),
            item("industry"),
            item("assets"),
            item("registered_capital"),
            item("annual_turnover"),
            item("contact_name"),
            item("contact_phone"),
            item("email"),
            item("website"),
        ]
        basic += self._custom_items(card, "card_basic")
        out += self.facts(_pick(GROUPS["card_basic"], lang), basic, pairs=True)
        days = g("collection_days")
        payment = [
            item("credit_limit"),
            (
                CUSTOMER_FIELD_MAP["collection_days"].label(lang),
                "" if days is None else f"{days} {self.t('days')}",
            ),
            item("credit_rating"),
            item("abc_class"),
            item("payment_terms"),
            item("payment_terms_note"),
            (
                "核定人 / 日期" if zh(lang) else "Approved by / on",
                " ".join(
                    x
                    for x in (
                        card.form.credit_approved_by,
                        format_date(card.form.credit_approved_at, lang, blank_zh=False),
                    )
                    if x
                ),
            ),
            item("remarks"),
        ]
        out += self.facts(self.t("payment"), payment, pairs=True)
        for group in ("characteristics", "business", "transaction"):
            out += self.facts(
                _pick(GROUPS[group], lang),
                [item(spec.name) for spec in fields_in_group(group)]
                + self._custom_items(card, group),
                pairs=False,
            )
        if card.custom.get("custom"):  # custom fields of their own tab: a group of their own
            title = ("自定义字段", "Custom fields")
            out += self.facts(_pick(title, lang), self._custom_items(card, "custom"), pairs=True)
        out += self.contacts(card.contacts)
        out += self.followups(card.followups)
        out += self.credit(card.credits)
        out += self.sales(card.sales)
        return out

    def _custom_items(self, card: CardData, group: str) -> list[tuple[str, str]]:
        """The custom fields of a group as (label, value) in the card's language."""
        return [
            (_pick(label, self.lang), _pick(value, self.lang))
            for label, value in card.custom.get(group, [])
        ]

    def contacts(self, contacts: list[ContactData]) -> list[Flowable]:
        out: list[Flowable] = [Paragraph(self.fonts.markup(self.t("contacts")), self.s_head)]
        if not contacts:
            return out + [self.p(self.t("none"), self.s_small)]
        lang = self.lang
        for c in contacts:
            items = []
            for name in (
                "name", "role", "title", "gender", "phone", "mobile", "email", "wechat",
                "birthday", "education", "religion", "character", "interests", "hobbies",
                "family", "ability", "social_groups", "notes",
            ):  # fmt: skip
                spec = CONTACT_FIELD_MAP[name]
                value = c.values.get(name)
                if name == "gender":
                    value = {
                        "M": "男" if zh(lang) else "Male",
                        "F": "女" if zh(lang) else "Female",
                    }.get(value or "", value)
                items.append((spec.label(lang), self.fmt(spec.kind, spec.choices, value)))
            if c.values.get("is_primary"):
                items[0] = (
                    items[0][0],
                    f"{items[0][1]}  ★ {CONTACT_FIELD_MAP['is_primary'].label(lang)}",
                )
            block = self.facts("", items, pairs=True)[1:]
            out.append(KeepTogether([*block, Spacer(1, 4)]))
        return out

    def _listing(self, heads: list[str], body: list[list[str]], widths: list[float]) -> Table:
        """A table with a header row; cells are plain strings or wrapping Paragraphs."""
        head = [self.cell(h, self.s_label, w) for h, w in zip(heads, widths, strict=True)]
        rows = [
            [self.cell(text, self.s_small, w) for text, w in zip(row, widths, strict=True)]
            for row in body
        ]
        return self._grid(
            [head, *rows], widths, header=True, style_of=self.s_small,
            value_cols=tuple(range(len(widths))),
        )  # fmt: skip

    def followups(self, rows: list[FollowUpData]) -> list[Flowable]:
        out: list[Flowable] = [Paragraph(self.fonts.markup(self.t("followups")), self.s_head)]
        if not rows:
            return out + [self.p(self.t("none"), self.s_small)]
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
        widths = [72, 40, 72, 38, 50, 56]
        widths.append(self.width - sum(widths))
        return out + [self._listing(heads, body, widths)]

    def credit(self, rows: list[CreditData]) -> list[Flowable]:
        out: list[Flowable] = [Paragraph(self.fonts.markup(self.t("credits")), self.s_head)]
        if not rows:
            return out + [self.p(self.t("none"), self.s_small)]
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
        return out + [self._listing(heads, body, widths)]

    def sales(self, months: list[MonthSales]) -> list[Flowable]:
        out: list[Flowable] = [Paragraph(self.fonts.markup(self.t("sales")), self.s_head)]
        lang = self.lang
        heads = [self.t(k) for k in ("month", "lines", "amount")]
        body = []
        total = Decimal(0)
        lines = 0
        for m in months:
            label = (
                f"{m.month.year} 年 {m.month.month} 月" if zh(lang) else m.month.strftime("%Y-%m")
            )
            body.append([label, str(m.lines), format_money(m.amount, lang)])
            total += m.amount
            lines += m.lines
        body.append([self.t("total"), str(lines), format_money(total, lang)])
        table = self._listing(heads, body, [90, 60, 120])
        table.hAlign = "LEFT"
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, len(body)), (-1, len(body)), HEAD_BG),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        return [KeepTogether([*out, table])]


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
    result = CardResult(Path(out_path), font_embedded=fonts.embedded, warning=fonts.warning)
    margin = 15 * mm
    width = A4[0] - 2 * margin
    story_maker = CardStory(fonts, header, width)
    title = _pick(_TEXT["title"], lang)
    printed = f"{_pick(_TEXT['print_date'], lang)}: {format_date(header.print_date, lang)}"
    company = header.company_name.strip()

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        top = A4[1] - margin + 6
        fonts.draw(canvas, margin, top, title, 12)
        if company:
            w = fonts.width(company, 9)
            fonts.draw(canvas, (A4[0] - w) / 2, top, company, 9)
        w = fonts.width(printed, 8)
        fonts.draw(canvas, A4[0] - margin - w, top, printed, 8)
        canvas.setLineWidth(0.6)
        canvas.line(margin, top - 4, A4[0] - margin, top - 4)
        page = _pick(_TEXT["page"], lang).format(n=doc.page)
        w = fonts.width(page, 8)
        fonts.draw(canvas, (A4[0] - w) / 2, margin - 18, page, 8)
        canvas.restoreState()

    story: list[Flowable] = []
    items = list(cards) if total is None else cards
    count = total if total is not None else len(items)  # type: ignore[arg-type]
    steps = max(1, count) * 2
    for i, card in enumerate(items):
        if story:
            story.append(PageBreak())
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
        doc.build(story)
        result.pages = doc.page
    if progress is not None:
        progress.step(steps, steps)
    return result


__all__ = [
    "CardData",
    "CardResult",
    "ContactData",
    "CreditData",
    "FollowUpData",
    "MonthSales",
    "build_cards",
]
