"""Headers as lists from abroad and other CRMs write them: in two languages (公司名称
Company Name, 公司名称/Company Name, a line each), Hong Kong's and Taiwan's words (職稱,
手提電話, 電郵, 信貸額, 開戶日期, 最後聯絡日期), Dynamics 365's hidden "(Do Not Modify)"
columns and HubSpot's contacts export (Associated Company)."""

from __future__ import annotations

from datetime import date

import pytest
from import_samples import write_csv, write_xlsx

from crm_desktop.models import Contact, Customer, FollowUp
from crm_desktop.services import importing


def _import(actor, path) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path))


def _card(name: str) -> Customer:
    return Customer.get(Customer.name == name)


def _people(card: Customer) -> list[tuple[str, str, str, str]]:
    query = Contact.select().where(Contact.customer == card.id).order_by(Contact.id)
    return [(p.name, p.title or "", p.mobile or "", p.email or "") for p in query]


# --- 1. headers in two languages ------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        ["公司名称 Company Name", "联系人 Contact", "电话 Tel", "国家 Country"],
        ["公司名称/Company Name", "联系人/Contact", "电话／Tel", "国家/Country"],
        ["公司名称\nCompany Name", "联系人\nContact", "电话\nTel", "国家\nCountry"],
        ["Company Name 公司名称", "Contact Person 联系人", "Tel 电话", "Country 国家"],
    ],
    ids=["space", "slash", "line-break", "english-first"],
)
def test_a_header_in_two_languages_is_read_by_its_known_part(admin, tmp_path, headers):
    """A fair's or a foreign-trade list's headers say each column in Chinese and in
    English: the file is no longer refused for want of a name column."""
    rows = [["Müller Maschinenbau GmbH", "Thomas Müller", "+49 89 1234567", "Germany"]]
    result = _import(admin, write_xlsx(tmp_path / "fair.xlsx", rows, headers))
    assert (result.created, result.rejected) == (1, 0)
    card = _card("Müller Maschinenbau GmbH")
    assert (card.contact_name, card.phone, card.address) == (
        "Thomas Müller", "+49 89 1234567", "Germany",
    )  # fmt: skip
    assert not card.remarks


HK_HEADERS = ["公司名稱 Company Name", "英文名稱", "商業登記號碼 BR No.", "聯絡人 Contact",
              "職位 Title", "電話 Tel", "手提電話 Mobile", "傳真 Fax", "電郵 Email",
              "地址 Address", "開戶日期", "信貸額 Credit Limit", "備註"]  # fmt: skip


def test_a_hong_kong_list_maps_every_bilingual_column(admin, tmp_path):
    """中文名稱 / 英文名稱 beside bilingual headers in traditional characters: the Chinese
    name is the card's, the English one kept in the remarks, every other column mapped."""
    rows = [["香港信達貿易有限公司", "Shun Tat Trading Limited", "12345678-000-05-24-3",
             "陳大文", "採購經理", "+852 2123 4567", "+852 9123 4567", "+852 2123 4568",
             "peter.chan@shuntat.com.hk", "香港九龍觀塘道388號", "13/05/2024", 500000, ""]]  # fmt: skip
    path = write_xlsx(tmp_path / "hk.xlsx", rows, HK_HEADERS)
    source = importing.open_source(admin, path)
    assert [c.header for c in source.unmapped] == []
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (1, 0)
    card = _card("香港信達貿易有限公司")
    assert card.remarks == "英文名稱: Shun Tat Trading Limited"
    assert (card.license_no, card.phone, card.fax, card.email, card.address) == (
        "12345678-000-05-24-3", "+852 2123 4567", "+852 2123 4568",
        "peter.chan@shuntat.com.hk", "香港九龍觀塘道388號",
    )  # fmt: skip
    assert card.trading_since == date(2024, 5, 13) and card.credit_limit == 500000
    assert _people(card) == [("陳大文", "採購經理", "+852 9123 4567", "peter.chan@shuntat.com.hk")]


# --- 2. Dynamics 365's hidden columns -------------------------------------------------


def test_dynamics_365_hidden_columns_are_left_out(admin, tmp_path):
    """ "(Do Not Modify) Account" holds the record's GUID: not the customer's name, which
    is Account Name; the checksum and time of change are not kept in the remarks either.
    Main Phone and the parts of Address 1 are the card's."""
    headers = ["(Do Not Modify) Account", "(Do Not Modify) Row Checksum",
               "(Do Not Modify) Modified On", "Account Name", "Main Phone",
               "Address 1: Street 1", "Address 1: City", "Address 1: ZIP/Postal Code",
               "Address 1: Country/Region"]  # fmt: skip
    rows = [["7a1c7d4e-3b1f-ee11-9cbd-000d3a5c2f1e", "kV3sJx1Nq0Q1vMZ8Y2Zz9mS1lQk=",
             "2024-05-06 14:22:11", "Litware, Inc.", "425-555-0100", "1 Microsoft Way",
             "Redmond", "98052", "United States"]]  # fmt: skip
    result = _import(admin, write_xlsx(tmp_path / "Active Accounts.xlsx", rows, headers))
    assert (result.created, result.rejected) == (1, 0)
    card = _card("Litware, Inc.")
    assert card.phone == "425-555-0100"
    assert card.address == "1 Microsoft Way, Redmond, 98052, United States"
    assert not card.remarks


# --- 3. Taiwan's and Hong Kong's words ------------------------------------------------


def test_taiwan_and_hong_kong_words(admin, tmp_path):
    headers = ["客戶名稱", "聯絡人", "職稱", "手提電話", "電郵", "信貸額", "開戶日期",
               "業務員", "最後聯絡日期", "下次聯絡日期"]  # fmt: skip
    rows = [["台北永光實業有限公司", "林志明", "採購主任", "0912-345-678", "lin@yk.com.tw",
             300000, "2020-03-01", "admin", "2024-05-06", "2099-01-15"]]  # fmt: skip
    result = _import(admin, write_csv(tmp_path / "tw.csv", rows, headers))
    assert (result.created, result.rejected) == (1, 0)
    assert (result.followups_done, result.followups_planned) == (1, 1)
    card = _card("台北永光實業有限公司")
    assert (card.email, card.credit_limit, card.trading_since) == (
        "lin@yk.com.tw", 300000, date(2020, 3, 1),
    )  # fmt: skip
    assert _people(card) == [("林志明", "採購主任", "0912-345-678", "lin@yk.com.tw")]
    assert not card.remarks
    done = FollowUp.get(FollowUp.customer == card.id, FollowUp.done_at.is_null(False))
    assert done.done_at.date() == date(2024, 5, 6)


# --- 4. HubSpot's contacts export -----------------------------------------------------


def test_hubspot_contacts_are_filed_under_their_associated_company(admin, tmp_path):
    """Associated Company is the company each person is of, as Pipedrive's "Person -
    Organization": the file is not refused, and the people go under their companies."""
    headers = ["Record ID", "First Name", "Last Name", "Email", "Job Title",
               "Associated Company"]  # fmt: skip
    rows = [["101", "Nancy", "Davolio", "nancy@northwind.com", "Purchasing Manager",
             "Northwind Traders"],
            ["102", "Andrew", "Fuller", "andrew@northwind.com", "VP Sales", "Northwind Traders"],
            ["103", "Hans", "Gruber", "", "", "Fabrikam GmbH"]]  # fmt: skip
    result = _import(admin, write_csv(tmp_path / "hubspot-contacts.csv", rows, headers))
    assert (result.created, result.rejected) == (2, 0)
    assert [name for name, *_ in _people(_card("Northwind Traders"))] == [
        "Nancy Davolio", "Andrew Fuller",
    ]  # fmt: skip
    assert [name for name, *_ in _people(_card("Fabrikam GmbH"))] == ["Hans Gruber"]
