"""The demo generator: realistic, consistent, deterministic, and only for an empty database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from peewee import SQL, fn

from crm_desktop.demo import generate_demo, make_uscc, sales_share_of_top
from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.models import (
    Contact,
    CreditRequest,
    Customer,
    FollowUp,
    Payment,
    Product,
    Sale,
    User,
    close_database,
    database,
    open_database,
)
from crm_desktop.progress import Cancelled, Progress
from crm_desktop.services.auth import get_actor
from crm_desktop.services.customers import CustomerQuery, list_customers
from crm_desktop.services.settings import set_setting
from crm_desktop.services.validation import parse_tax_id
from crm_desktop.textutil import name_sort_key

TODAY = date(2026, 6, 15)
TABLES = (
    "customer",
    "contact",
    "product",
    "sale",
    "payment",
    "follow_up",
    "credit_request",
    "complaint",
    "customer_search",
)


@pytest.fixture
def demo_db(db, admin):
    """A database holding 150 demo customers made with seed 7 on a fixed day."""
    summary = generate_demo(admin, 150, seed=7, today=TODAY)
    return summary


def _dump() -> dict[str, list[tuple]]:
    out = {t: database.execute_sql(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in TABLES}
    out["user"] = database.execute_sql(
        'SELECT username, display_name, role FROM "user" ORDER BY username'
    ).fetchall()
    return out


@pytest.mark.sqlite_only
def test_same_seed_same_data_other_seed_other_data(tmp_path):
    """Two runs with one seed and day are identical row by row; another seed differs."""
    dumps = []
    for name, seed in (("a.db", 3), ("b.db", 3), ("c.db", 4)):
        open_database(tmp_path / name)
        generate_demo(get_actor("admin"), 40, seed=seed, today=TODAY)
        dumps.append(_dump())
        close_database()
    database.initialize(None)
    assert dumps[0] == dumps[1]
    assert dumps[0]["customer"] != dumps[2]["customer"]
    assert dumps[0]["sale"] != dumps[2]["sale"]


def test_counts_match_the_brief(demo_db):
    """2–3 contacts, ~10 sales lines, ~3 payments, ~5 follow-ups per customer; ~200 products."""
    n = demo_db.customers
    assert Customer.select().count() == n == 150
    per_customer = [
        r[0]
        for r in database.execute_sql(
            "SELECT COUNT(*) FROM contact GROUP BY customer_id"
        ).fetchall()
    ]
    assert len(per_customer) == n and set(per_customer) <= {2, 3}
    assert Contact.select().count() == demo_db.contacts
    assert 180 <= Product.select().count() <= 220
    assert 6 * n <= Sale.select().count() == demo_db.sales <= 14 * n
    assert 1.5 * n <= Payment.select().count() <= 5 * n
    assert 3.5 * n <= FollowUp.select().count() <= 6.5 * n


def test_team_and_owners(demo_db):
    """admin, manager and three salespeople with Chinese names; every customer has a salesperson."""
    users = {u.username: u for u in User.select()}
    assert {"admin", "manager", "sales1", "sales2", "sales3"} <= set(users)
    assert users["admin"].role == "gm" and users["manager"].role == "sales_manager"
    sales_ids = {users[f"sales{i}"].id for i in (1, 2, 3)}
    for i in (1, 2, 3):
        u = users[f"sales{i}"]
        assert u.role == "salesperson" and u.password_hash is None
        assert any("\u4e00" <= ch <= "\u9fff" for ch in u.display_name)
    owners = [c.owner_id for c in Customer.select(Customer.owner)]
    assert set(owners) == sales_ids


def test_cards_are_complete_and_valid(demo_db):
    """Tax IDs pass the USCC check; names, addresses, phones, bank and profile texts are filled."""
    for c in Customer.select():
        assert parse_tax_id(c.tax_id) == c.tax_id and len(c.tax_id) == 18
        for name in ("name", "address", "phone", "legal_rep", "bank", "bank_account",
                     "contact_name", "contact_phone", "business_scope", "industry",
                     "service_area", "enterprise_scale", "sales_capability", "problems",
                     "future_countermeasures", "reputation", "sales_performance"):  # fmt: skip
            assert getattr(c, name), (c.code, name)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in c.name)
        assert c.code.startswith("C") and c.founded is not None
        assert c.abc_class in "ABCD" and c.stage in ("potential", "prospective", "current", "lost")
    assert len({c.name for c in Customer.select(Customer.name)}) == 150


def test_stages_classes_and_pareto(demo_db):
    """All stages and classes occur; the top 20 % of customers bring most of the sales."""
    stages = {c.stage for c in Customer.select(Customer.stage)}
    classes = {c.abc_class for c in Customer.select(Customer.abc_class)}
    assert stages == {"potential", "prospective", "current", "lost"}
    assert classes == {"A", "B", "C", "D"}
    share = sales_share_of_top(0.2)
    assert 0.65 <= share <= 0.93
    # class D = no sales, class A customers buy the most
    for c in Customer.select().where(Customer.abc_class == "D"):
        assert not Sale.select().where(Sale.customer == c.id).exists()
    a_min = min(
        sum(s.amount for s in Sale.select().where(Sale.customer == c.id))
        for c in Customer.select().where(Customer.abc_class == "A")
    )
    c_max = max(
        sum(s.amount for s in Sale.select().where(Sale.customer == c.id))
        for c in Customer.select().where(Customer.abc_class == "C")
    )
    assert a_min >= c_max


def test_sales_are_consistent(demo_db):
    """amount = quantity × unit price, dates within two years, salesperson = owner."""
    owners = {c.id: c.owner_id for c in Customer.select(Customer.id, Customer.owner)}
    for s in Sale.select().limit(500):
        assert s.amount == s.quantity * s.unit_price
        assert TODAY - timedelta(days=731) <= s.date <= TODAY
        assert s.salesperson_id == owners[s.customer_id]


def test_followups_overdue_today_done(demo_db):
    """Some follow-ups are overdue, some due today, done ones have an outcome."""
    start = datetime.combine(TODAY, datetime.min.time())
    planned = FollowUp.select().where(FollowUp.status == "planned")
    assert planned.where(FollowUp.due_at < start).count() > 0
    assert planned.where(FollowUp.due_at >= start, FollowUp.due_at < start + timedelta(1)).count()
    done = list(FollowUp.select().where(FollowUp.status == "done"))
    assert done and all(f.outcome and f.done_at for f in done)
    assert FollowUp.select().where(FollowUp.status == "cancelled").exists()


def test_planned_counts_after_the_load_and_triggers_back(demo_db):
    """The load runs without the planned-count triggers; the counts (and each card's last
    contact and name sort key) are made by the load, and the triggers keep the counts
    from then on."""
    counted = dict(
        FollowUp.select(FollowUp.customer, fn.COUNT(SQL("*")))
        .where(FollowUp.status == "planned")
        .group_by(FollowUp.customer)
        .tuples()
    )
    stored = dict(Customer.select(Customer.id, Customer.planned_followups).tuples())
    assert counted and stored == {cid: counted.get(cid, 0) for cid in stored}
    last = dict(
        FollowUp.select(FollowUp.customer, fn.MAX(FollowUp.done_at))
        .where(FollowUp.status == "done")
        .group_by(FollowUp.customer)
        .tuples()
    )
    contacts = dict(Customer.select(Customer.id, Customer.last_contact_at).tuples())
    assert last and contacts == {cid: last.get(cid) for cid in contacts}
    keys = list(Customer.select(Customer.name, Customer.name_key).tuples())
    assert all(key == name_sort_key(name) for name, key in keys)  # the list's pinyin order
    some = next(iter(stored))
    FollowUp.create(customer=some, due_at=datetime(2030, 1, 1, 9), status="planned")
    assert Customer.get_by_id(some).planned_followups == stored[some] + 1


def test_birthdays_soon(demo_db):
    """A few contacts have a birthday within the coming week."""
    soon = 0
    for c in Contact.select().where(Contact.birthday.is_null(False)):
        nxt = c.birthday.replace(year=TODAY.year)
        if 0 < (nxt - TODAY).days <= 7:
            soon += 1
    assert soon >= 3
    assert Contact.select().where(Contact.hobbies != "", Contact.family != "").count() > 0


def test_credit_requests_and_limits(demo_db):
    """Pending, approved and rejected requests; a card's limit is its approved request's."""
    statuses = {r.status for r in CreditRequest.select(CreditRequest.status)}
    assert {"pending", "approved", "rejected"} <= statuses
    gm = User.get(User.username == "admin").id
    with_limit = list(Customer.select().where(Customer.credit_limit.is_null(False)))
    assert with_limit
    for c in with_limit:
        assert c.credit_approved_by_id == gm and c.credit_approved_at is not None
        approved = CreditRequest.get(
            CreditRequest.customer == c.id, CreditRequest.status == "approved"
        )
        assert approved.approved_limit == c.credit_limit
        assert approved.decided_by_id == gm
    for r in CreditRequest.select().where(CreditRequest.status == "pending"):
        assert r.decided_by_id is None and r.approved_limit is None


def test_late_payers_exist(demo_db):
    """Some customers have paid less than they bought (outstanding or late money)."""
    owed = 0
    for c in Customer.select().where(Customer.stage == "current"):
        bought = sum(s.amount for s in Sale.select(Sale.amount).where(Sale.customer == c.id))
        paid = sum(p.amount for p in Payment.select(Payment.amount).where(Payment.customer == c.id))
        assert paid <= bought
        owed += bought > paid
    assert owed > 0


def test_search_index_is_built(demo_db, admin):
    """A two-character fragment of a demo name finds it through the customer search."""
    c = Customer.select().order_by(Customer.id).first()
    fragment = c.name[2:4]
    page = list_customers(admin, CustomerQuery(text=fragment), limit=500)
    assert c.id in [r.id for r in page.rows]


def test_refuses_a_database_with_customers(demo_db, admin):
    """A second run changes nothing and says why, in either language."""
    before = Sale.select().count()
    with pytest.raises(UserError, match="already has 150 customers") as refused:
        generate_demo(admin, 10, seed=1, today=TODAY)
    assert Customer.select().count() == 150 and Sale.select().count() == before
    assert refused.value.code == "demo.not_empty"
    assert refused.value.render("zh_CN").startswith("此数据库已有 150 个客户")


def test_classes_follow_the_analysis_rule_and_the_team_thresholds(db, admin):
    """The ABC classes are the analysis rule over each customer's generated sales with the
    team's thresholds (here A to 50 %, B to 90 %), not fixed 80/95."""
    set_setting(admin, "abc_thresholds", {"A": 50, "B": 90})
    generate_demo(admin, 120, seed=11, today=TODAY)
    rows = database.execute_sql(
        "SELECT c.id, c.abc_class, COALESCE(SUM(s.amount), 0) AS total FROM customer c "
        "LEFT JOIN sale s ON s.customer_id = c.id GROUP BY c.id ORDER BY total DESC, c.id"
    ).fetchall()
    grand = sum(total for _, _, total in rows)
    expected, before = {}, 0
    for cid, _, total in rows:
        if total <= 0:
            expected[cid] = "D"
            continue
        share = before * 100 / grand
        expected[cid] = "A" if share < 50 else "B" if share < 90 else "C"
        before += total
    assert {cid: cls for cid, cls, _ in rows} == expected
    assert {"A", "B", "C", "D"} <= set(expected.values())


def test_progress_hears_each_pass_and_cancel_keeps_nothing(db, admin):
    """Cancelling at the sales pass rolls everything back; a full run then reports each pass
    as a step with a text in the user's language."""

    def stop_at_sales(done, total, text):
        if text.code == "demo.sales_lines":
            stopping.cancel()

    stopping = Progress(stop_at_sales)
    with pytest.raises(Cancelled):
        generate_demo(admin, 20, seed=2, today=TODAY, progress=stopping)
    assert Customer.select().count() == 0 and Sale.select().count() == 0
    steps = []
    generate_demo(admin, 20, seed=2, today=TODAY, progress=Progress(lambda *a: steps.append(a)))
    texts = [text.render("zh_CN") for _, _, text in steps]
    assert texts[:3] == ["产品：204", "客户：20", f"联系人：{Contact.select().count()}"]
    assert f"销售明细：{Sale.select().count()}" in texts and texts[-1] == "搜索索引：20 个客户…"
    done = [d for d, _, _ in steps]
    assert done == sorted(done) and done[-1] == steps[-1][1]


def test_salesperson_may_not_load(db, team):
    """Loading a demo creates users, so it needs the general manager."""
    with pytest.raises(PermissionDenied):
        generate_demo(team["sales1"], 5)
    assert Customer.select().count() == 0


def test_make_uscc_is_valid():
    """Generated unified social credit codes always pass the check-digit rule."""
    import random

    rng = random.Random(5)
    for _ in range(300):
        code = make_uscc(rng, "330106")
        assert parse_tax_id(code) == code and code.startswith("91330106")


def test_new_records_after_demo_get_fresh_ids(demo_db, admin):
    """After the load (explicit ids), ordinary inserts still work: next code, next id."""
    from crm_desktop.services.customers import add_contact, create_customer

    card = create_customer(admin, {"name": "演示后新增客户"})
    assert card.id == 151 and card.code == "C000151"
    contact = add_contact(admin, card.id, {"name": "新联系人"})
    assert contact.id == Contact.select().count()


def test_demo_package_is_qt_free_and_below_the_front_ends():
    """Importing every module of crm_desktop.demo pulls in neither Qt nor the UI, CLI or reports."""
    import subprocess
    import sys

    code = (
        "import sys, importlib, pkgutil, crm_desktop.demo as d\n"
        "for info in pkgutil.walk_packages(d.__path__, 'crm_desktop.demo.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'crm_desktop.ui',"
        " 'crm_desktop.cli', 'crm_desktop.reports'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
