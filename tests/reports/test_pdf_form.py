"""The 客户基本资料表 PDF: labels and values as text, ticked boxes, fonts embedded, one page each."""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal

import pytest
from pdf_check import dark_inside, fonts_of, page_texts, render, squeeze, text_positions
from pypdf import PdfReader

from crm_desktop.progress import Cancelled, Progress
from crm_desktop.reports import pdf_fonts
from crm_desktop.reports.pdf_form import (
    FOOTER_Y,
    MARGIN,
    PAGE_H,
    PAGE_W,
    SEAL_MIN_H,
    FormData,
    FormHeader,
    Layout,
    Sizes,
    V,
    build_forms,
)
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP

FULL = {
    "name": "上海远东贸易有限公司 ACME <GmbH>",
    "code": "C000123",
    "channel_code": "SH-01",
    "legal_rep": "王大明",
    "address": "上海市浦东新区世纪大道1000号金茂大厦25楼2501室",
    "tax_id": "91310000MA1FL0XY2K",
    "phone": "021-55551234",
    "fax": "021-55551235",
    "bank_account": "6222021001001234567",
    "bank": "中国工商银行上海浦东支行",
    "delivery_address": "上海市嘉定区安亭镇墨玉路88号3号仓库",
    "contact_name": "李小红",
    "contact_phone": "13800138000",
    "invoice_type": "vat",
    "org_type": "joint_venture",
    "license_no": "310115000123456",
    "registered_capital": Decimal("5000000"),
    "founded": date(2009, 3, 5),
    "business_scope": "五金交电、建筑材料的批发与零售",
    "annual_turnover": Decimal("123456789.00"),
    "shop_ownership": "rented",
    "shop_lease_start": date(2020, 1, 1),
    "shop_lease_end": date(2025, 12, 31),
    "warehouse_area": Decimal("1200.50"),
    "warehouse_ownership": "owned",
    "payment_terms": "other",
    "payment_terms_note": "月结30天",
    "credit_rating": "A",
    "abc_class": "B",
    "credit_limit": Decimal("200000"),
    "collection_days": 30,
    "remarks": "重点客户，每月拜访一次。",
}
EXPECTED_TICKS = {
    "invoice_type=vat",
    "org_type=joint_venture",
    "shop_ownership=rented",
    "warehouse_ownership=owned",
    "payment_terms=other",
    "credit_rating=A",
    "abc_class=B",
}
FORM_FIELDS = [
    "name", "code", "channel_code", "legal_rep", "address", "tax_id", "bank_account", "bank",
    "delivery_address", "contact_name", "contact_phone", "invoice_type", "org_type",
    "license_no", "registered_capital", "founded", "business_scope", "annual_turnover",
    "shop_ownership", "warehouse_area", "payment_terms", "credit_rating", "abc_class",
    "credit_limit", "collection_days",
]  # fmt: skip
ZH_LABELS = [
    "客户基本资料表", "基本资料", "组织及营运状况", "付款状况", "备注", "客户盖章", "电话/传真",
    "信用额度金额由总经理核定", "增值税发票", "普通发票", "国营企业", "乡镇企业", "个体",
    "外商独资", "中外合资、合作", "自有", "租用", "期限", "平方米", "款到发货", "其他",
    "A级", "B级", "C级", "D级", "万元",
]  # fmt: skip
EN_LABELS = [
    "Customer Basic Information Form", "Phone/Fax", "VAT invoice", "Ordinary invoice",
    "State-owned", "Township enterprise", "Wholly foreign-owned", "Sino-foreign joint venture",
    "Owned", "Rented", "Lease", "Payment before delivery", "Grade A", "Class D",
    "The credit limit is approved by the general manager.", "Remarks", "Customer seal",
]  # fmt: skip


def form(**changes) -> FormData:
    return FormData(
        {**FULL, **changes}, credit_approved_by="张总经理", credit_approved_at=datetime(2026, 3, 5)
    )


ZH = FormHeader("示例贸易有限公司", date(2026, 11, 22), "zh_CN")
EN = FormHeader("Example Trading Co.", date(2026, 11, 22), "en")


def test_every_label_and_value_printed_zh(tmp_path):
    """Each label of the paper form and each of the customer's values is on the page as text."""
    out = tmp_path / "form.pdf"
    result = build_forms([form()], ZH, out)
    assert result.pages == 1
    text = squeeze(page_texts(out)[0])
    for name in FORM_FIELDS:
        assert squeeze(CUSTOMER_FIELD_MAP[name].zh) in text, name
    for label in ZH_LABELS:
        assert squeeze(label) in text, label
    for value in (
        "上海远东贸易有限公司ACME<GmbH>", "C000123", "SH-01", "王大明", FULL["address"],
        "91310000MA1FL0XY2K", "021-55551234/021-55551235", "6222021001001234567",
        FULL["bank"], FULL["delivery_address"], "李小红", "13800138000", "310115000123456",
        "500万元", "2009年3月5日", FULL["business_scope"], "12345.6789万元",
        "2020年1月1日—2025年12月31日", "1200.5平方米", "(月结30天)", "200,000.00元", "30天",
        "核定人:张总经理", "核定日期:2026年3月5日", FULL["remarks"], "示例贸易有限公司",
        "打印日期:2026年11月22日",
    ):  # fmt: skip
        assert value in text, value


def test_user_text_is_printed_literally(tmp_path):
    """Markup-looking text (`ACME <GmbH>`, `&amp;`) prints as typed, never interpreted."""
    out = tmp_path / "form.pdf"
    build_forms([form(name="ACME <GmbH> & Co. &amp; <b>x</b>")], ZH, out)
    assert "ACME<GmbH>&Co.&amp;<b>x</b>" in squeeze(page_texts(out)[0])


def test_english_same_layout_english_labels(tmp_path):
    out = tmp_path / "form-en.pdf"
    result = build_forms([form()], EN, out)
    text = squeeze(page_texts(out)[0])
    for name in FORM_FIELDS:
        assert squeeze(CUSTOMER_FIELD_MAP[name].en) in text, name
    for label in EN_LABELS:
        assert squeeze(label) in text, label
    assert "客户基本资料表" not in text and "2009-03-05" in text
    assert set(result.ticked(0)) == EXPECTED_TICKS


def test_ticked_boxes_match_data_and_rendering(tmp_path):
    """The boxes ticked are exactly those of the data; poppler's rendering agrees."""
    out = tmp_path / "form.pdf"
    other = form(
        invoice_type="ordinary", org_type="state_owned", shop_ownership=None,
        warehouse_ownership="rented", payment_terms="prepaid", credit_rating="C",
        abc_class=None,
    )  # fmt: skip
    result = build_forms([form(), other], ZH, out)
    assert set(result.ticked(0)) == EXPECTED_TICKS
    assert set(result.ticked(1)) == {
        "invoice_type=ordinary", "org_type=state_owned", "warehouse_ownership=rented",
        "payment_terms=prepaid", "credit_rating=C",
    }  # fmt: skip
    # every option of every group is drawn: 2 + 5 + 2 + 2 + 2 + 3 + 4 boxes
    assert len(result.boxes[0]) == len(result.boxes[1]) == 20
    dpi = 100
    for page in (0, 1):
        image = render(out, tmp_path / f"p{page}", dpi, page + 1)
        for box in result.boxes[page]:
            dark = dark_inside(image, box, dpi, PAGE_H)
            assert (dark > 3) == box.checked, (page, box.key, dark)


def test_one_page_per_customer_and_fonts_embedded(tmp_path):
    out = tmp_path / "forms.pdf"
    result = build_forms([form(code=f"C{i}") for i in range(3)], ZH, out)
    assert result.pages == 3 and len(PdfReader(str(out)).pages) == 3
    assert [squeeze(t).count("客户基本资料表") for t in page_texts(out)] == [1, 1, 1]
    fonts = fonts_of(out)
    assert fonts
    for font in fonts:
        assert font["descriptor"] is not None and "/FontFile2" in font["descriptor"], font


def test_long_values_wrap_inside_the_page(tmp_path):
    """Very long values stay inside the grid; what the page cannot hold is continued, all there."""
    out = tmp_path / "long.pdf"
    long_remarks = "客户历史悠久，" * 60
    result = build_forms(
        [form(address="北京市朝阳区" * 25, business_scope="批发零售" * 80, remarks=long_remarks,
              name="ACME International Trading and Manufacturing Corporation Limited <GmbH> " * 2)],
        ZH, out,
    )  # fmt: skip
    texts = [squeeze(t) for t in page_texts(out)]
    assert result.pages == len(texts) and "客户基本资料表" in texts[0]
    whole = "".join(texts)
    for value in ("北京市朝阳区" * 25, "批发零售" * 80, squeeze(long_remarks)):
        assert value in whole
    for x, y, _t in text_positions(out):
        assert MARGIN - 0.5 <= x <= PAGE_W - MARGIN and FOOTER_Y - 0.5 <= y <= PAGE_H - MARGIN


def test_text_too_long_for_the_page_is_continued_not_cut(tmp_path):
    """A 10,000-character remark: the form says 见续页 and keeps its seal box; the continuation
    pages name the customer and the field and hold every character."""
    out = tmp_path / "huge.pdf"
    remark = "".join(f"第{i}条备注，" for i in range(1700))[:10000]
    result = build_forms([form(remarks=remark)], ZH, out)
    texts = page_texts(out)
    assert result.pages == len(texts) > 1 and result.continued == {"C000123": ["remarks"]}
    first = squeeze(texts[0])
    assert "见续页" in first and "客户盖章" in first and "信用额度金额由总经理核定" in first
    assert f"第1页/共{len(texts)}页" in first
    assert "备注（续）" in squeeze(texts[1])
    for n, page in enumerate(texts[1:], start=2):
        page = squeeze(page)
        assert "C000123" in page and "上海远东贸易有限公司" in page
        assert f"第{n}页/共{len(texts)}页" in page
    bodies = [  # each continuation page without its heading and footer
        squeeze(t).split("(C000123)", 1)[1].rsplit(f"第{n}页", 1)[0]
        for n, t in enumerate(texts[1:], start=2)
    ]
    assert "".join(bodies) == "备注（续）" + squeeze(remark)
    for _x, y, _t in text_positions(out):
        assert y >= FOOTER_Y - 0.5


def test_seal_box_and_value_size_hold_with_every_long_field(tmp_path):
    """Every long field at once: values never below 8 pt, the seal box at least 45 mm."""
    out = tmp_path / "all-long.pdf"
    notes = "\n".join(f"第{i}行说明" for i in range(80))
    names = ("remarks", "business_scope", "address", "delivery_address", "bank", "legal_rep",
             "contact_name", "payment_terms_note")  # fmt: skip
    result = build_forms([form(**dict.fromkeys(names, notes))], ZH, out)
    sizes = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(font_size * tm[0])

    PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    assert min(sizes) >= 7.5 - 0.01  # the footer's 7.5 pt; values are 8 pt or more
    image = render(out, tmp_path / "all-long", dpi=72)
    x = int(MARGIN + 40)
    bottom = int(PAGE_H - MARGIN) - 3
    rule = max(y for y in range(int(PAGE_H / 2), bottom) if image.getpixel((x, y)) < 100)
    assert PAGE_H - MARGIN - rule >= SEAL_MIN_H - 2
    rest = "".join(squeeze(t) for t in page_texts(out)[1:])
    for i in range(80):
        assert rest.count(f"第{i}行说明") == len(names)
    assert sorted(result.continued["C000123"]) == sorted(names)


def test_wrapped_lines_never_exceed_the_cell():
    layout = Layout(pdf_fonts.get_fontset())
    sizes = Sizes(10, 10)
    for text in ("ACME International Trading " * 5, "上海市浦东新区" * 10, "x" * 200):
        units = layout.units([V(text)], sizes, 120)
        for line in layout.wrap(units, 120):
            if line:
                assert line[-1][0] + line[-1][1].fit <= 120.01


def test_cancel_leaves_existing_file_untouched(tmp_path):
    """Cancelling through the Progress after two pages keeps the old file and no temp file."""
    out = tmp_path / "forms.pdf"
    out.write_bytes(b"old content")
    calls = []

    def listener(done: int, total: int, _text) -> None:
        calls.append((done, total))
        if done == 2:
            progress.cancel()

    progress = Progress(listener)
    with pytest.raises(Cancelled):
        build_forms((form() for _ in range(5)), ZH, out, total=5, progress=progress)
    assert out.read_bytes() == b"old content"
    assert calls == [(1, 5), (2, 5)]
    assert sorted(os.listdir(tmp_path)) == ["forms.pdf"]


def test_failure_midway_leaves_no_file(tmp_path):
    out = tmp_path / "forms.pdf"

    def forms():
        yield form()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        build_forms(forms(), ZH, out)
    assert os.listdir(tmp_path) == []


def test_empty_values_print_blank_form(tmp_path):
    """A card with only a name prints the blank form: boxes unticked, dates as 年 月 日 blanks."""
    out = tmp_path / "blank.pdf"
    result = build_forms([FormData({"name": "空白客户", "code": "C9"})], ZH, out)
    assert result.ticked(0) == []
    text = squeeze(page_texts(out)[0])
    assert "成立时间:年月日" in text and "信用额度金额由总经理核定" in text
    assert PAGE_W > 0


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_printout_is_an_ordinary_readable_file(tmp_path):
    """A new PDF is readable by others (0644), not private like a temporary file."""
    out = tmp_path / "mode.pdf"
    build_forms([form()], ZH, out)
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o600)
    build_forms([form()], ZH, out)  # written over: keeps the mode it had
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("width", [60, 73, 88, 101, 120, 157])
def test_wrapped_lines_keep_chinese_line_breaking_rules(width):
    """A closing mark (，；。）” …) never begins a line: the character before it goes down
    with it; an opening one (（“《) never ends a line. The text is all there, in order,
    and no line is wider than the cell."""
    layout = Layout(pdf_fonts.get_fontset())
    sizes = Sizes(10, 10)
    text = "要求写明违约条款；财务对账（含税）需每月5日前提供发票明细，“待定”。" * 6
    lines = layout.wrap(layout.units([V(text)], sizes, width), width)
    texts = ["".join(u.text for _x, u in line) for line in lines]
    assert "".join(texts) == text
    assert [t for t in texts[1:] if t[:1] in "，；。）”、：！？"] == []
    assert [t for t in texts if t[-1:] in "（“《"] == []
    for line in lines:
        assert line[-1][0] + line[-1][1].fit <= width + 0.01
