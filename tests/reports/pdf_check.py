"""Reading printed PDFs back: their text, their fonts, their pages as pixels."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace: wrapped lines and stacked labels read as one string."""
    return re.sub(r"\s+", "", text)


def fonts_of(path: Path) -> list[dict]:
    """Every font on every page, with its descriptor (resolving composite fonts)."""
    out = []
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get_object().get("/Font") or {}
        for ref in fonts.get_object().values():
            font = ref.get_object()
            target = font
            if "/DescendantFonts" in font:
                target = font["/DescendantFonts"][0].get_object()
            descriptor = target.get("/FontDescriptor")
            out.append(
                {
                    "name": str(font.get("/BaseFont")),
                    "subtype": str(font.get("/Subtype")),
                    "descriptor": descriptor.get_object() if descriptor else None,
                }
            )
    return out


def text_positions(path: Path, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run drawn on a page, in PDF points."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text))

    PdfReader(str(path)).pages[page].extract_text(visitor_text=visit)
    return found


def render(path: Path, out_prefix: Path, dpi: int = 100, page: int = 1) -> Image.Image:
    """One page rendered by poppler (pdftoppm), as a greyscale image."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(path), str(out_prefix)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Image.open(f"{out_prefix}.png").convert("L")


def dark_inside(image: Image.Image, box, dpi: int, page_height: float) -> int:
    """Dark pixels strictly inside a check box's border (its tick, if any)."""
    scale = dpi / 72.0
    inset = box.size * 0.22
    x0 = int((box.x + inset) * scale)
    x1 = int((box.x + box.size - inset) * scale)
    y0 = int((page_height - (box.y + box.size - inset)) * scale)
    y1 = int((page_height - (box.y + inset)) * scale)
    return sum(
        1 for yy in range(y0, y1 + 1) for xx in range(x0, x1 + 1) if image.getpixel((xx, yy)) < 128
    )
