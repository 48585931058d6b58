"""The search codes: bigram codes and digit triples built for many documents at once,
which answer on PostgreSQL the phone-number searches pg_trgm's index answered before
(schema 20: an expression index of the triples; 22: the triples among the codes)."""

from __future__ import annotations

import re

import pytest
from conftest import PG_URL

from crm_desktop.models import database, open_database
from crm_desktop.models.search_index import gram_codes
from crm_desktop.search_codes import document_codes, gram_code, trigram_code, word_codes
from crm_desktop.services.customers import CustomerQuery, create_customer, list_customers

needs_pg = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

DOCS = [
    "北京华夏科技有限公司 beijinghuaxiakejiyouxiangongsi bjhxkjyxgs c000123 13912345678",
    "a",
    "",
    "ab \U00020000x abc",
    "有限公司 123 zz科技",
]


def _one_by_one(doc: str) -> list[int]:
    """A document's bigram codes a pair at a time, and the triples of its runs of three
    or more digits, in int4[]'s unsigned order."""
    codes = {gram_code(p[i : i + 2]) for p in doc.split(" ") for i in range(len(p) - 1)}
    runs = re.findall("[0-9]{3,}", doc)
    codes |= {trigram_code(r[i : i + 3]) for r in runs for i in range(len(r) - 2)}
    return sorted(codes, key=lambda c: c & 0xFFFFFFFF)


def test_documents_codes_at_once_equal_one_at_a_time():
    """The numpy path gives every document the codes of its parts' pairs and of its runs
    of digits' triples, never a pair or a triple across a part's edge or into the next
    document."""
    texts = document_codes(DOCS)
    assert texts == ["{" + ",".join(map(str, _one_by_one(d))) + "}" for d in DOCS]
    assert texts[1] == texts[2] == "{}"
    assert gram_codes(DOCS[4].split(" ")) == texts[4]
    triple = str(trigram_code("123"))
    assert triple in texts[4].strip("{}").split(",")  # "有限公司 123 zz科技"
    # digits meeting across a part's edge or a document's end are no triple
    assert document_codes(["12 3", "1", "23"]) == [
        "{" + str(gram_code("12")) + "}",
        "{}",
        "{" + str(gram_code("23")) + "}",
    ]


def test_a_triple_is_no_pair():
    """Every triple's code lies below every pair's a folded document can hold (no
    character below "0"), so a three-digit word is found by its one code."""
    highest = trigram_code("999")
    lowest_pair = gram_code("00")
    assert highest < lowest_pair
    assert all(trigram_code(t) > 0 for t in ("000", "123", "999"))


def test_a_word_asks_for_the_triples_of_its_runs_of_digits():
    """A word asks for the triples of its runs of three or more digits and for its
    other pairs; a shorter run of digits is pairs."""
    assert word_codes("6234") == ([], [trigram_code("623"), trigram_code("234")])
    assert word_codes("c0123x") == (
        [gram_code("c0"), gram_code("3x")],
        [trigram_code("012"), trigram_code("123")],
    )
    assert word_codes("a12b") == ([gram_code(p) for p in ("a1", "12", "2b")], [])
    assert word_codes("科技公司") == ([gram_code(p) for p in ("科技", "技公", "公司")], [])
    assert word_codes("a") == ([], [])


@needs_pg
def test_a_search_row_holds_the_triples_of_its_runs_of_digits(team):
    """A card's search row holds, beside its bigrams, the triples of its runs of digits,
    coded as `trigram_code` codes a searched word's; the server computes none."""
    card = create_customer(team["admin"], {"name": "华夏科技", "phone": "010-62345678"})
    doc, grams = database.execute_sql(
        "SELECT doc, grams FROM customer_search WHERE customer_id = %s", (card.id,)
    ).fetchone()
    runs = re.findall("[0-9]{3,}", doc)
    assert "01062345678" in runs  # the phone, as its digits
    want = {trigram_code(r[i : i + 3]) for r in runs for i in range(len(r) - 2)}
    assert {c for c in grams if 0 <= c <= trigram_code("999")} == want
    functions = database.execute_sql(
        "SELECT proname FROM pg_proc WHERE proname = 'crm_digit_triples'"
    ).fetchall()
    assert functions == []


@needs_pg
def test_upgrade_from_19_swaps_the_trigram_index_for_the_digits(team):
    """A version-19 team database (pg_trgm's index, no index of digits) upgrades: the
    trigram index gone, the digit triples among the search codes (step 20's index of
    them and its function come and go), and digit, pinyin and Latin searches find their
    cards."""
    admin = team["admin"]
    ids = [
        create_customer(admin, {"name": name, "phone": phone, "owner": owner}).id
        for name, phone, owner in (
            ("华夏科技有限公司", "010-62345678", "sales1"),
            ("东方贸易", "13962340000", None),
            ("ACME Trading", "", "sales2"),
        )
    ]
    for sql in (
        # the codes as version 19 wrote them: bigrams only (a triple's code is below any pair's)
        "UPDATE customer_search SET grams = ARRAY(SELECT c FROM unnest(grams) c "
        f"WHERE c NOT BETWEEN 0 AND {trigram_code('999')})",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX customer_search_doc_trgm ON customer_search USING gin (doc gin_trgm_ops)",
        "UPDATE db_info SET value = '19' WHERE key = 'schema_version'",
    ):
        database.execute_sql(sql)

    open_database(PG_URL)
    indexes = {
        name
        for (name,) in database.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'customer_search'"
        )
    }
    assert "customer_search_doc_trgm" not in indexes
    assert "customer_search_digits" not in indexes
    assert "customer_search_grams" in indexes
    for text, want in (
        ("6234", ids[:2]),
        ("234567", ids[:1]),
        ("0623", ids[:1]),
        ("acme", ids[2:]),
        ("huaxia", ids[:1]),
    ):
        assert sorted(r.id for r in list_customers(admin, CustomerQuery(text=text)).rows) == want
