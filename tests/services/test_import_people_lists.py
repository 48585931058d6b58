"""Lists whose 客户名称 holds people: a 企业微信 export of a salesperson's WeChat customers
names each person under 客户名称 and their company under 备注企业名称."""

from __future__ import annotations

import pytest
from import_samples import write_csv, write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.names import looks_like_company, looks_like_person

# the columns of 企业微信's 客户联系 export, as an administrator downloads it
WECOM = ["客户名称", "客户类型", "性别", "添加时间", "添加人", "备注名", "描述", "手机号",
         "备注企业名称", "企业标签", "来源"]  # fmt: skip
WECOM_ROWS = [
    ["张伟", "微信用户", "男", "2024-03-05 10:22:31", "李经理", "张伟-宁波海港",
     "采购负责人，年采购额约200万", "13800138000", "宁波海港物流有限公司", "重点客户;华东", "扫描二维码"],
    ["Amy", "微信用户", "女", "2024-04-01 09:00:00", "李经理", "Amy", "", "13900139000",
     "杭州西子科技有限公司", "", "搜索手机号"],
    ["李娜", "微信用户", "女", "2024-04-02 11:00:00", "李经理", "", "", "13700137000",
     "宁波海港物流有限公司", "", "名片分享"],
    ["陈静", "企业微信用户", "女", "2024-05-06 15:30:00", "王主管", "", "", "13600136000", "", "",
     "群聊"],
]  # fmt: skip


@pytest.mark.parametrize("name", ["张伟", "欧阳娜娜", "阿依古丽·买买提", "Amy", "John Smith"])
def test_a_persons_name(name):
    assert looks_like_person(name) and not looks_like_company(name)


@pytest.mark.parametrize(
    "name",
    ["宁波海港物流有限公司", "王府井百货商店", "格力电器", "Acme Ltd", "李宁体育用品"],
)
def test_not_a_persons_name(name):
    """(华为 reads as a person's name, 华 being a surname: a column is judged by most of
    its names, below.)"""
    assert not looks_like_person(name)


def test_a_wecom_export_makes_the_companies_the_customers(admin, tmp_path):
    """The people of a 企业微信 export are filed under their companies, with their gender
    and mobile; two people of one company make one card; a person without a company is
    a card of her own. The other columns are each person's, kept in their notes (the
    second person's too); a person's own card keeps them in its remarks."""
    path = write_csv(tmp_path / "企业微信客户.csv", WECOM_ROWS, headers=WECOM)
    source = importing.open_source(admin, path)
    assert {c.header: c.field for c in source.columns}["备注企业名称"] == "company_of"
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (3, 0)
    assert sorted(c.name for c in Customer.select()) == sorted(
        ["宁波海港物流有限公司", "杭州西子科技有限公司", "陈静"]
    )
    people = {
        (c.customer.name, c.name, c.gender, c.mobile) for c in Contact.select().join(Customer)
    }
    assert people == {
        ("宁波海港物流有限公司", "张伟", "M", "13800138000"),
        ("宁波海港物流有限公司", "李娜", "F", "13700137000"),
        ("杭州西子科技有限公司", "Amy", "F", "13900139000"),
    }
    assert result.skipped_rows == [
        (
            4,
            "same name as row 2 of this file; this row's people (李娜) are filed under that customer",
        )
    ]
    # 跳过 1 though its person came in: the result says what the skipping kept
    assert "of the 1 rows skipped, 1 made no new customer" in " ".join(result.warnings)
    nb = Customer.get(Customer.name == "宁波海港物流有限公司")
    assert nb.contact_name == "张伟" and "描述" not in nb.remarks
    notes = {c.name: c.notes.splitlines() for c in Contact.select()}
    assert "描述: 采购负责人，年采购额约200万" in notes["张伟"]
    assert "企业标签: 重点客户;华东" in notes["张伟"] and "备注名: 张伟-宁波海港" in notes["张伟"]
    assert notes["李娜"] == ["客户类型: 微信用户", "添加时间: 2024-04-02 11:00:00"]
    assert "添加时间: 2024-05-06 15:30:00" in Customer.get(Customer.name == "陈静").remarks


def test_wechat_names_that_read_as_no_ones_are_people_of_the_noted_companies(admin, tmp_path):
    """企业微信's 客户名称 are the people's WeChat names (老陈🍵, A-五金批发-阿强, 平安是福):
    beside 备注企业名称, the companies are the customers all the same, each WeChat name a
    person of theirs with what was noted of them."""
    rows = [
        ["老陈🍵", "微信用户", "男", "2024-03-05 10:22:31", "李经理", "陈建华", "采购负责人",
         "13800138000", "宁波海港物流有限公司", "重点客户", "扫描二维码"],
        ["A-五金批发-阿强", "微信用户", "男", "2024-04-02 11:00:00", "李经理", "王强", "负责付款",
         "13700137000", "宁波海港物流有限公司", "财务", "名片分享"],
        ["平安是福", "微信用户", "女", "2024-05-06 15:30:00", "王主管", "刘姐", "", "13600136000",
         "苏州精工机械制造有限公司", "", "群聊"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "企业微信客户.xlsx", rows, headers=WECOM)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (2, 0)
    people = {(c.customer.name, c.name, c.mobile) for c in Contact.select().join(Customer)}
    assert people == {
        ("宁波海港物流有限公司", "老陈🍵", "13800138000"),
        ("宁波海港物流有限公司", "A-五金批发-阿强", "13700137000"),
        ("苏州精工机械制造有限公司", "平安是福", "13600136000"),
    }
    qiang = Contact.get(Contact.name == "A-五金批发-阿强")
    assert "备注名: 王强" in qiang.notes and "描述: 负责付款" in qiang.notes


def test_a_second_name_column_of_companies_beside_people(admin, tmp_path):
    """客户名称 of people and 公司名称 of companies: the companies are the customers."""
    rows = [["张伟", "宁波海港物流有限公司", "13800138000"],
            ["王芳", "苏州精工机械有限公司", "13900139000"]]  # fmt: skip
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "公司名称", "手机"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 2
    cards = {c.name: c.contact_name for c in Customer.select()}
    assert cards == {"宁波海港物流有限公司": "张伟", "苏州精工机械有限公司": "王芳"}


def test_people_with_their_employers_stay_the_customers(admin, tmp_path):
    """An insurer's or a car dealer's list: 客户姓名 of people, 工作单位 where they work.
    The people are the customers; the employer stays as the list wrote it."""
    rows = [["张伟", "宁波海港物流有限公司", "13800138000"],
            ["王芳", "苏州精工机械有限公司", "13900139000"]]  # fmt: skip
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户姓名", "工作单位", "手机"])
    source = importing.open_source(admin, path)
    assert "company_of" not in {c.field for c in source.columns}
    importing.run_import(admin, source)
    assert {c.name for c in Customer.select()} == {"张伟", "王芳"}


@pytest.mark.parametrize(
    "rows",
    [
        # short names of companies beside their full names: the short ones are no people
        [
            ["华为", "华为技术有限公司"],
            ["美的", "美的集团股份有限公司"],
            ["格力", "珠海格力电器股份有限公司"],
        ],
        # companies under 客户名称, people under 单位联系人: as the list says
        [["宁波海港物流有限公司", "张伟"], ["苏州精工机械有限公司", "王芳"]],
    ],
)
def test_a_list_of_companies_keeps_its_name_column(admin, tmp_path, rows):
    headers = ["客户名称", "单位名称"] if rows[0][0] == "华为" else ["客户名称", "单位联系人"]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=headers)
    source = importing.open_source(admin, path)
    assert source.columns[0].field == "name"
    assert "company_of" not in {c.field for c in source.columns}
    importing.run_import(admin, source)
    assert {c.name for c in Customer.select()} == {r[0] for r in rows}
