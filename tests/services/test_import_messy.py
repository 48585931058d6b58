"""A messy list of 2,300 rows imports to exactly the values pinned in a reference file.

The sheet mixes what real lists hold, drawn from fixed pools by a seeded generator:
long remarks, amounts typed as 5万 / ¥1.2万 / 1,200.50 / 1e308 / -5 / words, days as
dates, serials, 20190305, 2019年3月5日 and impossible ones, choices in many wordings
(国企, 专票, A类, 甲级, a, 电话营销, 民营), full-width digits, credit codes right and
wrong, people on the row. It spans two cleaning blocks, so what a column remembers
from one block is used in the next. tests/data/import/messy_expected.json.gz holds
every stored value, note and rejection; regenerate it only for an intended change of
the import's result with `python tests/services/test_import_messy.py --write`.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing

EXPECTED = Path(__file__).parent.parent / "data" / "import" / "messy_expected.json.gz"
ROWS = 2_300  # more than one block (2,000) and fewer than the bulk path's 5,000

HEADERS = [
    "客户名称", "客户代号", "客户类别", "企业性质", "开票类型", "注册资金（万元）", "信用额度(元)",
    "年营业额(元)", "成立日期", "租赁起始日期", "租赁到期日期", "客户来源", "信用等级", "付款方式",
    "联系人", "职位", "手机号码", "固定电话", "邮箱", "微信", "联系人2", "手机2", "所在省份",
    "所在城市", "详细地址", "统一社会信用代码", "收款期限(天)", "QQ", "备注",
]  # fmt: skip

_LONG = ("该客户为华南区重点客户，年度框架协议已续签，回款及时。" * 400)[:9_990]
_POOLS: list[list] = [
    None,  # the name: made per row
    None,  # the code: made per row
    [
        "A",
        "a",
        "A类",
        "甲级",
        "一级",
        "B",
        "乙类",
        "中级",
        "C类",
        "低级",
        "普通客户",
        "D",
        "vip",
        "重要客户",
        "AA",
        "Ｂ",
        " b ",
        "未知",
        "",
        None,
        1,
        2.0,
    ],
    [
        "国企",
        "国有企业",
        "央企",
        "中外合资",
        "合资",
        "外资",
        "个体户",
        "乡镇",
        "集体企业",
        "民营",
        "私营",
        "国营企业",
        "个体",
        "",
        None,
        "state_owned",
        "JV",
    ],
    [
        "专票",
        "增值税专用发票",
        "普票",
        "增值税普通发票",
        "电子发票",
        "收据",
        "增值税发票",
        "普通发票",
        "VAT",
        "",
        None,
    ],
    [
        5000,
        50.5,
        "5万",
        "1000万以上",
        "1,200.50",
        "¥1.2万",
        "１２００",
        "50-100",
        "",
        None,
        "-5",
        0,
        "1e308",
        1e308,
        "3亿",
        "12.345678",
    ],
    [
        50000,
        "5万",
        "¥1.2万",
        "1,200元",
        "1,200.50",
        "RMB 3000",
        "1e308",
        "-100",
        "十万",
        "",
        None,
        12.5,
        0.001,
        "300000.004",
        1e15,
        "　8000　",
    ],
    [1_000_000, "120万", "1.5亿", "约100万", "", None, 99_999_999.99, "1,234,567.89", -1],
    [
        date(2019, 3, 5),
        datetime(2020, 1, 2, 9, 30),
        43_000,
        43_000.75,
        20_190_305,
        "20190305",
        "2019-03-05",
        "2019/3/5",
        "2019.3.5",
        "2019年3月5日",
        "2019-02-30",
        "2019-13-01",
        "去年",
        "",
        None,
        "3/5/2019",
        "２０１９－０３－０５",
    ],
    [date(2021, 1, 1), "2021-06-01", "2022/1/1", "", None, "明年"],
    [date(2020, 1, 1), "2023-06-01", "2020-06-01", "", None, "2019-12-31"],
    [
        "朋友介绍",
        "转介绍",
        "电话营销",
        "展会",
        "广告",
        "亲朋好友",
        "团体",
        "其他",
        "地推",
        "",
        None,
        "friends",
        "电销",
    ],
    ["A", "AAA", "信用良好", "一般", "较差", "差", "B", "C", "未评", "", None],
    ["月结", "先款后货", "款到发货", "货到付款", "预付", "net 30", "赊账", "", None],
    ["王建国", "李秀英", "陈静", "赵磊", "", None, "周" * 80, "Zhang Wei"],
    ["采购经理", "总经理", "", None, "财务" * 70],
    ["13800138000", 13_900_139_000, 13_700_137_000.0, "", None, "138 0013 8000"],
    ["0755-86001234", "010-82881234", "", None, 57_188_001_234],
    ["wangjg@nsjm.cn", "chen@example.com", "not an email", "", None],
    ["wjg_nsjm", "chenjing1988", "", None],
    ["李四", "", None, "王五"],
    ["13912345678", "", None, 13_512_345_678],
    ["广东省", "江苏省", "浙江省", "", None],
    ["深圳市", "苏州市", "杭州市", "", None],
    [
        "科技园南区高新南一道8号",
        "苏州工业园区星湖街328号",
        "浙江省杭州市西湖区文三路90号",
        "",
        None,
    ],
    None,  # the credit code: made per row
    [30, 45.0, "60", "30天", "六十", "", None, -15, 1.5],
    ["88990011", 123_456, "", None],
    ["老客户", "", None, _LONG, _LONG + "尾" * 20, "年底回访\n需要发票", "  需要发票  "],
]
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _uscc(body: str) -> str:
    total = sum(_USCC.index(c) * w for c, w in zip(body, _W, strict=True))
    return body + _USCC[(31 - total % 31) % 31]


# values the card's rule refuses (the row is rejected): drawn for 3 % of the cells only,
# so that most rows go in and their stored values are compared
_REFUSED: dict[int, list] = {
    0: ["", None],
    5: ["-5", "1e308", 1e308, "12.345678"],
    6: ["1e308", "-100", 1e15, 0.001, "300000.004"],
    7: [-1],
    8: ["2019-02-30", "2019-13-01", "3/5/2019"],
    26: [-15, 1.5],
    28: [_LONG + "尾" * 20],
}


def _draw(rng: random.Random, column: int, pool: list) -> object:
    refused = _REFUSED.get(column, [])
    if rng.random() < 0.03:
        return rng.choice(pool)
    return rng.choice([v for v in pool if not any(v is r or v == r for r in refused)])


def messy_rows(count: int = ROWS, seed: int = 15) -> list[list]:
    """The sheet's rows: each cell drawn from its column's pool, names mostly distinct."""
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        row = [_draw(rng, c, pool) if pool else None for c, pool in enumerate(_POOLS)]
        names = [f"华南精密机械有限公司{i}", f"Acme Trading {i}", f"苏州联华贸易有限公司{i % 40}",
                 f"  杭州小微电子商行{i}  "]  # fmt: skip
        row[0] = _draw(rng, 0, [*names, "", None])
        row[1] = rng.choice([f"K{i:05d}", "", None, f"k{i % 300:05d}", i])
        body = "91440300MA5F" + f"{i:05d}"
        tax_ids = [_uscc(body), body[:10], "", None, _uscc(body).lower()]
        row[25] = rng.choice(tax_ids) if rng.random() > 0.03 else body + "X"
        # phones tell customers apart: one per row, typed in several ways
        row[16] = rng.choice([f"138{i:08d}", 13_900_000_000 + i, float(13_700_000_000 + i), "",
                              None, f"138 {i:04d} {i:04d}"])  # fmt: skip
        row[17] = rng.choice([f"0755-86{i:06d}", "", None, 57_100_000_000 + i])
        rows.append(row)
    return rows


def _write(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(HEADERS)
    for row in messy_rows():
        ws.append(row)
    wb.save(path)
    return path


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return "(the time of the import)"  # credit_approved_at, owner_since: now
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


def stored(result: importing.ImportResult) -> dict:
    """Every value the import stored or said, in a form JSON keeps."""
    # name_key: a derived lookup column, filled by the database (SQLite) or the service
    skip = {"id", "uuid", "created_at", "updated_at", "deleted_at", "version", "name_key"}
    rows = list(Customer.select().order_by(Customer.id).dicts())
    names = [f for f in (rows[0] if rows else {}) if f not in skip]
    cards = [[_plain(row[f]) for f in names] for row in rows]
    people = [
        [p.customer_id, p.name, p.title, p.mobile, p.phone, p.email, p.wechat, p.is_primary]
        for p in Contact.select().order_by(Contact.id)
    ]
    return {
        "counts": [result.created, result.updated, result.rejected, result.skipped],
        "fields": names,
        "cards": cards,
        "people": people,
        "rejections": [[r.row_number, r.column, r.field, r.reason] for r in result.rejections],
        "notes": [[n.row_number, n.column, n.value, n.render("en")] for n in result.notes],
        "warnings": list(result.warnings),
    }


def _import(actor, path: Path) -> dict:
    result = importing.run_import(actor, importing.open_source(actor, path))
    return json.loads(json.dumps(stored(result), ensure_ascii=False))


def test_a_messy_list_stores_exactly_the_pinned_values(admin, tmp_path):
    """Every stored field, contact, note and rejection of the messy list is as pinned."""
    got = _import(admin, _write(tmp_path / "messy.xlsx"))
    expected = json.loads(gzip.decompress(EXPECTED.read_bytes()))
    assert got["counts"] == expected["counts"]
    assert got["fields"] == expected["fields"]
    for i, (card, want) in enumerate(zip(got["cards"], expected["cards"], strict=True)):
        assert card == want, f"card {i + 1}"
    assert got["people"] == expected["people"]
    assert got["rejections"] == expected["rejections"]
    assert got["notes"] == expected["notes"]
    assert got["warnings"] == expected["warnings"]


if __name__ == "__main__" and "--write" in sys.argv:  # the reference, from the current code
    import tempfile

    from crm_desktop.models import DbTarget, open_database
    from crm_desktop.services.auth import get_actor

    with tempfile.TemporaryDirectory() as tmp:
        open_database(DbTarget(path=Path(tmp) / "crm.db"))
        data = _import(get_actor("admin"), _write(Path(tmp) / "messy.xlsx"))
    EXPECTED.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), mtime=0))
    print(f"{EXPECTED}: {len(data['cards'])} cards, {len(data['rejections'])} rejections")


def test_clean_texts_of_an_almost_clean_column_is_clean_text_of_each():
    """A column of clean texts with one value to clean (any space, control character,
    full-width form or edge space) is cleaned as `clean_text` cleans each value."""
    from crm_desktop.textutil import clean_text, clean_texts

    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    odd = [*spaces, "\x00", "\x07", "\x7f", "\u200b", "Ａ", "１", "，", "\u3000", "  "]
    clean = ["北京华夏科技有限公司", "K0000001", "user1@example.com", "a b", "", "客户 A"]
    assert clean_texts(clean) == clean
    for ch in odd:
        for dirty in (f"x{ch}y", f"{ch}x", f"x{ch}", ch, f"a {ch} b"):
            for at in (0, 3, len(clean)):
                values = [*clean[:at], dirty, *clean[at:]]
                assert clean_texts(values) == [clean_text(v) for v in values], repr(dirty)


def test_a_column_of_numbers_reads_as_each_cell_alone():
    """The file's numbers of a column are read as `file_value` reads each cell alone."""
    from crm_desktop.services.importing.cleaning import _file_column, file_value

    floats = [13_800_138_000.0, 1.5, -0.0, 0.0, 1e20, 1e308, -3.0, float("inf"), float("nan")]
    for kind in ("text", "long", "choice", "bool", "user", "date", "int", "decimal"):
        for multiplier in (1, 10_000):
            cells = floats[:-2] if kind == "date" else floats  # no day is infinite
            got = _file_column(list(cells), kind, multiplier)
            want = [file_value(v, kind, multiplier) for v in cells]
            assert list(map(repr, got)) == list(map(repr, want)), (kind, multiplier)
