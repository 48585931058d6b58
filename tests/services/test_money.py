"""One money rule: what people type as an amount, and the plain words when it is not one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_desktop.errors import InvalidValue
from crm_desktop.services.validation import parse_decimal, parse_money


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5万", "50000.00"),
        ("5 万元", "50000.00"),
        ("¥1.2万", "12000.00"),
        ("1,200元", "1200.00"),
        ("￥3,000.50", "3000.50"),
        ("RMB 200", "200.00"),
        ("CNY200", "200.00"),
        ("人民币5000元", "5000.00"),
        ("3萬", "30000.00"),
        ("1.5亿", "150000000.00"),
        ("５万", "50000.00"),
        ("１２３４．５", "1234.50"),
        ("3千", "3000.00"),
        ("2.5w", "25000.00"),
        ("1.23456万", "12345.60"),
        # the capital numerals (大写) of contracts and invoices, and plain Chinese numerals
        ("人民币伍万元整", "50000.00"),
        ("壹拾贰万叁仟元伍角", "123000.50"),
        ("伍拾元零伍分", "50.05"),
        ("叁仟零伍拾元整", "3050.00"),
        ("壹億貳仟萬", "120000000.00"),
        ("三千五百", "3500.00"),
        ("两千元", "2000.00"),
        ("十万", "100000.00"),
        ("0", "0.00"),
        (1200, "1200.00"),
        (0.1, "0.10"),
    ],
)
def test_amounts_as_people_type_them(raw, expected):
    """Units (万, 亿), currency signs, thousands separators and full-width digits are read."""
    assert parse_money(raw) == Decimal(expected)


def test_empty_is_no_amount():
    """An empty field holds no amount rather than zero."""
    assert parse_money("") is None and parse_money(None) is None and parse_money(" 元 ") is None


@pytest.mark.parametrize(
    ("raw", "code", "zh", "en"),
    [
        ("1e308", "validation.too_large", "“1e308”太大，必须小于 ", "'1e308' is too large;"),
        ("1e30", "validation.too_large", "“1e30”太大", "'1e30' is too large"),
        (1e30, "validation.too_large", "太大", "is too large"),
        ("inf", "validation.not_an_amount", "“inf”不是金额", "'inf' is not an amount"),
        (float("inf"), "validation.not_an_amount", "不是金额", "is not an amount"),
        ("abc", "validation.not_an_amount", "“abc”不是金额", "'abc' is not an amount"),
        ("5万x", "validation.not_an_amount", "“5万x”不是金额", "'5万x' is not an amount"),
        ("一二三", "validation.not_an_amount", "“一二三”不是金额", "'一二三' is not an amount"),
        ("万元", "validation.not_an_amount", "“万元”不是金额", "'万元' is not an amount"),
        ("元整", "validation.not_an_amount", "“元整”不是金额", "'元整' is not an amount"),
        ("-5", "validation.negative", "“-5”是负数", "'-5' is negative"),
        ("-5万", "validation.negative", "“-5万”是负数", "'-5万' is negative"),
        ("1.234", "validation.too_many_decimals", "小数超过 2 位", "more than 2 decimal places"),
        ("1.2345678万", "validation.too_many_decimals", "小数超过 2 位", "2 decimal places"),
    ],
)
def test_what_is_not_an_amount_is_refused_in_plain_words(raw, code, zh, en):
    """Huge, infinite, negative, wordy or over-precise amounts get a plain message in both languages."""
    with pytest.raises(InvalidValue) as refused:
        parse_money(raw)
    assert refused.value.msg.code == code
    assert zh in refused.value.render("zh_CN")
    assert en in refused.value.render("en")


@pytest.mark.parametrize(
    "raw", ["1000万以上", "50-100", "10~20万", "约5万", "5万左右", "100万+", "about 5000", ">100"]
)
def test_ranges_and_estimates_have_their_own_code(raw):
    """A range or an estimate is not one number: its own code, so an import can keep the text."""
    with pytest.raises(InvalidValue) as refused:
        parse_money(raw)
    assert refused.value.msg.code == "validation.range"
    assert refused.value.render("zh_CN") == f"“{raw}”是一个范围或估计，不是一个确切的数"
    assert refused.value.render("en") == f"'{raw}' is a range or an estimate, not one number"


def test_plain_numbers_keep_their_own_wording():
    """A number that is not money (a quantity, an area) is 'not a number', not 'not an amount'."""
    with pytest.raises(InvalidValue) as refused:
        parse_decimal("abc", 3)
    assert refused.value.msg.code == "validation.not_a_number"
    assert refused.value.render("zh_CN") == "“abc”不是数字"
    assert parse_decimal("1.5万", 3) == Decimal("15000.000")


def test_the_quotes_capital_numerals_read_back_as_their_amount():
    """What the quote prints as its total in words (大写金额) is read back by the money
    rule as the same amount, for amounts of every shape (zeros inside, 万 and 亿 groups,
    角 and 分)."""
    import random

    from crm_desktop.reports.quote_pdf import rmb_upper

    rng = random.Random(7)
    amounts = [Decimal("0.05"), Decimal("10"), Decimal("100000"), Decimal("100000001.01")]
    amounts += [Decimal(rng.randrange(0, 10**12)) / 100 for _ in range(3000)]
    amounts += [Decimal(rng.choice([1, 10, 100, 1001, 10010, 100100])) * 10**k for k in range(6)]
    for amount in amounts:
        words = "人民币" + rmb_upper(amount)
        assert parse_money(words) == amount.quantize(Decimal("0.01")), words
