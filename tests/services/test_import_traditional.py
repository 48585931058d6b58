"""Lists headed in traditional Chinese (Taiwan, Hong Kong, Big5 files) map like simplified ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from import_samples import _valid_uscc, write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.fields import CHOICES, CUSTOMER_FIELDS
from crm_desktop.services.importing import headers
from crm_desktop.services.importing.choices import VALUE_SYNONYMS, map_choice
from crm_desktop.services.importing.traditional import HAN_SAME, S2T, traditional_forms

TW_HEADERS = ["客戶名稱", "客戶編號", "聯繫人", "職務", "手機", "電話", "地址", "統一編號",
              "信用額度（萬元）", "收款期限（天）", "電子郵件", "備註"]  # fmt: skip
TW_ROWS = [
    ["台北華夏科技股份有限公司", "TW001", "張偉", "採購經理", "0912345678", "02-23456789",
     "台北市中正區重慶南路一段122號", _valid_uscc(), 5, 30, "zhang@huaxia.tw", "老客戶"],
    ["高雄東方貿易有限公司", "TW002", "李娜", "財務主管", "0987654321", "07-7654321",
     "高雄市前鎮區中山二路2號", "", 12, 45, "", ""],
]  # fmt: skip


def _header_words() -> list[str]:
    words = [spec.zh for spec in CUSTOMER_FIELDS]
    for table in (headers.SYNONYMS, headers._CONTACT_WORDS, headers._NUMBERED_WORDS,
                  headers._ADDRESS_WORDS, headers._PERSON_WORDS, headers._FOLLOWUP_WORDS):  # fmt: skip
        for group in table.values():
            words.extend(group)
    return words


def _value_words() -> list[str]:
    words = [zh for table in CHOICES.values() for zh, _en in table.values()]
    for table in VALUE_SYNONYMS.values():
        for group in table.values():
            words.extend(group)
    return words


def test_the_character_map_covers_every_header_word():
    """Each Chinese character of a header or choice-value word is either in the map or known
    to be written the same in both scripts, so a new synonym cannot silently lack its
    traditional form."""
    words = _header_words() + _value_words()
    chars = {ch for word in words for ch in word if "\u4e00" <= ch <= "\u9fff"}
    missing = sorted(chars - set(S2T) - HAN_SAME)
    assert missing == []
    assert not set(S2T) & HAN_SAME


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("客戶名稱", "name"),
        ("客戶電話", "phone"),  # whose, then what, in traditional characters
        ("往來單位編碼", "code"),
        ("聯繫人", "contact_name"),
        ("聯絡人", "contact_name"),
        ("電話", "phone"),
        ("手機", "contact1_mobile"),
        ("行動電話", "contact1_mobile"),
        ("地址", "address"),
        ("統一編號", "tax_id"),
        ("信用額度", "credit_limit"),
        ("註冊資金", "registered_capital"),
        ("備註", "remarks"),
        ("郵遞區號", "address_zip"),
        ("聯繫人2", "contact2_name"),
        ("手機2", "contact2_mobile"),
    ],
)
def test_traditional_headers_name_the_same_targets(header, field):
    """A traditional header names what its simplified spelling names."""
    assert headers.match_header(header)[0] == field


def test_a_word_gets_each_spelling_in_use():
    """Characters with two traditional forms in use give both spellings (備註 and 備注)."""
    assert set(traditional_forms("备注")) == {"備註", "備注"}
    assert traditional_forms("地址") == []  # written the same: nothing to add


def test_a_traditional_header_keeps_its_unit():
    """信用額度（萬元）is the credit limit in units of 10,000 yuan."""
    column = headers.auto_map(["信用額度（萬元）"])[0]
    assert (column.field, column.multiplier) == ("credit_limit", 10_000)


def test_big5_csv_with_traditional_headers_imports_every_field(admin, tmp_path):
    """A Big5 CSV headed 客戶名稱/聯繫人/電話/地址/統一編號/信用額度 fills those fields."""
    text = "\r\n".join(
        ",".join("" if v is None else str(v) for v in row) for row in [TW_HEADERS, *TW_ROWS]
    )
    path = tmp_path / "tw.csv"
    path.write_bytes((text + "\r\n").encode("cp950"))
    source = importing.open_source(admin, path)
    assert [c.field for c in source.columns][:3] == ["name", "code", "contact_name"]
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (2, 0)
    card = Customer.get(Customer.code == "TW001")
    assert card.name == "台北華夏科技股份有限公司"
    assert (card.contact_name, card.phone, card.tax_id) == ("張偉", "02-23456789", _valid_uscc())
    assert card.address == "台北市中正區重慶南路一段122號"
    assert card.credit_limit == Decimal("50000.00")
    assert card.collection_days == 30
    assert card.remarks == "老客戶"
    person = Contact.get(Contact.customer == card.id)
    assert (person.name, person.title, person.mobile) == ("張偉", "採購經理", "0912345678")


def test_traditional_header_workbook_maps_itself(admin, tmp_path):
    """An .xlsx with traditional headers maps every column without the user's help."""
    path = write_xlsx(tmp_path / "tw.xlsx", TW_ROWS, TW_HEADERS, sheet="客戶")
    source = importing.open_source(admin, path)
    assert source.unmapped == []
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (2, 0)
    card = Customer.get(Customer.code == "TW002")
    assert (card.name, card.credit_limit) == ("高雄東方貿易有限公司", Decimal("120000.00"))
    assert card.email == "" and card.collection_days == 45


@pytest.mark.parametrize(
    ("choices", "value", "code"),
    [
        ("org_type", "國營企業", "state_owned"),
        ("org_type", "國有企業", "state_owned"),
        ("org_type", "鄉鎮企業", "township"),
        ("org_type", "中外合資", "joint_venture"),
        ("invoice_type", "專票", "vat"),
        ("invoice_type", "增值稅發票", "vat"),
        ("invoice_type", "普通發票", "ordinary"),
        ("payment_terms", "先款後貨", "prepaid"),
        ("abc_class", "重點客戶", "A"),
        ("stage", "潛在客戶", "potential"),
    ],
)
def test_traditional_choice_values_map_like_simplified_ones(choices, value, code):
    """A choice written in traditional characters (國營企業, 專票) names the same choice."""
    assert map_choice(choices, value) == code


def test_traditional_choice_values_fill_their_fields(admin, tmp_path):
    """A Big5 list's 企業性質 國營企業 and 發票種類 專票 fill the card's choices, not its remarks."""
    rows = [
        ["台北華夏科技股份有限公司", "國營企業", "專票"],
        ["高雄東方貿易有限公司", "鄉鎮企業", "普通發票"],
    ]
    text = "\r\n".join(",".join(row) for row in [["客戶名稱", "企業性質", "發票種類"], *rows])
    path = tmp_path / "tw.csv"
    path.write_bytes((text + "\r\n").encode("cp950"))
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected, result.notes) == (2, 0, [])
    cards = {c.name: (c.org_type, c.invoice_type, c.remarks) for c in Customer.select()}
    assert cards == {
        "台北華夏科技股份有限公司": ("state_owned", "vat", ""),
        "高雄東方貿易有限公司": ("township", "ordinary", ""),
    }
