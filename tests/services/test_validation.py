"""What typed values mean: dates, amounts, choices, tax IDs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_desktop.errors import InvalidValue
from crm_desktop.services.validation import (
    AmbiguousDate,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_money,
    parse_tax_id,
    uscc_check_char,
)


@pytest.mark.parametrize(
    "text",
    [
        "2019-03-05",
        "2019/3/5",
        "2019.3.5",
        "2019年3月5日",
        "20190305",
        "2019-03-05 14:30:00",
        "２０１９－０３－０５",
        " 2019 年 3 月 5 日 ",
        "5-Mar-19",  # Excel's d-mmm-yy, as a CSV saved from it writes the day
        "05-Mar-2019",
        "Mar 5, 2019",
        "March 5th, 2019",
        "5 March 2019",
        "2019-Mar-05",
        "二〇一九年三月五日",  # a formal letter's numerals
        "二零一九年三月五日",
        "2019年3月5号",  # as it is said
        "2019.3.5.",  # a dot after the day too
        "2019年3月5日 下午",  # a part of the day after it
        "2019-03-05 下午3点",
        "2019-03-05 04:30 PM",  # a 12-hour clock's time after it
    ],
)
def test_common_date_forms_read_as_the_same_day(text):
    assert parse_date(text) == date(2019, 3, 5)


def test_unambiguous_day_first_and_month_first():
    assert parse_date("25/12/2019") == date(2019, 12, 25)
    assert parse_date("12/25/2019") == date(2019, 12, 25)
    assert parse_date("05/05/2019") == date(2019, 5, 5)


def test_ambiguous_day_month_is_never_guessed():
    with pytest.raises(AmbiguousDate, match="ambiguous"):
        parse_date("03/05/2019")


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["25/03/2019", "03/05/2019", None, 5], "dmy"),  # a day over 12 first: day first
        (["03/25/2019", "03/05/2019 14:30"], "mdy"),
        (["25.03.2019", "2019-03-05"], "dmy"),  # the year-first ones tell nothing
        (["25/03/2019", "03/25/2019"], None),  # both: no order
        (["03/05/2019", "05/05/2019"], None),  # none tells
        (["31/31/2019"], None),
    ],
)
def test_a_columns_day_order_is_told_by_the_dates_only_one_order_reads(values, order):
    from crm_desktop.services.validation import day_order

    assert day_order(values) == order


def test_a_date_in_its_columns_order_reads_without_doubt():
    from crm_desktop.services.validation import in_day_order

    assert in_day_order("03/05/2019", "dmy") == "2019-05-03"
    assert in_day_order("03/05/2019", "mdy") == "2019-03-05"
    assert in_day_order("０３/０５/２０１９ 14:30", "dmy") == "2019-05-03 14:30"
    assert parse_date(in_day_order("3.5.2019", "dmy")) == date(2019, 5, 3)
    assert in_day_order("31/02/2019", "dmy") == "31/02/2019"  # no such day: refused as written
    assert in_day_order("2019-03-05", "mdy") == "2019-03-05"
    assert in_day_order(date(2019, 3, 5), "dmy") == date(2019, 3, 5)


def test_a_named_months_two_digit_year_is_read_as_excel_reads_it():
    assert parse_date("5-Mar-29") == date(2029, 3, 5)
    assert parse_date("5-Mar-30") == date(1930, 3, 5)
    assert parse_date("Sept 30, 1995") == date(1995, 9, 30)
    assert parse_date("二〇二三年十二月三十一日") == date(2023, 12, 31)


@pytest.mark.parametrize(
    "text", ["2019-02-30", "2019-13-01", "20191301", "30-Feb-2019", "二〇一九年二月三十日"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError, match="not a real date"):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["next tuesday", "2019", "3月5日", "Marz 5, 2019", "5-Mayo-2019", "Mar 2019"]
)
def test_text_that_is_no_date(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_dates_and_datetimes_pass_through():
    assert parse_date(datetime(2020, 1, 2, 3, 4)) == date(2020, 1, 2)
    assert parse_date(None) is None and parse_date("") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.50", "1234.50"),
        ("¥1234", "1234.00"),
        ("１２３４．５", "1234.50"),
        ("12 000 元", "12000.00"),
        (1234, "1234.00"),
        (0.1, "0.10"),
        ("0", "0.00"),
    ],
)
def test_amounts(raw, expected):
    assert parse_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "negative"),
        ("abc", "not a number"),
        ("1.234", "decimal places"),
        ("nan", "not a number"),
    ],
)
def test_bad_amounts_say_why(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_decimal(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a", "A"),
        ("A级", "A"),
        ("Ｂ", "B"),
        ("增值税发票", "vat"),
        ("VAT invoice", "vat"),
        ("vat", "vat"),
    ],
)
def test_choices_by_code_or_label(raw, expected):
    choices = "invoice_type" if expected == "vat" else "credit_rating"
    assert parse_choice(raw, choices) == expected


def test_unknown_choice_lists_the_allowed_values():
    """A refused choice lists the labels in the reader's language, never the keys."""
    with pytest.raises(InvalidValue) as refused:
        parse_choice("E", "credit_rating")
    assert refused.value.msg.code == "validation.not_a_choice"
    assert str(refused.value) == "'E' is not one of: Grade A, Grade B, Grade C"
    with pytest.raises(InvalidValue) as refused:
        parse_choice("民营", "org_type")
    zh = refused.value.render("zh_CN")
    assert zh == "“民营”不在可选范围内，可选：国营企业、乡镇企业、个体、外商独资、“中外合资、合作”"
    assert "state_owned" not in refused.value.render("en")
    assert "State-owned, Township enterprise" in refused.value.render("en")


def test_unified_social_credit_code_check_digit():
    """91350100M000100Y43 is a published example code; changing its last character breaks it."""
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert parse_tax_id(" 91350100m000100y43 ") == "91350100M000100Y43"
    with pytest.raises(ValueError, match="check digit"):
        parse_tax_id("91350100M000100Y44")
    with pytest.raises(ValueError, match="never contains"):
        parse_tax_id("91350100M000100I43")
    assert parse_tax_id("110108123456789") == "110108123456789"  # 15-digit old tax number
    with pytest.raises(ValueError, match="neither"):
        parse_tax_id("12-34")


def test_valid_usccs_agrees_with_parse_tax_id():
    """The column-wise check says valid exactly where the card's own rule accepts the text
    as it is."""
    import random

    from crm_desktop.services.validation import USCC_CHARSET, valid_usccs

    rng = random.Random(7)
    texts = []
    for _ in range(3_000):
        body = "".join(rng.choice(USCC_CHARSET) for _ in range(17))
        good = body + uscc_check_char(body)
        texts.append(
            rng.choice(
                [
                    good,
                    good[:17] + rng.choice(USCC_CHARSET),  # a check character, right or not
                    good[:5] + rng.choice("IOSVZ中ａ ") + good[6:],  # never in a code
                    good[:-1],
                    good + "0",
                    "",
                ]
            )
        )
    valid = valid_usccs(texts)
    for text, ok in zip(texts, valid, strict=True):
        try:
            accepted = parse_tax_id(text) == text and len(text) == 18
        except ValueError:
            accepted = False
        assert ok == accepted, text
    assert 300 < sum(valid) < 1_000  # about a sixth of them, and a few lucky check characters


@pytest.mark.parametrize(
    ("typed", "days"),
    [("30", 30), ("30天", 30), ("30 天", 30), ("３０日", 30), ("月结60天", 60), ("账期45天", 45),
     ("net 30 days", 30), (" 90 Days ", 90), ("货到30天付款", 30), ("票到60天", 60),
     ("三十天", 30), ("1个月", 30), ("两个月", 60), ("半个月", 15), ("开票后45天", 45)],
)  # fmt: skip
def test_days_are_read_with_their_unit(typed, days):
    """A number of days as lists write it, by the card's rule (editor and importer)."""
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
    from crm_desktop.services.validation import clean_value

    assert clean_value(CUSTOMER_FIELD_MAP["collection_days"], typed) == days
    assert clean_value(CUSTOMER_FIELD_MAP["contact_interval_days"], typed) == days


@pytest.mark.parametrize("typed", ["30-60天", "月结", "30小时", "一年"])
def test_days_in_words_or_ranges_are_not_days(typed):
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
    from crm_desktop.services.validation import clean_value

    with pytest.raises(InvalidValue):
        clean_value(CUSTOMER_FIELD_MAP["collection_days"], typed)


@pytest.mark.parametrize("typed", ["500㎡", "500 平米", "1,200.5平方米", "500m2", "500 m²"])
def test_an_area_is_read_with_its_unit(typed):
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
    from crm_desktop.services.validation import clean_value

    value = clean_value(CUSTOMER_FIELD_MAP["warehouse_area"], typed)
    assert value in (Decimal("500"), Decimal("1200.5"))


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("50.000,00", "50000.00"),  # a CSV from a German Excel: dots group, the comma is the point
        ("¥50.000,00", "50000.00"),
        ("1.234.567", "1234567.00"),
        ("1.234.567,89 元", "1234567.89"),
        ("1.200", "1.20"),  # one dot group alone: the point, as everywhere in China
        ("50,000.00", "50000.00"),
        ("12.50", "12.50"),
    ],
)
def test_an_amount_grouped_the_european_way_is_not_cut_short(typed, amount):
    """50.000,00 was read as 50.00: the grouping's dots as the point, the comma dropped."""
    assert parse_money(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        ([None, "华东销售部客户拜访记录表", "2024年5月客户拜访记录"], 2024),
        (["拜访记录 2024.05"], 2024),
        (["2024-05拜访"], 2024),
        (["visits_2023"], 2023),
        (["客户12345678", "Sheet1"], None),
    ],
)
def test_the_year_a_title_says(texts, year):
    from crm_desktop.services.validation import year_said

    assert year_said(texts) == year


def test_a_day_without_its_year_in_a_year():
    from crm_desktop.services.validation import with_year

    assert with_year("5月6日", 2024) == "2024-05-06"
    assert with_year("5月6号 14:30", 2024) == "2024-05-06 14:30"
    assert with_year("5/6", 2024) == "2024-05-06"  # month first, as 5月6日
    assert with_year("2/30", 2024) == "2/30"  # no such day: refused as written
    assert with_year("2024-05-06", 2023) == "2024-05-06"


@pytest.mark.parametrize("text", ["11010519491231002X", "440305198001010013", "11010519491231002x"])
def test_a_persons_id_number_is_their_tax_id(text):
    """An individual customer's 纳税人识别号 is their 居民身份证号码, with its own check
    character (GB 11643), not a credit code's."""
    assert parse_tax_id(text) == text.upper()


def test_an_id_number_with_a_wrong_check_character_says_so():
    with pytest.raises(InvalidValue) as caught:
        parse_tax_id("440305198001010014")
    assert caught.value.msg.code == "validation.resident_id_check_digit"
    with pytest.raises(InvalidValue) as caught:  # a credit code still says credit code
        parse_tax_id("913101151322254516")
    assert caught.value.msg.code == "validation.uscc_check_digit"


@pytest.mark.parametrize(
    "typed", ["$12,000.00", "USD 12,000", "€5.000,00", "HK$500,000", "100万美元", "3000万港币"]
)
def test_an_amount_in_another_currency_is_not_yuan(typed):
    """$12,000.00 is no 12,000 yuan: refused with its own message, never stored as yuan."""
    with pytest.raises(InvalidValue) as refused:
        parse_money(typed)
    assert refused.value.msg.code == "validation.foreign_currency"


@pytest.mark.parametrize(
    ("text", "day"),
    [("民國113年5月6日", date(2024, 5, 6)), ("113/05/06", date(2024, 5, 6)),
     ("076/11/02", date(1987, 11, 2)), ("民国88年3月15日", date(1999, 3, 15))],
)  # fmt: skip
def test_a_day_of_the_republic_of_china_calendar(text, day):
    """A Taiwan list's 民國 years: 113 is 2024."""
    assert parse_date(text) == day
