"""Every bad amount and date on the command line ends in a plain message and exit 2:
never a traceback, never the "unexpected error" of a bug (issue #22's sweep)."""

from __future__ import annotations

import pytest

from crm_desktop.cli import main
from crm_desktop.messages import render
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only

AMOUNTS = ["1e30", "1e308", "-5", "abc"]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30"]
UNEXPECTED = render("common.unexpected", {"detail": "", "log": ""}, "en")[:20]


@pytest.fixture
def world(admin, db_path, tmp_path):
    """One customer with a pending credit request, a complaint and an opportunity."""
    create_customer(admin, {"name": "华科商贸", "code": "C1", "owner": admin.id})
    db = str(db_path)
    steps = [
        ["credit", "request", "C1", "--limit", "50000", "--reason", "老客户"],
        ["complaint", "add", "C1", "--text", "到货破损"],
        ["opportunity", "add", "C1", "--title", "年度框架", "--amount", "80000",
         "--close", "2026-12-31"],
    ]  # fmt: skip
    for step in steps:
        assert main(["--db", db, *step]) == 0, step
    return {"db": db, "out": tmp_path}


def _check(world, capsys, args: list[str]) -> None:
    capsys.readouterr()
    try:
        status = main(["--db", world["db"], *args])
    except SystemExit as exc:  # argparse's refusal of an option's value
        status = exc.code
    err = capsys.readouterr().err
    assert status == 2, (args, err)
    assert err.strip(), args
    assert "Traceback" not in err and UNEXPECTED not in err, err


AMOUNT_COMMANDS = {
    "credit request --limit": ["credit", "request", "C1", "--limit", "{v}", "--reason", "r"],
    "credit request --days": ["credit", "request", "C1", "--limit", "1", "--days", "{v}",
                              "--reason", "r"],
    "credit approve --limit": ["credit", "approve", "1", "--limit", "{v}"],
    "opportunity add --amount": ["opportunity", "add", "C1", "--title", "t", "--amount", "{v}",
                                 "--close", "2026-12-31"],
    "opportunity add --probability": ["opportunity", "add", "C1", "--title", "t", "--amount",
                                      "100", "--close", "2026-12-31", "--probability", "{v}"],
    "complaint resolve --amount": ["complaint", "resolve", "1", "--text", "赔付",
                                   "--compensation", "money", "--amount", "{v}"],
    "complaint confirm --satisfaction": ["complaint", "confirm", "1", "--satisfaction", "{v}"],
}  # fmt: skip


@pytest.mark.parametrize("value", AMOUNTS)
@pytest.mark.parametrize("command", sorted(AMOUNT_COMMANDS))
def test_a_bad_amount_is_refused_plainly(world, capsys, command, value):
    """1e30, 1e308, -5 and 'abc' as an amount: a plain message, exit 2, nothing done."""
    _check(world, capsys, [a.replace("{v}", value) for a in AMOUNT_COMMANDS[command]])


DATE_COMMANDS = {
    "report sales --from": ["report", "sales", "{out}/r.xlsx", "--from", "{v}"],
    "report sales --to": ["report", "sales", "{out}/r.xlsx", "--to", "{v}"],
    "report abc --from": ["report", "abc", "--from", "{v}"],
    "report abc --to": ["report", "abc", "--to", "{v}"],
    "today --date": ["today", "--date", "{v}"],
    "opportunity add --close": ["opportunity", "add", "C1", "--title", "t", "--amount", "100",
                                "--close", "{v}"],
    "complaint add --received": ["complaint", "add", "C1", "--text", "t", "--received", "{v}"],
    "complaint resolve --visit": ["complaint", "resolve", "1", "--text", "t", "--visit", "{v}"],
    "log --at": ["log", "C1", "--outcome", "谈妥", "--at", "{v}"],
    "log --next": ["log", "C1", "--outcome", "谈妥", "--next", "{v}"],
}  # fmt: skip


@pytest.mark.parametrize("value", DATES)
@pytest.mark.parametrize("command", sorted(DATE_COMMANDS))
def test_a_bad_date_is_refused_plainly(world, capsys, command, value):
    """0001-01-01, 9999-12-31 and 2026-02-30 on every date option: a plain message, exit 2."""
    args = [a.replace("{v}", value).replace("{out}", str(world["out"])) for a in
            DATE_COMMANDS[command]]  # fmt: skip
    _check(world, capsys, args)


CARD_COLUMNS = ["信用额度", "注册资本", "年营业额"]


@pytest.mark.parametrize("value", ["1e30", "1e308", "-5"])
@pytest.mark.parametrize("column", CARD_COLUMNS)
def test_import_refuses_a_bad_card_amount_by_row(world, capsys, column, value):
    """A card amount of 1e30, 1e308 or -5 in an imported list: the row is refused with its
    number, column and reason (exit 1, rows rejected), nothing written, no traceback."""
    path = world["out"] / "list.csv"
    path.write_text(f"客户名称,{column}\n新客户甲,{value}\n", encoding="utf-8")
    capsys.readouterr()
    status = main(["--db", world["db"], "import", "customers", str(path), "--strict"])
    err = capsys.readouterr().err
    assert status == 1
    assert "row 2" in err and column in err and value in err
    assert "Traceback" not in err and UNEXPECTED not in err


@pytest.mark.parametrize("value", DATES)
def test_import_refuses_a_bad_card_date_by_row(world, capsys, value):
    """A founding date of 0001-01-01, 9999-12-31 or 2026-02-30: the row is refused plainly."""
    path = world["out"] / "list.csv"
    path.write_text(f"客户名称,成立时间\n新客户乙,{value}\n", encoding="utf-8")
    capsys.readouterr()
    status = main(["--db", world["db"], "import", "customers", str(path), "--strict"])
    err = capsys.readouterr().err
    assert status == 1
    assert "row 2" in err and "成立时间" in err and value in err
    assert "Traceback" not in err and UNEXPECTED not in err


def test_import_keeps_a_word_in_an_amount_column_as_a_remark(world, capsys, admin):
    """'abc' as a credit limit is not taken as an amount: told, and kept in the remarks."""
    from crm_desktop.models import Customer

    path = world["out"] / "list.csv"
    path.write_text("客户名称,信用额度\n新客户丙,abc\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", world["db"], "import", "customers", str(path)]) == 0
    err = capsys.readouterr().err
    assert "信用额度" in err and "abc" in err and "Traceback" not in err
    card = Customer.get(Customer.name == "新客户丙")
    assert card.credit_limit is None and "abc" in (card.remarks or "")
