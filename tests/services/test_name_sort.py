"""The customer list sorts names as Excel and WPS do: Chinese by pinyin."""

from __future__ import annotations

import pytest

from crm_desktop.models import Customer, database
from crm_desktop.services import customers as svc
from crm_desktop.services.customers import CustomerQuery
from crm_desktop.textutil import name_sort_key

NAMES = [
    "上海浦东贸易",
    "东莞电子厂",
    "ABC贸易",
    "重庆山城物流",
    "北京华科",
    "长沙湘江",
    "123号商行",
]
PINYIN_ORDER = [
    "123号商行",
    "ABC贸易",
    "北京华科",
    "长沙湘江",
    "重庆山城物流",
    "东莞电子厂",
    "上海浦东贸易",
]


def test_sort_key_orders_by_pinyin_with_latin_and_digits_first():
    """东莞 sorts before 上海, zhan before zhang, and Latin or digit names before Chinese."""
    assert sorted(NAMES, key=name_sort_key) == PINYIN_ORDER
    assert name_sort_key("展鹏") < name_sort_key("张三") < name_sort_key("章三")
    assert name_sort_key("ＡＢＣ公司") == name_sort_key("abc公司")


def test_list_sorted_by_name_follows_pinyin_both_ways(admin):
    """Sorting the list by name gives the pinyin order, and its reverse when descending."""
    for name in NAMES:
        svc.create_customer(admin, {"name": name})
    rows = svc.list_customers(admin, CustomerQuery(sort="name")).rows
    assert [r.name for r in rows] == PINYIN_ORDER
    rows = svc.list_customers(admin, CustomerQuery(sort="name", descending=True)).rows
    assert [r.name for r in rows] == PINYIN_ORDER[::-1]


def test_renaming_a_customer_moves_it_in_the_name_order(admin):
    """A changed name gets a new sort key, so the card moves to its new place."""
    first = svc.create_customer(admin, {"name": "安徽合力"})
    svc.create_customer(admin, {"name": "北京华科"})
    svc.update_customer(admin, first.id, {"name": "浙江海宁"})
    assert Customer.get_by_id(first.id).name_key == name_sort_key("浙江海宁")
    rows = svc.list_customers(admin, CustomerQuery(sort="name")).rows
    assert [r.name for r in rows] == ["北京华科", "浙江海宁"]


@pytest.mark.sqlite_only
def test_name_sort_reads_the_sort_key_index(admin):
    """The list's id query sorted by name walks the (deleted_at, name_key, …) index, no sort step."""
    for name in NAMES:
        svc.create_customer(admin, {"name": name})
    select = svc._filtered(admin, CustomerQuery(sort="name"), Customer.id, join_owner=False)
    sql, params = select.sql()
    plan = " ".join(r[-1] for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "name_key" in plan and "TEMP B-TREE" not in plan, plan
