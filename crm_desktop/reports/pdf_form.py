"""The customer basic-information form (客户基本资料表): one A4 page per customer.

Laid out like the paper form: a bordered grid with vertical group labels on the left
(基本资料, 组织及营运状况, 付款状况, 备注, 客户盖章), every field filled from the card,
the check boxes drawn as graphics and ticked from the data, a QR code of the customer
code to match a stamped form that comes back. Values wrap inside their cell; when a
page would overflow, the values' font shrinks down to 8 pt, then the longest texts
are continued on continuation pages: the cell keeps their beginning and says
"（见续页）", the continuation page names the customer and the field and prints the
whole text. Nothing is cut; the 客户盖章 box stays at least 45 mm high. Every page has
the letterhead, the optional confidential mark and a footer with the customer, its
page x of y and who printed it when.

The builder takes plain data (`FormData`, filled by `services.printing`) and an output
path; it runs no query and imports no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from crm_desktop.fields import CHOICES, CUSTOMER_FIELD_MAP, GROUPS
from crm_desktop.messages import Message
from crm_desktop.progress import Progress
from crm_desktop.reports.pdf_common import (
    NO_LINE_END,
    NO_LINE_START,
    atomic_output,
    format_date,
    format_money,
    format_wan,
    plain_decimal,
    zh,
)
from crm_desktop.reports.pdf_fonts import FontSet, get_fontset
from crm_desktop.reports.pdf_page import (
    PageInfo,
    draw_confidential,
    draw_footer,
    draw_letterhead,
    draw_qr,
    fit_text,
)

PAGE_W, PAGE_H = A4
MARGIN = 36.0
GRID_W = PAGE_W - 2 * MARGIN
GROUP_W = 30.0
PAD = 4.0
LABEL_SIZE = 10.0
VALUE_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)  # never smaller than 8 pt: it must be read
LINE = 1.32  # line height as a multiple of the font size
VALUE_COLOR = (0.06, 0.16, 0.45)
SEAL_MIN_H = 45 * mm  # a company seal is 40–42 mm across
ROW_MIN_H = 22.0
FOOTER_Y = MARGIN - 18
QR_SIZE = 50.0
CUT_SEARCH = 1500  # more than any cell of the page holds: the search for the cut stops there
# Fields whose text may continue on a continuation page, in the order they are tried
# when equally long (the free texts first).
MOVABLE = (
    "remarks", "business_scope", "address", "delivery_address", "bank", "bank_account",
    "name", "legal_rep", "contact_name", "contact_phone", "payment_terms_note", "phone", "fax",
    "channel_code", "tax_id", "license_no", "code",
)  # fmt: skip


@dataclass(frozen=True)
class FormData:
    """One customer's form: card values keyed by the field catalogue's names."""

    values: Mapping[str, Any]
    credit_approved_by: str = ""
    credit_approved_at: datetime | None = None

    def get(self, name: str) -> Any:
        return self.values.get(name)


@dataclass(frozen=True)
class FormHeader:
    """What every page of a print run shares: language, letterhead, marks, who and when."""

    company_name: str = ""
    print_date: date = field(default_factory=date.today)
    lang: str = "zh_CN"
    company_address: str = ""
    company_phone: str = ""
    company_tax_id: str = ""
    company_logo: str = ""
    confidential: bool = False
    printed_by: str = ""
    printed_at: datetime | None = None

    @property
    def page(self) -> PageInfo:
        return PageInfo(
            lang=self.lang,
            company_name=self.company_name,
            company_address=self.company_address,
            company_phone=self.company_phone,
            company_tax_id=self.company_tax_id,
            company_logo=self.company_logo,
            confidential=self.confidential,
            printed_by=self.printed_by,
            printed_at=self.printed_at or self.print_date,
        )


@dataclass(frozen=True)
class BoxMark:
    """A check box drawn on a page, in PDF points from the bottom-left corner."""

    key: str  # field=code, e.g. "invoice_type=vat"
    x: float
    y: float
    size: float
    checked: bool


@dataclass
class FormResult:
    """What was printed: pages, and every check box with its state, page by page."""

    path: Path
    pages: int = 0
    boxes: list[list[BoxMark]] = field(default_factory=list)  # one list per page
    font_embedded: bool = True
    warning: Message | None = None
    missing: set[str] = field(default_factory=set)  # characters no font could print
    continued: dict[str, list[str]] = field(default_factory=dict)  # code -> fields continued

    def ticked(self, page: int) -> list[str]:
        return [b.key for b in self.boxes[page] if b.checked]


# --- labels ------------------------------------------------------------------------------

_EXTRA = {
    "phone_fax": ("电话/传真", "Phone/Fax"),
    "remarks_group": ("备注", "Remarks"),
    "seal_group": ("客户盖章", "Customer seal"),
    "title": ("客户基本资料表", "Customer Basic Information Form"),
    "print_date": ("打印日期", "Printed"),
    "wan": ("万元", "CNY"),
    "sqm": ("平方米", "m²"),
    "lease": ("期限", "Lease"),
    "days": ("天", "days"),
    "approval_rule": (
        "信用额度金额由总经理核定",
        "The credit limit is approved by the general manager.",
    ),
    "approved_by": ("核定人", "Approved by"),
    "approved_at": ("核定日期", "on"),
    "not_approved": ("当前额度尚无核定记录", "No approval is recorded for the current limit."),
    "continued": ("（见续页）", " (see continuation)"),
    "continuation": ("客户基本资料表 续页", "Customer Basic Information Form, continued"),
    "continued_field": ("{label}（续）", "{label} (continued)"),
    "blank": ("（空白表）", "(blank form)"),
}


def _t(key: str, lang: str) -> str:
    pair = _EXTRA[key]
    return pair[0] if zh(lang) else pair[1]


def _label(name: str, lang: str) -> str:
    return CUSTOMER_FIELD_MAP[name].label(lang)


def _colon(lang: str) -> str:
    return ":" if zh(lang) else ": "


# --- tokens and layout -------------------------------------------------------------------


@dataclass(frozen=True)
class Tok:
    """A piece of cell content: label or value text, a check box, a gap, a line break."""

    kind: str  # label | value | box | gap | br
    text: str = ""
    checked: bool = False
    key: str = ""
    width: float = 0.0


def L(text: str) -> Tok:  # noqa: N802 - reads like the form
    return Tok("label", text)


def V(text: Any) -> Tok:  # noqa: N802
    return Tok("value", "" if text is None else str(text))


def GAP(width: float = 10.0) -> Tok:  # noqa: N802
    return Tok("gap", width=width)


BR = Tok("br")


@dataclass
class Unit:
    kind: str
    text: str
    width: float
    size: float
    fit: float  # width without trailing spaces (what must fit at a line end)
    checked: bool = False
    key: str = ""


_WORD = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+[ \t]*|[ \t]+|\n|.")


def _breakable(unit: Unit) -> bool:
    """A single character of text, which may go to the next line with what follows it."""
    return unit.kind in ("label", "value") and len(unit.text) == 1 and not unit.text.isspace()


@dataclass
class Sizes:
    label: float
    value: float


class Layout:
    """Wraps tokens into lines of a given width and draws them."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.tx = None  # the page's text object: all text of a page in one BT…ET
        self._lines: dict[tuple, list] = {}  # one page's wrapped cells, measured once
        self._width_cache: dict[tuple[str, float], float] = {}

    def width(self, text: str, size: float) -> float:
        key = (text, size)
        w = self._width_cache.get(key)
        if w is None:
            w = self.fonts.width(text, size)
            if len(self._width_cache) < 50000:
                self._width_cache[key] = w
        return w

    def units(self, tokens: Iterable[Tok], sizes: Sizes, max_w: float) -> list[Unit]:
        out: list[Unit] = []
        for tok in tokens:
            if tok.kind == "br":
                out.append(Unit("br", "", 0, 0, 0))
            elif tok.kind == "gap":
                out.append(Unit("gap", "", tok.width, 0, 0))
            elif tok.kind == "box":
                size = sizes.label
                box = size * 0.82
                label = tok.text
                w = box + size * 0.3 + self.width(label, size)
                out.append(Unit("box", label, w, size, w, tok.checked, tok.key))
            else:
                size = sizes.label if tok.kind == "label" else sizes.value
                for piece in _WORD.findall(tok.text.replace("\r\n", "\n").replace("\r", "\n")):
                    if piece == "\n":
                        out.append(Unit("br", "", 0, 0, 0))
                        continue
                    w = self.width(piece, size)
                    fit = self.width(piece.rstrip(), size) if piece.endswith((" ", "\t")) else w
                    if fit > max_w and len(piece) > 1:  # a word wider than the cell
                        for ch in piece:
                            cw = self.width(ch, size)
                            out.append(Unit(tok.kind, ch, cw, size, cw))
                    else:
                        out.append(Unit(tok.kind, piece, w, size, fit))
        return out

    def wrap(self, units: list[Unit], max_w: float) -> list[list[tuple[float, Unit]]]:
        lines: list[list[tuple[float, Unit]]] = [[]]
        x = 0.0
        for u in units:
            if u.kind == "br":
                lines.append([])
                x = 0.0
                continue
            if u.kind == "gap" and not lines[-1]:
                continue
            if x > 0 and x + u.fit > max_w + 0.01:
                carried = self._carried(lines[-1], u)
                lines.append([])
                x = 0.0
                for c in carried:
                    lines[-1].append((x, c))
                    x += c.width
                if u.kind == "gap" or not u.text.strip() and u.kind != "box":
                    continue
            lines[-1].append((x, u))
            x += u.width
        return lines

    @staticmethod
    def _carried(line: list[tuple[float, Unit]], nxt: Unit) -> list[Unit]:
        """The units a full line gives to the next (Chinese line breaking): its last
        character when `nxt` may not begin a line (，；。）), and an opening bracket or
        quote it would end with (（《“); taken off `line`, which keeps one unit at least."""
        carried: list[Unit] = []
        if nxt.text in NO_LINE_START:  # with the character before it (and its own: 。）)
            while len(line) > 1 and _breakable(line[-1][1]) and len(carried) < 3:
                carried.insert(0, line.pop()[1])
                if carried[0].text not in NO_LINE_START:
                    break
        while len(line) > 1 and line[-1][1].text in NO_LINE_END:
            carried.insert(0, line.pop()[1])
        return carried

    @staticmethod
    def line_height(line: list[tuple[float, Unit]], default: float) -> float:
        sizes = [u.size for _, u in line if u.size]
        return (max(sizes) if sizes else default) * LINE

    def lines(self, tokens: list[Tok], sizes: Sizes, inner: float) -> list:
        key = (id(tokens), sizes.label, sizes.value, inner)
        found = self._lines.get(key)
        if found is None:
            # the tokens are kept with their lines, so their id cannot be reused meanwhile
            found = self._lines[key] = (tokens, self.wrap(self.units(tokens, sizes, inner), inner))
        return found[1]

    def new_page(self) -> None:
        self._lines.clear()

    def measure(self, tokens: list[Tok], sizes: Sizes, width: float) -> float:
        inner = width - 2 * PAD
        lines = self.lines(tokens, sizes, inner)
        return sum(self.line_height(ln, sizes.value) for ln in lines) + 2 * PAD

    def draw(
        self,
        canvas: Canvas,
        tokens: list[Tok],
        sizes: Sizes,
        x: float,
        top: float,
        width: float,
        height: float,
        align: str,
        boxes: list[BoxMark],
    ) -> None:
        inner = width - 2 * PAD
        lines = self.lines(tokens, sizes, inner)
        heights = [self.line_height(ln, sizes.value) for ln in lines]
        y = top - (height - sum(heights)) / 2
        for line, lh in zip(lines, heights, strict=True):
            used = (line[-1][0] + line[-1][1].fit) if line else 0.0
            dx = x + PAD + ((inner - used) / 2 if align == "center" else 0.0)
            size = lh / LINE
            baseline = y - size * 1.02
            for ux, u in self._merged(line):
                if u.kind == "box":
                    boxes.append(self._box(canvas, dx + ux, baseline, u))
                elif u.kind in ("label", "value") and u.text.strip():
                    tx = self.tx
                    if u.kind == "value":
                        tx.setFillColorRGB(*VALUE_COLOR)
                    self.fonts.draw_text(tx, dx + ux, baseline, u.text, u.size)
                    if u.kind == "value":
                        tx.setFillColorRGB(0, 0, 0)
            y -= lh

    @staticmethod
    def _merged(line: list[tuple[float, Unit]]) -> list[tuple[float, Unit]]:
        """Adjacent pieces of one text drawn as one string: copied and searched as typed."""
        out: list[tuple[float, Unit]] = []
        for ux, u in line:
            if out and u.kind in ("label", "value"):
                px, prev = out[-1]
                if prev.kind == u.kind and prev.size == u.size and abs(px + prev.width - ux) < 0.01:
                    out[-1] = (
                        px,
                        Unit(u.kind, prev.text + u.text, prev.width + u.width, u.size, 0),
                    )
                    continue
            out.append((ux, u))
        return out

    def _box(self, canvas: Canvas, x: float, baseline: float, u: Unit) -> BoxMark:
        s = u.size * 0.82
        by = baseline - u.size * 0.08
        canvas.setLineWidth(0.7)
        canvas.rect(x, by, s, s, stroke=1, fill=0)
        if u.checked:
            canvas.setLineWidth(1.4)
            path = canvas.beginPath()
            path.moveTo(x + s * 0.18, by + s * 0.52)
            path.lineTo(x + s * 0.42, by + s * 0.2)
            path.lineTo(x + s * 0.86, by + s * 0.86)
            canvas.drawPath(path, stroke=1, fill=0)
        self.fonts.draw_text(self.tx, x + s + u.size * 0.3, baseline, u.text, u.size)
        return BoxMark(u.key, x, by, s, u.checked)


# --- the form's content ------------------------------------------------------------------


@dataclass
class Cell:
    width: float
    tokens: list[Tok]
    align: str = "left"
    border_left: bool = False


@dataclass
class Row:
    cells: list[Cell]
    min_h: float = ROW_MIN_H
    rule: bool = True  # a line above this row (inside its block)


@dataclass
class Block:
    key: str
    label: str
    rows: list[Row]
    fill: bool = False  # takes the page's remaining height (the seal box)


def _boxes(field_name: str, choices: str, value: Any, lang: str) -> list[Tok]:
    out: list[Tok] = []
    for code, (zh_label, en_label) in CHOICES[choices].items():
        label = zh_label if zh(lang) else en_label
        out += [Tok("box", label, checked=(value == code), key=f"{field_name}={code}"), GAP(8)]
    return out


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return str(value)


def _wan(value: Any, lang: str) -> list[Tok]:
    """An amount as the paper form asks it: in 万元 in Chinese, in CNY in English."""
    if value is None:  # room to write the amount in by hand
        return [GAP(56), L(_t("wan", lang))]
    if zh(lang):
        return [V(format_wan(value)), L(" " + _t("wan", lang))]
    return [V(format_money(value, lang))]


def _approval(data: FormData, lang: str) -> list[Tok]:
    c = _colon(lang)
    toks = [L(_t("approval_rule", lang))]
    if data.credit_approved_by or data.credit_approved_at:
        toks += [GAP(12)]
        if data.credit_approved_by:
            toks += [L(_t("approved_by", lang) + c), V(data.credit_approved_by), GAP(10)]
        if data.credit_approved_at:
            when = format_date(data.credit_approved_at, lang)
            toks += [L(_t("approved_at", lang) + (c if zh(lang) else " ")), V(when)]
    elif data.get("credit_limit") is not None:
        toks += [GAP(12), L("(" + _t("not_approved", lang) + ")")]
    return toks


def form_blocks(data: FormData, lang: str) -> list[Block]:
    """The grid of one form: blocks of rows of cells, filled from `data`."""
    g = data.get
    c = _colon(lang)
    body = GRID_W - GROUP_W
    lw = 74.0 if zh(lang) else 86.0
    vw = (body - 2 * lw) / 2

    def pair(l1: str, v1: list[Tok], l2: str, v2: list[Tok]) -> Row:
        return Row(
            [
                Cell(lw, [L(l1)], "center", True),
                Cell(vw, v1, "left", True),
                Cell(lw, [L(l2)], "center", True),
                Cell(vw, v2, "left", True),
            ]
        )

    phone_fax = " / ".join(v for v in (g("phone") or "", g("fax") or "") if v)
    basic = Block(
        "basic",
        GROUPS["basic"][0 if zh(lang) else 1],
        [
            pair(_label("name", lang), [V(g("name"))], _label("code", lang), [V(g("code"))]),
            pair(
                _label("channel_code", lang),
                [V(g("channel_code"))],
                _label("legal_rep", lang),
                [V(g("legal_rep"))],
            ),
            pair(
                _label("address", lang), [V(g("address"))], _label("tax_id", lang), [V(g("tax_id"))]
            ),
            pair(
                _t("phone_fax", lang),
                [V(phone_fax)],
                _label("bank_account", lang),
                [V(g("bank_account"))],
            ),
            pair(
                _label("bank", lang),
                [V(g("bank"))],
                _label("delivery_address", lang),
                [V(g("delivery_address"))],
            ),
            pair(
                _label("contact_name", lang),
                [V(g("contact_name"))],
                _label("invoice_type", lang),
                _boxes("invoice_type", "invoice_type", g("invoice_type"), lang),
            ),
            pair(_label("contact_phone", lang), [V(g("contact_phone"))], "", []),
        ],
    )

    lease = [
        L(_t("lease", lang) + c),
        V(format_date(g("shop_lease_start"), lang)),
        L(" — "),
        V(format_date(g("shop_lease_end"), lang)),
    ]
    area = _num(g("warehouse_area"))
    organization = Block(
        "organization",
        GROUPS["organization"][0 if zh(lang) else 1],
        [
            Row(
                [
                    Cell(
                        body,
                        [L(_label("org_type", lang) + c), GAP(4)]
                        + _boxes("org_type", "org_type", g("org_type"), lang)
                        + [GAP(6), L(_label("license_no", lang) + c), V(g("license_no"))],
                    )
                ]
            ),
            Row(
                [
                    Cell(
                        body,
                        [
                            L(_label("registered_capital", lang) + c),
                            *_wan(g("registered_capital"), lang),
                            GAP(40),
                            L(_label("founded", lang) + c),
                            V(format_date(g("founded"), lang)),
                        ],
                    )
                ]
            ),
            Row(
                [
                    Cell(
                        body * 0.64, [L(_label("business_scope", lang) + c), V(g("business_scope"))]
                    ),
                    Cell(
                        body * 0.36,
                        [L(_label("annual_turnover", lang) + c), *_wan(g("annual_turnover"), lang)],
                    ),
                ]
            ),
            Row(
                [
                    Cell(
                        body,
                        [L(_label("shop_ownership", lang) + c), GAP(4)]
                        + _boxes("shop_ownership", "ownership", g("shop_ownership"), lang)
                        + lease
                        + [BR, L(_label("warehouse_area", lang) + c), V(area) if area else GAP(40)]
                        + [L(" " + _t("sqm", lang)), GAP(14)]
                        + _boxes(
                            "warehouse_ownership", "ownership", g("warehouse_ownership"), lang
                        ),
                    )
                ]
            ),
        ],
    )

    terms = _boxes("payment_terms", "payment_terms", g("payment_terms"), lang)
    if g("payment_terms_note"):
        terms += [V("(" + str(g("payment_terms_note")) + ")")]
    days = g("collection_days")
    payment = Block(
        "payment",
        GROUPS["payment"][0 if zh(lang) else 1],
        [
            Row([Cell(body, [L(_label("payment_terms", lang) + c), GAP(4)] + terms)], ROW_MIN_H),
            Row(
                [
                    Cell(
                        body,
                        [L(_label("credit_rating", lang) + c), GAP(4)]
                        + _boxes("credit_rating", "credit_rating", g("credit_rating"), lang),
                    )
                ],
                ROW_MIN_H,
                rule=False,
            ),
            Row(
                [
                    Cell(
                        body,
                        [L(_label("abc_class", lang) + c), GAP(4)]
                        + _boxes("abc_class", "abc_class", g("abc_class"), lang),
                    )
                ],
                ROW_MIN_H,
                rule=False,
            ),
            Row(
                [
                    Cell(
                        body,
                        [
                            L(_label("credit_limit", lang) + c),
                            V(format_money(g("credit_limit"), lang)),
                            GAP(60),
                            L(_label("collection_days", lang) + c),
                            V("" if days is None else f"{days} {_t('days', lang)}"),
                        ],
                    )
                ],
                ROW_MIN_H,
                rule=False,
            ),
        ],
    )

    remarks_tokens = _approval(data, lang)
    if g("remarks"):
        remarks_tokens += [BR, V(g("remarks"))]
    remarks = Block("remarks", _t("remarks_group", lang), [Row([Cell(body, remarks_tokens)], 46.0)])
    seal = Block("seal", _t("seal_group", lang), [Row([Cell(body, [])], SEAL_MIN_H)], fill=True)
    return [basic, organization, payment, remarks, seal]


# --- page drawing ------------------------------------------------------------------------


@dataclass
class FormPages:
    """What drawing one customer made: check boxes page by page, fields continued."""

    boxes: list[list[BoxMark]]
    continued: list[str]


def _weight(text: str) -> int:
    """How much room a text takes, roughly: characters, and a line's worth per break."""
    return len(text) + 40 * text.count("\n")


def _field_label(name: str, lang: str) -> str:
    return CUSTOMER_FIELD_MAP[name].label(lang)


class FormPainter:
    """Draws form pages on a reportlab canvas; keeps width caches across pages."""

    def __init__(self, fonts: FontSet, header: FormHeader) -> None:
        self.fonts = fonts
        self.header = header
        self.layout = Layout(fonts)

    def _heights(self, blocks: list[Block], sizes: Sizes) -> list[list[float]]:
        out = []
        for block in blocks:
            rows = []
            for row in block.rows:
                h = max(
                    [row.min_h]
                    + [self.layout.measure(cell.tokens, sizes, cell.width) for cell in row.cells]
                )
                rows.append(h)
            out.append(rows)
        return out

    def _group_min(self, block: Block) -> float:
        """Height the vertical group label needs at its smallest acceptable size."""
        if zh(self.header.lang):
            return len(block.label) * 7.0 * 1.2 + 8
        return 0.0

    def _fit(
        self, data: FormData, grid_h: float
    ) -> tuple[list[Block], Sizes, list[list[float]], dict[str, str]]:
        """The grid at the largest value size that fits; when even 8 pt overflows, the
        longest texts are continued: (blocks, sizes, row heights, {field: whole text})."""
        lang = self.header.lang
        blocks = form_blocks(data, lang)
        for vs in VALUE_SIZES:
            sizes = Sizes(label=min(LABEL_SIZE, vs + 0.5), value=vs)
            heights = self._heights(blocks, sizes)
            if self._total(blocks, heights) <= grid_h:
                return blocks, sizes, heights, {}
        values = dict(data.values)
        moved: dict[str, str] = {}
        marker = _t("continued", lang)

        def trial(name: str, head: str, keep: int) -> tuple[list[Block], list[list[float]]]:
            values[name] = (head[:keep].rstrip() + "…" + marker) if keep else marker.strip()
            cut = FormData(values, data.credit_approved_by, data.credit_approved_at)
            trial_blocks = form_blocks(cut, lang)
            return trial_blocks, self._heights(trial_blocks, sizes)

        while True:
            waiting = [n for n in MOVABLE if n not in moved and str(values.get(n) or "").strip()]
            if not waiting:  # nothing left to move: the page is drawn as it stands
                return blocks, sizes, heights, moved
            name = max(waiting, key=lambda n: _weight(str(values[n])))
            whole = str(values[name])
            moved[name] = whole
            head = whole[:CUT_SEARCH]
            blocks, heights = trial(name, head, 0)
            if self._total(blocks, heights) > grid_h:
                continue  # even the marker alone leaves the page too full: move another
            lo, hi = 0, len(head)
            while lo < hi:  # the longest beginning that still lets the page fit
                mid = (lo + hi + 1) // 2
                found = trial(name, head, mid)
                if self._total(found[0], found[1]) <= grid_h:
                    lo = mid
                else:
                    hi = mid - 1
            blocks, heights = trial(name, head, lo)
            return blocks, sizes, heights, moved

    def _total(self, blocks: list[Block], heights: list[list[float]]) -> float:
        return sum(max(sum(h), self._group_min(b)) for b, h in zip(blocks, heights, strict=True))

    def _top(self, canvas: Canvas, page: PageInfo, *, qr: str) -> float:
        """Letterhead, confidential mark and QR code; returns the y below them."""
        top = PAGE_H - MARGIN
        draw_confidential(canvas, self.fonts, page, MARGIN, top)
        if qr:
            draw_qr(canvas, qr, MARGIN + GRID_W - QR_SIZE, top - QR_SIZE, QR_SIZE)
        return draw_letterhead(canvas, self.fonts, page, MARGIN, MARGIN + GRID_W, top)

    def draw_customer(self, canvas: Canvas, data: FormData, *, blank: bool = False) -> FormPages:
        """The form of one customer and its continuation pages, each ended by showPage."""
        lang = self.header.lang
        page = self.header.page
        self.layout.new_page()
        code = str(data.get("code") or "")
        name = str(data.get("name") or "")
        who = f"{name} ({code})" if code else name
        if blank:
            who = _t("title", lang) + " " + _t("blank", lang)
        y = self._top(canvas, page, qr="" if blank else code)
        y = min(y, PAGE_H - MARGIN - 16) - 18
        self._center(canvas, _t("title", lang), 20 if zh(lang) else 17, y)
        y = min(y - 18, PAGE_H - MARGIN - QR_SIZE - 10)  # the date stays clear of the QR code
        printed = (
            f"{_t('print_date', lang)}{_colon(lang)}{format_date(self.header.print_date, lang)}"
        )
        size = 9
        self.fonts.draw(canvas, PAGE_W - MARGIN - self.fonts.width(printed, size), y, printed, size)
        grid_top = y - 6
        blocks, sizes, heights, moved = self._fit(data, grid_top - MARGIN)
        boxes = self._grid(canvas, blocks, sizes, heights, grid_top)
        pieces = self._continuation_pages(moved, name, code) if moved else []
        total = 1 + len(pieces)
        draw_footer(canvas, self.fonts, page, who, 1, total, MARGIN, MARGIN + GRID_W, FOOTER_Y)
        canvas.showPage()
        for n, lines in enumerate(pieces, start=2):
            self._draw_continuation(canvas, lines, name, code)
            draw_footer(canvas, self.fonts, page, who, n, total, MARGIN, MARGIN + GRID_W, FOOTER_Y)
            canvas.showPage()
        return FormPages([boxes] + [[] for _ in pieces], list(moved))

    def _continuation_pages(self, moved: dict[str, str], name: str, code: str) -> list[list]:
        """The whole texts of the continued fields, wrapped and cut into pages of lines."""
        lang = self.header.lang
        sizes = Sizes(LABEL_SIZE + 1, 10.0)
        inner = GRID_W - 2 * PAD
        room = self._continuation_top(name, code) - MARGIN
        pages: list[list] = [[]]
        used = 0.0
        for field_name in moved:
            label = _t("continued_field", lang).format(label=_field_label(field_name, lang))
            head = self.layout.wrap(self.layout.units([L(label)], sizes, inner), inner)
            body = self.layout.wrap(self.layout.units([V(moved[field_name])], sizes, inner), inner)
            head_h = sum(self.layout.line_height(ln, sizes.label) for ln in head) + 6
            line_h = sizes.value * LINE
            if used and used + head_h + 2 * line_h > room:  # a heading never ends a page
                pages.append([])
                used = 0.0
            pages[-1].append(("gap", 6.0 if used else 0.0))
            used += 6.0 if used else 0.0
            for ln in head:
                pages[-1].append(("line", ln, sizes.label))
                used += self.layout.line_height(ln, sizes.label)
            for ln in body:
                h = self.layout.line_height(ln, sizes.value)
                if used + h > room:
                    pages.append([])
                    used = 0.0
                pages[-1].append(("line", ln, sizes.value))
                used += h
        return pages

    def _continuation_top(self, name: str, code: str, canvas: Canvas | None = None) -> float:
        """The continuation page's heading (form title, customer), drawn when a canvas is
        given; returns the y below it."""
        lang = self.header.lang
        page = self.header.page
        top = PAGE_H - MARGIN
        if canvas is not None:
            draw_confidential(canvas, self.fonts, page, MARGIN, top)
        y = top - 26 if page.confidential else top
        y -= 14
        if canvas is not None:
            title = _t("continuation", lang)
            self.fonts.draw(canvas, MARGIN, y, title, 12)
            who = fit_text(
                self.fonts, f"{name} ({code})", 12, GRID_W - self.fonts.width(title, 12) - 20
            )
            self.fonts.draw(canvas, MARGIN + GRID_W - self.fonts.width(who, 12), y, who, 12)
            canvas.setLineWidth(0.8)
            canvas.line(MARGIN, y - 6, MARGIN + GRID_W, y - 6)
        return y - 14

    def _draw_continuation(self, canvas: Canvas, lines: list, name: str, code: str) -> None:
        y = self._continuation_top(name, code, canvas)
        self.layout.tx = canvas.beginText()
        for item in lines:
            if item[0] == "gap":
                y -= item[1]
                continue
            _kind, line, size = item
            lh = self.layout.line_height(line, size)
            baseline = y - (lh / LINE) * 1.02
            for ux, u in self.layout._merged(line):
                if u.kind in ("label", "value") and u.text.strip():
                    if u.kind == "value":
                        self.layout.tx.setFillColorRGB(*VALUE_COLOR)
                    self.fonts.draw_text(
                        self.layout.tx, MARGIN + PAD + ux, baseline, u.text, u.size
                    )
                    if u.kind == "value":
                        self.layout.tx.setFillColorRGB(0, 0, 0)
            y -= lh
        canvas.drawText(self.layout.tx)
        self.layout.tx = None

    def _grid(
        self,
        canvas: Canvas,
        blocks: list[Block],
        sizes: Sizes,
        heights: list[list[float]],
        grid_top: float,
    ) -> list[BoxMark]:
        grid_h = grid_top - MARGIN
        boxes: list[BoxMark] = []
        self.layout.tx = canvas.beginText()
        left = MARGIN
        body_x = left + GROUP_W
        right = MARGIN + GRID_W
        spare = max(0.0, grid_h - self._total(blocks, heights))
        # Room to spare: airier rows first (like the paper form), the rest to the seal box.
        n_rows = sum(len(b.rows) for b in blocks if not b.fill)
        per_row = min(8.0, max(0.0, spare - 40.0) / max(1, n_rows))
        heights = [
            h if b.fill else [x + per_row for x in h] for b, h in zip(blocks, heights, strict=True)
        ]
        spare = max(0.0, grid_h - self._total(blocks, heights))
        canvas.setStrokeColorRGB(0, 0, 0)
        y = grid_top
        for i, (block, rows_h) in enumerate(zip(blocks, heights, strict=True)):
            block_h = max(sum(rows_h), self._group_min(block))
            if sum(rows_h) < block_h:  # the label needs more room: the last row grows
                rows_h = rows_h[:-1] + [rows_h[-1] + block_h - sum(rows_h)]
            if block.fill:
                rows_h = rows_h[:-1] + [rows_h[-1] + spare]
                block_h += spare
            if i:
                canvas.setLineWidth(1.0)
                canvas.line(left, y, right, y)
            self._group_label(canvas, block.label, left, y, block_h)
            ry = y
            for j, (row, rh) in enumerate(zip(block.rows, rows_h, strict=True)):
                if j and row.rule:
                    canvas.setLineWidth(0.6)
                    canvas.line(body_x, ry, right, ry)
                cx = body_x
                for cell in row.cells:
                    if cell.border_left and cx > body_x + 0.1:
                        canvas.setLineWidth(0.6)
                        canvas.line(cx, ry, cx, ry - rh)
                    self.layout.draw(
                        canvas, cell.tokens, sizes, cx, ry, cell.width, rh, cell.align, boxes
                    )
                    cx += cell.width
                ry -= rh
            y -= block_h
        canvas.drawText(self.layout.tx)
        self.layout.tx = None
        canvas.setLineWidth(1.4)
        canvas.rect(left, y, GRID_W, grid_top - y, stroke=1, fill=0)
        canvas.setLineWidth(1.0)
        canvas.line(body_x, grid_top, body_x, y)
        return boxes

    def _center(self, canvas: Canvas, text: str, size: float, y: float) -> None:
        w = self.fonts.width(text, size)
        while w > GRID_W and size > 7:
            size -= 1
            w = self.fonts.width(text, size)
        self.fonts.draw(canvas, (PAGE_W - w) / 2, y, text, size)

    def _group_label(self, canvas: Canvas, label: str, x: float, top: float, h: float) -> None:
        fonts = self.fonts
        if zh(self.header.lang):
            n = max(1, len(label))
            size = min(11.0, (h - 8) / (n * 1.2))
            size = max(size, 5.0)
            step = size * 1.2
            y = top - (h - n * step) / 2 - size * 0.98
            for ch in label:
                w = fonts.width(ch, size)
                fonts.draw_text(self.layout.tx, x + (GROUP_W - w) / 2, y, ch, size)
                y -= step
            return
        # English: the label turned 90°, on two lines when one is too long.
        size = 9.0
        lines = [label]
        while fonts.width(lines[0], size) > h - 8 and size > 6.5:
            size -= 0.5
        if fonts.width(label, size) > h - 8 and " " in label:
            words = label.split()
            cut = len(words) // 2
            lines = [" ".join(words[:cut]), " ".join(words[cut:])]
            size = 9.0
            while max(fonts.width(s, size) for s in lines) > h - 8 and size > 5:
                size -= 0.5
        canvas.saveState()
        canvas.translate(x + GROUP_W / 2, top - h / 2)
        canvas.rotate(90)
        step = size * 1.15
        y0 = (len(lines) - 1) * step / 2 - size * 0.35
        for k, text in enumerate(lines):
            w = fonts.width(text, size)
            fonts.draw(canvas, -w / 2, y0 - k * step, text, size)
        canvas.restoreState()


def build_forms(
    forms: Iterable[FormData],
    header: FormHeader,
    out_path: str | Path,
    *,
    total: int | None = None,
    progress: Progress | None = None,
    blank: bool = False,
) -> FormResult:
    """Write each customer's form (one A4 page, plus continuation pages for texts too long
    for it) to `out_path`, replaced only when complete. `blank`: forms to fill in by hand.

    `progress` steps once a customer; its cancel raises `Cancelled` and leaves any earlier
    file at `out_path` as it was."""
    fonts = get_fontset()
    result = FormResult(Path(out_path), font_embedded=fonts.embedded, warning=fonts.warning)
    painter = FormPainter(fonts, header)
    title = _t("title", header.lang)
    done = 0
    with atomic_output(out_path) as fh, fonts.collect_missing() as missing:
        canvas = Canvas(fh, pagesize=A4, pageCompression=1, initialFontName=fonts.primary)
        canvas.setTitle(title)
        canvas.setCreator("crm-desktop")
        canvas.setAuthor(header.company_name or "crm-desktop")
        for data in forms:
            if progress is not None:
                progress.check()
            drawn = painter.draw_customer(canvas, data, blank=blank)
            result.boxes += drawn.boxes
            result.pages += len(drawn.boxes)
            if drawn.continued:
                result.continued[str(data.get("code") or "")] = drawn.continued
            done += 1
            if progress is not None:
                progress.step(done, total or done)
        if progress is not None:
            progress.check()
        if result.pages == 0:
            canvas.setFont(fonts.primary, 10)
            canvas.showPage()
        canvas.save()
    result.missing = set(missing)
    return result


__all__ = [
    "BoxMark",
    "FormData",
    "FormHeader",
    "FormResult",
    "FormPages",
    "build_forms",
    "form_blocks",
]
