"""The text COPY streams to PostgreSQL says exactly each value, awkward characters included."""

from __future__ import annotations

import pytest
from conftest import PG_URL

from crm_desktop.models import bulk_insert, database, transaction
from crm_desktop.models.pg_copy import csv_lines


def test_values_are_written_as_the_csv_copy_reads():
    """NULL is an unquoted \\N; commas, quotes and newlines are quoted; a text that is
    exactly \\N or \\. is quoted (else COPY reads NULL or the end of the data);
    anything else is its text, a list a text array."""
    row = (None, "a,b", 'q"q', "x\ny", "制表\t符", 12, True, "普通", "")
    assert csv_lines([row]) == '\\N,"a,b","q""q","x\ny",制表\t符,12,True,普通,\n'
    assert csv_lines([("\\N", None, 1), ("\\.",)]) == '"\\N",\\N,1\n"\\."\n'
    assert csv_lines([(["科技", "有限"],)]) == '"{""科技"",""有限""}"\n'


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_bulk_insert_copies_awkward_values_unchanged(db):
    """Rows written with COPY read back the same: tabs, newlines, backslashes, quotes,
    commas, spaces, the texts \\N and \\. and NULL, NULL itself."""
    texts = ["制表\t符", "换行\n第二行", "反斜杠 \\ 和 \\N", "", None, "普通", "回车\r\n", "\\N"]
    texts += ['引号"和,逗号', "\\.", " 前后空格 ", '"', "NULL", "1e3"]
    database.execute_sql("CREATE TEMP TABLE copy_check (n INTEGER, t TEXT)")
    with transaction():
        assert bulk_insert("copy_check", ("n", "t"), enumerate(texts)) == len(texts)
    rows = database.execute_sql("SELECT n, t FROM copy_check ORDER BY n").fetchall()
    assert [t for _n, t in rows] == texts


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_bulk_insert_copies_text_arrays_unchanged(db):
    """A list is written as a text array whose elements read back as they were: quotes,
    backslashes, commas, braces and the word NULL included."""
    arrays = [["科技", "有限"], ['a"b', "c\\d", "e,f", "{g}", "NULL", " "], []]
    database.execute_sql("CREATE TEMP TABLE copy_arrays (n INTEGER, a TEXT[])")
    with transaction():
        bulk_insert("copy_arrays", ("n", "a"), enumerate(arrays))
    rows = database.execute_sql("SELECT a FROM copy_arrays ORDER BY n").fetchall()
    assert [list(a) for (a,) in rows] == arrays


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_bulk_insert_copies_numbers_times_and_flags_unchanged(db):
    """Amounts, times, days and flags go in as the values they are, NULL among them,
    and a one-column COPY takes the text \\. as a text, not as the end of the data."""
    from datetime import date, datetime
    from decimal import Decimal

    rows = [
        (1, Decimal("1234.50"), datetime(2026, 12, 6, 9, 30, 15, 123456), date(2026, 2, 28), True),
        (2, None, None, None, False),
        (3, Decimal("-0.01"), datetime(2026, 1, 1), date(2000, 1, 1), None),
    ]
    database.execute_sql(
        "CREATE TEMP TABLE copy_kinds (n INTEGER, m NUMERIC(20, 2), t TIMESTAMP, d DATE, b BOOLEAN)"
    )
    database.execute_sql("CREATE TEMP TABLE copy_one (t TEXT)")
    with transaction():
        bulk_insert("copy_kinds", ("n", "m", "t", "d", "b"), rows)
        bulk_insert("copy_one", ("t",), [("\\.",), ("a",), (None,)])
    back = database.execute_sql("SELECT n, m, t, d, b FROM copy_kinds ORDER BY n").fetchall()
    assert [tuple(r) for r in back] == rows
    one = database.execute_sql("SELECT t FROM copy_one ORDER BY t NULLS LAST").fetchall()
    assert [t for (t,) in one] == ["\\.", "a", None]


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_copies_behind_write_in_order_and_raise_a_refused_one(db):
    """COPYs left running on their own thread all land, in order, once the block ends;
    one the server refuses raises at the next `copy`, and a block ended by another
    error raises that error, not the COPY's."""
    from psycopg2 import errors as pg_errors

    from crm_desktop.models.pg_copy import CopyBehind

    database.execute_sql("CREATE TEMP TABLE behind (n INTEGER PRIMARY KEY, t TEXT)")
    with transaction(), CopyBehind(database.connection()) as copies:
        for at in range(0, 9_000, 3_000):
            copies.copy("behind", ("n", "t"), [(n, f"第{n}行") for n in range(at, at + 3_000)])
    rows = database.execute_sql("SELECT min(n), max(n), count(*) FROM behind").fetchone()
    assert rows == (0, 8_999, 9_000)
    with (
        pytest.raises(pg_errors.UniqueViolation),
        transaction(),
        CopyBehind(database.connection()) as copies,
    ):
        copies.copy("behind", ("n", "t"), [(1, "重复")])
        copies.copy("behind", ("n", "t"), [(9_000, "不会写入")])
    with pytest.raises(KeyError), transaction(), CopyBehind(database.connection()) as copies:
        copies.copy("behind", ("n", "t"), [(2, "重复")])
        raise KeyError("别处的错误")
    assert database.execute_sql("SELECT count(*) FROM behind").fetchone()[0] == 9_000


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_a_statement_meeting_copies_behind_waits_for_them(db):
    """psycopg2 breaks a COPY that another thread's statement meets on its connection
    (or both hang): a statement of the app's handle while COPYs run behind waits for
    them, and sees all their rows; a rollback meanwhile drops them without their error."""
    from crm_desktop.models import pg_copy
    from crm_desktop.models.pg_copy import CopyBehind

    database.execute_sql("CREATE TEMP TABLE behind (n INTEGER PRIMARY KEY, t TEXT)")
    with transaction(), CopyBehind(database.connection()) as copies:
        for step in range(6):
            at = step * 20_000
            copies.copy("behind", ("n", "t"), [(n, f"第{n}行" * 5) for n in range(at, at + 20_000)])
            counted = database.execute_sql("SELECT count(*) FROM behind").fetchone()[0]
            assert counted == at + 20_000
        assert not copies.pending
    assert database.execute_sql("SELECT count(*) FROM behind").fetchone()[0] == 120_000
    assert pg_copy._BEHIND == {}  # the handle forgot them with the block
    with pytest.raises(KeyError), transaction():
        copies = CopyBehind(database.connection())
        copies.copy("behind", ("n", "t"), [(1, "重复")])  # refused, but rolled back unsaid
        raise KeyError("别处的错误")
    assert pg_copy._BEHIND == {}
    assert database.execute_sql("SELECT count(*) FROM behind").fetchone()[0] == 120_000
