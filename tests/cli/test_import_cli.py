"""`crm-desktop import customers`: summary line, rejected rows, exit codes, errors workbook."""

from __future__ import annotations

import openpyxl
import pytest
from import_samples import write_xlsx

from crm_desktop.cli import main
from crm_desktop.models import Customer, close_database, database, open_database


@pytest.fixture
def dbfile(db_path):
    """A fresh database file, closed so the CLI opens it itself."""
    open_database(db_path)
    close_database()
    database.initialize(None)
    return str(db_path)


def _count(db_path) -> int:
    open_database(db_path)
    try:
        return Customer.select().where(Customer.deleted_at.is_null()).count()
    finally:
        close_database()


def test_some_rejected_exit_1_with_errors_workbook(dbfile, tmp_path, capsys):
    path = write_xlsx(tmp_path / "list.xlsx")
    out = tmp_path / "rejected.xlsx"
    code = main(["--db", dbfile, "import", "customers", str(path), "--errors", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.strip() == "created 3, updated 0, skipped 1, rejected 1"
    assert "row 4: 成立日期: '03/05/2019' is ambiguous" in captured.err
    assert "row 5, 客户分类 'Z': is not one of the choices (Class A, " in captured.err
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "广州宏达电子有限公司"
    assert _count(dbfile) == 3


def test_clean_file_exit_0_then_update(dbfile, tmp_path, capsys):
    rows = [["甲公司", "K1", "张三"], ["乙公司", "K2", "李四"]]
    path = write_xlsx(tmp_path / "ok.xlsx", rows, ["Customer", "Code", "Contact"])
    assert main(["--db", dbfile, "import", "customers", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "created 2, updated 0, skipped 0, rejected 0"
    rows[0][2] = "王五"
    write_xlsx(path, rows, ["Customer", "Code", "Contact"])
    assert main(["--db", dbfile, "import", "customers", str(path), "--on-duplicate", "update"]) == 0
    assert capsys.readouterr().out.strip() == "created 0, updated 1, skipped 1, rejected 0"


def test_strict_and_dry_run_write_nothing(dbfile, tmp_path, capsys):
    path = write_xlsx(tmp_path / "list.xlsx")
    assert main(["--db", dbfile, "import", "customers", str(path), "--strict"]) == 1
    assert "refused (strict)" in capsys.readouterr().out
    assert main(["--db", dbfile, "import", "customers", str(path), "--dry-run"]) == 1
    assert capsys.readouterr().out.startswith("dry run: created 3")
    assert _count(dbfile) == 0


def test_unreadable_file_and_missing_name_column_exit_2(dbfile, tmp_path, capsys):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a workbook")
    assert main(["--db", dbfile, "import", "customers", str(junk)]) == 2
    assert "not a spreadsheet" in capsys.readouterr().err
    path = write_xlsx(tmp_path / "n.xlsx", [["x"]], ["颜色"])
    assert main(["--db", dbfile, "import", "customers", str(path)]) == 2
    assert "customer name" in capsys.readouterr().err
    assert main(["--db", dbfile, "import", "customers", str(tmp_path / "missing.xlsx")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_sheet_option(dbfile, tmp_path, capsys):
    path = write_xlsx(tmp_path / "s.xlsx", [["甲公司"]], ["客户名称"], sheet="华东")
    assert main(["--db", dbfile, "import", "customers", str(path), "--sheet", "华北"]) == 2
    assert "its sheets are: 华东" in capsys.readouterr().err
    assert main(["--db", dbfile, "import", "customers", str(path), "--sheet", "华东"]) == 0


def test_salesperson_is_not_allowed(db_path, tmp_path, capsys):
    from crm_desktop.services.auth import create_user, get_actor

    open_database(db_path)
    create_user(get_actor("admin"), "sales1", "salesperson")
    close_database()
    path = write_xlsx(tmp_path / "list.xlsx")
    code = main(["--db", str(db_path), "--user", "sales1", "import", "customers", str(path)])
    assert code == 2
    assert "Not allowed" in capsys.readouterr().err
    assert _count(db_path) == 0


def test_map_values_file_csv_and_json_and_kept_values_on_stderr(dbfile, tmp_path, capsys):
    """--map-values maps a value no synonym reads; what still fits no field is named on
    stderr (row, column, value) and the customer goes in."""
    rows = [["甲公司", "民营", "地推"], ["乙公司", "外星企业", "地推"]]
    path = write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "企业性质", "客户来源"])
    values = tmp_path / "values.csv"
    values.write_text("column,value,choice\n企业性质,民营,个体\n客户来源,地推,个人\n", "utf-8")
    args = ["--db", dbfile, "import", "customers", str(path), "--map-values", str(values)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "created 2, updated 0, skipped 0, rejected 0"
    assert "row 3, 企业性质 '外星企业': is not one of the choices (State-owned," in captured.err
    open_database(dbfile)
    try:
        got = {c.name: (c.org_type, c.source) for c in Customer.select()}
    finally:
        close_database()
    assert got == {"甲公司": ("individual", "individual"), "乙公司": (None, "individual")}
    as_json = tmp_path / "values.json"
    as_json.write_text(
        '[{"column": "企业性质", "value": "外星企业", "choice": "外商独资"}]', "utf-8"
    )
    args[-1] = str(as_json)
    args[4] = str(write_xlsx(tmp_path / "m.xlsx", [["丙公司", "外星企业", ""]],
                             ["客户名称", "企业性质", "客户来源"]))  # fmt: skip
    assert main(args) == 0
    assert "丙公司" in _names_with(dbfile, "foreign_owned")


def _names_with(db_path, org_type: str) -> set[str]:
    open_database(db_path)
    try:
        return {c.name for c in Customer.select().where(Customer.org_type == org_type)}
    finally:
        close_database()


def test_a_bad_map_values_file_changes_nothing(dbfile, tmp_path, capsys):
    """A mapping row naming no column of the list: exit 2 with its line, nothing imported."""
    path = write_xlsx(tmp_path / "l.xlsx", [["甲公司", "民营"]], ["客户名称", "企业性质"])
    values = tmp_path / "values.csv"
    values.write_text("性质,民营,个体\n", "utf-8")
    code = main(["--db", dbfile, "import", "customers", str(path), "--map-values", str(values)])
    assert code == 2
    err = capsys.readouterr().err
    assert "value mapping file" in err and "row 1" in err and "no column '性质'" in err
    assert _count(dbfile) == 0


def test_skip_unmapped_leaves_such_columns_out(dbfile, tmp_path, capsys):
    """Columns without a field are kept in the remarks by default, left out with --skip-unmapped."""
    path = write_xlsx(tmp_path / "l.xlsx", [["甲公司", "12345"]], ["客户名称", "QQ"])
    assert main(["--db", dbfile, "import", "customers", str(path)]) == 0
    assert "kept in the remarks: QQ" in capsys.readouterr().err
    open_database(dbfile)
    try:
        assert Customer.get().remarks == "QQ: 12345"
        Customer.delete().execute()
    finally:
        close_database()
    assert main(["--db", dbfile, "import", "customers", str(path), "--skip-unmapped"]) == 0
    assert "not imported: QQ" in capsys.readouterr().err
    open_database(dbfile)
    try:
        assert Customer.get().remarks == ""
    finally:
        close_database()


def test_help_documents_map_values(capsys):
    """--help explains the --map-values file and the unmapped-column options."""
    with pytest.raises(SystemExit):
        main(["import", "customers", "--help"])
    out = capsys.readouterr().out
    assert "column,value,choice" in out and "--skip-unmapped" in out and "--keep-unmapped" in out


def test_skipped_rows_are_listed_with_why(dbfile, tmp_path, capsys, monkeypatch):
    """A totals row and a duplicate are each listed on stderr with the row and the reason,
    in the user's language, in row order."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [["甲公司", 100], ["甲公司", 200], ["合计", 300]]
    path = write_xlsx(tmp_path / "t.xlsx", rows, ["客户名称", "注册资本"])
    assert main(["--db", dbfile, "import", "customers", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "第3行跳过：与本文件第2行的名称相同"
    assert err[1] == "第4行跳过：合计行（合计），不是客户"
