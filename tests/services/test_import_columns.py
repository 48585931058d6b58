"""Column-wise cleaning gives exactly the card editor's verdict, and bulk-written cards
carry the same values and search documents as cards written one at a time."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from search_check import assert_index_matches_documents

from crm_desktop.errors import ValidationError
from crm_desktop.models import Customer, CustomerSearch, database, is_sqlite, transaction
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import importing
from crm_desktop.services.customers import clean_customer_column, clean_customer_values
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
from crm_desktop.services.importing import cleaning, duplicates, new_cards, writing
from crm_desktop.services.importing.choices import map_choice
from crm_desktop.services.importing.values import really_wrong
from crm_desktop.services.validation import uscc_check_char
from crm_desktop.textutil import clean_text, clean_texts, name_sort_key

FIELDS = ["name", "code", "contact_name", "contact_phone", "phone", "tax_id", "founded",
          "registered_capital", "credit_limit", "abc_class", "invoice_type", "collection_days",
          "contact_interval_days", "stage", "shop_lease_start", "shop_lease_end", "remarks",
          "warehouse_area", "email", "owner", "org_type", "address", "source"]  # fmt: skip
HEADERS = [CUSTOMER_FIELD_MAP[f].zh for f in FIELDS]
HEADERS[FIELDS.index("registered_capital")] = "注册资本(万元)"  # a unit: values × 10,000


def _write(path, rows: list[list], headers: list[str] = HEADERS):
    """An .xlsx with typed cells: text (control characters too), numbers, dates, booleans."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("客户")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, h in enumerate(headers):
        ws.write_string(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, moment)
            elif isinstance(v, date):
                ws.write_datetime(r, c, v, day)
            else:
                ws.write_number(r, c, v)
    wb.close()
    return path


def _uscc(n: int) -> str:
    body = f"91110108MA{n:07d}"
    return body + uscc_check_char(body)


def _messy_rows(count: int, seed: int = 7) -> list[list]:
    """Rows as people type them: most fine, many wrong in one or more cells, some empty."""
    rng = random.Random(seed)

    def pick(*options):  # mostly the first (a good value), so that many rows pass
        return options[0] if rng.random() < 0.8 else rng.choice(options)

    rows = []
    for i in range(count):
        rows.append([
            pick(f"客户{i}有限公司", f"  客户{i} 贸易（有限公司） ", f"ＡＢＣ{i}商行", f"客户{i}\x07",
                 "", None, "   ", "名" * 250 + str(i)),
            pick(f"K{i:05d}", f"ｋｘ{i:05d}", None, "", "C" * 40 + str(i), float(700000 + i)),
            pick("张伟", " 李娜 ", "王\u3000强", None, "赵" * 120),
            pick(13800000000.0 + i, f"139 {i:04d} 1111", None, "", "１３９" + str(i)),
            pick(f"010-6{i:07d}", None, f"(021) 5{i:06d}", ""),
            pick(_uscc(i), _uscc(i).lower(), _uscc(i)[:17] + "0", "91110108MA01ABCDI1",
                 "123456789012345", f" {_uscc(i)[:9]} {_uscc(i)[9:]} ", "", "ABC"),
            pick(date(2019, 3, 5), datetime(2020, 1, 2, 10, 30), "2019-03-05", "03/05/2019",
                 "13/05/2019", "2019年3月5日", 20190305, 43529.0, 43529.75, "not a date",
                 "2019-02-30", "", None),
            pick(500, 12.5, "1,234.5", "-5", -5.0, 1e20, "abc", 0.001, 250.0, None),
            pick(50000.0, 12.345, "¥1,000", -1.0, "12,000.50", 0, None, 3000000.0, 1e15,
                 99999999999999.0, 100000000000000.0),
            pick("A", "b", "B级", "Z", " a ", "ａ", "", None),
            pick("增值税发票", "普通发票", "vat", "收据", None),
            pick(30.0, "30", 1.5, "-3", 45, None, "三十"),
            pick(0, -1.0, 7.0, "14", None, 30),
            pick("潜在客户", "现实客户", "Lost", "?", "  ", None),
            pick(date(2020, 1, 1), "2021-06-01", None),
            pick(date(2019, 1, 1), "2022-06-01", None),
            pick("老客户", "需要发票\r\n年底回访", "x\x00y", "长" * 10_001, "", None),
            pick(12.345, "100.5", 80, "-1", None),
            pick(f"user{i}@example.com", None, "x" * 201),
            pick("admin", "nobody", None),
            pick("国营企业", "个体", "外星企业", None),
            pick(f"北京市海淀区{i}号", None),
            pick("亲朋好友", "团体", "广告", None),
        ])  # fmt: skip
    return rows


def _card_verdicts(source: importing.ImportSource, columns) -> dict[int, tuple[dict, dict, dict]]:
    """Per row number: (clean values, errors that reject the row, errors kept as text) from
    the card editor's own function, after the importer's synonyms of choice values."""
    from crm_desktop.services.validation import day_order, in_day_order

    out = {}
    rows = list(source.iter_data())
    # a date column's 03/05/2019 is read in the order its 13/05/2019 tells (the importer's
    # one rule beside the card's)
    orders = {
        c.index: day_order(r[c.index] for _n, r in rows if c.index < len(r))
        for c in columns
        if CUSTOMER_FIELD_MAP[c.field].kind == "date"
    }
    for number, row in rows:
        values, raws = {}, {}
        for c in columns:
            raw = row[c.index] if c.index < len(row) else None
            if raw is None or raw == "":
                continue
            raws[c.field] = raw
            spec = CUSTOMER_FIELD_MAP[c.field]
            if spec.choices:
                raw = map_choice(spec.choices, raw) or raw
            if orders.get(c.index):
                raw = in_day_order(raw, orders[c.index])
            values[c.field] = cleaning.file_value(raw, spec.kind, c.multiplier)
        try:
            out[number] = (clean_customer_values(values, partial=False), {}, {})
        except ValidationError as exc:
            hard = {
                f: m for f, m in exc.errors.items() if f not in raws or really_wrong(f, raws[f])
            }
            soft = {f: raws[f] for f in exc.errors if f not in hard}
            if hard:
                out[number] = ({}, hard, soft)
                continue
            rest = {f: v for f, v in values.items() if f not in soft}
            out[number] = (clean_customer_values(rest, partial=False), {}, soft)
    return out


def _reason(message: str) -> str:
    return message.split(": ", 1)[1] if ": " in message else message


def _search_state() -> tuple[list, list]:
    """The documents, and every token the FTS index holds: term, customer and position
    (PostgreSQL: each row's codes, name key, liveness and owner)."""
    docs = database.execute_sql("SELECT customer_id, doc FROM customer_search ORDER BY 1")
    if not is_sqlite():
        rows = database.execute_sql(
            "SELECT customer_id, grams, name_key, live, owner_id FROM customer_search ORDER BY 1"
        )
        return list(docs.fetchall()), list(rows.fetchall())
    database.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms "
        "USING fts5vocab(main, customer_fts, instance)"
    )
    terms = database.execute_sql("SELECT term, doc, offset FROM temp.fts_terms ORDER BY 2, 3")
    return list(docs.fetchall()), list(terms.fetchall())


def test_clean_texts_is_clean_text_of_each():
    rng = random.Random(3)
    alphabet = ["a", "Z", "1", " ", "\u3000", "\t", "\n", "\x07", "\x00", "Ａ", "１", "，", "客",
                "户", "\ue000", "\u2003", "(", "（"]  # fmt: skip
    for _ in range(200):
        values = ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(30)]
        if rng.random() < 0.5:
            values = [v.replace("\ue000", "") for v in values]  # the one-pass path
        assert clean_texts(values) == [clean_text(v) for v in values]
    assert clean_texts([]) == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("杭州华夏\n科技有限公司", "杭州华夏科技有限公司"),  # wrapped by hand in a narrow cell
        ("上海（集团）\r\n 有限公司", "上海（集团）有限公司"),
        ("地址：\n杭州市", "地址：杭州市"),
        ("Hangzhou\nHuaxia", "Hangzhou Huaxia"),  # between words: a space
        ("杭州\nABC 公司", "杭州 ABC 公司"),
    ],
)
def test_a_line_break_inside_chinese_joins_it(typed, meant):
    assert clean_text(typed) == meant
    assert clean_texts([typed, "x"]) == [meant, "x"]


@pytest.mark.parametrize("remember", [True, False], ids=["memo", "no-memo"])
@pytest.mark.parametrize("field", FIELDS)
def test_a_column_is_cleaned_as_each_value_alone(admin, field, remember):
    """clean_customer_column == clean_customer_values({field: value}, partial=True) per value."""
    position = FIELDS.index(field)
    kind = CUSTOMER_FIELD_MAP[field].kind
    multiplier = 10_000 if field == "registered_capital" else 1
    raws = [row[position] for row in _messy_rows(300)]
    raws = [cleaning.file_value(v, kind, multiplier) for v in raws if v not in (None, "")]
    memo: dict | None = {} if remember else None
    for half in (raws[: len(raws) // 2], raws[len(raws) // 2 :]):  # the memo carries over
        values, errors = clean_customer_column(field, half, memo)
        for i, raw in enumerate(half):
            try:
                expected = clean_customer_values({field: raw}, partial=True)[field]
            except ValidationError as exc:
                assert errors.get(i) == exc.errors[field], (field, raw)
                continue
            assert i not in errors and values[i] == expected, (field, raw)
            assert type(values[i]) is type(expected)


@pytest.mark.parametrize("block", [64, writing.BLOCK])
def test_import_rejects_exactly_what_the_card_editor_rejects(admin, tmp_path, monkeypatch, block):
    """Every row: the same verdict, row number, column and reason as the card's own rule;
    every accepted row: the card holds the card rule's clean values."""
    monkeypatch.setattr(writing, "BLOCK", block)
    path = _write(tmp_path / "messy.xlsx", _messy_rows(500))
    source = importing.open_source(admin, path)
    columns = [c for c in source.columns if c.field]
    assert [(c.field, c.multiplier) for c in columns] == [
        (f, 10_000 if f == "registered_capital" else 1) for f in FIELDS
    ]
    verdicts = _card_verdicts(source, columns)
    bad_rows = {n for n, (_clean, errors, _soft) in verdicts.items() if errors}
    kept_rows = {n for n, (_clean, errors, soft) in verdicts.items() if soft and not errors}
    soft_values = sum(len(soft) for _clean, _errors, soft in verdicts.values())
    assert 100 < len(bad_rows) < 500 and kept_rows and soft_values > 30  # plenty of each

    result = importing.run_import(admin, source)

    assert result.rejected == len(bad_rows)
    got: dict[int, set] = {}
    for r in result.rejections:
        assert r.column == source.headers[FIELDS.index(r.field)]  # the column is named
        assert r.raw == tuple(source.data.rows[r.row_number - 1])
        got.setdefault(r.row_number, set()).add((r.field, r.reason))
    expected = {
        n: {(f, _reason(m)) for f, m in errors.items()}
        for n, (_clean, errors, _soft) in verdicts.items()
        if errors
    }
    assert got == expected
    # a value that does not fit an optional field: the row goes in, the value is named
    noted: dict[int, set] = {}
    for note in result.notes:
        noted.setdefault(note.row_number, set()).add((note.column, note.value))
    assert noted == {
        n: {(source.headers[FIELDS.index(f)], cleaning.shown(raw)) for f, raw in soft.items()}
        for n, (_clean, errors, soft) in verdicts.items()
        if soft and not errors
    }
    assert result.created == len(verdicts) - len(bad_rows) and result.skipped == 0
    for number, (clean, errors, soft) in verdicts.items():
        if errors:
            continue
        card = Customer.get(Customer.name == clean["name"])
        for field, value in clean.items():
            if field == "remarks" and soft:
                continue
            stored = card.owner_id if field == "owner" else getattr(card, field)
            assert stored == value, (number, field)
        for field, raw in soft.items():  # kept as "企业性质 (original): 民营" in the remarks
            header = source.headers[FIELDS.index(field)]
            assert f"{header} (original): {cleaning.shown(raw)}" in card.remarks
        if clean.get("credit_limit") is not None:
            assert card.credit_approved_by_id == admin.id and card.credit_approved_at
        else:  # no limit, nothing approved
            assert card.credit_approved_by_id is None and card.credit_approved_at is None


def test_preview_shows_the_card_editors_verdict(admin, tmp_path):
    path = _write(tmp_path / "messy.xlsx", _messy_rows(150, seed=11))
    source = importing.open_source(admin, path, preview_rows=200)
    columns = [c for c in source.columns if c.field]
    verdicts = _card_verdicts(source, columns)
    for check in importing.preview(admin, source):
        clean, errors, soft = verdicts[check.row_number]
        assert {(p.field, p.message) for p in check.problems} == {
            (f, _reason(m)) for f, m in errors.items()
        }
        if not errors:
            assert {n.value for n in check.notes} == {cleaning.shown(v) for v in soft.values()}
            values = {f: v for f, v in check.values.items() if f != "remarks" or not soft}
            assert values == {f: v for f, v in clean.items() if f != "remarks" or not soft}


@pytest.mark.parametrize("helper", [True, False], ids=["helper-process", "in-process"])
def test_bulk_written_search_documents_match_a_full_reindex(admin, tmp_path, monkeypatch, helper):
    """The documents an import writes from memory are the ones a reindex builds from the rows,
    whether a helper process built them or the import itself (on PostgreSQL with their
    codes, as the helper makes them too)."""
    monkeypatch.setattr(writing, "BLOCK", 50)
    monkeypatch.setattr(writing, "BULK_ROWS", 0 if helper else 10**9)
    used: list[bool] = []

    class Watched(writing.Offload):
        def close(self) -> None:
            used.append(not self.in_process)  # still the helper at the end: none failed
            super().close()

    monkeypatch.setattr(writing, "Offload", Watched)
    monkeypatch.setattr("crm_desktop.offload.second_core", lambda: True)
    rows = [row[:5] for row in _messy_rows(400, seed=5)]  # name, code, contact and phones
    result = importing.run_import(
        admin, importing.open_source(admin, _write(tmp_path / "a.xlsx", rows, HEADERS[:5]))
    )
    assert result.created > 100
    assert used[0] is helper
    written = _search_state()
    assert len(written[0]) == Customer.select().count()
    if is_sqlite():  # every document's tokens in the FTS index
        assert {row[1] for row in written[1]} == {cid for cid, _doc in written[0]}
    assert_index_matches_documents()
    keys = [(c.name, c.name_key) for c in Customer.select().order_by(Customer.id)]
    assert keys == [(name, name_sort_key(name)) for name, _key in keys]  # pinyin order
    with transaction():
        reindex_customers(None)
    assert _search_state() == written
    if not is_sqlite():
        return
    hashsize = database.execute_sql("SELECT v FROM customer_fts_config WHERE k = 'hashsize'")
    assert hashsize.fetchone()[0] == 1 << 20  # FTS5's default again after the load


def test_new_cards_ids_history_and_documents_agree_past_the_estimate(admin, tmp_path, monkeypatch):
    """Each new card's id is its history's and its search row's, block after block; on
    PostgreSQL the ids come from the sequence a few at a time (here fewer than a block),
    and a card made after the import still gets a new one."""
    from crm_desktop.models import ChangeLog
    from crm_desktop.services.customers import create_customer
    from crm_desktop.services.search import matching_ids

    monkeypatch.setattr(writing, "BLOCK", 50)
    monkeypatch.setattr(new_cards, "RESERVE_AT_ONCE", 7)
    rows = [row[:5] for row in _messy_rows(160, seed=11)]
    result = importing.run_import(
        admin, importing.open_source(admin, _write(tmp_path / "a.xlsx", rows, HEADERS[:5]))
    )
    assert result.created > 100
    cards = {c.id: c.code for c in Customer.select()}
    assert len(cards) == result.created
    created = ChangeLog.select().where(ChangeLog.field == "created", ChangeLog.entity == "customer")
    assert {log.entity_id: log.new_value for log in created} == cards
    searched = database.execute_sql("SELECT customer_id FROM customer_search").fetchall()
    assert sorted(cid for (cid,) in searched) == sorted(cards)
    some = sorted(cards)[::37]
    for cid in some:
        assert cid in matching_ids(cards[cid])
    later = create_customer(admin, {"name": "导入之后新建的客户有限公司"})
    assert later.id > max(cards)


def test_new_cards_get_distinct_version_7_uuids_in_order():
    import uuid

    maker = new_cards.UuidMaker()
    made = maker(2_000) + maker(3)
    assert len(set(made)) == 2_003
    assert sorted(made) == made  # each one after the last: the index takes it at its end
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (7, uuid.RFC_4122, text)
        assert parsed.int >> 80 == maker.millis  # the import's start, in milliseconds
    # the 74 bits after the version count up by one, from a random start
    counters = [(u.int >> 64 & 0xFFF) << 62 | (u.int & (1 << 62) - 1) for u in map(uuid.UUID, made)]
    assert counters == list(range(counters[0], counters[0] + 2_003))
    # a counter about to carry into the bits before the variant keeps the order
    maker.next = (1 << 62) - 2
    assert sorted(carry := maker(4)) == carry and len(set(carry)) == 4
    counters = [
        (u.int >> 64 & 0xFFF) << 62 | (u.int & (1 << 62) - 1) for u in map(uuid.UUID, carry)
    ]
    assert counters == list(range((1 << 62) - 2, (1 << 62) + 2))
    assert not set(new_cards.UuidMaker()(2_000)) & set(made)


def test_the_moving_statement_makes_the_makers_own_uuids():
    """On SQLite the statement that moves a staged block makes its UUIDs from the
    rowids (`UUID_SQL`): the same texts `UuidMaker` makes, carries included."""
    import sqlite3

    def by_sql(maker: new_cards.UuidMaker, n: int) -> list[str]:
        head, group, last = maker.sql_range(n)
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE stage (x)")
        conn.executemany("INSERT INTO stage VALUES (?)", [(i,) for i in range(n)])
        sql = f"SELECT {new_cards.UUID_SQL} FROM stage ORDER BY rowid"
        return [text for (text,) in conn.execute(sql, (head, group, last, last))]

    maker = new_cards.UuidMaker()
    starts = [
        (maker.next, maker.next),
        ((5 << 62) + (1 << 48) - 2, (5 << 62) + (1 << 48) - 2),  # into the fourth group
        ((5 << 62) + (1 << 62) - 3, 6 << 62),  # would reach the third: starts it afresh
    ]
    for start, expected in starts:
        maker.next = start
        made = by_sql(maker, 5)
        assert maker.next == expected + 5
        same = new_cards.UuidMaker()
        same.millis, same.next = maker.millis, expected
        assert made == same(5)


def test_generated_codes_avoid_codes_further_down_a_long_sheet(admin, tmp_path):
    """Codes are made for rows without one only after reading every code the file uses,
    also when the sheet is streamed (rows past the first 1,200)."""
    rows = [[f"客户{i}", f"K{i:05d}"] for i in range(1_500)]
    rows[1][1] = ""  # needs a code: C000001 would be next...
    rows[1_400][1] = "C000001"  # ...but the file uses it further down
    source = importing.open_source(admin, _write(tmp_path / "long.xlsx", rows, HEADERS[:2]))
    assert source.data.stream is not None
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected, result.skipped) == (1_500, 0, 0)
    made = Customer.get(Customer.name == "客户1").code
    assert made.startswith("C") and made != "C000001"
    assert Customer.get(Customer.code == "C000001").name == "客户1400"


@pytest.mark.sqlite_only
def test_cancel_while_search_documents_are_written_leaves_nothing(admin, tmp_path):
    from import_samples import write_many

    path = write_many(tmp_path / "many.xlsx", 5_000)
    at_end = []

    def progress(done, total):
        if done == total:
            at_end.append(done)
        return len(at_end) < 2  # the second call at the end: writing search documents

    with pytest.raises(importing.ImportCancelled):
        importing.run_import(admin, importing.open_source(admin, path), progress=progress)
    assert at_end == [5_000, 5_000]
    assert Customer.select().count() == 0
    assert database.execute_sql("SELECT COUNT(*) FROM customer_search").fetchone()[0] == 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize("policy", writing.POLICIES)
def test_a_block_taken_whole_ends_as_row_by_row_would(tmp_path, monkeypatch, policy):
    """Blocks with no duplicate in them are checked and indexed at once; the outcome is
    the row-by-row one: the same cards, codes, rejections and skipped rows."""
    import shutil

    from crm_desktop.models import close_database, open_database
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import create_customer, delete_customer

    base = tmp_path / "base.db"
    open_database(base)
    admin = get_actor("admin")
    rows = [row[:6] for row in _messy_rows(300, seed=11)]  # name … credit code
    rows += [list(r) for r in rows[5:60:7]]  # again in a later block
    rows.insert(25, list(rows[12]))  # again in the same block
    for i in (3, 4):  # no code: codes are made for them, in order
        rows[i][1] = None
    # like an earlier row by one thing only: its phone, its credit code, its name, its code
    for i in (90, 100, 110, 120):  # rows with nothing wrong, in blocks without a duplicate
        rows[i][:2] = [f"样本{i}有限公司", f"S{i}"]
    rows[90][4], rows[100][5] = "010-68888888", _uscc(9100)
    rows[110][0], rows[120][1] = "样本甲有限公司", "KX120"
    rows.append(["新名甲", "NEW01", None, None, "(010) 6888-8888", None])
    rows.append(["新名乙", "NEW02", None, None, None, _uscc(9100).lower()])
    rows.append([" 样本甲（有限公司）", "NEW03", None, None, None, None])
    rows.append(["新名丙", "kx120", None, None, None, None])
    create_customer(admin, {"name": "客户200有限公司"})  # same name as a row
    create_customer(admin, {"name": "别的", "code": "K00210"})  # same code
    create_customer(admin, {"name": "电话", "phone": "010-60000220"})  # same phone
    gone = create_customer(admin, {"name": "已删", "code": "K00230"})
    delete_customer(admin, gone.id)  # a deleted card's code
    close_database()
    database.initialize(None)
    path = _write(tmp_path / "list.xlsx", rows, HEADERS[:6])
    monkeypatch.setattr(writing, "BLOCK", 40)
    add_all = duplicates.DuplicateIndex.add_all
    whole: list[int] = []

    def counted(self, keys, first, numbers):
        whole.append(len(keys))
        add_all(self, keys, first, numbers)

    monkeypatch.setattr(duplicates.DuplicateIndex, "add_all", counted)
    outcomes = []
    for by_block in (True, False):
        if not by_block:
            monkeypatch.setattr(duplicates.DuplicateIndex, "clear_of", lambda self, keys: False)
        db = tmp_path / f"{by_block}.db"
        shutil.copy(base, db)
        open_database(db)
        admin = get_actor("admin")
        result = importing.run_import(
            admin, importing.open_source(admin, path), on_duplicate=policy
        )
        cards = Customer.select(
            Customer.id, Customer.code, Customer.name, Customer.tax_id, Customer.phone,
            Customer.deleted_at.is_null(), Customer.version,
        ).order_by(Customer.id).tuples()  # fmt: skip
        outcomes.append(
            (
                (result.created, result.updated, result.skipped, result.rejected),
                [(r.row_number, r.field, r.reason) for r in result.rejections],
                result.skipped_rows,
                list(cards),
            )
        )
        close_database()
        database.initialize(None)
    assert outcomes[0] == outcomes[1]
    created, updated, skipped, _rejected = outcomes[0][0]
    assert created > 100 and (policy == "new" or updated + skipped > 0)
    assert 1 <= len(whole) <= 6  # blocks without a duplicate whole, the others row by row


def _custom_rows(n: int, seed: int) -> list[list]:
    """Rows with three kept columns: a text, a choice and a date field's; some values the
    choice and the date cannot take, some long, some empty."""
    rng = random.Random(seed)
    levels = ["战略", "重点", "一般", "战略客户", "", "未知层级"]
    days = ["2024-03-01", "2024/3/5", "20240307", "下个月", "", "2024-02-30"]
    people = ["王经理", "李主管", "", "渠道部 张三" * 100]  # 600 characters: too long
    return [
        [f"{rng.choice(['华东', '华南'])}客户{i}", f"C{i:04d}", rng.choice(people),
         rng.choice(levels), rng.choice(days)]
        for i in range(n)
    ]  # fmt: skip


CUSTOM_HEADERS = ["客户名称", "客户代号", "渠道经理", "合作层级", "首次拜访"]


@pytest.mark.parametrize("helper", [True, False], ids=["helper-process", "in-process"])
def test_custom_field_columns_are_written_with_the_cards(admin, tmp_path, monkeypatch, helper):
    """Kept columns that feed custom fields are cleaned by the field's kind and written with
    the new cards: the values a card's own rule gives, a value the field cannot take kept
    in the remarks and listed, and the search documents the ones a reindex builds."""
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.services.custom_fields import values as custom_values
    from crm_desktop.services.custom_fields.cleaning import clean_field_value

    monkeypatch.setattr(writing, "BLOCK", 40)
    monkeypatch.setattr(writing, "BULK_ROWS", 0 if helper else 10**9)
    monkeypatch.setattr("crm_desktop.offload.second_core", lambda: True)
    level = custom_defs.define_field(
        admin, "合作层级", kind="choice", choices=["战略", "重点", "一般"]
    )
    visit = custom_defs.define_field(admin, "首次拜访", kind="date")
    rows = _custom_rows(300, seed=21)
    path = _write(tmp_path / "custom.xlsx", rows, CUSTOM_HEADERS)
    source = importing.open_source(admin, path)
    result = importing.run_import(admin, source, unmapped_as_fields=True)
    assert result.created == 300 and not result.rejected
    person = custom_defs.list_fields("customer")[-1]
    assert (person.zh, person.kind) == ("渠道经理", "text")
    fields = {f.zh: f for f in custom_defs.list_fields("customer")}
    noted = {(n.row_number, n.column) for n in result.notes}
    for number, row in enumerate(rows, start=2):
        card = Customer.get(Customer.code == row[1])
        values = custom_values.get_values("customer", card.id)
        for header, raw in zip(CUSTOM_HEADERS[2:], row[2:], strict=True):
            field = fields[header]
            try:
                want = clean_field_value(field, raw)
            except ValueError:  # kept in the remarks as the column's line, and listed
                assert values[field.name] is None
                assert raw in card.remarks and header in card.remarks
                assert (number, header) in noted
                continue
            assert values[field.name] == want
            assert (number, header) not in noted
    held = custom_values.values_of("customer", list(range(1, 301)), [level, visit, person])
    for field in (level, visit, person):  # each field took values, and refused some
        assert any(field.name in values for values in held.values())
        assert any(column == field.zh for _number, column in noted)
    keys = [(c.name, c.name_key) for c in Customer.select().order_by(Customer.id)]
    assert keys == [(name, name_sort_key(name)) for name, _key in keys]  # pinyin order
    hits = CustomerSearch.select().where(CustomerSearch.doc.contains("wangjingli")).count()
    assert hits == sum(1 for row in rows if row[2] == "王经理")
    written = _search_state()
    assert_index_matches_documents()
    with transaction():
        reindex_customers(None)
    assert _search_state() == written


def test_an_update_import_sets_custom_values_through_the_cards_rule(admin, tmp_path):
    """A row matching a card sets its custom values by the card's rule (history kept); a
    value the field cannot take is added to the card's remarks instead."""
    from crm_desktop.models import ChangeLog
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.services.custom_fields import values as custom_values

    level = custom_defs.define_field(
        admin, "合作层级", kind="choice", choices=["战略", "重点", "一般"]
    )
    path = _write(
        tmp_path / "a.xlsx", [["甲公司", "C1", "一般"]], ["客户名称", "客户代号", "合作层级"]
    )
    importing.run_import(admin, importing.open_source(admin, path))
    card = Customer.get(Customer.code == "C1")
    assert custom_values.get_values("customer", card.id)[level.name] is not None
    rows = [["甲公司", "C1", "重点"]]
    path = _write(tmp_path / "b.xlsx", rows, ["客户名称", "客户代号", "合作层级"])
    result = importing.run_import(admin, importing.open_source(admin, path), on_duplicate="update")
    assert result.updated == 1
    assert level.show(custom_values.get_values("customer", card.id)[level.name], "zh") == "重点"
    logged = ChangeLog.get(ChangeLog.entity_id == card.id, ChangeLog.field == level.name,
                           ChangeLog.batch == result.batch_id)  # fmt: skip
    assert (logged.old_value, logged.new_value) == ("一般", "重点")
    path = _write(
        tmp_path / "c.xlsx", [["甲公司", "C1", "观望"]], ["客户名称", "客户代号", "合作层级"]
    )
    importing.run_import(admin, importing.open_source(admin, path), on_duplicate="update")
    card = Customer.get_by_id(card.id)
    assert level.show(custom_values.get_values("customer", card.id)[level.name], "zh") == "重点"
    assert "观望" in card.remarks


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("薄利多销，量大优惠", "薄利多销，量大优惠"),  # Chinese writing keeps its punctuation
        ("北京（朝阳）ＡＢＣ公司　１号", "北京（朝阳）ABC公司 1号"),  # but not full-width letters
        ("电话：０１０－１２３", "电话：010－123"),
        ("０１０－１２３４５６７８", "010-12345678"),  # no Chinese: all half-width
        ("ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ", "abc@example.com"),
        ("ＡＢ（１）", "AB(1)"),
    ],
)
def test_typed_full_width_forms_are_read_as_meant(typed, meant):
    """Full-width digits, letters and spaces become half-width; punctuation too, except in
    Chinese writing, where ，（）： are what the writer meant; a column cleans the same."""
    assert clean_text(typed) == meant
    assert clean_texts([typed, "", "ＡＢＣ"]) == [meant, "", "ABC"]


def test_the_preview_checks_a_custom_field_column_by_the_fields_kind(admin, tmp_path):
    """In the wizard's preview, a column headed like a date custom field warns about a
    value that is no date (it would stay in the remarks) and not about a real one."""
    from crm_desktop.services.custom_fields import definitions as custom_defs

    custom_defs.define_field(admin, "首次拜访", kind="date")
    rows = [["甲公司", "2024-03-01"], ["乙公司", "下个月"]]
    path = _write(tmp_path / "p.xlsx", rows, ["客户名称", "首次拜访"])
    checks = importing.preview(admin, importing.open_source(admin, path))
    assert [[n.column for n in c.notes] for c in checks] == [[], ["首次拜访"]]


@pytest.mark.sqlite_only
def test_blocks_wait_for_their_names_sort_keys_when_the_helper_lags(admin, tmp_path, monkeypatch):
    """With room for one block only, each block waits for the helper's answer (its names'
    sort keys) before it goes in: every card has its key, documents as a reindex makes."""
    monkeypatch.setattr(writing, "BLOCK", 30)
    monkeypatch.setattr(writing, "BULK_ROWS", 0)
    monkeypatch.setattr(new_cards, "MAX_BACKLOG", 1)
    monkeypatch.setattr(new_cards, "DOC_CHUNK", 70)
    monkeypatch.setattr("crm_desktop.offload.second_core", lambda: True)
    rows = [row[:5] for row in _messy_rows(300, seed=8)]
    result = importing.run_import(
        admin, importing.open_source(admin, _write(tmp_path / "a.xlsx", rows, HEADERS[:5]))
    )
    assert result.created > 100
    keys = [(c.name, c.name_key) for c in Customer.select().order_by(Customer.id)]
    assert len(keys) == result.created
    assert keys == [(name, name_sort_key(name)) for name, _key in keys]
    written = _search_state()
    assert_index_matches_documents()
    with transaction():
        reindex_customers(None)
    assert _search_state() == written
