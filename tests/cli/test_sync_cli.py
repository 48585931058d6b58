"""`export customers --for-update` and its take-back through `import customers`."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import openpyxl
import pytest

from crm_desktop.cli import main

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def sent(tmp_path, monkeypatch, capsys):
    """A demo database and the for-update workbook of one of its salespeople."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo", "--customers", "40", "--seed", "3"]) == 0
    con = sqlite3.connect(db)
    owner = con.execute(
        "SELECT u.username FROM customer c JOIN user u ON u.id = c.owner_id "
        "GROUP BY u.username ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    con.close()
    out = tmp_path / "out.xlsx"
    capsys.readouterr()
    assert (
        main(["--db", str(db), "export", "customers", str(out), "--for-update", "--owner", owner])
        == 0
    )
    assert "已导出业务员表格" in capsys.readouterr().out
    return db, out


def _set(path, target, header, value, row=2):
    wb = openpyxl.load_workbook(path)
    ws = wb["客户"]
    headers = [c.value for c in ws[1]]
    ws.cell(row, headers.index(header) + 1).value = value
    wb.save(target)
    return ws.cell(row, headers.index("客户代号") + 1).value


def test_conflict_exits_1_and_saves_conflicts(sent, tmp_path, capsys):
    """A field changed in both places: the others applied, the conflict listed and saved
    beside the file, exit 1; `--conflicts take` then decides it for the workbook."""
    db, out = sent
    back = tmp_path / "back.xlsx"
    code = _set(out, back, "电话", "010-22222222")
    from crm_desktop.models import close_database, database, open_database
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import get_customer, update_customer

    open_database(db)
    admin = get_actor("admin")
    update_customer(admin, get_customer(admin, code=code).id, {"phone": "010-11111111"})
    close_database()
    database.initialize(None)
    capsys.readouterr()
    assert main(["--db", str(db), "import", "customers", str(back), "--dry-run"]) == 1
    assert "冲突 1 处" in capsys.readouterr().out  # listed, nothing written
    assert not (tmp_path / "back.conflicts.xlsx").exists()
    assert main(["--db", str(db), "import", "customers", str(back)]) == 1
    err = capsys.readouterr().err
    assert "010-22222222" in err and "010-11111111" in err
    saved = tmp_path / "back.conflicts.xlsx"
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][3] == "字段" and rows[1][1] == code
    assert main(["--db", str(db), "import", "customers", str(back), "--conflicts", "take"]) == 0
    open_database(db)
    assert get_customer(get_actor("admin"), code=code)["phone"] == "010-22222222"
    close_database()
    database.initialize(None)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbook_resaved_by_libreoffice_is_matched(sent, tmp_path, capsys):
    """A workbook edited and re-saved by LibreOffice is still taken back by its record IDs."""
    db, out = sent
    edited = tmp_path / "edited.xlsx"
    _set(out, edited, "地址", "LibreOffice 路 1 号")
    conv = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(conv), str(edited)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    capsys.readouterr()
    assert main(["--db", str(db), "import", "customers", str(conv / "edited.xlsx")]) == 0
    summary = capsys.readouterr().out
    assert "已写入 1 条记录的 1 个字段" in summary
