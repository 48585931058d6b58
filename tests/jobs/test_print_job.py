"""The print job: checks first, one PDF, progress, cancel, and one audit entry per run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.jobs.printing import print_blank_form, print_customers
from crm_desktop.models import AuditEvent, Customer
from crm_desktop.progress import Cancelled, Progress
from crm_desktop.reports.pdf_fonts import get_fontset
from crm_desktop.reports.pdf_form import MARGIN, PAGE_W, QR_SIZE
from crm_desktop.reports.pdf_page import qr_modules
from crm_desktop.services.settings import set_setting

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from pdf_check import page_texts, render, squeeze  # noqa: E402


@pytest.fixture
def customers(team):
    """Four customers: three of sales1, one of sales2."""
    owners = ["sales1", "sales1", "sales1", "sales2"]
    return [
        Customer.create(
            code=f"P{i}", name=f"打印测试公司{i}", owner=team[o].id, invoice_type="vat"
        ).id
        for i, o in enumerate(owners, start=1)
    ]


def _audits() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "print"))


def test_forms_are_printed_and_audited_once(team, customers, tmp_path):
    """Printing three forms writes three pages and one audit entry naming actor, count and codes."""
    out = tmp_path / "forms.pdf"
    steps = []
    result = print_customers(
        team["manager"],
        out,
        codes=["P1", "P2", "P3"],
        lang="zh_CN",
        progress=Progress(lambda done, total, _t: steps.append((done, total))),
    )
    assert (result.kind, result.pages, result.customers) == ("form", 3, 3)
    assert len(PdfReader(out).pages) == 3
    assert result.form is not None and result.form.ticked(0) == ["invoice_type=vat"]
    assert steps == [(1, 3), (2, 3), (3, 3)]
    [event] = _audits()
    assert event.user_id == team["manager"].id and event.count == 3
    assert "P1, P2, P3" in event.detail and "forms.pdf" in event.detail


def test_cancel_leaves_no_file_and_no_audit(team, customers, tmp_path):
    """A cancel after the first page raises Cancelled; no PDF, no audit entry."""
    folder = tmp_path / "out"
    folder.mkdir()
    progress = Progress(lambda done, total, _t: progress.cancel())
    with pytest.raises(Cancelled):
        print_customers(
            team["admin"], folder / "cards.pdf", ids=customers, kind="card", progress=progress
        )
    assert list(folder.iterdir()) == []
    assert _audits() == []


def test_salesperson_may_print_only_own_customers(team, customers, tmp_path):
    """Another salesperson's customer is refused before anything is written, told as an
    unknown code so that a salesperson cannot learn which codes exist."""
    out = tmp_path / "x.pdf"
    with pytest.raises(PermissionDenied) as refused:
        print_customers(team["sales1"], out, codes=["P1", "P4"])
    assert refused.value.code == "printing.unknown_codes"
    assert refused.value.render("zh_CN") == "没有这些客户代号：P4。"
    assert not out.exists() and _audits() == []
    print_customers(team["sales1"], out, codes=["P1"])
    assert len(_audits()) == 1


def test_unknown_codes_are_all_named(team, customers, tmp_path):
    """Every unknown code is listed at once, in the user's language."""
    with pytest.raises(NotFound) as missing:
        print_customers(team["admin"], tmp_path / "x.pdf", codes=["P1", "NOPE", "X2"])
    assert missing.value.render("en") == "Unknown customer codes: NOPE, X2."
    assert missing.value.render("zh_CN") == "没有这些客户代号：NOPE、X2。"


def _letterhead(admin) -> None:
    for key, value in (
        ("company_name", "示例贸易有限公司"),
        ("company_address", "上海市浦东新区世纪大道100号"),
        ("company_phone", "021-12345678"),
        ("company_tax_id", "91310000MA1FL0XY2K"),
        ("print_confidential", True),
    ):
        set_setting(admin, key, value)


def test_letterhead_mark_and_printer_on_every_page(team, customers, tmp_path):
    """The letterhead and confidential mark from Settings and who printed when are on each page."""
    _letterhead(team["admin"])
    for kind in ("form", "card"):
        out = tmp_path / f"{kind}.pdf"
        print_customers(team["manager"], out, codes=["P1", "P2"], kind=kind, lang="zh_CN")
        for text in page_texts(out):
            page = squeeze(text)
            assert "内部资料" in page and "示例贸易有限公司" in page
            assert f"{team['manager'].name}打印于" in page
            if kind == "form":
                assert "上海市浦东新区世纪大道100号" in page and "税号91310000MA1FL0XY2K" in page


def test_blank_form_has_every_label_and_nothing_filled(team, tmp_path):
    """`print_blank_form` writes one page with the form's labels, no ticks and no QR code."""
    out = tmp_path / "blank.pdf"
    result = print_blank_form(team["sales1"], out, lang="zh_CN")
    assert result.pages == 1 and result.customers == 0
    assert result.form is not None and result.form.ticked(0) == []
    text = squeeze(page_texts(out)[0])
    for label in ("客户基本资料表", "客户名称", "客户代号", "付款条件", "客户盖章", "（空白表）"):
        assert label in text
    image = render(out, tmp_path / "blank", dpi=72)
    corner = image.crop(
        (int(PAGE_W - MARGIN - QR_SIZE), int(MARGIN), int(PAGE_W - MARGIN), int(MARGIN + QR_SIZE))
    )
    assert corner.getextrema()[0] > 200  # no QR code on a form that names no customer


def test_form_carries_a_qr_code_of_the_customer_code(team, customers, tmp_path):
    """The QR code drawn on the form has exactly the modules of the customer code's QR matrix."""
    out = tmp_path / "form.pdf"
    print_customers(team["admin"], out, codes=["P2"], lang="zh_CN")
    dpi = 288
    image = render(out, tmp_path / "qr", dpi=dpi)
    modules = qr_modules("P2")
    n = len(modules)
    assert n == 21  # version 1: a short code
    cell = QR_SIZE / (n + 2)
    scale = dpi / 72
    left, top = PAGE_W - MARGIN - QR_SIZE, MARGIN  # from the page's top edge
    for row in range(n):
        for col in range(n):
            x = int((left + (col + 1.5) * cell) * scale)
            y = int((top + (row + 1.5) * cell) * scale)
            assert (image.getpixel((x, y)) < 128) == modules[row][col], (row, col)


def test_characters_no_font_has_are_named_in_a_warning(team, customers, tmp_path):
    """A name with a character no font has prints; the warning names it with its code point."""
    Customer.update(name="王𠀀明贸易").where(Customer.code == "P1").execute()
    result = print_customers(team["admin"], tmp_path / "x.pdf", codes=["P1"], lang="zh_CN")
    if not get_fontset().missing("𠀀"):
        pytest.skip("a font on this system has 𠀀")
    [warning] = [w for w in result.warnings if w.code == "printing.unprintable"]
    assert "𠀀 (U+20000)" in warning.render("zh_CN") and "𠀀" in warning.render("en")


def test_too_long_texts_are_said_to_continue(team, customers, tmp_path):
    """A remark longer than the form holds goes to a continuation page and the result says so."""
    Customer.update(remarks="很长的备注。" * 2000).where(Customer.code == "P3").execute()
    result = print_customers(team["admin"], tmp_path / "x.pdf", codes=["P1", "P3"])
    assert result.pages > 2
    [note] = [w for w in result.warnings if w.code == "printing.continued"]
    assert "P3" in note.render("zh_CN") and "P1" not in note.render("zh_CN")


def test_the_letterhead_logo_is_on_every_page_of_the_card_too(team, customers, tmp_path):
    """The logo from Settings is drawn on each page of the form and of the profile card."""
    from PIL import Image
    from pypdf import PdfReader

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
    _letterhead(team["admin"])
    set_setting(team["admin"], "company_logo", str(logo))
    for kind in ("form", "card"):
        out = tmp_path / f"{kind}.pdf"
        print_customers(team["manager"], out, codes=["P1", "P2"], kind=kind, lang="zh_CN")
        pages = PdfReader(out).pages
        assert len(pages) >= 2
        assert all(len(page.images) >= 1 for page in pages), kind
