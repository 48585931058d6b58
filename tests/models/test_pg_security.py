"""The team's rules held by the PostgreSQL server: a salesperson's role, connected with
plain psycopg2, sees and changes only their customers and the pool, cannot write the
credit terms, and cannot rewrite the audit log."""

from __future__ import annotations

import psycopg2
import pytest
from conftest import PG_URL, drop_pg_roles
from psycopg2 import errors as pg_errors

from crm_desktop.models import User, database, open_database
from crm_desktop.models import pg_roles as roles
from crm_desktop.models import pg_security as sec
from crm_desktop.services import auth
from crm_desktop.services import customers as customer_svc

PREFIX = "crm_pg_test_"

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")


@pytest.fixture
def secured(team):
    """The team of conftest with the rules installed and customers of each kind."""
    drop_pg_roles("crm_pg_test_")
    assert sec.install(PREFIX) == PREFIX
    made = {}
    for code, owner in (("S1", "sales1"), ("S2", "sales2"), ("P0", None)):
        card = customer_svc.create_customer(
            team["admin"],
            {"code": code, "name": f"客户{code}", "owner": owner, "credit_limit": "5000"},
        )
        customer_svc.add_contact(team["admin"], card.id, {"name": f"联系人{code}"})
        made[code] = card.id
    yield team, made
    database.rollback() if database.in_transaction() else None
    open_database(PG_URL)  # the owner's connection again, whatever the test switched to
    sec.uninstall()
    drop_pg_roles("crm_pg_test_")


def _role_connection(username: str, password: str):
    """Plain psycopg2, as the user's role with its derived password."""
    user = User.get(User.username == username)
    roles.sync_user(user, password)
    params = roles.role_params(user, password)
    assert params is not None and params["user"] == f"{PREFIX}u{user.id}"
    return psycopg2.connect(PG_URL, user=params["user"], password=params["password"])


def test_salesperson_role_reads_only_own_customers_and_the_pool(secured):
    """sales1's role lists its own customer and the pool's, and no row of sales2's
    customer: not the card, not its contacts."""
    _team, made = secured
    con = _role_connection("sales1", "sales1-password")
    with con, con.cursor() as cursor:
        cursor.execute("SELECT code FROM customer ORDER BY code")
        assert [r[0] for r in cursor.fetchall()] == ["P0", "S1"]
        cursor.execute("SELECT count(*) FROM customer WHERE id = %s", (made["S2"],))
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT name FROM contact ORDER BY name")
        assert [r[0] for r in cursor.fetchall()] == ["联系人P0", "联系人S1"]
    con.close()


def test_salesperson_role_cannot_change_anothers_customer(secured):
    """An UPDATE or DELETE of sales2's customer touches nothing; giving one's own
    customer to sales2 is refused by the policy."""
    team, made = secured
    con = _role_connection("sales1", "sales1-password")
    with con, con.cursor() as cursor:
        cursor.execute("UPDATE customer SET name = 'x' WHERE id = %s", (made["S2"],))
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM contact WHERE customer_id = %s", (made["S2"],))
        assert cursor.rowcount == 0
    with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
        cursor.execute(
            "UPDATE customer SET owner_id = %s WHERE id = %s", (team["sales2"].id, made["S1"])
        )
    con.close()
    row = database.execute_sql("SELECT name FROM customer WHERE id = %s", (made["S2"],))
    assert row.fetchone()[0] == "客户S2"


def test_salesperson_role_cannot_write_the_credit_limit(secured):
    """Own customer or not, the credit limit cannot be written directly, nor through
    the approval function, nor filled in on a new customer."""
    team, made = secured
    con = _role_connection("sales1", "sales1-password")
    with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
        cursor.execute("UPDATE customer SET credit_limit = 99999999 WHERE id = %s", (made["S1"],))
    with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
        cursor.execute(
            f"SELECT {sec.FUNCTION_CREDIT}(%s, 1, 30, 'other', '', 'A', NULL, NULL)",
            (made["S1"],),
        )
    with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
        cursor.execute(
            "INSERT INTO customer (code, name, owner_id, credit_limit) VALUES ('N1', 'n', %s, 1)",
            (team["sales1"].id,),
        )
    with con, con.cursor() as cursor:  # the rest of the card stays the salesperson's
        cursor.execute("UPDATE customer SET remarks = '常客' WHERE id = %s", (made["S1"],))
        assert cursor.rowcount == 1
    con.close()
    limit = database.execute_sql("SELECT credit_limit FROM customer WHERE id = %s", (made["S1"],))
    assert limit.fetchone()[0] == 500_000  # 5,000 yuan in fen, as the manager approved


def test_audit_log_is_append_only(secured):
    """A salesperson's role adds its own audit entries, and cannot update, delete or
    empty the log; neither can the general manager's role."""
    team, _made = secured
    sales1 = team["sales1"]
    for username, password in (("sales1", "sales1-password"), ("admin", "admin-password")):
        con = _role_connection(username, password)
        user_id = User.get(User.username == username).id
        with con, con.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_event (at, user_id, action, entity, count, detail) "
                "VALUES (now(), %s, 'print', 'customer', 1, '')",
                (user_id,),
            )
        for sql in ("UPDATE audit_event SET detail = 'x'", "DELETE FROM audit_event",
                    "TRUNCATE audit_event"):  # fmt: skip
            with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
                cursor.execute(sql)
        con.close()
    entries = database.execute_sql(
        "SELECT count(*) FROM audit_event WHERE action = 'print' AND user_id = %s", (sales1.id,)
    )
    assert entries.fetchone()[0] == 1


def test_general_managers_role_sees_all_and_approves_credit(secured):
    """The general manager's role reads every customer and sets credit terms with the
    approval function."""
    team, made = secured
    con = _role_connection("admin", "admin-password")
    with con, con.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM customer")
        assert cursor.fetchone()[0] == 3
        cursor.execute(
            f"SELECT {sec.FUNCTION_CREDIT}(%s, 800000, 45, 'other', NULL, 'A', %s, now()::timestamp)",
            (made["S2"], team["admin"].id),
        )
        assert cursor.fetchone()[0] == 1
    con.close()
    row = database.execute_sql(
        "SELECT credit_limit, collection_days FROM customer WHERE id = %s", (made["S2"],)
    )
    assert row.fetchone() == (800_000, 45)


def test_role_password_is_stored_as_a_scram_verifier_of_a_derived_secret(secured):
    """The server keeps a SCRAM verifier; neither the app password nor the derived
    secret is in it, and the derived secret differs per database and user."""
    _drop = secured
    user = User.get(User.username == "sales1")
    name = roles.sync_user(user, "sales1-password")
    stored = database.execute_sql(
        "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)
    ).fetchone()[0]
    secret = roles.role_password("crm_pg", "sales1", "sales1-password")
    assert stored.startswith("SCRAM-SHA-256$")
    assert "sales1-password" not in stored and secret not in stored
    assert secret != roles.role_password("crm_other", "sales1", "sales1-password")
    assert secret != roles.role_password("crm_pg", "sales2", "sales1-password")


def test_login_switches_the_app_to_the_users_role(secured):
    """After a salesperson's login the app's own queries run as their role: the
    customer list holds only their customers and the pool."""
    team, _made = secured
    auth.set_password(team["admin"], "sales1", "sales1-password")
    actor = auth.authenticate("sales1", "sales1-password")
    assert roles.current_role() == f"{PREFIX}u{actor.id}"
    assert database.execute_sql("SELECT current_user").fetchone()[0] == roles.current_role()
    codes = [r.code for r in customer_svc.list_customers(team["manager"]).rows]
    assert codes == ["P0", "S1"] or sorted(codes) == ["P0", "S1"]
    # the role reads both change counters: its overdue list and cadence answer are kept
    from crm_desktop.services.followups.stamp import db_stamp

    stamp = db_stamp()
    assert stamp is not None and len(stamp[1].changes) == 4


def test_salesperson_files_and_general_manager_approves_on_their_roles(secured):
    """Logged in as themselves, a salesperson files a credit request from the app and,
    logged in next in the same process, the general manager's approval sets the limit
    through the server's function."""
    from crm_desktop.services import credit

    team, made = secured
    for name in ("sales1", "admin"):
        auth.set_password(team["admin"], name, f"{name}-password")
    sales1 = auth.authenticate("sales1", "sales1-password")
    request = credit.request_credit(sales1, made["S1"], limit="9000", reason="大单")
    gm = auth.authenticate("admin", "admin-password")  # the next login of the same process
    assert roles.current_role() == f"{PREFIX}u{gm.id}"
    credit.approve(gm, request.request.id)
    open_database(PG_URL)
    row = database.execute_sql(
        "SELECT credit_limit, credit_approved_by_id FROM customer WHERE id = %s", (made["S1"],)
    )
    assert row.fetchone() == (900_000, gm.id)


def test_bulk_writes_of_a_users_role_go_in_as_inserts_under_the_policies(secured):
    """COPY is refused under row-level security, so a role's bulk write is an INSERT
    the policies check: its own customer's rows go in, another's are refused."""
    from crm_desktop.models import bulk_insert, transaction

    team, made = secured
    auth.set_password(team["admin"], "sales1", "sales1-password")
    auth.authenticate("sales1", "sales1-password")
    with transaction():
        database.execute_sql("DELETE FROM customer_search WHERE customer_id = %s", (made["S1"],))
        assert bulk_insert("customer_search", ("customer_id", "doc"), [(made["S1"], "新文档")]) == 1
    with pytest.raises(pg_errors.InsufficientPrivilege), transaction():
        bulk_insert("customer_search", ("customer_id", "doc"), [(made["S2"], "别人的")])
    open_database(PG_URL)
    docs = database.execute_sql("SELECT doc FROM customer_search WHERE doc IN ('新文档', '别人的')")
    assert [r[0] for r in docs] == ["新文档"]


def test_the_gate_login_reads_only_the_accounts_and_logins_pass_through_it(secured):
    """The team's computers open the database as the gate: it lists the accounts and
    logs logins, reads no customer and changes no account; a login through it works
    as the user's own role."""
    from crm_desktop.cli.cmd_server import with_login

    team, _made = secured
    auth.set_password(team["admin"], "sales1", "sales1-password")  # its role's too
    gate = sec.set_gate_password("gate-password")
    assert gate == f"{PREFIX}gate"
    con = psycopg2.connect(PG_URL, user=gate, password="gate-password")
    with con, con.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "user"')
        assert cursor.fetchone()[0] == 4
    for sql in (
        "SELECT count(*) FROM customer",
        "SELECT count(*) FROM contact",
        "UPDATE \"user\" SET role = 'gm'",
        "INSERT INTO audit_event (at, action, entity, count, detail) "
        "VALUES (now(), 'print', 'customer', 1, '')",
    ):
        with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
            cursor.execute(sql)
    con.close()
    gate_url = with_login(PG_URL, gate).replace(":***@", "@")  # a trusting test server
    open_database(gate_url)
    actor = auth.authenticate("sales1", "sales1-password")
    assert roles.current_role() == f"{PREFIX}u{actor.id}"
    codes = sorted(r.code for r in customer_svc.list_customers(team["manager"]).rows)
    assert codes == ["P0", "S1"]


def _history_of_each_kind(team, made) -> dict[str, dict[str, tuple[str, int]]]:
    """For S1 and S2, one record of each kind with its change history, written by the
    general manager (so no entry is the salesperson's own): code -> kind -> (entity, id)."""
    from crm_desktop.services import credit, sales
    from crm_desktop.services import followups as fu

    admin = team["admin"]
    out: dict[str, dict[str, tuple[str, int]]] = {}
    for code in ("S1", "S2"):
        cid = made[code]
        contact = customer_svc.customer_history(admin, cid)
        contact_id = next(e.entity_id for e in contact if e.entity == "contact")
        customer_svc.update_contact(admin, contact_id, {"title": "经理"})
        customer_svc.update_customer(admin, cid, {"remarks": f"{code} 的备注"})
        plan = fu.plan_followup(admin, {"customer": code, "due_at": "2030-01-02 10:00"})
        sale = sales.record_sale(admin, cid, sale_date="2026-11-02", quantity=1, unit_price=10)
        request = credit.request_credit(admin, cid, limit="8000", reason="大单")
        out[code] = {
            "customer": ("customer", cid),
            "contact": ("contact", contact_id),
            "followup": ("followup", plan.id),
            "sale": ("sale", sale.id),
            "credit_request": ("credit_request", request.request.id),
        }
    return out


def test_salesperson_role_reads_only_the_history_of_records_it_sees(secured):
    """sales1's role reads the change history of its own customer's card, contact,
    follow-up, sale and credit request, and of the product catalogue, but no entry of
    sales2's customer's records."""
    from crm_desktop.services import sales

    team, made = secured
    records = _history_of_each_kind(team, made)
    product = sales.create_product(team["admin"], "P-1", "润滑油")
    owner_sees = {
        (e, i) for e, i in database.execute_sql("SELECT entity, entity_id FROM change_log")
    }
    assert set(records["S2"].values()) <= owner_sees  # the history is there to hide
    con = _role_connection("sales1", "sales1-password")
    with con, con.cursor() as cursor:
        cursor.execute("SELECT entity, entity_id FROM change_log")
        seen = {(e, i) for e, i in cursor.fetchall()}
    con.close()
    assert set(records["S1"].values()) <= seen
    assert ("product", product.id) in seen
    assert not set(records["S2"].values()) & seen


def test_change_history_of_unknown_kinds_is_the_managers_and_the_writers(secured):
    """An entry of a kind the rules do not know is read by the managers' roles and by
    the salesperson who wrote it, not by another salesperson; nobody rewrites it."""
    team, _made = secured
    database.execute_sql(
        "INSERT INTO change_log (entity, entity_id, field, user_id, at) "
        "VALUES ('something_new', 1, 'created', %s, now())",
        (team["sales1"].id,),
    )
    counts = {}
    for username in ("sales1", "sales2", "manager"):
        con = _role_connection(username, f"{username}-password")
        with con, con.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM change_log WHERE entity = 'something_new'")
            counts[username] = cursor.fetchone()[0]
        with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
            cursor.execute("DELETE FROM change_log WHERE entity = 'something_new'")
        con.close()
    assert counts == {"sales1": 1, "sales2": 0, "manager": 1}


def test_salesperson_cannot_write_history_in_anothers_name(secured):
    """A salesperson's role adds history entries as itself only."""
    team, made = secured
    con = _role_connection("sales1", "sales1-password")
    with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
        cursor.execute(
            "INSERT INTO change_log (entity, entity_id, field, user_id, at) "
            "VALUES ('customer', %s, 'remarks', %s, now())",
            (made["S1"], team["sales2"].id),
        )
    con.close()


def test_the_app_as_a_salespersons_role_shows_its_cards_history_and_timeline(secured):
    """Logged in as sales1, the app's card history and timeline of sales1's customer
    hold the entries the general manager wrote on it and its contact; sales2's card is
    not found at all."""
    from crm_desktop.errors import UserError
    from crm_desktop.services.followups.timeline import customer_timeline

    team, made = secured
    records = _history_of_each_kind(team, made)
    auth.set_password(team["admin"], "sales1", "sales1-password")
    actor = auth.authenticate("sales1", "sales1-password")
    assert roles.current_role() == f"{PREFIX}u{actor.id}"
    history = customer_svc.customer_history(actor, made["S1"])
    entries = {(e.entity, e.entity_id, e.field) for e in history}
    assert ("customer", made["S1"], "remarks") in entries
    assert (*records["S1"]["contact"], "title") in entries
    timeline = customer_timeline(actor, made["S1"])
    assert any("S1 的备注" in event.text("zh_CN") for event in timeline)
    with pytest.raises(UserError):
        customer_svc.customer_history(actor, made["S2"])


def test_a_workbooks_copy_of_the_cards_is_its_salespersons_only(secured):
    """The rows a salesperson's workbook gave out (the merge's copy of the cards) are
    read by that salesperson's role and the managers', not by another salesperson's."""
    team, _made = secured
    export_id = database.execute_sql(
        "INSERT INTO sync_export (uuid, created_at, created_by_id, owner_id, lang, rows) "
        "VALUES ('e-1', now(), %s, %s, 'zh_CN', 1) RETURNING id",
        (team["admin"].id, team["sales2"].id),
    ).fetchone()[0]
    database.execute_sql(
        "INSERT INTO sync_export_row (export_id, entity, record_uuid, version, cells) "
        "VALUES (%s, 'customer', 'u-1', 1, '{\"name\": \"客户S2\"}')",
        (export_id,),
    )
    counts = {}
    for username in ("sales1", "sales2", "manager"):
        con = _role_connection(username, f"{username}-password")
        with con, con.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sync_export_row")
            counts[username] = cursor.fetchone()[0]
        con.close()
    assert counts == {"sales1": 0, "sales2": 1, "manager": 1}


def _bulk_as_general_manager(team, rows: int) -> list[tuple]:
    """As the general manager's role, bulk-insert `rows` history entries with awkward
    texts (tabs, newlines, backslashes, NULL) in two calls of one transaction; returns
    (entity_id, new_value, old_value) as they read back, by id."""
    from crm_desktop.models import bulk_insert, transaction

    auth.set_password(team["admin"], "admin", "admin-password")
    gm = auth.authenticate("admin", "admin-password")
    texts = [f"名\t{i}\n第二行 \\N" for i in range(rows)]
    with transaction():
        for start, stop in ((0, rows // 2), (rows // 2, rows)):
            written = bulk_insert(
                "change_log",
                ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at"),
                [
                    ("bulk", n, "remarks", None, texts[n], gm.id, "2026-12-01 10:00")
                    for n in range(start, stop)
                ],
            )
            assert written == stop - start
    return database.execute_sql(
        "SELECT entity_id, new_value, old_value FROM change_log WHERE entity = 'bulk' ORDER BY id"
    ).fetchall()


def test_a_roles_bulk_write_reads_back_unchanged_and_in_order(secured):
    """As the general manager's role (under the rules, where COPY is refused), 3,000
    rows written in two calls of one transaction read back unchanged, with ids in the
    order they were given, and leave no temporary table behind."""
    team, _made = secured
    back = _bulk_as_general_manager(team, 3000)
    assert [n for n, _new, _old in back] == list(range(3000))
    assert back[7][1:] == ("名\t7\n第二行 \\N", None)
    temps = database.execute_sql(
        "SELECT count(*) FROM pg_class WHERE relname LIKE 'crm\\_bulk\\_%%' AND relpersistence = 't'"
    )
    assert temps.fetchone()[0] == 0


def test_a_roles_bulk_write_without_temporary_tables_still_goes_in(secured):
    """On a server that gives the team no temporary tables, a role's bulk write goes
    in all the same (INSERT … VALUES)."""
    team, _made = secured
    dbname = database.execute_sql("SELECT current_database()").fetchone()[0]
    database.execute_sql(f'REVOKE TEMPORARY ON DATABASE "{dbname}" FROM PUBLIC')
    try:
        back = _bulk_as_general_manager(team, 10)
    finally:
        open_database(PG_URL)
        database.execute_sql(f'GRANT TEMPORARY ON DATABASE "{dbname}" TO PUBLIC')
    assert [n for n, _new, _old in back] == list(range(10))


def test_a_managers_role_imports_a_list_with_its_people(secured, tmp_path):
    """Logged in as themselves (their role under the policies), the sales manager imports
    a list: the cards (their bulk writes running beside the cleaning), each card's first
    person made by one statement, their history, a column's custom values and the
    search rows all go in, and the search finds them."""
    from import_samples import write_xlsx

    from crm_desktop.models import ChangeLog, Contact, CustomValue
    from crm_desktop.services import importing
    from crm_desktop.services.customers import CustomerQuery

    team, _made = secured
    auth.set_password(team["admin"], "manager", "manager-password")
    manager = auth.authenticate("manager", "manager-password")
    assert roles.current_role() == f"{PREFIX}u{manager.id}"
    rows = [
        [f"华夏{i}号科技有限公司", f"张{i}", f"1391234{i:04d}", f"渠道{i % 7}"]
        for i in range(2_500)
    ]
    path = write_xlsx(tmp_path / "list.xlsx", rows, ["客户名称", "联系人", "手机", "渠道经理"])
    source = importing.open_source(manager, path, preview_rows=0)
    result = importing.run_import(manager, source, unmapped_as_fields=True)
    assert (result.created, result.rejected, result.contacts) == (2_500, 0, 2_500)
    assert CustomValue.select().where(CustomValue.text == "渠道3").count() == 357
    found = customer_svc.list_customers(manager, CustomerQuery(text="渠道3")).total
    assert found == 357
    people = Contact.select().where(Contact.name.startswith("张")).count()
    logged = ChangeLog.select().where(
        ChangeLog.entity == "contact", ChangeLog.batch == result.batch_id
    )
    assert people == logged.count() == 2_500
    found = customer_svc.list_customers(manager, CustomerQuery(text="12340017")).rows
    assert [r.name for r in found] == ["华夏17号科技有限公司"]
    assert [
        r.name for r in customer_svc.list_customers(manager, CustomerQuery(text="张2499")).rows
    ] == ["华夏2499号科技有限公司"]


def test_managers_and_salespeople_create_cards_on_their_roles(secured):
    """Logged in as themselves, the sales manager and a salesperson create cards from the
    app (the empty note of the terms goes in with them); a salesperson's role connected
    directly cannot create one with credit terms, the note of the terms included."""
    team, _made = secured
    for name in ("manager", "sales1"):
        auth.set_password(team["admin"], name, f"{name}-password")
    for name in ("manager", "sales1"):
        actor = auth.authenticate(name, f"{name}-password")
        card = customer_svc.create_customer(actor, {"name": f"{name}新客户", "owner": "sales1"})
        assert card.values["credit_limit"] is None and card.values["payment_terms_note"] == ""
    open_database(PG_URL)
    con = _role_connection("sales1", "sales1-password")
    sales1 = User.get(User.username == "sales1").id
    try:
        for column, value in (("payment_terms_note", "月结60天"), ("credit_limit", 100)):
            with (
                pytest.raises((pg_errors.InsufficientPrivilege, pg_errors.CheckViolation)),
                con,
                con.cursor() as cursor,
            ):
                cursor.execute(
                    "INSERT INTO customer (uuid, created_at, updated_at, version, code, name, "
                    f"owner_id, {column}) SELECT gen_random_uuid()::text, created_at, updated_at, 1, "
                    "'X' || id, "
                    "'越权', %s, %s FROM customer WHERE code = 'S1'",
                    (sales1, value),
                )
    finally:
        con.close()


def test_a_managers_role_pages_a_word_on_most_cards_by_the_walk(secured, monkeypatch):
    """Logged in as themselves, the sales manager searches a word on most cards (有限):
    the planner's estimate under the policies still sends it by the walk of the name
    index, and its pages and total equal the full name-ordered list of its hits."""
    from crm_desktop.services.customers import CustomerQuery, customer_ids, list_customers

    team, _made = secured
    for i in range(240):
        name = f"{'甲乙丙丁'[i % 4]}{i:03d}{'有限公司' if i % 6 else '商行'}"
        customer_svc.create_customer(team["admin"], {"name": name, "owner": "sales1"})
    database.execute_sql("ANALYZE customer_search")
    auth.set_password(team["admin"], "manager", "manager-password")
    manager = auth.authenticate("manager", "manager-password")
    assert roles.current_role() == f"{PREFIX}u{manager.id}"
    walked = []
    many = customer_svc._many_hits_page
    monkeypatch.setattr(
        customer_svc, "_many_hits_page", lambda *a, **k: walked.append(a[2]) or many(*a, **k)
    )
    for descending in (False, True):
        query = CustomerQuery(text="有限", descending=descending)
        every = customer_ids(manager, query)
        assert len(every) == 200
        for offset in (0, 20, 190):
            page = list_customers(manager, query, offset=offset, limit=20)
            assert page.total == 200
            assert [r.id for r in page.rows] == every[offset : offset + 20]
    assert walked.count(0) == 2
