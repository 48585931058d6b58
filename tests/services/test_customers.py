"""The customer card service: validation, permissions, history, soft delete, locking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.models import ChangeLog, Customer
from crm_desktop.services import customers as svc
from crm_desktop.services.customers import CustomerQuery


def test_create_generates_code_and_keeps_every_field(admin):
    """An empty code becomes C000001; typed values come back clean and typed."""
    card = svc.create_customer(
        admin,
        {
            "name": "  北京华科技术有限公司 ",
            "founded": "2008年6月18日",
            "registered_capital": "5,000,000",
            "invoice_type": "增值税发票",
            "org_type": "中外合资、合作",
            "warehouse_area": "1200.5",
            "abc_class": "b",
            "service_area": "华北地区\n以北京为中心",
        },
    )
    assert card.code == "C000001"
    assert card["name"] == "北京华科技术有限公司"
    assert card["founded"] == date(2008, 6, 18)
    assert card["registered_capital"] == Decimal("5000000.00")
    assert card["invoice_type"] == "vat" and card["org_type"] == "joint_venture"
    assert card["abc_class"] == "B" and card["stage"] == "potential"
    assert card["service_area"] == "华北地区\n以北京为中心"
    assert svc.create_customer(admin, {"name": "第二家"}).code == "C000002"


def test_validation_names_every_wrong_field_and_writes_nothing(admin):
    with pytest.raises(ValidationError) as info:
        svc.create_customer(
            admin,
            {
                "name": "",
                "founded": "2019-02-30",
                "credit_rating": "E",
                "tax_id": "91350100M000100Y44",
                "annual_turnover": "-3",
                "nickname": "x",
            },
        )
    errors = info.value.errors
    assert set(errors) == {
        "name",
        "founded",
        "credit_rating",
        "tax_id",
        "annual_turnover",
        "nickname",
    }
    assert "2019-02-30" in errors["founded"] and "Founded" in errors["founded"]
    assert "'E'" in errors["credit_rating"]
    assert Customer.select().count() == 0
    assert ChangeLog.select().count() == 0


def test_code_must_be_unique(admin):
    svc.create_customer(admin, {"name": "甲", "code": "K1"})
    with pytest.raises(ValidationError, match="already used"):
        svc.create_customer(admin, {"name": "乙", "code": "K1"})


def test_update_writes_one_changelog_row_per_changed_field(team):
    manager = team["manager"]
    card = svc.create_customer(manager, {"name": "上海浦东贸易有限公司", "phone": "021-1"})
    updated = svc.update_customer(
        manager,
        card.id,
        {"phone": "021-58881234", "name": "上海浦东贸易有限公司", "stage": "current"},
    )
    assert updated.version == card.version + 1
    rows = list(
        ChangeLog.select()
        .where(
            ChangeLog.entity == "customer",
            ChangeLog.entity_id == card.id,
            ChangeLog.field != "created",
        )
        .order_by(ChangeLog.field)
    )
    assert [(r.field, r.old_value, r.new_value, r.user_id) for r in rows] == [
        ("phone", "021-1", "021-58881234", manager.id),
        ("stage", "potential", "current", manager.id),
    ]
    history = svc.customer_history(manager, card.id)
    assert {h.field for h in history} >= {"phone", "stage", "created"}
    assert history[0].user == "李经理"


def test_update_with_stale_version_is_refused(admin):
    card = svc.create_customer(admin, {"name": "并发测试公司"})
    svc.update_customer(admin, card.id, {"phone": "1"}, expected_version=card.version)
    with pytest.raises(Conflict, match="changed by someone else"):
        svc.update_customer(admin, card.id, {"phone": "2"}, expected_version=card.version)
    assert svc.get_customer(admin, card.id)["phone"] == "1"


def test_salesperson_sees_and_edits_only_own_customers(team):
    s1, s2 = team["sales1"], team["sales2"]
    mine = svc.create_customer(s1, {"name": "张伟的客户"})
    theirs = svc.create_customer(s2, {"name": "王芳的客户"})
    assert mine.owner_id == s1.id
    assert [r.name for r in svc.list_customers(s1).rows] == ["张伟的客户"]
    assert svc.customer_ids(s1) == [mine.id]
    assert svc.customer_rows(s1, [theirs.id, mine.id])[0].id == mine.id
    with pytest.raises(PermissionDenied):
        svc.get_customer(s1, theirs.id)
    with pytest.raises(PermissionDenied):
        svc.update_customer(s1, theirs.id, {"phone": "1"})
    with pytest.raises(PermissionDenied):
        svc.update_customer(s1, mine.id, {"owner": "sales2"})
    assert len(svc.list_customers(team["manager"]).rows) == 2


def test_only_the_general_manager_sets_credit_directly(team):
    """信用额度金额由总经理核定: others get a message pointing to a credit request."""
    manager = team["manager"]
    card = svc.create_customer(manager, {"name": "信用测试公司"})
    with pytest.raises(ValidationError, match="credit request") as info:
        svc.update_customer(manager, card.id, {"credit_limit": "100000", "collection_days": 30})
    assert set(info.value.errors) == {"credit_limit", "collection_days"}
    updated = svc.update_customer(team["admin"], card.id, {"credit_limit": "100000"})
    assert updated["credit_limit"] == Decimal("100000.00")
    assert updated["credit_approved_by"] == team["admin"].id
    assert updated["credit_approved_at"] is not None


def test_soft_delete_and_restore(admin):
    card = svc.create_customer(admin, {"name": "可恢复公司"})
    svc.delete_customer(admin, card.id)
    assert svc.list_customers(admin).total == 0
    deleted = svc.list_customers(admin, CustomerQuery(deleted=True))
    assert [r.id for r in deleted.rows] == [card.id] and deleted.rows[0].deleted
    with pytest.raises(NotFound):
        svc.get_customer(admin, card.id)
    svc.restore_customer(admin, card.id)
    assert svc.list_customers(admin).total == 1
    fields = [c.field for c in ChangeLog.select().where(ChangeLog.entity_id == card.id)]
    assert fields.count("deleted") == 1 and fields.count("restored") == 1


def test_list_filters_sort_and_paging(team):
    admin = team["admin"]
    for i, (stage, cls) in enumerate(
        [("current", "A"), ("current", "B"), ("lost", "A"), ("potential", None)]
    ):
        svc.create_customer(
            admin,
            {
                "name": f"公司{i}",
                "stage": stage,
                "abc_class": cls,
                "owner": "sales1" if i % 2 else "sales2",
            },
        )
    q = CustomerQuery(stage="current")
    assert sorted(r.name for r in svc.list_customers(admin, q).rows) == ["公司0", "公司1"]
    q = CustomerQuery(abc_class="A", sort="name", descending=True)
    assert [r.name for r in svc.list_customers(admin, q).rows] == ["公司2", "公司0"]
    q = CustomerQuery(owner_id=team["sales1"].id)
    assert sorted(r.name for r in svc.list_customers(admin, q).rows) == ["公司1", "公司3"]
    page = svc.list_customers(admin, CustomerQuery(sort="code"), offset=1, limit=2)
    assert page.total == 4 and [r.code for r in page.rows] == ["C000002", "C000003"]
    assert page.rows[0].owner_name == "张伟"


def test_customers_by_codes_names_the_unknown_ones(admin):
    svc.create_customer(admin, {"name": "甲", "code": "A1"})
    svc.create_customer(admin, {"name": "乙", "code": "B1"})
    assert [c.name for c in svc.get_customers_by_codes(admin, ["B1", "A1"])] == ["乙", "甲"]
    with pytest.raises(NotFound, match="X9, Y9"):
        svc.get_customers_by_codes(admin, ["A1", "X9", "Y9"])


def test_contacts_with_birthdays_are_searchable_and_tracked(admin):
    card = svc.create_customer(admin, {"name": "深圳长城科技股份有限公司"})
    contact = svc.add_contact(
        admin,
        card.id,
        {
            "name": "陈志强",
            "role": "经营管理者",
            "birthday": "1975-10-01",
            "hobbies": "钓鱼、围棋",
            "mobile": "13800138000",
        },
    )
    assert contact["role"] == "manager" and contact["birthday"] == date(1975, 10, 1)
    assert [r.id for r in svc.list_customers(admin, CustomerQuery(text="志强")).rows] == [card.id]
    assert [r.id for r in svc.list_customers(admin, CustomerQuery(text="czq")).rows] == [card.id]
    svc.update_contact(admin, contact.id, {"hobbies": "钓鱼"})
    with pytest.raises(ValidationError, match="in the future"):
        svc.update_contact(admin, contact.id, {"birthday": date(date.today().year + 1, 1, 1)})
    svc.delete_contact(admin, contact.id)
    assert svc.list_contacts(admin, card.id) == []
    assert svc.list_customers(admin, CustomerQuery(text="志强")).total == 0
    fields = [h.field for h in svc.customer_history(admin, card.id)]
    assert "hobbies" in fields and "deleted" in fields


def test_a_page_of_rows_with_owner_and_contact_is_one_query(team):
    """The list's page fetch joins the owner: one query, however many rows."""
    from playhouse.test_utils import count_queries

    admin = team["admin"]
    for i in range(30):
        svc.create_customer(
            admin, {"name": f"客户{i}", "owner": "sales1", "contact_name": f"联系人{i}"}
        )
    ids = svc.customer_ids(admin)
    with count_queries() as counter:
        rows = svc.customer_rows(admin, ids[:25])
    assert counter.count == 1
    assert [r.id for r in rows] == ids[:25]
    assert rows[0].owner_name == "张伟" and rows[0].contact_name.startswith("联系人")
