"""Import: --keep-unmapped makes unmapped columns custom fields; an export maps back."""

from __future__ import annotations

import pytest
from import_samples import write_xlsx

from crm_desktop.cli import main
from crm_desktop.models import Customer, close_database, database, open_database
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import values as custom_values


@pytest.fixture
def dbfile(db_path):
    """A fresh database file, closed so the CLI opens it itself."""
    open_database(db_path)
    close_database()
    database.initialize(None)
    return str(db_path)


def _read(db_path):
    open_database(db_path)
    try:
        fields = {f.zh: f for f in custom_defs.list_fields()}
        cards = {
            c.name: (c.remarks, custom_values.get_values("customer", c.id))
            for c in Customer.select().order_by(Customer.id)
        }
        return fields, cards
    finally:
        close_database()
        database.initialize(None)


def test_keep_unmapped_makes_text_custom_fields(dbfile, tmp_path, capsys):
    """With --keep-unmapped, unmapped columns become text fields holding the values, not
    remarks lines; without it they stay lines in the remarks."""
    rows = [["甲公司", "数控机床", "每月"], ["乙公司", "", "每季"]]
    path = write_xlsx(tmp_path / "list.xlsx", rows, ["客户名称", "主营产品", "采购周期"])
    assert main(["--db", dbfile, "import", "customers", str(path)]) == 0
    assert "kept in the remarks: 主营产品, 采购周期" in capsys.readouterr().err
    fields, cards = _read(dbfile)
    assert fields == {}
    assert "主营产品：数控机床" in cards["甲公司"][0] or "主营产品: 数控机床" in cards["甲公司"][0]

    rows = [["丙公司", "轴承", "每年"]]
    path = write_xlsx(tmp_path / "more.xlsx", rows, ["客户名称", "主营产品", "采购周期"])
    assert main(["--db", dbfile, "import", "customers", str(path), "--keep-unmapped"]) == 0
    err = capsys.readouterr().err
    assert "went into custom fields: 主营产品, 采购周期" in err
    assert "kept in the remarks" not in err
    fields, cards = _read(dbfile)
    assert set(fields) == {"主营产品", "采购周期"}
    remarks, values = cards["丙公司"]
    assert remarks == ""
    assert values == {fields["主营产品"].name: "轴承", fields["采购周期"].name: "每年"}


def test_export_read_back_maps_custom_columns(dbfile, tmp_path, capsys):
    """An export's custom columns feed the same fields when the file is imported again."""
    open_database(dbfile)
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import create_customer

    admin = get_actor("admin")
    money = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    card = create_customer(admin, {"name": "甲公司", "code": "C000001"})
    custom_values.set_values(admin, "customer", card.id, {money.name: "5万"})
    close_database()
    database.initialize(None)
    out = tmp_path / "all.xlsx"
    assert main(["--db", dbfile, "export", "customers", str(out)]) == 0
    open_database(dbfile)
    Customer.delete().execute()
    from crm_desktop.models import CustomValue

    CustomValue.delete().execute()
    close_database()
    database.initialize(None)
    assert main(["--db", dbfile, "import", "customers", str(out)]) == 0
    capsys.readouterr()
    fields, cards = _read(dbfile)
    remarks, values = cards["甲公司"]
    assert str(values[money.name]) == "50000.00"
    assert "年采购量" not in remarks and "Annual purchases" not in remarks


def test_undo_of_an_update_import_restores_custom_values_and_remarks(dbfile, tmp_path, capsys):
    """An update import that filled a custom field is undone: the old value and the remarks
    are back."""
    rows = [["甲公司", "K1", "轴承"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "客户代号", "主营产品"])
    assert main(["--db", dbfile, "import", "customers", str(path), "--keep-unmapped"]) == 0
    rows[0][2] = "电机"
    write_xlsx(path, rows, ["客户名称", "客户代号", "主营产品"])
    args = ["--db", dbfile, "import", "customers", str(path), "--on-duplicate", "update"]
    assert main(args) == 0
    capsys.readouterr()
    fields, cards = _read(dbfile)
    name = fields["主营产品"].name
    assert cards["甲公司"] == ("", {name: "电机"})

    open_database(dbfile)
    try:
        from crm_desktop.models import ImportBatch
        from crm_desktop.services.auth import get_actor
        from crm_desktop.services.importing import undo_import

        last = ImportBatch.select().order_by(ImportBatch.id.desc()).first()
        result = undo_import(get_actor("admin"), last.id)
        assert result.kept == []
    finally:
        close_database()
        database.initialize(None)
    fields, cards = _read(dbfile)
    assert cards["甲公司"] == ("", {name: "轴承"})
