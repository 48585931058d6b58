"""Real customer lists map whole: header and value synonyms, contacts, nothing dropped.

The lists are tests/data/import/map_*, written by tests/import_lists.py the way a WPS
list, a Chinese CRM's export, Odoo and HubSpot lay them out.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from import_lists import LONG_REMARKS
from import_samples import write_csv, write_xlsx

from crm_desktop.models import Contact, Customer, Setting
from crm_desktop.services import importing
from crm_desktop.services.importing.choices import map_choice
from crm_desktop.services.importing.headers import auto_map

LISTS = Path(__file__).parent.parent / "data" / "import"


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _card(name: str) -> Customer:
    return Customer.get(Customer.name == name)


def _people(card: Customer) -> list[tuple]:
    query = Contact.select().where(Contact.customer == card.id).order_by(Contact.id)
    return [(p.name, p.title, p.mobile, p.phone, p.email, p.wechat, p.is_primary) for p in query]


def test_a_wps_list_goes_in_whole_with_contacts_and_kept_values(admin):
    """Every row of a regional office's list is a customer; synonyms fill the fields, the
    address is composed, the people become contacts and what fits no field is kept."""
    result = _import(admin, LISTS / "map_wps_list.xlsx")
    assert (result.created, result.rejected, result.skipped) == (3, 0, 0)

    first = _card("深圳市南山精密机械有限公司")
    assert (first.abc_class, first.org_type, first.invoice_type) == ("A", "state_owned", "vat")
    assert first.registered_capital == Decimal("50000000.00")  # 5000 万元
    assert first.annual_turnover == Decimal("120000000.00")
    assert first.address == "广东省深圳市南山区科技园南区高新南一道8号"
    assert (first.website, first.industry, first.enterprise_scale) == (
        "www.nsjm.cn",
        "机械制造",
        "200-300人",
    )
    assert first.business_scope.startswith("精密零部件加工")
    assert (first.phone, first.email) == ("0755-86001234", "wangjg@nsjm.cn")
    assert (first.contact_name, first.contact_phone) == ("王建国", "13800138000")
    assert first.source == "other" and "客户来源 (original): 电话营销" in first.remarks
    assert first.remarks.startswith(LONG_REMARKS[:100])  # 1,000 characters, its ，kept
    assert "QQ: 88990011" in first.remarks
    assert _people(first) == [
        ("王建国", "采购经理", "13800138000", "0755-86001234", "wangjg@nsjm.cn", "wjg_nsjm", True),
        ("李秀英", "财务主管", "13900139000", "", "", "", False),
    ]

    second = _card("苏州工业园区联华贸易有限公司")
    assert (second.abc_class, second.org_type, second.invoice_type) == ("A", "joint_venture",
                                                                       "ordinary")  # fmt: skip
    assert second.registered_capital is None
    assert "注册资金（万元） (original): 1000万以上" in second.remarks
    assert second.enterprise_scale == "50-100人" and second.source == "group"
    assert second.address == "江苏省苏州市苏州工业园区星湖街328号"
    assert _people(second) == [("陈静", "总经理", "13700137000", "0512-62501234", "",
                                "chenjing1988", True)]  # fmt: skip

    third = _card("杭州西溪小微电子商行")
    assert (third.abc_class, third.org_type, third.invoice_type) == ("C", None, None)
    assert third.address == "浙江省杭州市西湖区文三路90号"  # the street already names them
    assert third.remarks.split("\n") == [
        "老客户", "企业性质 (original): 民营", "开票类型 (original): 收据", "QQ: 123456",
    ]  # fmt: skip

    # the warnings name the row, the column as written and the value
    kept = sorted((n.row_number, n.column, n.value) for n in result.notes)
    assert kept == [
        (3, "注册资金（万元）", "1000万以上"),
        (4, "企业性质", "民营"),
        (4, "开票类型", "收据"),
    ]
    assert result.contacts == 4
    assert any("QQ" in w for w in result.warnings)


def test_a_warning_reads_in_chinese_with_the_choices_labels(admin):
    """A kept value's warning, in Chinese, lists the choices by label, never by key."""
    result = _import(admin, LISTS / "map_wps_list.xlsx")
    note = next(n for n in result.notes if n.value == "民营")
    text = note.render("zh_CN")
    assert text.startswith(
        "第4行，企业性质“民营”：不是可选的值（国营企业、乡镇企业、个体、外商独资、"
    )
    assert "state_owned" not in text and "原值已写入备注" in text


def test_a_chinese_crm_export_maps_class_rating_invoice_and_nature(admin):
    """客户级别 feeds the class and 客户等级 with credit words the rating; 增值税专用发票,
    国企, 外资, 集体企业 are read as the form's choices."""
    result = _import(admin, LISTS / "map_crm_export.csv")
    assert (result.created, result.rejected) == (3, 0)
    cards = {c.name[:2]: c for c in Customer.select()}
    got = {k: (c.abc_class, c.credit_rating, c.invoice_type, c.org_type) for k, c in cards.items()}
    assert got == {
        "北京": ("A", "A", "vat", "state_owned"),
        "上海": ("C", "B", "ordinary", "foreign_owned"),
        "成都": ("B", "C", "ordinary", "township"),
    }
    assert cards["北京"].source == "friends" and cards["上海"].source == "publication"
    assert [(n.row_number, n.column, n.value) for n in result.notes] == [(4, "客户来源", "地推")]
    assert _people(cards["北京"]) == [("周敏", "IT主管", "13512345678", "010-82881234", "", "",
                                       True)]  # fmt: skip
    assert _people(cards["成都"]) == []  # no one named on the row


def test_an_odoo_export_with_technical_headers(admin):
    """name, street, street2, city, state_id, zip, country_id, phone, mobile, email, website,
    vat and comment all land; the id and a job title without a person are kept as text."""
    source = importing.open_source(admin, LISTS / "map_odoo.csv")
    fields = {c.header: c.field for c in source.columns}
    assert fields == {
        "id": None, "name": "name", "street": "address", "street2": "address_line2",
        "city": "address_city", "state_id": "address_province", "zip": "address_zip",
        "country_id": "address_country", "phone": "phone", "mobile": "contact1_mobile",
        "email": "email", "website": "website", "vat": "tax_id", "comment": "remarks",
        "function": "contact1_title",
    }  # fmt: skip
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (2, 0)
    azure = _card("Azure Interior")
    assert (
        azure.address
        == "4557 De Silva St, Suite 200, Fremont, California (US) 94538, United States"
    )
    assert (azure.phone, azure.contact_phone, azure.email) == (
        "(870)-931-0505", "+1 555-0100", "azure.interior24@example.com"
    )  # fmt: skip
    assert azure.tax_id == "" and "vat (original): US12345677" in azure.remarks
    assert azure.remarks.startswith("Key account since 2019")
    assert "function: Purchaser" in azure.remarks and "id: __export__.res_partner_7_1a2b" in (
        azure.remarks
    )


def test_a_hubspot_companies_export(admin):
    """Company name, domain, street/city/state/postal code/country, employees, revenue and the
    lifecycle stage map; Record ID and Create Date are kept in the remarks."""
    result = _import(admin, LISTS / "map_hubspot.csv")
    assert (result.created, result.rejected) == (2, 0)
    north = _card("Northwind Traders")
    assert north.address == "1 Market St, Seattle, WA 98101, United States"
    assert (north.website, north.phone, north.industry) == ("northwind.com", "+1 206 555 0101",
                                                           "Wholesale")  # fmt: skip
    assert north.enterprise_scale == "250" and north.annual_turnover == Decimal("12000000.00")
    assert north.stage == "current" and north.business_scope == "Specialty foods importer"
    assert north.remarks == "Record ID: 5012345601\nCreate Date: 2023-04-05 10:22"
    contoso = _card("Contoso Pharmaceuticals")
    assert contoso.stage == "potential" and contoso.enterprise_scale == "1,001-5,000"


def test_unmapped_columns_are_left_out_only_when_asked(admin, tmp_path):
    """--skip-unmapped (keep_unmapped=False) leaves such columns out; a column set to
    "Do not import" is left out either way."""
    path = write_xlsx(tmp_path / "l.xlsx", [["甲公司", "x1", "y1"]], ["客户名称", "QQ", "旺旺"])
    source = importing.open_source(admin, path)
    importing.set_mapping(source, {2: "ignore"})
    importing.run_import(admin, source)
    assert _card("甲公司").remarks == "QQ: x1"
    Customer.delete().execute()
    _import(admin, path, keep_unmapped=False)
    assert _card("甲公司").remarks == ""


def test_a_value_mapping_is_used_and_remembered(admin, tmp_path):
    """民营 mapped to 个体 once: this import and the next read it so; the wizard's list of
    values to map shows it no more as unread."""
    rows = [["甲公司", "民营"], ["乙公司", "民营"], ["丙公司", "国企"]]
    path = write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "企业性质"])
    source = importing.open_source(admin, path, preview_rows=200)
    assert source.unmapped_values() == {1: [("民营", 2)]}
    source.value_maps = {"org_type": {"民营": "individual"}}
    checks = importing.preview(admin, source)
    assert [c.values.get("org_type") for c in checks] == ["individual", "individual", "state_owned"]
    result = importing.run_import(admin, source)
    assert result.notes == [] and _card("甲公司").org_type == "individual"
    assert Setting.get(Setting.key == "import.values.org_type").value == '{"民营": "individual"}'
    again = write_xlsx(tmp_path / "m.xlsx", [["丁公司", "民营"]], ["公司名称", "公司性质"])
    _import(admin, again)
    assert _card("丁公司").org_type == "individual"


def test_the_cli_map_values_file_names_columns_as_written(admin, tmp_path):
    """value_maps_for reads (column, value, choice label) rows; an unknown column is refused
    with its line."""
    from crm_desktop.errors import UserError

    path = write_xlsx(tmp_path / "l.xlsx", [["甲公司", "民营", "地推"]], ["客户名称", "企业性质",
                                                                       "客户来源"])  # fmt: skip
    source = importing.open_source(admin, path)
    maps = importing.value_maps_for(
        source, [(2, "企业性质", "民营", "个体"), (3, "客户来源", "地推", "Individuals")]
    )
    assert maps == {"org_type": {"民营": "individual"}, "source": {"地推": "individual"}}
    with pytest.raises(UserError) as exc:
        importing.value_maps_for(source, [(5, "性质", "民营", "个体")], "map.csv")
    assert exc.value.render("zh_CN") == "取值对照文件 map.csv 第5行：文件中没有“性质”列"


@pytest.mark.parametrize("amount", ["1e308", "1e30", "-5", "-5万"])
def test_absurd_or_negative_amounts_reject_only_their_row(admin, tmp_path, amount):
    """1e308, 1e30 and negative amounts reject their row with a message naming the row,
    the column and the value; the other rows go in."""
    rows = [["甲公司", "1000"], ["乙公司", amount], ["丙公司", "5,000元"]]
    result = _import(admin, write_csv(tmp_path / "a.csv", rows, ["客户名称", "信用额度"]))
    assert (result.created, result.rejected) == (2, 1)
    [(number, _raw, reason)] = result.rejected_rows
    assert number == 3 and reason.startswith("信用额度: ") and amount.lstrip("-") in reason
    assert Customer.select().where(Customer.name == "乙公司").count() == 0


def test_numeric_amount_cells_of_absurd_size_are_rejected(admin, tmp_path):
    """A number cell of 1e308 (not text) is refused the same way, never a traceback."""
    rows = [["甲公司", 1e308], ["乙公司", 1e30], ["丙公司", 12.5]]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "注册资本（万元）"]))
    assert (result.created, result.rejected) == (1, 2)
    assert _card("丙公司").registered_capital == Decimal("125000.00")


def test_really_wrong_values_still_reject(admin, tmp_path):
    """An impossible date and a credit code with a bad check character reject the row;
    words in a date column are kept."""
    rows = [["甲公司", "2019-02-30", ""], ["乙公司", "", "91110108MA01ABCD3Y"],
            ["丙公司", "2019年春", ""]]  # fmt: skip
    headers = ["客户名称", "成立日期", "统一社会信用代码"]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers))
    assert (result.created, result.rejected) == (1, 2)
    assert {r.row_number: r.column for r in result.rejections} == {
        2: "成立日期",
        3: "统一社会信用代码",
    }
    assert "成立日期 (original): 2019年春" in _card("丙公司").remarks


def test_an_update_adds_kept_lines_under_the_remarks_and_new_people(admin, tmp_path):
    """Updating a card keeps what the user wrote in its remarks and adds the file's kept
    lines and people the card does not have yet."""
    headers = ["客户名称", "联系人", "手机", "QQ"]
    _import(admin, write_xlsx(tmp_path / "a.xlsx", [["甲公司", "张三", "13800000001", "111"]],
                              headers))  # fmt: skip
    card = _card("甲公司")
    Customer.update(remarks="QQ: 111\n年底回访").where(Customer.id == card.id).execute()
    rows = [["甲公司", "张三", "13800000001", "222"]]
    result = _import(admin, write_xlsx(tmp_path / "b.xlsx", rows, headers), on_duplicate="update")
    assert result.updated == 1
    assert _card("甲公司").remarks == "QQ: 111\n年底回访\nQQ: 222"
    assert [p[0] for p in _people(card)] == ["张三"]  # the same person is not added twice
    rows = [["甲公司", "李四", "13800000002", "222"]]
    result = _import(admin, write_xlsx(tmp_path / "c.xlsx", rows, headers), on_duplicate="update")
    assert result.contacts == 1
    assert [(p[0], p[6]) for p in _people(card)] == [("张三", True), ("李四", False)]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("单位名称", "name"), ("客户类别", "abc_class"), ("开票类型", "invoice_type"),
        ("发票类型", "invoice_type"), ("企业性质", "org_type"), ("公司性质", "org_type"),
        ("注册资金（万元）", "registered_capital"), ("手机", "contact1_mobile"),
        ("手机号码", "contact1_mobile"), ("移动电话", "contact1_mobile"), ("固定电话", "phone"),
        ("座机", "phone"), ("办公电话", "phone"), ("邮箱", "email"), ("微信", "contact1_wechat"),
        ("微信号", "contact1_wechat"), ("职位", "contact1_title"), ("职务", "contact1_title"),
        ("所在省份", "address_province"), ("所在城市", "address_city"),
        ("所在区县", "address_district"), ("详细地址", "address"), ("官网", "website"),
        ("所属区县", "address_district"), ("参保人数", "enterprise_scale"),
        ("人员规模", "enterprise_scale"), ("国标行业", "industry"), ("工商注册号", "license_no"),
        ("Account Number", "code"), ("Bank Account Number", "bank_account"),
        ("IBAN", "bank_account"), ("省市区", "address_region"), ("省/市/区", "address_region"), ("所在省市", "address_region"),
        ("网址", "website"), ("公司简介", "business_scope"), ("经营范围", "business_scope"),
        ("所属行业", "industry"), ("行业", "industry"), ("销售收入", "annual_turnover"),
        ("年销售额", "annual_turnover"), ("公司规模", "enterprise_scale"),
        ("人数", "enterprise_scale"), ("客户来源", "source"), ("来源", "source"),
        ("序号", "ignore"), ("Street", "address"), ("City", "address_city"),
        ("State", "address_province"), ("ZIP", "address_zip"), ("Country", "address_country"),
        ("Website", "website"), ("Mobile", "contact1_mobile"), ("Job Title", "contact1_title"),
        ("联系人2", "contact2_name"), ("职位2", "contact2_title"), ("手机2", "contact2_mobile"),
        ("邮箱2", "contact2_email"), ("Contact 3 Mobile", "contact3_mobile"),
        ("购货单位", "name"), ("购买方名称", "name"), ("邮寄地址", "delivery_address"),
        ("负责销售", "owner"), ("销售负责人", "owner"), ("所属业务员", "owner"),
        ("往来单位", "name"), ("往来单位名称", "name"), ("甲方", "name"), ("签约单位", "name"),
        ("开户行及账号", "bank"), ("信用期限", "collection_days"),
        # whose, then what: the customer's phone, address, contact, code
        ("客户电话", "phone"), ("单位地址", "address"), ("甲方联系人", "contact_name"),
        ("客户联系人", "contact_name"), ("往来单位编码", "code"), ("Customer Phone", "phone"),
        ("Company Address", "address"),
        # 金蝶's and 用友 U8's 客户档案
        ("纳税登记号", "tax_id"), ("Email地址", "email"), ("E-mail 地址", "email"),
        ("专管业务员", "owner"), ("成交状态", "stage"), ("拜访人", "owner"), ("跟进人", "owner"),
        # exact synonyms first: 客户经理 is the salesperson, 客户名称 the name
        ("客户经理", "owner"), ("公司名称", "name"), ("客户", "name"), ("客户姓名", "name"),
        # an import template's notes in brackets, before or after
        ("客户名称（必填）", "name"), ("邮箱(选填)", "email"), ("客户级别（A/B/C）", "abc_class"),
        ("【必填】联系人", "contact_name"), ("成立日期(YYYY-MM-DD)", "founded"),
        ("电话[可选]", "phone"), ("经营地址", "address"), ("(必填)", None),
    ],
)  # fmt: skip
def test_header_synonyms(header, field):
    """Headers of real lists and other CRMs' exports name their field."""
    assert auto_map([header])[0].field == field


def test_a_unit_in_brackets_beside_a_note_is_still_the_unit(admin, tmp_path):
    """注册资本（万元）（选填）: the note goes, the unit stays, 500 is five million."""
    (column,) = auto_map(["注册资本（万元）（选填）"])
    assert (column.field, column.multiplier) == ("registered_capital", 10_000)
    path = write_xlsx(tmp_path / "模板.xlsx", [["甲公司", 500, "张三"]],
                      ["客户名称（必填）", "注册资本（万元）（选填）", "联系人(必填)"])  # fmt: skip
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (1, 0)
    card = Customer.get(Customer.name == "甲公司")
    assert (card.registered_capital, card.contact_name) == (Decimal("5000000.00"), "张三")


@pytest.mark.parametrize(
    ("choices", "value", "code"),
    [
        ("org_type", "国有企业", "state_owned"), ("org_type", "国企", "state_owned"),
        ("org_type", "中外合资", "joint_venture"), ("org_type", "中外合作", "joint_venture"),
        ("org_type", "民营", None), ("invoice_type", "专票", "vat"),
        ("invoice_type", "增值税专用发票", "vat"), ("invoice_type", "普票", "ordinary"),
        ("invoice_type", "增值税电子普通发票", "ordinary"), ("invoice_type", "数电专票", "vat"),
        ("invoice_type", "增值税电子专用发票", "vat"), ("invoice_type", "数电票", None),
        ("abc_class", "A类", "A"), ("abc_class", "甲级", "A"), ("abc_class", "高级", "A"),
        ("abc_class", "低级", "C"), ("abc_class", "丁类", "D"), ("credit_rating", "AAA", "A"),
        ("source", "电话营销", "other"), ("source", "网络推广", "other"),
        ("source", "抖音", "other"), ("source", "展会", "group"), ("stage", "成交客户", "current"),
        ("payment_terms", "月结", "other"), ("ownership", "租赁", "rented"),
        # a CRM's sales phases and 企业微信's ways a customer was added
        ("stage", "初步接洽", "prospective"), ("stage", "商务谈判", "prospective"),
        ("stage", "待跟进", "potential"), ("stage", "合作结束", "lost"),
        ("stage", "未成交", "potential"), ("stage", "多次成交", "current"),
        ("source", "线上注册", "other"), ("source", "扫描二维码", "other"),
        ("source", "名片分享", "other"),
        # 企业类型 as the register writes it (企查查, 天眼查 exports)
        ("org_type", "有限责任公司(外国法人独资)", "foreign_owned"),
        ("org_type", "有限责任公司（台港澳与境内合资）", "joint_venture"),
        ("org_type", "股份有限公司(中外合资、未上市)", "joint_venture"),
        ("org_type", "有限责任公司(国有独资)", "state_owned"),
        ("org_type", "集体所有制企业", "township"),
        ("org_type", "有限责任公司(自然人投资或控股)", None),
    ],
)  # fmt: skip
def test_value_synonyms(choices, value, code):
    """Words people write for the form's choices are read as those choices."""
    assert map_choice(choices, value) == code


def test_the_rejected_rows_workbook_speaks_chinese_and_imports_again(admin, tmp_path, monkeypatch):
    """In Chinese the workbook's sheet, extra headers and reasons are Chinese; imported
    again, its 错误原因 and 原行号 columns are left out, not kept in the remarks."""
    import openpyxl

    from crm_desktop.reports.import_errors import write_rejected_rows

    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [["甲公司", "2019-02-30"], ["乙公司", "2020-01-01"]]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "成立日期"]))
    out = write_rejected_rows(tmp_path / "r.xlsx", result.headers, result.rejected_rows)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["未导入"]
    cells = [[c.value for c in r] for r in wb.active.iter_rows()]
    assert cells[0] == ["客户名称", "成立日期", "错误原因", "原行号"]
    assert cells[1][:2] == ["甲公司", "2019-02-30"] and cells[1][3] == 2
    assert cells[1][2].startswith("成立日期：")
    fixed = importing.open_source(admin, out)
    assert [c.field for c in fixed.columns] == ["name", "founded", "ignore", "ignore"]


def test_the_export_writes_the_imported_contacts_on_a_second_sheet(admin, tmp_path):
    """What came in as people on the rows goes out again: one row per contact, with the
    customer's code and name, on the export's Contacts sheet."""
    import openpyxl

    from crm_desktop.jobs.export import export_customers

    _import(admin, LISTS / "map_wps_list.xlsx")
    out = export_customers(admin, tmp_path / "out.xlsx").path
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Customers", "Contacts"]
    rows = list(wb["Contacts"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Customer code", "Customer name", "Name", "Role", "Title", "Gender")
    people = [(r[1], r[2], r[4], r[7]) for r in rows[1:]]
    assert people == [
        ("深圳市南山精密机械有限公司", "王建国", "采购经理", "13800138000"),
        ("深圳市南山精密机械有限公司", "李秀英", "财务主管", "13900139000"),
        ("苏州工业园区联华贸易有限公司", "陈静", "总经理", "13700137000"),
        ("杭州西溪小微电子商行", "赵磊", "店长", None),
    ]


def test_exports_with_one_row_per_person_file_the_people_under_their_company(admin):
    """Odoo's contacts (Related Company) and HubSpot's contacts (First Name, Last Name,
    Company Name): one customer per company, each person a contact of it."""
    result = _import(admin, LISTS / "map_odoo_contacts.csv")
    assert (result.created, result.skipped, result.rejected) == (2, 2, 0)
    azure = _card("Azure Interior")
    assert azure.email == "azure.interior24@example.com" and azure.address == "Fremont"
    assert _people(azure) == [
        ("Brandon Freeman", "Creative Director", "+1 555-0111", "",
         "brandon.freeman55@example.com", "", True),
        ("Nicole Ford", "Director", "", "", "nicole.ford75@example.com", "", False),
    ]  # fmt: skip
    assert _people(_card("Wood Corner")) == []
    result = _import(admin, LISTS / "map_hubspot_contacts.csv")
    assert (result.created, result.skipped) == (2, 1)
    assert [p[:2] for p in _people(_card("Alfreds Futterkiste"))] == [
        ("Maria Anders", "Sales Rep"), ("Hanna Moos", "Owner"),
    ]  # fmt: skip
    assert _people(_card("上海华东贸易有限公司"))[0][:2] == ("王伟", "采购")  # 王 + 伟
    from crm_desktop.services.customers import CustomerQuery, list_customers

    found = list_customers(admin, CustomerQuery(text="Hanna")).rows  # the second person too
    assert [r.name for r in found] == ["Alfreds Futterkiste"]


def test_first_people_made_from_the_cards_columns_are_whole_contacts(admin, tmp_path):
    """A list whose people are only 联系人/联系电话/邮箱 (the usual one) gets them as contacts
    with their own UUIDs and 'created' history in the import's batch, as any other."""
    import uuid

    from crm_desktop.models import ChangeLog

    rows = [["甲公司", "张三", "13800000001", "010-1", "a@x.cn"], ["乙公司", "", "", "010-2", ""],
            ["丙公司", "李四", "", "010-3", ""]]  # fmt: skip
    headers = ["客户名称", "联系人", "联系电话", "电话", "邮箱"]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers))
    assert result.contacts == 2
    assert _people(_card("甲公司")) == [("张三", "", "", "13800000001", "a@x.cn", "", True)]
    assert _people(_card("乙公司")) == []
    assert _people(_card("丙公司")) == [("李四", "", "", "", "", "", True)]
    people = list(Contact.select())
    assert len({p.uuid for p in people}) == 2 and all(
        uuid.UUID(p.uuid).version == 7 for p in people
    )
    logged = ChangeLog.select().where(
        ChangeLog.entity == "contact", ChangeLog.batch == result.batch_id
    )
    assert sorted((c.entity_id, c.new_value) for c in logged) == sorted(
        (p.id, p.name) for p in people
    )
    assert all(p.created_at and p.version == 1 and p.deleted_at is None for p in people)


@pytest.mark.parametrize("fax", [False, True])
def test_a_persons_mobile_is_found_by_the_search(admin, tmp_path, fax):
    """With 联系电话 and 手机 both on the row, a piece of the mobile finds the customer,
    whether the document took it at once or the card was indexed again for it."""
    from crm_desktop.services.customers import CustomerQuery, list_customers

    headers = ["客户名称", "联系人", "联系电话", "手机"] + (["传真"] if fax else [])
    rows = [["甲公司", "张三", "010-62345678", "13912345678"] + (["010-1"] if fax else []),
            ["乙公司", "李四", "010-62340000", "13700001111"] + ([""] if fax else [])]  # fmt: skip
    _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers))
    assert [r.name for r in list_customers(admin, CustomerQuery(text="91234567")).rows] == [
        "甲公司"
    ]
    assert [r.name for r in list_customers(admin, CustomerQuery(text="00001111")).rows] == [
        "乙公司"
    ]
    assert [r.name for r in list_customers(admin, CustomerQuery(text="62345678")).rows] == [
        "甲公司"
    ]


def test_a_responsible_person_column_is_the_owner_when_it_names_the_team(team, tmp_path):
    """负责人 in a Chinese CRM's export is the salesperson who owns the customer: when
    most of its names are the team's users it feeds the owner (a name that is nobody's
    is kept in the remarks, the customer imported); names of no user stay the
    customer's own 经营管理者, as on the paper form."""
    headers = ["客户名称", "负责人", "客户来源"]
    rows = [
        ["上海浦江精密模具有限公司", "张伟", "电话营销"],
        ["北京京东方显示技术有限公司", "sales2", "展会"],
        ["广州白云山医药集团股份有限公司", "王五", "朋友介绍"],
    ]
    gm = team["admin"]
    result = _import(gm, write_csv(tmp_path / "crm.csv", rows, headers, encoding="gbk"))
    assert result.created == 3 and result.rejected == 0
    assert _card("上海浦江精密模具有限公司").owner_id == team["sales1"].id
    assert _card("北京京东方显示技术有限公司").owner_id == team["sales2"].id
    third = _card("广州白云山医药集团股份有限公司")
    assert third.owner_id is None and third.manager_name == ""
    assert "负责人 (original): 王五" in third.remarks
    assert [(n.row_number, n.column, n.value) for n in result.notes] == [(4, "负责人", "王五")]
    bosses = [["深圳华强电子有限公司", "刘总", ""], ["杭州娃哈哈集团有限公司", "宗经理", ""]]
    # (other headers: the same ones would take the mapping remembered from the first)
    _import(gm, write_csv(tmp_path / "bosses.csv", bosses, ["单位名称", "负责人", "备注"]))
    assert (
        _card("深圳华强电子有限公司").manager_name == "刘总"
        and _card("深圳华强电子有限公司").owner_id is None
    )


@pytest.mark.parametrize(("lang", "labels"), [("zh_CN", ("男", "女")), ("en", ("Male", "Female"))])
def test_the_contacts_sheet_writes_a_persons_gender_as_a_word(admin, tmp_path, lang, labels):
    """性别 is a choice of the catalogue: the export writes 男/女 (Male/Female), never the
    stored M/F."""
    import openpyxl

    from crm_desktop.jobs.export import export_customers
    from crm_desktop.services.customers import add_contact, create_customer

    card = create_customer(admin, {"name": "杭州华夏科技有限公司"})
    add_contact(admin, card.id, {"name": "张三", "gender": "M"})
    add_contact(admin, card.id, {"name": "李四", "gender": "F"})
    out = export_customers(admin, tmp_path / "out.xlsx", lang=lang).path
    wb = openpyxl.load_workbook(out, read_only=True)
    rows = list(wb[wb.sheetnames[1]].iter_rows(values_only=True))
    gender = rows[0].index("性别" if lang == "zh_CN" else "Gender")
    assert sorted(r[gender] for r in rows[1:]) == sorted(labels)


@pytest.mark.parametrize("header", ["地区", "省市区", "所在地区"])
def test_a_region_column_of_places_goes_into_the_address(admin, tmp_path, header):
    """浙江省/宁波市/北仑区 or 浙江 - 杭州 under 地区 (a CRM's export), 省市区: written before
    the street without its separators; a part the street names already is not repeated."""
    rows = [
        ["宁波海港物流有限公司", "浙江省/宁波市/北仑区", "新碶街道明州路88号"],
        ["杭州西子科技有限公司", "浙江 - 杭州", "文三路100号"],
        ["苏州精工机械有限公司", "江苏省 苏州市", "江苏省苏州市工业园区星湖街1号"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", header, "详细地址"])
    result = _import(admin, path)
    assert result.created == 3
    assert {c.name: (c.address, c.remarks) for c in Customer.select()} == {
        "宁波海港物流有限公司": ("浙江省宁波市北仑区新碶街道明州路88号", ""),
        "杭州西子科技有限公司": ("浙江杭州文三路100号", ""),
        "苏州精工机械有限公司": ("江苏省苏州市工业园区星湖街1号", ""),
    }


def test_a_place_the_parts_or_the_street_name_twice_is_written_once(admin, tmp_path):
    """所在省份 上海 with 所在城市 上海市 is one city, and a street that starts 广东深圳…
    names its province and city already; 吉林省 and 吉林市 are two places."""
    rows = [
        ["上海浦江贸易有限公司", "上海", "上海市", "浦东新区中山东一路12号"],
        ["北京清河电子有限公司", "北京市", "北京", "海淀区清河中街68号"],
        ["深圳南山科技有限公司", "广东省", "深圳市", "广东深圳南山区科技园1号"],
        ["吉林船营化工有限公司", "吉林省", "吉林市", "船营区北京路5号"],
    ]
    headers = ["客户名称", "所在省份", "所在城市", "详细地址"]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers=headers))
    assert result.created == 4
    assert {c.name: c.address for c in Customer.select()} == {
        "上海浦江贸易有限公司": "上海市浦东新区中山东一路12号",
        "北京清河电子有限公司": "北京市海淀区清河中街68号",
        "深圳南山科技有限公司": "广东深圳南山区科技园1号",
        "吉林船营化工有限公司": "吉林省吉林市船营区北京路5号",
    }


def test_a_region_column_of_sales_regions_is_kept_as_it_was(admin, tmp_path):
    """华东, 华南大区 under 地区 are the team's sales regions, not the customer's place: the
    column stays in the remarks as before (or a custom field)."""
    rows = [
        ["宁波海港物流有限公司", "华东", "明州路88号"],
        ["广州白云贸易有限公司", "华南大区", "白云大道1号"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "地区", "地址"])
    source = importing.open_source(admin, path)
    assert source.columns[1].field is None
    _import(admin, path)
    assert _card("宁波海港物流有限公司").address == "明州路88号"
    assert _card("宁波海港物流有限公司").remarks == "地区: 华东"


def test_a_company_register_export(admin, tmp_path):
    """A lead list exported from 企查查 / 天眼查: a title line with the export time, the
    register's headers and 企业类型, "-" for nothing, 所属省份/所属城市/所属区县 beside an
    address that names them already, a capital in US dollars."""
    headers = ["企业名称", "登记状态", "法定代表人", "注册资本", "成立日期", "企业地址", "电话",
               "邮箱", "所属省份", "所属城市", "所属区县", "所属行业", "企业类型", "参保人数"]  # fmt: skip
    rows = [
        ["宁波海港物流有限公司", "存续", "王建国", "1000万元人民币", "2015-03-05",
         "浙江省宁波市北仑区明州路88号", "0574-86881234", "nbhg@163.com", "浙江省", "宁波市",
         "北仑区", "道路运输业", "有限责任公司(台港澳与境内合资)", "56"],
        ["杭州西子科技有限公司", "注销", "李明", "100万美元", "2010-01-01", "文三路100号", "-", "-",
         "浙江省", "杭州市", "西湖区", "软件和信息技术服务业", "有限责任公司(外国法人独资)", "0"],
    ]  # fmt: skip
    path = write_xlsx(
        tmp_path / "企查查.xlsx",
        rows,
        headers,
        title="企查查导出数据  导出时间：2024-05-01 10:00:00",
    )
    result = _import(admin, path)
    assert (result.created, result.rejected) == (2, 0)
    nb, hz = _card("宁波海港物流有限公司"), _card("杭州西子科技有限公司")
    assert (nb.address, nb.org_type, nb.registered_capital, nb.enterprise_scale) == (
        "浙江省宁波市北仑区明州路88号", "joint_venture", 10_000_000, "56",
    )  # fmt: skip
    assert (hz.address, hz.org_type, hz.phone, hz.email) == (
        "浙江省杭州市西湖区文三路100号", "foreign_owned", "", "",
    )  # fmt: skip
    assert hz.registered_capital is None
    assert hz.remarks == "注册资本 (original): 100万美元\n登记状态: 注销"


def test_names_spaced_to_line_up_are_the_people_and_users_they_name(team, tmp_path):
    """张　伟 and 王  芳, padded in a list to the width of three-character names, are the
    users 张伟 and 王芳; so are 王芳经理, the user name in other letters (SALES1) and the
    name in pinyin (Fang Wang).
    A contact written 刘 总 is 刘总."""
    from crm_desktop.models import User

    rows = [
        ["杭州新华贸易有限公司", "刘 总", "张　伟"],
        ["宁波港城物流股份有限公司", "王　强", "王  芳"],
        ["苏州精工机械有限公司", "欧阳 娜娜", "王芳经理"],
        ["南京天成电子有限公司", "Anna Schmidt", "SALES1"],
        ["Acme Trading Ltd", "John Smith", "Fang Wang"],  # a foreign CRM's, in pinyin
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "业务员"])
    result = _import(team["admin"], path)
    assert result.created == 5 and not result.warnings
    got = {
        c.name: (c.contact_name, User.get_by_id(c.owner_id).display_name) for c in Customer.select()
    }
    assert got == {
        "杭州新华贸易有限公司": ("刘总", "张伟"),
        "宁波港城物流股份有限公司": ("王强", "王芳"),
        "苏州精工机械有限公司": ("欧阳 娜娜", "王芳"),
        "南京天成电子有限公司": ("Anna Schmidt", "张伟"),
        "Acme Trading Ltd": ("John Smith", "王芳"),
    }
    assert sorted(p.name for p in Contact.select()) == sorted(
        ["刘总", "王强", "欧阳 娜娜", "Anna Schmidt", "John Smith"]
    )


@pytest.mark.parametrize("header", ["地址", "客户地址", "省份/城市/区县"])
def test_an_address_column_of_places_beside_the_street_goes_before_it(admin, tmp_path, header):
    """A CRM's 地址 field exported as 浙江省/宁波市/北仑区 beside 详细地址 (the street): the
    places before the street, not the street in the remarks. A 地址 that holds whole
    addresses beside a 详细地址 stays the address."""
    rows = [
        ["宁波海天国际贸易有限公司", "浙江省/宁波市/北仑区", "新碶街道明州路88号"],
        ["杭州华夏科技有限公司", "浙江省 杭州市 西湖区", "文三路90号"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", header, "详细地址"])
    assert _import(admin, path).created == 2
    assert {c.name: (c.address, c.remarks) for c in Customer.select()} == {
        "宁波海天国际贸易有限公司": ("浙江省宁波市北仑区新碶街道明州路88号", ""),
        "杭州华夏科技有限公司": ("浙江省杭州市西湖区文三路90号", ""),
    }


def test_a_whole_address_beside_a_detailed_one_stays_the_address(admin, tmp_path):
    rows = [["宁波海天国际贸易有限公司", "浙江省宁波市北仑区明州路88号", "3号楼201室"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "地址", "详细地址"])
    _import(admin, path)
    card = Customer.get()
    assert (card.address, card.remarks) == ("浙江省宁波市北仑区明州路88号", "详细地址: 3号楼201室")


def test_a_note_written_into_a_name_goes_to_the_remarks(admin, tmp_path):
    """深圳市华强电子有限公司（老客户）, XX(已倒闭), 【重点】XX and *XX (标*为重点客户) are
    the names with a note: the name alone, so that the same customer written plainly
    further down is the same card, and the note in the remarks with a warning. A name's
    own brackets stay (华为技术（深圳）有限公司, （特殊普通合伙）)."""
    rows = [
        ["深圳市华强电子有限公司（老客户）", "张三"],
        ["深圳市华强电子有限公司", "李工"],
        ["广州宏达贸易有限公司(已倒闭)", ""],
        ["【重点】苏州工业园区明辉科技有限公司", ""],
        ["*重庆山城火锅连锁有限公司", ""],
        ["华为技术（深圳）有限公司", ""],
        ["立信会计师事务所（特殊普通合伙）", ""],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人"])
    result = _import(admin, path)
    assert (result.created, result.skipped) == (6, 1)
    cards = {c.name: c.remarks for c in Customer.select()}
    assert cards == {
        "深圳市华强电子有限公司": "Note in the 客户名称: 老客户",
        "广州宏达贸易有限公司": "Note in the 客户名称: 已倒闭",
        "苏州工业园区明辉科技有限公司": "Note in the 客户名称: 重点",
        "重庆山城火锅连锁有限公司": "Note in the 客户名称: *",
        "华为技术（深圳）有限公司": "",
        "立信会计师事务所（特殊普通合伙）": "",
    }
    assert sorted(p.name for p in _card("深圳市华强电子有限公司").contacts) == ["张三", "李工"]
    assert [n.value for n in result.notes][:2] == [
        "深圳市华强电子有限公司（老客户）", "广州宏达贸易有限公司(已倒闭)",
    ]  # fmt: skip


def test_a_limited_liability_company_is_one_customer_in_either_form(admin, tmp_path):
    """佛山市顺德区美家电器有限公司 and …有限责任公司 are written for the same company."""
    rows = [["佛山市顺德区美家电器有限公司", "张三"], ["佛山市顺德区美家电器有限责任公司", "李四"]]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人"]))
    assert (result.created, result.skipped) == (1, 1)
    again = [["佛山市顺德区美家电器有限责任公司", "王五"]]
    result = _import(admin, write_xlsx(tmp_path / "b.xlsx", again, headers=["客户名称", "联系人"]))
    assert (result.created, result.skipped) == (0, 1)


def test_a_credit_limit_in_dollars_is_kept_as_written_not_as_yuan(admin, tmp_path):
    rows = [["Acme Ltd", "$12,000.00"], ["杭州华夏科技有限公司", "¥5,000"]]
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "信用额度"]))
    assert (result.created, result.rejected) == (2, 0)
    acme = _card("Acme Ltd")
    assert acme.credit_limit is None and "$12,000.00" in acme.remarks
    assert _card("杭州华夏科技有限公司").credit_limit == Decimal("5000.00")
    assert "not an amount in yuan" in result.notes[0].render("en")


def test_a_person_listed_again_with_another_number_keeps_both(admin, tmp_path):
    """刘总 on a second row of the same customer with a new mobile and a title: the title
    fills the contact's blank, the second mobile goes into its notes, not nowhere."""
    rows = [
        ["上海东方贸易（集团）有限公司", "刘总", "13800138007", ""],
        ["上海东方贸易(集团)有限公司", "刘总", "13800138008", "总经理"],
        ["上海东方贸易（集团）有限公司", "刘总", "13800138008", ""],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "手机", "职务"])
    result = _import(admin, path)
    assert (result.created, result.skipped) == (1, 2)
    [person] = Contact.select()
    assert (person.mobile, person.title, person.notes) == (
        "13800138007", "总经理", "mobile: 13800138008",
    )  # fmt: skip
