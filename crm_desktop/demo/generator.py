"""The demo run: refuse a used database, run the passes in order in one transaction, rebuild
the indexes once, classify the customers with the analysis service's ABC rule."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from crm_desktop.demo.companies import OWNER_WEIGHTS, write_customers
from crm_desktop.demo.credit import write_credit_requests
from crm_desktop.demo.followups import write_complaints, write_followups
from crm_desktop.demo.opportunities import write_opportunities
from crm_desktop.demo.people import write_contacts
from crm_desktop.demo.randomness import FastRandom, cumulative
from crm_desktop.demo.sales import write_payments, write_products, write_sales
from crm_desktop.demo.state import DemoState
from crm_desktop.errors import UserError
from crm_desktop.messages import catalogue, msg
from crm_desktop.models import (
    AuditEvent,
    Customer,
    User,
    bulk_insert,
    database,
    is_sqlite,
    transaction,
)
from crm_desktop.models.indexes import drop_indexes
from crm_desktop.models.migrations import (
    backfill_followup_columns,
    backfill_last_contact,
    backfill_planned_followups,
    create_followup_triggers,
    drop_followup_triggers,
)
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.progress import NO_PROGRESS, Progress
from crm_desktop.services.analysis import abc_thresholds, classify_abc
from crm_desktop.services.auth import Actor

# --- the team -----------------------------------------------------------------------

TEAM = (
    ("admin", "gm", "陈总"),
    ("manager", "sales_manager", "李经理"),
    ("sales1", "salesperson", "张伟"),
    ("sales2", "salesperson", "王芳"),
    ("sales3", "salesperson", "刘洋"),
)
MAX_CUSTOMERS = 1_000_000


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote, for the CLI's summary line and the tests."""

    customers: int
    contacts: int
    products: int
    sales: int
    payments: int
    followups: int
    credit_requests: int
    complaints: int
    seconds: float
    reindex_seconds: float
    cpu_seconds: float  # this process's CPU time: wall time on a busy machine says little
    reindex_cpu_seconds: float


# Tables the demo fills. Their indexes are dropped for the load and built again at the
# end, inside the same transaction: one sort per index instead of millions of inserts
# into random places (unique indexes re-check uniqueness then). On PostgreSQL the
# search documents' indexes (bigrams, digit triples) wait likewise for the documents,
# and the foreign keys (the opportunities' too: 20k cards' pipelines took 4.4 s with
# their keys checked a row at a time, against SQLite's 1.5 s).
LOADED_TABLES = (
    "customer", "contact", "product", "sale", "payment", "follow_up", "credit_request", "complaint",
    "opportunity", "opportunity_line", "opportunity_stage_change",
)  # fmt: skip
DEFER_INDEXES = True
# PostgreSQL builds the deferred indexes with this much memory each (its default: 64 MB)
BUILD_MEMORY = "256MB"

# the foreign keys of the loaded tables on PostgreSQL: (table, name, definition)
_PG_FOREIGN_KEYS = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)"
)


def _drop_foreign_keys() -> list[str]:
    """PostgreSQL: drop the loaded tables' foreign keys; returns the SQL that adds them
    again. Each key checked a row at a time costs a trigger call per row (200k sales
    lines, three keys each); added again, each key is checked in one join."""
    tables = [f'"{t}"' for t in LOADED_TABLES] + list(LOADED_TABLES)
    statements = []
    for table, name, definition in database.execute_sql(_PG_FOREIGN_KEYS, (tables,)).fetchall():
        database.execute_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        statements.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    return statements


def generate_demo(
    actor: Actor,
    customers: int = 1000,
    seed: int = 0,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo team and `customers` customers with two years of business.

    Refuses (UserError) a database that already has customers: demo records mixed into
    real ones could not be told apart. Same seed and same `today` -> identical data.
    `progress` hears one step a pass; cancelling it rolls everything back.
    """
    actor.require("user.manage", msg("demo.action_load"))
    if customers < 1:
        raise UserError("demo.too_few")
    if customers > MAX_CUSTOMERS:
        raise UserError("demo.too_many", limit=MAX_CUSTOMERS)
    existing = Customer.select().count()
    if existing:
        raise UserError("demo.not_empty", count=existing)
    progress = progress or NO_PROGRESS
    started, cpu_started = time.perf_counter(), time.process_time()
    state = DemoState(FastRandom(seed), customers, today or date.today(), progress)
    with transaction():
        if not is_sqlite():
            database.execute_sql(
                "SELECT set_config('maintenance_work_mem', %s, true)", (BUILD_MEMORY,)
            )
        deferred = drop_indexes(LOADED_TABLES) if DEFER_INDEXES else []
        if DEFER_INDEXES and not is_sqlite():
            deferred += _drop_foreign_keys()  # added back after the indexes
        # the planned-count triggers would recount per follow-up without the indexes:
        # counted once at the end instead
        drop_followup_triggers(database.obj)
        _run(state)
        if not is_sqlite():  # each card's last contact and planned count, one pass, no index
            backfill_followup_columns()
        if deferred:
            state.say(msg("demo.indexes", count=len(deferred)))
            for sql in deferred:
                database.execute_sql(sql)
        else:
            state.passes_done += 1  # no indexes to rebuild: the step is done
        create_followup_triggers(database.obj)
        if is_sqlite():  # through the indexes just built
            backfill_planned_followups()
            backfill_last_contact()  # the cadence reads each card's last completed follow-up
        state.say(msg("demo.search_index", count=customers))
        t0, c0 = time.perf_counter(), time.process_time()
        later = drop_indexes(("customer_search",)) if DEFER_INDEXES and not is_sqlite() else []
        reindex_customers()
        for sql in later:
            database.execute_sql(sql)
        reindex_seconds = time.perf_counter() - t0
        reindex_cpu = time.process_time() - c0
        _fix_sequences()
        AuditEvent.create(
            user=actor.id, action="demo", entity="customer", count=customers, detail=f"seed={seed}"
        )
    if not is_sqlite():
        _settle_postgres()
    return DemoSummary(
        customers=customers,
        contacts=state.n_contacts,
        products=state.n_products,
        sales=state.n_sales,
        payments=state.n_payments,
        followups=state.n_followups,
        credit_requests=state.n_credit,
        complaints=state.n_complaints,
        seconds=time.perf_counter() - started,
        reindex_seconds=reindex_seconds,
        cpu_seconds=time.process_time() - cpu_started,
        reindex_cpu_seconds=reindex_cpu,
    )


def _run(state: DemoState) -> None:
    """The passes, in the order their random numbers are drawn."""
    _write_users(state)
    write_products(state)
    write_customers(state)
    write_contacts(state)
    write_sales(state)
    write_payments(state)
    write_followups(state)
    write_credit_requests(state)
    write_complaints(state)
    write_opportunities(state)
    _classify(state)


def _write_users(state: DemoState) -> None:
    """The team (kept if already there, with the demo's display names)."""
    state.user_ids = {}
    for username, role, display in TEAM:
        user = User.get_or_none(User.username == username)
        if user is None:
            stamp = f"{state.day(0)} 08:00:00"
            user = User.create(
                username=username,
                role=role,
                display_name=display,
                uuid=state.uuid(),
                created_at=stamp,
                updated_at=stamp,
            )
        elif user.display_name in ("", *catalogue()["models.first_admin_name"], username):
            User.update(display_name=display).where(User.id == user.id).execute()
        state.user_ids[username] = user.id
    state.sales_ids = [state.user_ids[u] for u in ("sales1", "sales2", "sales3")]
    state.owner_cum = cumulative(OWNER_WEIGHTS)
    state.gm_id = state.user_ids["admin"]


def _classify(state: DemoState) -> None:
    """Each card's ABC class from its generated sales, by the analysis service's rule and the
    team's thresholds (services.analysis.classify_abc), and a line of sales performance."""
    order = sorted(range(state.n), key=lambda i: -state.totals[i])
    classes = classify_abc([state.totals[i] for i in order], abc_thresholds())
    updates = []
    for i, cls in zip(order, classes, strict=True):
        total = state.totals[i]
        perf = f"近两年累计采购约{total / 1_000_000:.1f}万元" if total > 0 else "尚无成交"
        updates.append((cls, perf, state.first_customer + i))
    if is_sqlite():
        sql = "UPDATE customer SET abc_class = ?, sales_performance = ? WHERE id = ?"
        database.cursor().executemany(sql, updates)
    else:
        # one statement, not a round trip per card (100k cards: 43.5 s)
        database.execute_sql(
            "CREATE TEMP TABLE demo_classes (abc_class TEXT, perf TEXT, id INTEGER) ON COMMIT DROP"
        )
        bulk_insert("demo_classes", ("abc_class", "perf", "id"), updates)
        database.execute_sql(
            "UPDATE customer c SET abc_class = d.abc_class, sales_performance = d.perf "
            "FROM demo_classes d WHERE c.id = d.id"
        )
    state.say(msg("demo.classes"))


def _settle_postgres() -> None:
    """PostgreSQL after the load: the cards were written, then updated twice (classes;
    last contact with planned count), leaving dead versions of each that every scan of
    the table read (20k cards: 99 MB instead of 25 MB with three updates). Outside a
    transaction VACUUM FULL rewrites the table without them, and VACUUM ANALYZE marks
    the pages visible (index-only scans) and gathers the planner's statistics; inside
    one (a caller's), ANALYZE alone."""
    if database.in_transaction():
        database.execute_sql("ANALYZE")
        return
    database.execute_sql('VACUUM FULL "customer"')
    database.execute_sql("VACUUM ANALYZE")


def _fix_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids written here."""
    if is_sqlite():
        return
    for table in ("user", "product", "customer", "contact", "sale", "payment", "follow_up",
                  "credit_request", "complaint", "opportunity", "opportunity_line",
                  "opportunity_stage_change"):  # fmt: skip
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )


def sales_share_of_top(fraction: float = 0.2) -> float:
    """Share of all sales brought by the top `fraction` of customers (the 80/20 check)."""
    rows = database.execute_sql(
        "SELECT COALESCE(SUM(s.amount), 0) FROM customer c LEFT JOIN sale s ON s.customer_id = c.id "
        "GROUP BY c.id"
    ).fetchall()
    totals = sorted((int(r[0]) for r in rows), reverse=True)
    grand = sum(totals)
    if not grand:
        return 0.0
    top = totals[: max(1, int(len(totals) * fraction))]
    return sum(top) / grand
