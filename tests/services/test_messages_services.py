"""The customer, credit, sales and auth services refuse with codes that render in zh and en."""

from __future__ import annotations

import pytest

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.services import credit, sales
from crm_desktop.services import customers as cs


@pytest.fixture
def cust(team):
    return cs.create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})


def test_card_errors_render_label_and_problem_in_chinese(team):
    """Each wrong field names its Chinese label and its problem; no internal key anywhere."""
    with pytest.raises(ValidationError) as refused:
        cs.create_customer(
            team["admin"],
            {
                "name": "",
                "credit_limit": "5万x",
                "tax_id": "91330100ABC",
                "org_type": "民营",
                "founded": "2019-02-30",
            },
        )
    zh = {name: p.render("zh_CN") for name, p in refused.value.problems.items()}
    assert zh == {
        "name": "客户名称：必须填写",
        "credit_limit": "信用额度：“5万x”不是金额，请填写数字，如 50000、5万、¥1,200.50",
        "tax_id": "税籍号码：“91330100ABC”既不是 18 位统一社会信用代码，也不是 15–20 位税务登记号",
        "org_type": "组织型态：“民营”不在可选范围内，可选：国营企业、乡镇企业、个体、外商独资、“中外合资、合作”",
        "founded": "成立时间：“2019-02-30”不是真实存在的日期",
    }
    en = refused.value.problems["org_type"].render("en")
    assert en == (
        "Organization type: '民营' is not one of: State-owned, Township enterprise, "
        "Individual business, Wholly foreign-owned, Sino-foreign joint venture"
    )


def test_card_reads_amounts_by_the_money_rule(team):
    """5万 and ¥1.2万 on the card are the amounts they mean; 1e30 is refused plainly."""
    card = cs.create_customer(
        team["admin"], {"name": "甲", "credit_limit": "5万", "registered_capital": "¥1.2万"}
    )
    assert (card["credit_limit"], card["registered_capital"]) == (50000, 12000)
    with pytest.raises(ValidationError) as refused:
        cs.update_customer(team["admin"], card.id, {"assets": "1e30"})
    assert refused.value.problems["assets"].render("zh_CN").startswith("资产：“1e30”太大")


def test_salesperson_may_not_set_credit_fields_directly(team, cust):
    """A salesperson's credit limit change points to the credit request, in their language."""
    with pytest.raises(ValidationError) as refused:
        cs.update_customer(team["sales1"], cust.id, {"credit_limit": "1000"})
    zh = refused.value.problems["credit_limit"].render("zh_CN")
    assert zh == "信用额度：须由总经理核定，请提交信用额度申请，批准后生效"


@pytest.mark.parametrize(
    ("who", "pending", "expected"),
    [
        ("admin", "sales1", {"approve", "reject"}),
        ("admin", "admin", {"reject", "withdraw"}),
        ("sales1", "sales1", {"withdraw"}),
        ("sales2", "sales1", set()),
        ("manager", "sales1", set()),
    ],
)
def test_allowed_actions_decide_who_may_do_what(team, cust, who, pending, expected):
    """The GM approves others' requests and rejects any; the requester withdraws their own."""
    req = credit.request_credit(team[pending], cust.id, limit="5万", reason="r").request
    assert credit.allowed_actions(team[who], req) == expected
    if "approve" not in expected:  # refused, or not even visible to another salesperson
        with pytest.raises((PermissionDenied, NotFound)):
            credit.approve(team[who], req.id)
    if "withdraw" not in expected:
        with pytest.raises((PermissionDenied, NotFound)):
            credit.withdraw(team[who], req.id)
    decided = credit.reject(team["admin"], req.id, comment="不批")
    assert credit.allowed_actions(team[who], decided) == set()


def test_refusals_name_the_action_in_chinese(team, cust):
    """'Not allowed' becomes a sentence naming the role and the action, in the user's language."""
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    with pytest.raises(PermissionDenied) as refused:
        credit.approve(team["sales1"], req.id)
    assert refused.value.render("zh_CN") == "业务员 张伟 无权批准信用额度申请。"
    with pytest.raises(PermissionDenied) as refused:
        credit.withdraw(team["admin"], req.id)
    assert refused.value.render("zh_CN") == "只有提交第 1 号信用额度申请的 张伟 才能撤回它。"
    credit.reject(team["admin"], req.id, comment="x")
    with pytest.raises(Conflict) as refused:
        credit.withdraw(team["sales1"], req.id)
    zh = refused.value.render("zh_CN")
    assert zh.startswith("第 1 号信用额度申请已被 Administrator 于 ") and zh.endswith(" 驳回。")
    assert "was already rejected by Administrator on " in refused.value.render("en")


@pytest.mark.parametrize("amount", ["1e30", "1e308", "inf", 1e300])
def test_huge_amounts_end_in_a_plain_message(team, cust, amount):
    """Huge amounts in a request, an approval and a payment are ValidationErrors, nothing written."""
    with pytest.raises(ValidationError) as refused:
        credit.request_credit(team["sales1"], cust.id, limit=amount, reason="r")
    assert refused.value.render("zh_CN").startswith("信用额度：")
    req = credit.request_credit(team["sales1"], cust.id, limit="5万", reason="r").request
    with pytest.raises(ValidationError) as refused:
        credit.approve(team["admin"], req.id, limit=amount)
    assert refused.value.render("zh_CN").startswith("核准额度：")
    with pytest.raises(ValidationError) as refused:
        sales.record_payment(team["sales1"], cust.id, payment_date="2024-01-02", amount=amount)
    assert refused.value.render("zh_CN").startswith("金额：")
    assert credit.get_request(team["admin"], req.id).status == "pending"


def test_approving_more_than_requested_is_refused_with_amounts(team, cust):
    """A GM approving more than asked is told the two amounts, grouped, in their language."""
    req = credit.request_credit(team["sales1"], cust.id, limit="5万", reason="r").request
    with pytest.raises(ValidationError) as refused:
        credit.approve(team["admin"], req.id, limit="6万")
    assert refused.value.render("zh_CN") == (
        "核准额度：60,000.00 超过了申请的 50,000.00，最多只能按申请金额批准"
    )
    assert credit.approve(team["admin"], req.id, limit="4.5万").approved_limit == 45000
