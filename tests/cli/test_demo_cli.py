"""`crm-desktop demo` from the command line: summary, progress, refusal of a used database."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.cli import main

pytestmark = pytest.mark.sqlite_only


def test_demo_fills_and_refuses_second_run(tmp_path, capsys):
    """Exit 0 with a summary line; a second run exits 2 with a plain message, nothing added."""
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--customers", "25", "--seed", "2"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("demo: 25 customers")
    assert "sales lines" in err  # progress on stderr
    con = sqlite3.connect(path)
    sales = con.execute("SELECT COUNT(*) FROM sale").fetchone()[0]
    con.close()
    assert sales > 0

    assert main(["--db", str(path), "demo", "--customers", "5"]) == 2
    out, err = capsys.readouterr()
    assert "already has 25 customers" in err and "Traceback" not in err
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM customer").fetchone()[0] == 25
    assert con.execute("SELECT COUNT(*) FROM sale").fetchone()[0] == sales
    con.close()


def test_demo_rejects_zero_customers(tmp_path, capsys):
    """--customers 0 is a plain error, exit 2."""
    assert main(["--db", str(tmp_path / "x.db"), "demo", "--customers", "0"]) == 2
    assert "1 or more" in capsys.readouterr().err


def test_demo_speaks_chinese(tmp_path, capsys, monkeypatch):
    """With CRM_DESKTOP_LANG=zh_CN the progress, the summary and the refusal are Chinese."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--customers", "12", "--seed", "3"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("演示数据：12 个客户") and "销售明细：" in err
    assert main(["--db", str(path), "demo", "--customers", "5"]) == 2
    assert "此数据库已有 12 个客户" in capsys.readouterr().err
