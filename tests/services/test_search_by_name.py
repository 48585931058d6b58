"""A search in name order gives the same page, total and id list as a plain reference
computation, whatever wrote the customers (cards, renames, deletions, owner changes,
pool returns, an import, the demo). On PostgreSQL the page comes from the search rows
alone (their copies of the customer's name key, deletion and owner, schema 18); on
SQLite from the FTS hits and the customer table: both must agree with the reference."""

from __future__ import annotations

from itertools import product

import pytest
from conftest import PG_URL
from import_samples import write_xlsx

from crm_desktop.models import Customer, database, is_sqlite
from crm_desktop.services import importing, pool
from crm_desktop.services.customers import (
    CustomerQuery,
    create_customer,
    customer_ids,
    delete_customer,
    list_customers,
    restore_customer,
    update_customer,
)
from crm_desktop.services.search import like_baseline_ids

# two characters, longer words, pinyin, and ASCII triples (digits, letters, mixed)
WORDS = ("科技", "贸易", "有限公司", "kj", "123", "huaxia", "zz科")


def _reference(actor, query: CustomerQuery) -> list[int]:
    """The hits by a LIKE scan of every document, scoped and ordered in Python from the
    customer table: deletion, owner, then the name key byte by byte and the id."""
    hits = set(like_baseline_ids(query.text))
    rows = Customer.select(Customer.id, Customer.name_key, Customer.owner, Customer.deleted_at)
    wanted = []
    for cid, key, owner, deleted in database.execute(rows.where(Customer.id.in_(list(hits)))):
        if (deleted is not None) != query.deleted:
            continue
        if not actor.sees_all_customers and owner != actor.id:
            continue
        if actor.sees_all_customers and query.owner_id is not None and owner != query.owner_id:
            continue
        wanted.append((key.encode("utf-8"), cid))
    wanted.sort(reverse=query.descending)
    return [cid for _key, cid in wanted]


def _check(actor, **kw) -> None:
    """Pages of 7, the total and the id list equal the reference for every word."""
    for word in WORDS:
        for descending in (False, True):
            query = CustomerQuery(text=word, descending=descending, **kw)
            expected = _reference(actor, query)
            assert customer_ids(actor, query) == expected, (word, descending)
            for offset in (0, 7, len(expected) + 3):
                page = list_customers(actor, query, offset=offset, limit=7)
                assert page.total == len(expected), (word, descending, offset)
                assert [r.id for r in page.rows] == expected[offset : offset + 7]


def _check_all(team) -> None:
    """Every scope the name-ordered search serves: all, one owner, a salesperson's own,
    the recycle bin."""
    _check(team["admin"])
    _check(team["admin"], owner_id=team["sales1"].id)
    _check(team["manager"], owner_id=team["sales2"].id)
    _check(team["sales1"])
    _check(team["sales2"])
    _check(team["admin"], deleted=True)


NAMES = (
    "北京华夏科技有限公司",
    "上海东方贸易有限公司",
    "广州科技贸易有限公司",
    "深圳kj科技",
    "阿里科技",
    "ZZ科技有限公司",
    "123 科技",
    "科技",
    "贸易行",
    "杭州有限公司",
)


@pytest.fixture
def cards(team):
    """Thirty cards over sales1, sales2 and the pool, some names alike."""
    owners = ("sales1", "sales2", None)
    made = []
    for i in range(30):
        name = NAMES[i % len(NAMES)] + ("" if i < 10 else f"{i}号")
        card = create_customer(team["admin"], {"name": name, "owner": owners[i % 3]})
        made.append(card.id)
    return made


def test_search_pages_equal_the_reference_after_edits(team, cards):
    """Renames, deletions and restores, owner changes, a pool return, a handover and
    empty sort keys: after each, every scope's pages, totals and ids equal the
    reference."""
    admin = team["admin"]
    _check_all(team)
    update_customer(admin, cards[0], {"name": "重庆重工贸易"})  # a new name key
    update_customer(admin, cards[4], {"name": "阿科技"})
    update_customer(admin, cards[5], {"owner": "sales1"})
    delete_customer(admin, cards[1])
    delete_customer(admin, cards[7])
    _check_all(team)
    restore_customer(admin, cards[1])
    pool.release(admin, [Customer.get_by_id(cards[3]).code, Customer.get_by_id(cards[6]).code])
    pool.handover(admin, "sales2", ["sales1"])
    _check_all(team)
    # empty sort keys (as imports into SQLite once left them) sort first, by id
    Customer.update(name_key="").where(Customer.id.in_(cards[10:14])).execute()
    _check_all(team)


def test_search_pages_equal_the_reference_after_an_import(team, cards, tmp_path):
    """Cards an import writes (in bulk) are found, scoped and ordered like the others."""
    rows = [[f"苏州{n}科技有限公司", f"IMP{i:03d}"] for i, n in enumerate("甲乙丙丁戊己庚辛")]
    path = write_xlsx(tmp_path / "in.xlsx", rows=rows, headers=["客户全称", "客户编号"])
    result = importing.run_import(team["admin"], importing.open_source(team["admin"], path))
    assert result.created == len(rows)
    update_customer(team["admin"], Customer.get(Customer.code == "IMP002").id, {"owner": "sales2"})
    _check_all(team)


def test_search_pages_equal_the_reference_after_the_demo(admin):
    """The demo's bulk build (its own writes of the cards and the search rows): the
    reference holds for every scope."""
    from crm_desktop.demo import generate_demo
    from crm_desktop.models import User

    generate_demo(admin, 150, seed=5)
    _check(admin)
    for user in User.select().where(User.role == "salesperson"):
        _check(admin, owner_id=user.id)


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_search_rows_copy_their_customer(team, cards):
    """On PostgreSQL each search row holds its customer's name key, liveness and owner,
    also after a bulk UPDATE of customers outside the app, and cannot be given others."""
    assert not is_sqlite()
    database.execute_sql(
        "UPDATE customer SET owner_id = NULL, name_key = name_key || 'x' WHERE id %% 2 = 0"
    )
    database.execute_sql("UPDATE customer SET deleted_at = now() WHERE id %% 5 = 0")
    database.execute_sql("UPDATE customer_search SET owner_id = 1, live = false, name_key = ''")
    differ = database.execute_sql(
        "SELECT count(*) FROM customer c JOIN customer_search s ON s.customer_id = c.id "
        "WHERE s.name_key <> c.name_key OR s.live <> (c.deleted_at IS NULL) "
        "OR s.owner_id IS DISTINCT FROM c.owner_id"
    ).fetchone()[0]
    assert differ == 0
    total = database.execute_sql("SELECT count(*) FROM customer_search").fetchone()[0]
    assert total == len(cards)


def test_hashed_bigram_codes_do_not_find_other_pairs(admin):
    """Two pairs of characters beyond the Basic Multilingual Plane that share one code
    on PostgreSQL: a search of one finds its customer only, on both backends."""
    from crm_desktop.search_codes import gram_code

    mine, other = "\U00020000\U00030000", "\U000200f1\U00020000"
    assert gram_code(mine) == gram_code(other)
    found = create_customer(admin, {"name": f"甲{mine}"}).id
    create_customer(admin, {"name": f"乙{other}"})
    for query in (CustomerQuery(text=mine), CustomerQuery(text=mine, sort="code")):
        page = list_customers(admin, query)
        assert [r.id for r in page.rows] == [found] and page.total == 1
        assert customer_ids(admin, query) == [found]


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_a_word_on_most_cards_walks_the_name_index(admin, monkeypatch):
    """On PostgreSQL a word on most live cards (有限) is counted through the GIN index and
    its page found by walking the live customers' name index: pages and totals equal the
    reference, deleted cards whose names sort first are passed over, and the planner's
    setting does not outlive the search. With the statistics stale (most of those cards
    deleted since) the answer is still the reference's."""
    from crm_desktop.services import customers as customer_service

    made = []
    for i in range(80):
        kind = "有限公司" if i % 5 else "商行"  # 有限 on four cards of five
        made.append(create_customer(admin, {"name": f"{'甲乙丙丁戊'[i % 5]}{i:02d}{kind}"}).id)
    for cid in made[:12]:  # the first names, 有限 among them
        delete_customer(admin, cid)
    database.execute_sql("ANALYZE customer_search")
    walked = []
    many = customer_service._many_hits_page
    monkeypatch.setattr(
        customer_service,
        "_many_hits_page",
        lambda *a, **k: walked.append(a[2]) or many(*a, **k),
    )

    def check() -> None:
        # two characters (the index says it all), four (checked on each document too),
        # two words
        for text, descending in product(("有限", "有限公司", "有限 公司"), (False, True)):
            query = CustomerQuery(text=text, descending=descending)
            expected = _reference(admin, query)
            for offset in (0, 7, 21, len(expected) - 3, len(expected) + 3):
                page = list_customers(admin, query, offset=offset, limit=7)
                assert page.total == len(expected), (text, descending, offset)
                assert [r.id for r in page.rows] == expected[offset : offset + 7]
            assert customer_ids(admin, query) == expected

    check()
    assert walked.count(0) == 6  # each text's first page, both ways, came by the walk
    assert database.execute_sql("SHOW enable_seqscan").fetchone()[0] == "on"
    for cid in made[12:70]:  # the statistics still count them
        delete_customer(admin, cid)
    walked.clear()
    check()
    assert walked
