"""`crm-desktop export customers` from the command line."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from crm_desktop.cli import main
from crm_desktop.services.fields import CUSTOMER_FIELDS

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--customers", "30", "--seed", "5"]) == 0
    return path


def test_export_all_in_chinese(demo_file, tmp_path, capsys, monkeypatch):
    """Every demo customer, every field, Chinese headers; the summary names the count."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    capsys.readouterr()
    out = tmp_path / "客户.xlsx"
    assert main(["--db", str(demo_file), "export", "customers", str(out)]) == 0
    assert "已导出 30 位客户" in capsys.readouterr().out  # the summary in the user's language
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert list(rows[0]) == [f.zh for f in CUSTOMER_FIELDS]
    con = sqlite3.connect(demo_file)
    db_rows = dict(con.execute("SELECT code, name FROM customer").fetchall())
    con.close()
    assert {r[1]: r[0] for r in rows[1:]} == db_rows
    ws = openpyxl.load_workbook(out, read_only=True).active
    assert ws.max_row == 31


def test_salesperson_not_allowed(demo_file, tmp_path, capsys):
    """A salesperson may not bulk-export: exit 2, 'not allowed', no file."""
    out = tmp_path / "s.xlsx"
    assert main(["--db", str(demo_file), "--user", "sales1", "export", "customers", str(out)]) == 2
    assert "not allowed" in capsys.readouterr().err.lower()
    assert not out.exists()


def test_filters_and_columns(demo_file, tmp_path, capsys):
    """--stage and --columns narrow the export."""
    out = tmp_path / "f.xlsx"
    args = ["--db", str(demo_file), "export", "customers", str(out), "--stage", "current"]
    assert main([*args, "--columns", "code,name,stage"]) == 0
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert list(rows[0]) == ["Customer code", "Customer name", "Lifecycle stage"]
    assert rows[1:] and all(r[2] == "Current" for r in rows[1:])
    assert main([*args, "--columns", "code,bogus"]) == 2
    assert "bogus" in capsys.readouterr().err
