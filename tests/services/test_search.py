"""Search finds what a salesperson types: fragments, two-character Chinese, pinyin, phones."""

from __future__ import annotations

import pytest
from search_check import assert_index_matches_documents

from crm_desktop.services import customers as svc
from crm_desktop.services.customers import CustomerQuery
from crm_desktop.services.search import fts_query


@pytest.fixture
def sample(admin):
    rows = [
        {
            "name": "北京华科技术有限公司",
            "phone": "010-62345678",
            "contact_name": "王伟",
            "code": "BJ001",
        },
        {
            "name": "上海重庆贸易有限公司",
            "phone": "021-58881234",
            "contact_name": "李娜",
            "code": "SH002",
        },
        {
            "name": "深圳长城科技股份有限公司",
            "phone": "0755-86001234",
            "contact_name": "王伟强",
            "code": "SZ003",
        },
        {
            "name": "ACME <GmbH> Trading",
            "phone": "+49 30 1234567",
            "contact_name": "Hans Müller",
            "code": "DE004",
        },
    ]
    return {r["code"]: svc.create_customer(admin, r).id for r in rows}


def _found(admin, text):
    return sorted(
        r.code for r in svc.list_customers(admin, CustomerQuery(text=text), limit=1000).rows
    )


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("科技", ["BJ001", "SZ003"]),  # two Chinese characters: the common case
        ("王伟", ["BJ001", "SZ003"]),
        ("王伟强", ["SZ003"]),
        ("华科技术", ["BJ001"]),
        ("bjhk", ["BJ001"]),  # pinyin initials
        ("beijing", ["BJ001"]),  # full pinyin
        ("chongqing", ["SH002"]),  # 重庆 read as a place name, not zhongqing
        ("5888", ["SH002"]),  # phone fragment
        ("010 6234", ["BJ001"]),  # two words: both must match
        ("sz003", ["SZ003"]),  # code, any case
        ("acme gmbh", ["DE004"]),
        ("muller", []),  # folded, but ü is not u
        ("müller", ["DE004"]),
        ("长", ["SZ003"]),  # one character
        ("科技 上海", []),
        ("%", ["BJ001", "DE004", "SH002", "SZ003"]),  # punctuation only: no text filter
    ],
)
def test_search(admin, sample, text, codes):
    assert _found(admin, text) == codes


def test_search_follows_edits(admin, sample):
    svc.update_customer(admin, sample["SH002"], {"name": "上海浦东物流有限公司"})
    assert _found(admin, "重庆") == []
    assert _found(admin, "物流") == ["SH002"]
    assert _found(admin, "pdwl") == ["SH002"]


def test_edits_take_the_old_words_out_of_the_index(admin, sample):
    for name in ("上海浦东物流有限公司", "上海重庆贸易有限公司", "上海浦东物流有限公司"):
        svc.update_customer(admin, sample["SH002"], {"name": name, "contact_name": "赵敏"})
        assert_index_matches_documents()
    assert _found(admin, "重庆") == []
    assert _found(admin, "李娜") == []
    assert _found(admin, "赵敏") == ["SH002"]
    from crm_desktop.models import transaction
    from crm_desktop.models.search_index import reindex_customers

    with transaction():
        reindex_customers(None)
    assert_index_matches_documents()
    assert _found(admin, "物流") == ["SH002"]
    assert _found(admin, "科技") == ["BJ001", "SZ003"]


def test_search_respects_owner_and_filters(team):
    s1 = team["sales1"]
    svc.create_customer(s1, {"name": "张伟的科技公司"})
    svc.create_customer(team["sales2"], {"name": "王芳的科技公司"})
    assert [r.name for r in svc.list_customers(s1, CustomerQuery(text="科技")).rows] == [
        "张伟的科技公司"
    ]


def test_fts_query_is_a_bigram_phrase():
    assert fts_query("北京科技") == '"北京 京科 科技"'
    assert fts_query("科") == '"科"*'
    # FTS syntax typed by a user stays literal text: every word is a quoted phrase
    assert fts_query('a" OR 1') == '"a"* AND "or" AND "1"*'
    assert fts_query("()") is None


def test_the_shipped_pinyin_table_is_pypinyins():
    """`python -m crm_desktop.textutil` makes it; after an upgrade of pypinyin, run it."""
    import gzip
    from importlib.resources import files

    from crm_desktop.textutil import PINYIN_TABLE, pinyin_table_lines

    shipped = gzip.decompress(files("crm_desktop").joinpath(PINYIN_TABLE).read_bytes())
    assert shipped.decode("utf-8") == "".join(pinyin_table_lines())


@pytest.mark.parametrize(
    "text",
    [
        "北京华科技术有限公司",
        "重庆长城银行",
        "绿地控股",
        "厦门长江实业",
        "单于",
        "行长",
        "乐清音乐厅",
    ],
)
def test_pinyin_matches_pypinyin(text):
    """Our fast reading of names equals pypinyin's own phrase-aware reading."""
    from pypinyin import lazy_pinyin

    from crm_desktop.textutil import han_syllables

    assert han_syllables(text) == lazy_pinyin(text, errors="ignore")


def test_import_documents_are_the_ones_a_reindex_builds():
    """`documents` (an import's, with cached pieces) says what `customer_parts` and
    `tokens_of` say of each row, for messy text of every kind."""
    import random

    from crm_desktop.search_text import customer_parts, documents, tokens_of

    rng = random.Random(1)
    pieces = ["北京", "重庆", "有限公司", "Ａ", "b", " ", "-", "Σ", "ΑΣ", "_", "１２", "²", "0"]
    pieces += ["13912345678", "王伟", "é", "\u0301", "x", "長", "〇"]

    def text() -> str | None:
        if rng.random() < 0.15:
            return rng.choice(["", None])
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6)))

    for _ in range(200):
        rows = [(i, *(text() for _ in range(9))) for i in range(rng.randrange(1, 40))]
        expected = []
        for row in rows:
            parts = customer_parts(row)
            expected.append((row[0], " ".join(parts), tokens_of(parts)))
        assert documents(rows) == expected


def test_column_folds_are_the_folds_of_each_text():
    import random

    from crm_desktop.textutil import digits_only, digits_only_texts, fold, fold_texts

    rng = random.Random(5)
    alphabet = ["a", "Z", "1", " ", "-", "_", "Σ", "ΑΣ", "é", "\u0301", "Ａ", "１", "²", "北",
                "〇", "\u3000", "\n", "(", "（", "١"]  # fmt: skip
    for _ in range(300):
        texts = ["".join(rng.choices(alphabet, k=rng.randrange(0, 8))) for _ in range(20)]
        if rng.random() < 0.6:
            texts = [t.replace("\n", "") for t in texts]  # the one-pass path
        if rng.random() < 0.3:
            texts = [t.encode("ascii", "ignore").decode() for t in texts]
        assert fold_texts(texts) == [fold(t) for t in texts]
        assert digits_only_texts(texts) == [digits_only(t) for t in texts]
