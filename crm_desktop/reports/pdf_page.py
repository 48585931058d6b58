"""What every printed page carries besides its content: letterhead, marks, footer, QR code.

The form and the card share these: the company letterhead from Settings (logo, name,
address, phone, tax ID), the optional 内部资料 / confidential mark, the QR code of the
customer code, and the footer naming the customer, "第 x 页 / 共 y 页" counted per
customer, and who printed it when.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from crm_desktop.reports.pdf_common import zh
from crm_desktop.reports.pdf_fonts import FontSet

log = logging.getLogger(__name__)

MARK_COLOR = (0.75, 0.1, 0.1)
FOOTER_SIZE = 7.5

_TEXT = {
    "confidential": ("内部资料", "CONFIDENTIAL"),
    "page": ("第 {n} 页 / 共 {total} 页", "Page {n} of {total}"),
    "printed_by": ("{who} 打印于 {when}", "Printed by {who} on {when}"),
    "printed": ("打印于 {when}", "Printed on {when}"),
    "phone": ("电话", "Phone"),
    "tax_id": ("税号", "Tax ID"),
}


def text(key: str, lang: str, **params: object) -> str:
    pair = _TEXT[key]
    return (pair[0] if zh(lang) else pair[1]).format(**params)


@dataclass(frozen=True)
class PageInfo:
    """The printing context every page shows (from Settings and the print job)."""

    lang: str = "zh_CN"
    company_name: str = ""
    company_address: str = ""
    company_phone: str = ""
    company_tax_id: str = ""
    company_logo: str = ""  # an image file
    confidential: bool = False
    printed_by: str = ""
    printed_at: datetime | date | None = None

    @property
    def has_letterhead(self) -> bool:
        return bool(self.company_name.strip() or self.company_logo or self.contact_line())

    def contact_line(self) -> str:
        """Address · Phone · Tax ID, the line under the company name."""
        parts = [self.company_address.strip()]
        if self.company_phone.strip():
            parts.append(f"{text('phone', self.lang)} {self.company_phone.strip()}")
        if self.company_tax_id.strip():
            parts.append(f"{text('tax_id', self.lang)} {self.company_tax_id.strip()}")
        return "   ".join(p for p in parts if p)

    def printed_line(self) -> str:
        when = self.printed_at
        if isinstance(when, datetime):
            stamp = when.strftime("%Y-%m-%d %H:%M")
        else:
            stamp = when.isoformat() if when else ""
        if self.printed_by:
            return text("printed_by", self.lang, who=self.printed_by, when=stamp)
        return text("printed", self.lang, when=stamp) if stamp else ""


@lru_cache(maxsize=4)
def _logo(path: str) -> ImageReader | None:
    try:
        reader = ImageReader(path)
        reader.getSize()
        return reader
    except Exception as exc:  # a missing or unreadable image: the letterhead goes without
        log.warning("The letterhead logo %s cannot be read: %s", path, exc)
        return None


def company_logo(info: PageInfo) -> ImageReader | None:
    """The letterhead's logo, read once for a whole document (None without one)."""
    return _logo(info.company_logo) if info.company_logo else None


def logo_readable(path: str) -> bool:
    """True when the logo file can be printed."""
    return bool(path) and _logo(path) is not None


def fit_text(fonts: FontSet, value: str, size: float, width: float) -> str:
    """`value` shortened with an ellipsis to `width` (for one-line page furniture)."""
    if fonts.width(value, size) <= width:
        return value
    lo, hi = 0, len(value)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fonts.width(value[:mid] + "…", size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return value[:lo] + "…"


def draw_letterhead(
    canvas: Canvas, fonts: FontSet, info: PageInfo, left: float, right: float, top: float
) -> float:
    """The company's logo, name and contact line from `top` down; returns the y below it."""
    if not info.has_letterhead:
        return top
    y = top
    logo = _logo(info.company_logo) if info.company_logo else None
    height = 0.0
    if logo is not None:
        w, h = logo.getSize()
        below = 21.0 if info.confidential else 0.0  # under the confidential mark
        height = 34.0
        width = min(110.0, w * height / max(h, 1))
        canvas.drawImage(
            logo, left, top - below - height, width, height, preserveAspectRatio=True, mask="auto"
        )
        height += below
    inner = (right - left) - 2 * 66  # clear of the confidential mark and the QR code
    name = info.company_name.strip()
    if name:
        size = 13.0
        shown = fit_text(fonts, name, size, inner)
        fonts.draw(canvas, (left + right - fonts.width(shown, size)) / 2, y - 13, shown, size)
        y -= 17
    line = info.contact_line()
    if line:
        shown = fit_text(fonts, line, 8, inner)
        fonts.draw(canvas, (left + right - fonts.width(shown, 8)) / 2, y - 9, shown, 8)
        y -= 12
    return min(y, top - height) - 4


def draw_confidential(canvas: Canvas, fonts: FontSet, info: PageInfo, x: float, y: float) -> None:
    """The 内部资料 / CONFIDENTIAL mark in a red frame, its top-left corner at (x, y)."""
    if not info.confidential:
        return
    label = text("confidential", info.lang)
    size = 10.0
    w = fonts.width(label, size) + 10
    canvas.saveState()
    canvas.setStrokeColorRGB(*MARK_COLOR)
    canvas.setFillColorRGB(*MARK_COLOR)
    canvas.setLineWidth(1.2)
    canvas.rect(x, y - 17, w, 17, stroke=1, fill=0)
    fonts.draw(canvas, x + 5, y - 12.5, label, size)
    canvas.restoreState()


def qr_modules(value: str) -> list[list[bool]]:
    """The QR code of `value` (error correction M) as rows of dark/light modules.

    Always mask pattern 0: any mask is a valid code, and choosing the "best" one costs
    more than the rest of a form page."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    n = code.getModuleCount()
    return [[code.isDark(row, col) for col in range(n)] for row in range(n)]


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """A QR code of `value` with its bottom-left corner at (x, y), as filled rectangles."""
    modules = qr_modules(value)
    n = len(modules)
    cell = size / (n + 2)  # a quiet zone of one module around
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, dark in enumerate(modules):
        col = 0
        while col < n:
            if dark[col]:
                start = col
                while col < n and dark[col]:
                    col += 1
                path.rect(
                    x + (start + 1) * cell, y + size - (row + 2) * cell, (col - start) * cell, cell
                )
            col += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw_footer(
    canvas: Canvas,
    fonts: FontSet,
    info: PageInfo,
    who: str,
    page: int,
    pages: int,
    left: float,
    right: float,
    y: float,
) -> None:
    """Customer, "page x of y" (of this customer) and who printed when, on one line."""
    size = FOOTER_SIZE
    canvas.saveState()
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    count = text("page", info.lang, n=page, total=pages)
    cw = fonts.width(count, size)
    fonts.draw(canvas, (left + right - cw) / 2, y, count, size)
    room = (right - left - cw) / 2 - 10
    if who:
        fonts.draw(canvas, left, y, fit_text(fonts, who, size, room), size)
    printed = fit_text(fonts, info.printed_line(), size, room)
    if printed:
        fonts.draw(canvas, right - fonts.width(printed, size), y, printed, size)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.4)
    canvas.line(left, y + size + 2, right, y + size + 2)
    canvas.restoreState()


__all__ = [
    "PageInfo",
    "draw_confidential",
    "draw_footer",
    "draw_letterhead",
    "draw_qr",
    "fit_text",
    "qr_modules",
    "company_logo",
    "logo_readable",
]
