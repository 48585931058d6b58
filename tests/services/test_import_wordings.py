"""Headers and values as real exports word them: a form's numbered questions (问卷星,
金数据), the owner and the last follow-up of CRMs' exports (销售易, 简道云, 纷享销客),
a person's home address, 企业微信's 备注手机号, and the stages and sources CRMs write."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from import_samples import write_csv, write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing


def _import(actor, path) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path))


def _card(name: str) -> Customer:
    return Customer.get(Customer.name == name)


def _mobiles(card: Customer) -> list[tuple[str, str]]:
    query = Contact.select().where(Contact.customer == card.id).order_by(Contact.id)
    return [(p.name, p.mobile) for p in query]


# --- 1. a form's questions as its headers ---------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["1、您的公司名称是？", "1. 公司名称", "Q1.公司名称", "Q1、公司名称", "第1题 公司名称",
     "您的公司名称", "贵公司名称", "1．贵公司名称?", "第１题：您的公司名称"],
)  # fmt: skip
def test_a_forms_numbered_question_names_its_field(admin, tmp_path, header):
    """问卷星 and 金数据 head each column with its question: the number, 您的 / 贵 and
    the question mark are read past, the rest is the header."""
    headers = [header, "2、您的手机号码？", "3、您的姓名", "4. 所在城市"]
    rows = [["宁波海港物流有限公司", "13800138000", "张伟", "宁波市"]]
    result = _import(admin, write_xlsx(tmp_path / "问卷星.xlsx", rows, headers))
    assert (result.created, result.rejected) == (1, 0)
    card = _card("宁波海港物流有限公司")
    assert card.contact_name == "张伟" and card.address == "宁波市"
    assert _mobiles(card) == [("张伟", "13800138000")]  # the first person's, not a second's


# --- 2. the owner ---------------------------------------------------------------------


@pytest.mark.parametrize("header", ["客户所有人", "对接销售", "对接人(销售)", "对接人（销售）"])
def test_the_owner_as_crms_name_it(team, tmp_path, header):
    rows = [["甲公司", "张伟"]]
    _import(team["admin"], write_csv(tmp_path / "a.csv", rows, ["客户名称", header]))
    assert _card("甲公司").owner_id == team["sales1"].id


def test_the_salesperson_wins_over_who_filled_the_form(team, tmp_path):
    """A 简道云 form's 提交人 is whoever filled it in: 对接销售 is the owner, wherever it
    stands; 提交人 is kept in the remarks. Alone, 提交人 is still the owner."""
    rows = [["王芳", "甲公司", "张伟"]]
    path = write_xlsx(tmp_path / "简道云.xlsx", rows, ["提交人", "客户名称", "对接销售"])
    _import(team["admin"], path)
    card = _card("甲公司")
    assert card.owner_id == team["sales1"].id
    assert card.remarks == "提交人: 王芳"
    path = write_xlsx(tmp_path / "b.xlsx", [["王芳", "乙公司"]], ["提交人", "客户名称"])
    _import(team["admin"], path)
    assert _card("乙公司").owner_id == team["sales2"].id


# --- 3. the last follow-up ------------------------------------------------------------


@pytest.mark.parametrize("header", ["最新跟进时间", "最后一次跟进时间", "最近跟进"])
def test_the_last_follow_up_as_crms_name_it(admin, tmp_path, header):
    rows = [["甲公司", datetime(2024, 11, 2, 15, 30), "电话沟通报价"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", header, "跟进记录"])
    result = _import(admin, path)
    assert result.followups_done == 1
    assert _card("甲公司").last_contact_at == datetime(2024, 11, 2, 15, 30)


# --- 4. the address and the fax -------------------------------------------------------


@pytest.mark.parametrize("street", ["住址", "家庭住址", "家庭地址", "现住址", "通讯地址"])
def test_a_persons_home_address_is_the_address_where_no_other_is(admin, tmp_path, street):
    """住址 with 省份, 城市, 区县 is the address; beside a 地址 (after it or not), the
    地址 is the card's and the 住址 stays in the remarks. 传真号 is the fax."""
    headers = ["客户姓名", "省份", "城市", "区县", street, "传真号"]
    rows = [["张伟", "浙江省", "宁波市", "北仑区", "新碶街道明州路1号", "0574-86861234"]]
    _import(admin, write_csv(tmp_path / "a.csv", rows, headers))
    card = _card("张伟")
    assert card.address == "浙江省宁波市北仑区新碶街道明州路1号"
    assert (card.fax, card.remarks) == ("0574-86861234", "")
    rows = [["甲公司", "明州路1号", "中山路2号"]]
    _import(admin, write_xlsx(tmp_path / "b.xlsx", rows, ["客户名称", street, "地址"]))
    card = _card("甲公司")
    assert (card.address, card.remarks) == ("中山路2号", f"{street}: 明州路1号")


# --- 5. 纷享销客's two levels of industry ------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("1级行业", "2级行业"), ("一级行业", "二级行业")])
def test_the_first_level_of_industry_is_the_industry(admin, tmp_path, first, second):
    rows = [["甲公司", "制造业", "通用设备制造"]]
    _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", first, second]))
    card = _card("甲公司")
    assert (card.industry, card.remarks) == ("制造业", f"{second}: 通用设备制造")


# --- 6. annual turnover ---------------------------------------------------------------


@pytest.mark.parametrize("header", ["本年销售额", "上年销售额（万元）"])
def test_a_years_sales_are_the_annual_turnover(admin, tmp_path, header):
    _import(admin, write_csv(tmp_path / "a.csv", [["甲公司", "120"]], ["客户名称", header]))
    factor = 10_000 if "万元" in header else 1
    assert _card("甲公司").annual_turnover == Decimal(120 * factor)


# --- 7. 企业微信's 备注手机号 ------------------------------------------------------------


def test_a_wecom_remark_mobile_is_the_persons_mobile(admin, tmp_path):
    headers = ["客户名称", "性别", "添加人", "备注手机号", "备注企业名称"]
    rows = [["张伟", "男", "李经理", "13800138000", "宁波海港物流有限公司"],
            ["王芳", "女", "李经理", "13900139000", "杭州西子科技有限公司"]]  # fmt: skip
    result = _import(admin, write_csv(tmp_path / "企业微信客户.csv", rows, headers))
    assert (result.created, result.rejected) == (2, 0)
    assert _mobiles(_card("宁波海港物流有限公司")) == [("张伟", "13800138000")]
    assert _mobiles(_card("杭州西子科技有限公司")) == [("王芳", "13900139000")]


# --- 9. stages and sources ------------------------------------------------------------


def test_won_customers_and_referrals_of_old_customers(admin, tmp_path):
    rows = [["甲公司", "赢单", "老客户转介绍"], ["乙公司", "已赢单", "老客户转介绍"]]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "客户阶段",
                                                                   "客户来源"]))  # fmt: skip
    assert result.notes == []
    for name in ("甲公司", "乙公司"):
        card = _card(name)
        assert (card.stage, card.source) == ("current", "friends")
