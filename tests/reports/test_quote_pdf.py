"""The quote (报价单): letterhead, lines, totals with tax, Chinese capitals, both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pdf_check import fonts_of, page_texts, squeeze

from crm_desktop.reports.quote_pdf import QuoteData, QuoteLine, build_quote, rmb_upper


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("3160.94", "叁仟壹佰陆拾元玖角肆分"),
        ("10010.05", "壹万零壹拾元零伍分"),
        ("100000", "壹拾万元整"),
        ("20300", "贰万零叁佰元整"),
        ("100000000", "壹亿元整"),
        ("0.50", "伍角整"),
        ("0", "零元整"),
    ],
)
def test_total_in_chinese_capitals(amount, words):
    """Amounts are written in capitals as on a Chinese invoice, zeros included once."""
    assert rmb_upper(Decimal(amount)) == words


def _data(lines: int = 2) -> QuoteData:
    return QuoteData(
        number="Q20261206-00001",
        quote_date=date(2026, 12, 6),
        valid_until=date(2027, 1, 5),
        company_name="上海华鑫工业设备有限公司",
        company_address="上海市浦东新区张江路 88 号",
        company_phone="021-5888 6666",
        customer_code="C000001",
        customer_name="北京通利劳保有限公司",
        customer_address="北京市丰台区",
        contact_name="窦洋",
        contact_phone="16542171146",
        title="年度采购",
        salesperson="张伟",
        lines=[
            QuoteLine(
                f"P{i:04d}",
                f"A4复印纸 {i}",
                "箱",
                Decimal(5),
                Decimal("51.00"),
                Decimal(10) if i % 2 else Decimal(0),
                Decimal("229.50") if i % 2 else Decimal("255.00"),
            )
            for i in range(1, lines + 1)
        ],  # fmt: skip
        tax_rate=Decimal(13),
        payment_terms="款到发货",
    )


def test_quote_prints_lines_totals_and_capitals_in_chinese(tmp_path):
    """Subtotal, 13% VAT and the total add up, the capitals are printed, the font embedded."""
    data = _data()
    out = tmp_path / "q.pdf"
    result = build_quote(data, out, "zh_CN")
    assert (data.subtotal, data.tax, data.total) == (
        Decimal("484.50"), Decimal("62.99"), Decimal("547.49"),
    )  # fmt: skip
    text = squeeze(page_texts(out)[0])
    for expected in ("上海华鑫工业设备有限公司", "报价单", "北京通利劳保有限公司", "A4复印纸1",
                     "484.50", "62.99", "¥547.49", "伍佰肆拾柒元肆角玖分", "2027年1月5日",
                     "款到发货", "张伟"):  # fmt: skip
        assert expected in text, expected
    assert result.pages == 1 and result.total == Decimal("547.49")
    assert any(f["descriptor"] and "/FontFile2" in f["descriptor"] for f in fonts_of(out))


def test_english_quote_and_many_lines_flow_onto_more_pages(tmp_path):
    """In English the labels are English; 80 lines run onto a second page with the header."""
    out = tmp_path / "q.pdf"
    result = build_quote(_data(80), out, "en")
    texts = page_texts(out)
    assert result.pages >= 2
    assert "QUOTATION" in texts[0] and "Total (incl. tax)" in texts[-1]
    assert "Description" in texts[1]  # the header row repeats
    assert "元" not in squeeze(texts[-1].split("Terms")[0][-60:])
