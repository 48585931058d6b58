"""Custom fields: defining, validating, writing, history, search and undoable delete."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_desktop.errors import Conflict, PermissionDenied, ValidationError
from crm_desktop.models import ChangeLog, CustomValue
from crm_desktop.services.custom_fields import cleaning as custom_cleaning
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import guess as custom_guess
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customers import CustomerQuery, create_customer, list_customers


@pytest.fixture
def customer(admin):
    return create_customer(admin, {"name": "北京华科技术有限公司"})


def test_define_text_field_and_write_value_with_history(admin, customer):
    """A text field's value is written, read back and logged in the ChangeLog as custom.<key>."""
    field = custom_defs.define_field(admin, "主营产品", "Main products", "text", group="card_basic")
    assert field.name == "custom.main_products"
    values = custom_values.set_values(admin, "customer", customer.id, {field.name: " 数控机床 "})
    assert values[field.name] == "数控机床"
    assert custom_values.get_values("customer", customer.id) == {field.name: "数控机床"}
    log = ChangeLog.get(ChangeLog.entity == "customer", ChangeLog.field == field.name)
    assert (log.old_value, log.new_value) == (None, "数控机床")


def test_label_that_is_a_builtin_field_or_synonym_is_refused(admin):
    """A label meaning a built-in field (客户名称) or an import synonym (手机) is refused."""
    with pytest.raises(ValidationError) as exc:
        custom_defs.define_field(admin, "客户名称")
    assert "客户名称" in exc.value.problems["label_zh"].render("zh")
    with pytest.raises(ValidationError) as exc:
        custom_defs.define_field(admin, "所属行业", "Phone")
    assert exc.value.problems["label_en"].code == "custom_fields.label_builtin"
    custom_defs.define_field(admin, "年采购量")
    with pytest.raises(ValidationError) as exc:
        custom_defs.define_field(admin, "年采购量")
    assert exc.value.problems["label_zh"].code == "custom_fields.label_taken"


def test_salesperson_may_not_define_fields(team):
    """Only the managers define fields."""
    with pytest.raises(PermissionDenied):
        custom_defs.define_field(team["sales1"], "年采购量")


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("money", "5万", Decimal("50000.00")),
        ("number", "1,234.5", Decimal("1234.5")),
        ("date", "2024年3月5日", date(2024, 3, 5)),
        ("bool", "是", True),
    ],
)
def test_values_are_read_by_the_builtin_parsers(admin, customer, kind, raw, expected):
    """Money, numbers, dates and yes/no are read like the built-in fields' values."""
    field = custom_defs.define_field(admin, "自定义一", "Custom one", kind)
    custom_values.set_values(admin, "customer", customer.id, {field.name: raw})
    assert custom_values.get_values("customer", customer.id)[field.name] == expected


def test_wrong_value_gets_the_fields_message_and_nothing_is_written(admin, customer):
    """A value of the wrong kind names the field in the reader's language; nothing is written."""
    money = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    text = custom_defs.define_field(admin, "主营产品", "Main products")
    with pytest.raises(ValidationError) as exc:
        custom_values.set_values(
            admin, "customer", customer.id, {money.name: "很多", text.name: "机床"}
        )
    problem = exc.value.problems[money.name]
    assert problem.render("zh").startswith("年采购量：")
    assert problem.render("en").startswith("Annual purchases:")
    assert CustomValue.select().count() == 0


def test_choices_retired_stay_readable_and_refuse_new_values(admin, customer):
    """A retired choice keeps old values (shown as retired) but takes no new ones."""
    field = custom_defs.define_field(
        admin, "合作层级", "Tier", "choice", choices=["制造业", "批发零售"]
    )
    custom_values.set_values(admin, "customer", customer.id, {field.name: "批发零售"})
    options = [custom_kinds.Choice(c.code, c.zh, c.en, c.zh == "批发零售") for c in field.choices]
    field = custom_defs.update_field(admin, field.id, choices=options)
    value = custom_values.get_values("customer", customer.id)[field.name]
    assert field.show(value, "zh") == "批发零售（已停用）"
    other = create_customer(admin, {"name": "上海浦东贸易有限公司"})
    with pytest.raises(ValidationError):
        custom_values.set_values(admin, "customer", other.id, {field.name: "批发零售"})
    custom_values.set_values(admin, "customer", other.id, {field.name: "制造业"})


def test_tags_are_one_row_each_and_filterable(admin, customer):
    """Several choices are kept as tags, in the options' order."""
    field = custom_defs.define_field(
        admin, "采购渠道", "Channels", "tags", choices=["线上", "门店", "展会"]
    )
    custom_values.set_values(admin, "customer", customer.id, {field.name: "展会、线上"})
    value = custom_values.get_values("customer", customer.id)[field.name]
    assert field.show(value, "zh") == "线上、展会"
    assert CustomValue.select().where(CustomValue.field == field.id).count() == 2


def test_required_field_refused_when_empty_on_full_clean(admin):
    """A required field must be filled when a whole card is checked."""
    field = custom_defs.define_field(admin, "主营产品", required=True)
    with pytest.raises(ValidationError) as exc:
        custom_cleaning.clean_custom_values([field], {}, partial=False)
    assert exc.value.problems[field.name].render("zh") == "主营产品：必须填写"


def test_version_conflict_like_the_card(admin, customer):
    """A stale version is refused; a change bumps the card's version."""
    field = custom_defs.define_field(admin, "主营产品")
    custom_values.set_values(
        admin, "customer", customer.id, {field.name: "a"}, expected_version=customer.version
    )
    with pytest.raises(Conflict):
        custom_values.set_values(
            admin, "customer", customer.id, {field.name: "b"}, expected_version=customer.version
        )
    assert custom_values.get_values("customer", customer.id)[field.name] == "a"


def test_search_finds_custom_text_by_characters_and_initials(admin, customer):
    """The search box finds a custom text by two characters and by pinyin initials."""
    field = custom_defs.define_field(admin, "主营产品")
    custom_values.set_values(admin, "customer", customer.id, {field.name: "数控机床"})
    for text in ("机床", "skjc"):
        found = [r.id for r in list_customers(admin, CustomerQuery(text=text)).rows]
        assert found == [customer.id], text


def test_delete_is_undoable_and_rename_keeps_values(admin, customer):
    """Renaming keeps values; deleting hides field and search hits; restoring brings both back."""
    field = custom_defs.define_field(admin, "主营产品")
    custom_values.set_values(admin, "customer", customer.id, {field.name: "数控机床"})
    field = custom_defs.update_field(admin, field.id, zh="主要产品", en="Products")
    assert custom_values.get_values("customer", customer.id)[field.name] == "数控机床"
    assert "1" in custom_defs.delete_question(field.id).render("zh")
    custom_defs.delete_field(admin, field.id)
    assert custom_defs.list_fields() == []
    assert list_customers(admin, CustomerQuery(text="机床")).rows == []
    custom_defs.restore_field(admin, field.id)
    assert custom_values.get_values("customer", customer.id)[field.name] == "数控机床"
    assert len(list_customers(admin, CustomerQuery(text="机床")).rows) == 1


def test_reorder_hide_and_retire(admin, customer):
    """Order follows reorder; hidden and retired fields leave the card; retired take no values."""
    a = custom_defs.define_field(admin, "字段甲", "Field A")
    b = custom_defs.define_field(admin, "字段乙", "Field B")
    custom_defs.reorder_fields(admin, [b.id, a.id])
    assert [f.key for f in custom_defs.list_fields()] == ["field_b", "field_a"]
    custom_defs.update_field(admin, a.id, hidden=True)
    custom_defs.update_field(admin, b.id, retired=True)
    assert custom_defs.list_fields(visible_only=True) == []
    with pytest.raises(ValidationError):
        custom_values.set_values(admin, "customer", customer.id, {b.name: "x"})


def test_list_sorts_by_a_custom_field_with_empty_last(admin):
    """Sorting by a money custom field orders by amount, cards without a value last."""
    field = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    ids = {}
    for name, amount in (("甲公司", "5万"), ("乙公司", None), ("丙公司", "800")):
        card = create_customer(admin, {"name": name})
        ids[name] = card.id
        if amount:
            custom_values.set_values(admin, "customer", card.id, {field.name: amount})
    rows = list_customers(admin, CustomerQuery(sort=field.name)).rows
    assert [r.name for r in rows] == ["丙公司", "甲公司", "乙公司"]
    rows = list_customers(admin, CustomerQuery(sort=field.name, descending=True)).rows
    assert [r.name for r in rows] == ["甲公司", "丙公司", "乙公司"]


def test_list_filters_by_a_choice_and_a_tag(admin):
    """The list keeps only the cards holding the chosen option of a choice or tags field."""
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["核心", "一般"])
    tags = custom_defs.define_field(admin, "采购渠道", "Channels", "tags", choices=["线上", "门店"])
    a = create_customer(admin, {"name": "甲公司"})
    b = create_customer(admin, {"name": "乙公司"})
    custom_values.set_values(admin, "customer", a.id, {tier.name: "核心", tags.name: "线上,门店"})
    custom_values.set_values(admin, "customer", b.id, {tier.name: "一般", tags.name: "门店"})
    core = tier.choices[0].code
    found = list_customers(admin, CustomerQuery(custom={tier.name: core}))
    assert ([r.id for r in found.rows], found.total) == ([a.id], 1)
    shop = tags.choices[1].code
    found = list_customers(admin, CustomerQuery(custom={tags.name: shop}, sort=tags.name))
    assert sorted(r.id for r in found.rows) == sorted([a.id, b.id])


def test_card_save_checks_and_writes_custom_fields_with_the_card(admin, customer):
    """update_customer takes custom.<key> values: wrong ones are reported with the built-in
    fields' problems, right ones are written under the card's version check."""
    money = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    from crm_desktop.services.customers import get_customer, update_customer

    with pytest.raises(ValidationError) as exc:
        update_customer(admin, customer.id, {"credit_limit": "x", money.name: "很多"})
    assert set(exc.value.problems) == {"credit_limit", money.name}
    card = update_customer(
        admin, customer.id, {money.name: "2万"}, expected_version=customer.version
    )
    assert card[money.name] == Decimal("20000.00")
    assert card.version == customer.version + 1
    with pytest.raises(Conflict):
        update_customer(admin, customer.id, {money.name: "3万"}, expected_version=customer.version)
    assert get_customer(admin, customer.id)[money.name] == Decimal("20000.00")


def test_new_card_with_custom_fields_requires_the_required_ones(admin):
    """A new card given custom fields must fill the required ones; then they are written."""
    from crm_desktop.services.customers import create_customer as create

    need = custom_defs.define_field(admin, "主营产品", required=True)
    with pytest.raises(ValidationError) as exc:
        create(admin, {"name": "甲公司", need.name: ""})
    assert need.name in exc.value.problems
    card = create(admin, {"name": "甲公司", need.name: "机床"})
    assert card[need.name] == "机床"


@pytest.mark.parametrize(
    ("values", "kind", "choices"),
    [
        (["12", "3.5", "", "100"], "number", []),
        (["5万", "¥1,200", "300"], "money", []),
        (["2020-01-05", "2021年3月1日"], "date", []),
        (["是", "否", "是"], "bool", []),
        (["华东", "华南", "华东", "华南", "华东"], "choice", ["华东", "华南"]),
        (["数控机床", "轴承", "电机"], "text", []),
        (["第一行\n第二行", "短"], "long", []),
    ],
)
def test_kind_suggested_from_a_columns_values(values, kind, choices):
    """Numbers, amounts, dates, yes/no and a few repeated values are recognised."""
    assert custom_guess.suggest_kind(values) == (kind, choices)


def test_contact_custom_values_go_with_the_contact(admin, team, customer):
    """A contact's custom values are checked with its own fields (both problems at once,
    nothing written), saved in the same write, listed with it, and refused on a stale
    version like its built-in fields."""
    from crm_desktop.models import Contact
    from crm_desktop.services.customers import add_contact, list_contacts, update_contact

    budget = custom_defs.define_field(admin, "年度预算", "Budget", "money", entity="contact")
    with pytest.raises(ValidationError) as exc:
        add_contact(admin, customer.id, {"name": "", budget.name: "很多"})
    assert set(exc.value.problems) == {"name", budget.name}
    assert Contact.select().count() == 0 and CustomValue.select().count() == 0

    saved = add_contact(admin, customer.id, {"name": "王晓燕", budget.name: "2万"})
    assert saved.values[budget.name] == Decimal("20000.00")
    [listed] = list_contacts(admin, customer.id)
    assert listed.values[budget.name] == Decimal("20000.00")
    moved = update_contact(admin, saved.id, {budget.name: "3万"}, expected_version=saved.version)
    assert moved.version == saved.version + 1
    with pytest.raises(Conflict):
        update_contact(
            team["manager"], saved.id, {budget.name: "1"}, expected_version=saved.version
        )
    assert list_contacts(admin, customer.id)[0].values[budget.name] == Decimal("30000.00")
