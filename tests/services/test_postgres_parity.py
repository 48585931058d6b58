"""SQLite and PostgreSQL give the same search hits and the same list order on the same data.

Runs when CRM_TEST_DB_URL names a PostgreSQL server (CI's PostgreSQL job): the same
demo (same seed, same day) is made in a SQLite file and on the server, with a few
cards whose empty values and Latin names test the order, and every answer of one is
compared with the other's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import PG_URL, on_both_databases

from crm_desktop.models import database
from crm_desktop.services import customers as customer_service
from crm_desktop.services.customers import (
    CustomerQuery,
    create_customer,
    customer_ids,
    list_customers,
)

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

TODAY = date(2026, 6, 1)
SEARCHES = (
    "科技",
    "贸易",
    "有限",
    "北京",
    "王伟",
    "化工",
    "bj",
    "13",
    "科技 有限",
    "有限公司",
    "acme",
    "139",
    "keji",
    "c0000",
    "acme trading",
    "123",
)
SORTS = ("name", "code", "stage", "abc_class", "credit_rating", "credit_limit", "owner", "address")
EXTRA = (  # values that sort apart: no limit, Latin and digits, an empty rating
    {"name": "ACME Trading", "credit_limit": None, "credit_rating": ""},
    {"name": "acme trading", "credit_limit": Decimal("0")},
    {"name": "123 科技商行", "credit_limit": Decimal("500")},
    {"name": "Zeta 贸易", "credit_limit": None},
)


def _answers() -> dict[str, object]:
    """Every compared answer on the open database, made afresh."""
    from crm_desktop.demo import generate_demo
    from crm_desktop.services.auth import get_actor

    admin = get_actor("admin")
    generate_demo(admin, customers=120, seed=3, today=TODAY)
    for values in EXTRA:
        create_customer(admin, values)
    out: dict[str, object] = {}
    for text in SEARCHES:
        out[f"search {text}"] = customer_ids(admin, CustomerQuery(text=text))
        page = list_customers(admin, CustomerQuery(text=text), limit=20)
        out[f"page {text}"] = ([r.id for r in page.rows], page.total)
    for sort in SORTS:
        for descending in (False, True):
            query = CustomerQuery(sort=sort, descending=descending)
            out[f"order {sort} {descending}"] = customer_ids(admin, query)
            deep = list_customers(admin, query, offset=60, limit=30)
            out[f"deep {sort} {descending}"] = ([r.id for r in deep.rows], deep.total)
            # PostgreSQL's page of ids first (from offset 1,000 on), here from 50
            default, customer_service._IDS_FIRST_FROM = customer_service._IDS_FIRST_FROM, 50
            try:
                deep = list_customers(admin, query, offset=60, limit=30)
            finally:
                customer_service._IDS_FIRST_FROM = default
            out[f"ids first {sort} {descending}"] = ([r.id for r in deep.rows], deep.total)
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict, dict]:
    return on_both_databases(tmp_path_factory.mktemp("parity"), _answers)


@pytest.mark.parametrize("text", SEARCHES)
def test_search_finds_the_same_customers_on_both(both, text):
    """A search (two Chinese characters included) finds the same customers on both databases."""
    sqlite, postgres = both
    assert sqlite[f"search {text}"], text  # the demo holds each searched text
    assert sorted(postgres[f"search {text}"]) == sorted(sqlite[f"search {text}"])
    assert postgres[f"page {text}"] == sqlite[f"page {text}"]


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_orders_alike_on_both(both, sort):
    """Each sort of the list, either way, puts the customers (empty values too) in the same order."""
    sqlite, postgres = both
    for descending in (False, True):
        assert postgres[f"order {sort} {descending}"] == sqlite[f"order {sort} {descending}"]
        assert postgres[f"deep {sort} {descending}"] == sqlite[f"deep {sort} {descending}"]
        assert postgres[f"ids first {sort} {descending}"] == sqlite[f"deep {sort} {descending}"]


def test_two_chinese_characters_are_found_through_the_bigram_index(db):
    """On PostgreSQL a two-character word is looked up in the GIN index of the bigrams, not scanned."""
    from crm_desktop.services.search import postgres_search

    sql, params = postgres_search("科技")
    database.execute_sql("SET enable_seqscan = off")  # a table this small is scanned anyway
    try:
        plan = "\n".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))
    finally:
        database.execute_sql("RESET enable_seqscan")
    assert "customer_search_grams" in plan
