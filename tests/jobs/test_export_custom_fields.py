"""The export writes custom fields as columns, read back from the workbook."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from crm_desktop.jobs.export import export_customers
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customers import CustomerQuery, create_customer


def test_export_writes_custom_fields_after_the_builtin_ones(tmp_path, admin):
    """Every custom field becomes a column labelled in the export's language, its cells
    numbers, dates and labels, in the list's order and for the chosen columns only."""
    money = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    day = custom_defs.define_field(admin, "首次合作", "First deal", "date")
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["核心", "一般"])
    a = create_customer(admin, {"name": "甲公司", "code": "C000001"})
    create_customer(admin, {"name": "乙公司", "code": "C000002"})
    custom_values.set_values(
        admin, "customer", a.id, {money.name: "5万", day.name: "2020-05-01", tier.name: "核心"}
    )

    out = tmp_path / "all.xlsx"
    export_customers(admin, out, lang="zh_CN")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["年采购量", "首次合作", "合作层级"]
    first = [c.value for c in sheet[2]][-3:]
    assert first == [50000, datetime(2020, 5, 1), "核心"]
    assert [c.value for c in sheet[3]][-3:] == [None, None, None]

    out = tmp_path / "some.xlsx"
    columns = ["name", tier.name, "code"]
    export_customers(admin, out, CustomerQuery(sort="code"), columns, lang="en")
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Customer name", "Tier", "Customer code")
    assert rows[1] == ("甲公司", "核心", "C000001")
