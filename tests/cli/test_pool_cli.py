"""`crm-desktop pool` and `handover`: list, claim, rules, release and 离职继承 from the command line."""

from __future__ import annotations

import json

import pytest

from crm_desktop.cli import main
from crm_desktop.models import Customer
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def shop(team, db_path):
    """P1 in the pool, K1 and K2 of sales1."""
    m = team["manager"]
    for code, owner in (("P1", None), ("K1", "sales1"), ("K2", "sales1")):
        values = {"code": code, "name": f"客户{code}", "abc_class": "B"}
        if owner:
            values["owner"] = owner
        create_customer(m, values)
    Customer.update(owner=None).where(Customer.code == "P1").execute()
    return db_path


def cli(db_path, capsys, *args):
    code = main(["--db", str(db_path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_claim_release(team, shop, capsys):
    """The pool lists P1; sales2 claims it; releasing puts it back."""
    code, out, _ = cli(shop, capsys, "pool", "list")
    assert code == 0 and out.split("\t")[0] == "P1"
    code, _, err = cli(shop, capsys, "--user", "sales2", "pool", "claim", "P1")
    assert code == 0 and "P1" in err
    assert Customer.get(Customer.code == "P1").owner_id == team["sales2"].id
    code, _, err = cli(shop, capsys, "--user", "sales1", "pool", "claim", "P1")
    assert code == 2 and "P1" in err
    code, _, _ = cli(shop, capsys, "--user", "sales2", "pool", "release", "P1")
    assert code == 0 and Customer.get(Customer.code == "P1").owner_id is None


def test_rules_set_and_print(team, shop, capsys):
    """A manager sets per-class days; a salesperson may not."""
    code, out, _ = cli(
        shop,
        capsys,
        "--user",
        "manager",
        "pool",
        "rules",
        "--set",
        "no_contact_days.B=30",
        "--set",
        "exempt_classes=A",
    )
    rules = json.loads(out)
    assert code == 0 and rules["no_contact_days"]["B"] == 30 and rules["exempt_classes"] == ["A"]
    code, _, _ = cli(shop, capsys, "--user", "sales1", "pool", "rules", "--set", "warn_days=1")
    assert code == 2


def test_handover(team, shop, capsys):
    """handover sales1 --to sales2,manager splits the two customers."""
    code, out, _ = cli(shop, capsys, "handover", "sales1", "--to", "sales2,manager")
    assert code == 0
    assert sorted(line.split("\t")[1] for line in out.splitlines()) == ["1", "1"]
    assert Customer.select().where(Customer.owner == team["sales1"].id).count() == 0


def test_prospects_by_source(team, shop, capsys):
    """`prospects` prints one line per source; --source lists that source's customers."""
    Customer.update(source="friends").where(Customer.code == "K1").execute()
    code, out, _ = cli(shop, capsys, "prospects")
    lines = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert code == 0 and lines["friends"][1] == "1" and lines[""][1] == "2"
    code, out, _ = cli(shop, capsys, "prospects", "--source", "friends")
    assert out.split("\t")[0] == "K1"
