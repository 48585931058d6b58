"""The text COPY streams to PostgreSQL says exactly each value, awkward characters included."""

from __future__ import annotations

import pytest
from conftest import PG_URL

from crm_desktop.models import bulk_insert, database, transaction
from crm_desktop.models.pg_copy import copy_text


def test_values_are_written_in_copys_text_format():
    """NULL is \\N; tabs, newlines and backslashes are escaped; anything else is its text."""
    assert copy_text(None) == "\\N"
    assert copy_text("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert copy_text(12) == "12" and copy_text(True) == "True"


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_bulk_insert_copies_awkward_values_unchanged(db):
    """Rows written with COPY read back the same: tabs, newlines, backslashes, \\N text, NULL."""
    texts = ["制表\t符", "换行\n第二行", "反斜杠 \\ 和 \\N", "", None, "普通"]
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
