"""Pipedrive (and CRMs like it) export each record's fields under its name: "Organization -
Name", "Organization - Phone", "Person - Email", "Person - Organization". The
organizations export is a customer list; the persons export is their people, each filed
under the customer their organization is, whether that customer came in a moment ago
or is already in the CRM. Zoho's accounts export says "Billing State" and "Last Activity
Time"."""

from __future__ import annotations

from datetime import datetime

import pytest
from import_samples import write_csv

from crm_desktop.models import Contact, Customer, FollowUp
from crm_desktop.services import importing
from crm_desktop.services.importing.headers import auto_map

ORGS = ["Organization - Name", "Organization - Address", "Organization - Owner",
        "Organization - Phone", "Organization - Label", "Organization - Last activity date"]  # fmt: skip
PEOPLE = ["Person - Name", "Person - Organization", "Person - Email", "Person - Phone",
          "Person - Job title"]  # fmt: skip


def test_the_exports_headers_name_their_fields():
    assert [c.field for c in auto_map(ORGS)] == [
        "name", "address", "owner", "phone", None, "followup_last_at",
    ]  # fmt: skip
    assert [c.field for c in auto_map(PEOPLE)] == [
        "contact_name", "company_of", "contact1_email", "contact_phone", "contact1_title",
    ]  # fmt: skip
    zoho = ["Account Name", "Billing Street", "Billing City", "Billing State", "Billing Code",
            "Last Activity Time"]  # fmt: skip
    assert [c.field for c in auto_map(zoho)] == [
        "name", "address", "address_city", "address_province", "address_zip",
        "followup_last_at",
    ]  # fmt: skip


def _people(name: str) -> dict[str, tuple[str, str]]:
    card = Customer.get(Customer.name == name)
    live = Contact.select().where(Contact.customer == card, Contact.deleted_at.is_null())
    return {p.name: (p.title, p.email) for p in live}


@pytest.fixture
def orgs(admin, tmp_path):
    rows = [
        ["Müller Maschinenbau GmbH", "Königstraße 1, 70173 Stuttgart, Germany", "admin",
         "+49 711 1234567", "Customer", "2024-11-02"],
        ["ACME Tools Ltd.", "221B Baker Street, London NW1 6XE, UK", "", "+44 20 7946 0958",
         "Prospect", ""],
    ]  # fmt: skip
    result = importing.run_import(
        admin, importing.open_source(admin, write_csv(tmp_path / "organizations.csv", rows, ORGS))
    )
    assert (result.created, result.rejected, result.followups_done) == (2, 0, 1)
    return result


PEOPLE_ROWS = [
    ["Anna Schmidt", "Müller Maschinenbau GmbH", "a.schmidt@mueller-mb.de", "+49 711 1234568",
     "Einkauf"],
    ["Hans Müller", "Müller Maschinenbau GmbH", "h.mueller@mueller-mb.de", "+49 711 1234567",
     "Geschäftsführer"],
    ["Sarah O'Connor", "ACME Tools Ltd.", "sarah@acmetools.co.uk", "", "Buyer"],
    ["Tom Baker", "", "tom@example.com", "", "Consultant"],
]  # fmt: skip


def test_the_persons_export_files_each_person_under_the_customer_already_there(
    orgs, admin, tmp_path
):
    """The organizations came first: each person goes under theirs, the cards' own fields
    left as they are; a person of no organization is a customer by their own name. Undo
    takes the people away again."""
    card = Customer.get(Customer.name == "Müller Maschinenbau GmbH")
    path = write_csv(tmp_path / "persons.csv", PEOPLE_ROWS, PEOPLE)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.skipped, result.rejected) == (1, 3, 0)
    assert _people("Müller Maschinenbau GmbH") == {
        "Anna Schmidt": ("Einkauf", "a.schmidt@mueller-mb.de"),
        "Hans Müller": ("Geschäftsführer", "h.mueller@mueller-mb.de"),
    }
    assert _people("ACME Tools Ltd.") == {"Sarah O'Connor": ("Buyer", "sarah@acmetools.co.uk")}
    assert Customer.get_by_id(card.id).version == card.version  # the card is as it was
    assert "Tom Baker" in _people("Tom Baker")
    reasons = dict(result.skipped_rows)
    assert reasons[2].endswith("this row's people (Anna Schmidt) are filed under that customer")
    importing.undo_import(admin, result.batch_id)
    assert _people("Müller Maschinenbau GmbH") == {}
    assert FollowUp.select().count() == 1 and FollowUp.get().done_at == datetime(2024, 11, 2, 9)


def test_the_persons_export_alone_makes_the_organizations_customers(admin, tmp_path):
    path = write_csv(tmp_path / "persons.csv", PEOPLE_ROWS, PEOPLE)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (3, 0)
    assert set(_people("Müller Maschinenbau GmbH")) == {"Anna Schmidt", "Hans Müller"}


def test_the_preview_shows_a_person_of_a_customer_already_there_as_a_contact(
    orgs, admin, tmp_path, monkeypatch
):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    path = write_csv(tmp_path / "persons.csv", PEOPLE_ROWS, PEOPLE)
    checks = importing.preview(admin, importing.open_source(admin, path))
    assert [c.status for c in checks] == ["person", "person", "person", "new"]
    assert checks[0].duplicate_reason == (
        "与已有客户的名称相同；本行的联系人（Anna Schmidt）归入该客户"
    )
