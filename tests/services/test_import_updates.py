"""An update import writes matched cards a part at a time, by the card's own rule."""

from __future__ import annotations

import openpyxl
from playhouse.test_utils import count_queries

from crm_desktop.errors import UserError
from crm_desktop.jobs.importing import import_customers
from crm_desktop.models import ChangeLog, Customer
from crm_desktop.services import customers as svc
from crm_desktop.services import importing
from crm_desktop.services.custom_fields.definitions import define_field
from crm_desktop.services.search import matching_ids


def _cards(admin, prefix: str, n: int) -> list[int]:
    return [
        svc.create_customer(
            admin,
            {"name": f"{prefix}公司{i:03d}", "phone": f"010-{i:08d}", "owner": "sales1"},
        ).id
        for i in range(n)
    ]


def _update_file(path, prefix: str, n: int, start: int = 0):
    """Every row changes its card's phone and address (the name matches the card)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户名称", "电话", "地址", "业务员"])
    for i in range(start, start + n):
        ws.append([f"{prefix}公司{i:03d}", f"021-{i:08d}", f"新地址 {i} 号", "张伟"])
    wb.save(path)
    return path


def _queries(admin, path) -> tuple[int, object]:
    with count_queries() as counter:
        done = import_customers(admin, path, on_duplicate="update", keep_unmapped=False)
    return counter.count, done.result


def test_update_import_queries_do_not_grow_by_a_dozen_a_row(team, tmp_path):
    """Updating 120 cards costs few more queries a row than updating 20 (the cards, their
    custom values and the search index are read and renewed a part at a time)."""
    admin = team["admin"]
    _cards(admin, "甲", 140)
    small, done_small = _queries(admin, _update_file(tmp_path / "s.xlsx", "甲", 20))
    large, done_large = _queries(admin, _update_file(tmp_path / "l.xlsx", "甲", 120, start=20))
    assert done_small.updated == 20 and done_large.updated == 120
    assert (large - small) / 100 <= 9, (small, large)  # 22 a row when read one by one
    card = svc.get_customer(admin, code=Customer.get(Customer.name == "甲公司130").code)
    assert card["phone"] == "021-00000130" and card["address"] == "新地址 130 号"
    assert matching_ids("021-00000130") == [card.id]


def _state(admin, ids: list[int]) -> list[tuple]:
    """What the cards hold and what their history says, without ids, times, names, codes."""
    rows = []
    for cid in ids:
        card = svc.get_customer(admin, cid)
        values = {k: v for k, v in card.values.items() if k not in ("name", "code")}
        log = [
            (c.field, c.old_value, c.new_value)
            for c in ChangeLog.select()
            .where(
                ChangeLog.entity == "customer",
                ChangeLog.entity_id == cid,
                ChangeLog.field != "created",
            )
            .order_by(ChangeLog.id)
        ]
        rows.append((card.version, sorted(values.items(), key=str), log))
    return rows


def test_update_customers_writes_what_update_customer_writes(team):
    """Many cards changed at once end as the same cards changed one by one: the values,
    versions and history alike, a refused item left out and a repeated card seen twice."""
    admin = team["admin"]
    key = define_field(admin, "年采购额", "Yearly purchases", "text").name
    one, many = _cards(admin, "乙", 4), _cards(admin, "丙", 4)

    def changes(ids):
        return [
            (ids[0], {"phone": "0755-1", "address": "深圳", key: "50 万"}),
            (ids[1], {"phone": "010-00000001"}),  # the same phone: nothing to write
            (ids[2], {"credit_limit": "很多"}),  # refused: not a number
            (ids[3], {"address": "第一次"}),
            (ids[3], {"address": "第二次", "phone": "0755-4"}),
        ]

    assert key in svc.get_customer(admin, one[0]).values
    single = []
    for cid, change in changes(one):
        try:
            before = svc.get_customer(admin, cid).version
            single.append(svc.update_customer(admin, cid, change).version != before)
        except UserError as exc:
            single.append(exc.code)
    seen: list[int] = []
    out = svc.update_customers(admin, changes(many), then=lambda i: seen.append(i) or i)
    assert [o.code if isinstance(o, UserError) else o[0] for o in out] == single
    assert single[:2] == [True, False] and single[3:] == [True, True]
    assert isinstance(single[2], str)  # refused, with its message code
    assert seen == [0, 1, 3, 4] and out[4] == (True, 4)
    assert _state(admin, many) == _state(admin, one)
    assert svc.get_customer(admin, many[0])[key] == "50 万"
    assert set(matching_ids("0755-4")) == {one[3], many[3]}
    # a card changed since its version was read is refused, as by update_customer
    now = [svc.get_customer(admin, cid).version for cid in many[:2]]
    out = svc.update_customers(
        admin, [(many[0], {"phone": "1"}), (many[1], {"phone": "2"})], versions=[now[0] - 1, now[1]]
    )
    assert isinstance(out[0], UserError) and out[0].code == "customers.changed_meanwhile"
    assert out[1] == (True, None)


def test_an_export_read_back_as_an_update_changes_nothing(admin, tmp_path):
    """The customers' own export imported again with "update" finds every card up to date:
    Chinese punctuation (，（）) stays as written and 223.1 equals 223.10, so no card is
    rewritten and the history gains nothing."""
    from crm_desktop.demo import generate_demo
    from crm_desktop.jobs.export import export_customers

    generate_demo(admin, 60, seed=4)
    texts = [c.staff_quality + c.business_policy for c in Customer.select()]
    assert any("，" in t for t in texts)  # the demo writes Chinese punctuation
    out = export_customers(admin, tmp_path / "out.xlsx").path
    before = ChangeLog.select().count()
    result = importing.run_import(admin, importing.open_source(admin, out), on_duplicate="update")
    assert (result.created, result.updated, result.rejected) == (0, 0, 0)
    assert result.skipped == 60
    assert ChangeLog.select().count() == before
