"""Customer lists laid out as real templates and other CRMs' exports are, for the mapping tests.

Run as a script to write them into tests/data/import/ (the tests read the committed
files, so they pin what a list saved once looks like):

    python tests/import_lists.py

- map_wps_list.xlsx   a regional office's WPS/Excel list: 序号, 单位名称, 客户类别 (A类/高级/
                      低级), 企业性质 (国有企业/中外合资/民营), 开票类型 (专票/普票), 注册资金（万元）
                      with "1000万以上", 联系人 + 职位 + 手机号码 + 固定电话 + 邮箱 + 微信,
                      联系人2/职位2/手机2, 所在省份/所在城市/所在区县/详细地址, 官网, 公司简介,
                      所属行业, 销售收入, 公司规模 ("50-100人"), 客户来源 (电话营销), a column no
                      field takes (QQ), a 1,000-character 备注
- map_crm_export.csv  a Chinese CRM's export (UTF-8 with BOM): 客户名称, 客户级别 (重要客户/
                      普通客户), 客户等级 with credit words (信用良好/一般/较差), 发票类型
                      (增值税专用发票/增值税普通发票), 公司性质 (国企/外资/集体企业), 移动电话, 座机
- map_odoo.csv        an Odoo res.partner export with technical headers (id, name, street,
                      street2, city, state_id, zip, country_id, phone, mobile, email,
                      website, vat, comment, function)
- map_odoo_contacts.csv, map_hubspot_contacts.csv: one row per person (Odoo's Related
                      Company, HubSpot's First Name / Last Name / Company Name)
- map_hubspot.csv     a HubSpot companies export (Record ID, Company name, Company Domain
                      Name, Street Address, City, State/Region, Postal Code, Country/Region,
                      Number of Employees, Annual Revenue, Lifecycle Stage …)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

OUT = Path(__file__).parent / "data" / "import"


def _uscc(body17: str) -> str:
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(charset.index(c) * w for c, w in zip(body17, weights, strict=True))
    return body17 + charset[(31 - total % 31) % 31]


LONG_REMARKS = ("该客户为华南区重点客户，年度框架协议已续签。" * 60)[:1000]

WPS_HEADERS = [
    "序号", "单位名称", "客户类别", "企业性质", "开票类型", "注册资金（万元）", "联系人", "职位",
    "手机号码", "固定电话", "邮箱", "微信", "联系人2", "职位2", "手机2", "所在省份", "所在城市",
    "所在区县", "详细地址", "官网", "公司简介", "所属行业", "销售收入（万元）", "公司规模", "客户来源",
    "QQ", "统一社会信用代码", "备注",
]  # fmt: skip

WPS_ROWS = [
    [1, "深圳市南山精密机械有限公司", "A类", "国有企业", "专票", 5000, "王建国", "采购经理",
     "13800138000", "0755-86001234", "wangjg@nsjm.cn", "wjg_nsjm", "李秀英", "财务主管",
     "13900139000", "广东省", "深圳市", "南山区", "科技园南区高新南一道8号", "www.nsjm.cn",
     "精密零部件加工，服务华南电子制造企业", "机械制造", 12000, "200-300人", "电话营销",
     "88990011", _uscc("91440300MA5F00001"), LONG_REMARKS],
    [2, "苏州工业园区联华贸易有限公司", "高级", "中外合资", "普票", "1000万以上", "陈静", "总经理",
     "13700137000", "0512-62501234", "", "chenjing1988", "", "", "", "江苏省", "苏州市", "",
     "苏州工业园区星湖街328号", "", "进出口贸易", "批发零售", "", "50-100人", "展会", "", "", ""],
    [3, "杭州西溪小微电子商行", "低级", "民营", "收据", 50, "赵磊", "店长", "", "0571-88001234",
     "", "", "", "", "", "浙江省", "杭州市", "西湖区", "浙江省杭州市西湖区文三路90号", "", "",
     "零售", 80, "10人以下", "朋友介绍", "123456", "", "老客户"],
]  # fmt: skip

CRM_HEADERS = ["客户名称", "客户级别", "客户等级", "发票类型", "公司性质", "移动电话", "座机", "联系人",
               "职务", "客户来源"]  # fmt: skip
CRM_ROWS = [
    ["北京中关村信息技术股份有限公司", "重要客户", "信用良好", "增值税专用发票", "国企", "13512345678",
     "010-82881234", "周敏", "IT主管", "转介绍"],
    ["上海浦东新区外高桥物流有限公司", "普通客户", "一般", "增值税普通发票", "外资", "13612345678",
     "021-58661234", "吴刚", "", "广告"],
    ["成都高新区天府软件有限公司", "一般客户", "较差", "普票", "集体企业", "", "028-85551234", "", "",
     "地推"],
]  # fmt: skip

ODOO_HEADERS = ["id", "name", "street", "street2", "city", "state_id", "zip", "country_id",
                "phone", "mobile", "email", "website", "vat", "comment", "function"]  # fmt: skip
ODOO_ROWS = [
    ["__export__.res_partner_7_1a2b", "Azure Interior", "4557 De Silva St", "Suite 200", "Fremont",
     "California (US)", "94538", "United States", "(870)-931-0505", "+1 555-0100",
     "azure.interior24@example.com", "http://www.azure-interior.com", "US12345677",
     "Key account since 2019", "Purchaser"],
    ["__export__.res_partner_9_3c4d", "Deco Addict", "77 Santa Barbara Rd", "", "Pleasant Hill",
     "California (US)", "94523", "United States", "(603)-996-3829", "", "deco.addict82@example.com",
     "http://www.deco-addict.com", "", "", ""],
]  # fmt: skip

HUBSPOT_HEADERS = ["Record ID", "Company name", "Company Domain Name", "Phone Number",
                   "Street Address", "City", "State/Region", "Postal Code", "Country/Region",
                   "Industry", "Number of Employees", "Annual Revenue", "Description",
                   "Lifecycle Stage", "Create Date"]  # fmt: skip
HUBSPOT_ROWS = [
    ["5012345601", "Northwind Traders", "northwind.com", "+1 206 555 0101", "1 Market St",
     "Seattle", "WA", "98101", "United States", "Wholesale", "250", "12000000",
     "Specialty foods importer", "customer", "2023-04-05 10:22"],
    ["5012345602", "Contoso Pharmaceuticals", "contoso.com", "", "500 Oracle Pkwy", "Redwood City",
     "CA", "94065", "United States", "Pharmaceuticals", "1,001-5,000", "", "", "lead",
     "2024-01-17 08:05"],
]  # fmt: skip


def write_wps_list(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户信息"
    ws.append(WPS_HEADERS)
    for row in WPS_ROWS:
        ws.append(row)
    wb.save(path)
    return path


def write_csv_list(path: Path, headers: list[str], rows: list[list], encoding: str) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_wps_list(out / "map_wps_list.xlsx"),
        write_csv_list(out / "map_crm_export.csv", CRM_HEADERS, CRM_ROWS, "utf-8-sig"),
        write_csv_list(out / "map_odoo.csv", ODOO_HEADERS, ODOO_ROWS, "utf-8"),
        write_csv_list(out / "map_hubspot.csv", HUBSPOT_HEADERS, HUBSPOT_ROWS, "utf-8"),
    ]


ODOO_CONTACTS_HEADERS = ["name", "Related Company", "function", "email", "mobile", "city"]
ODOO_CONTACTS_ROWS = [
    ["Azure Interior", "", "", "azure.interior24@example.com", "", "Fremont"],
    ["Brandon Freeman", "Azure Interior", "Creative Director", "brandon.freeman55@example.com",
     "+1 555-0111", ""],
    ["Nicole Ford", "Azure Interior", "Director", "nicole.ford75@example.com", "", ""],
    ["Wood Corner", "", "", "wood.corner26@example.com", "", "Turlock"],
]  # fmt: skip

HUBSPOT_CONTACTS_HEADERS = ["First Name", "Last Name", "Email", "Phone Number", "Company Name",
                            "Job Title"]  # fmt: skip
HUBSPOT_CONTACTS_ROWS = [
    ["Maria", "Anders", "maria@alfki.com", "030-0074321", "Alfreds Futterkiste", "Sales Rep"],
    ["Hanna", "Moos", "hanna@alfki.com", "", "Alfreds Futterkiste", "Owner"],
    ["伟", "王", "wangwei@example.cn", "13800000000", "上海华东贸易有限公司", "采购"],
]  # fmt: skip


def write_people_lists(out: Path = OUT) -> list[Path]:
    """Exports with one row per person: Odoo contacts (Related Company), HubSpot contacts."""
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_csv_list(out / "map_odoo_contacts.csv", ODOO_CONTACTS_HEADERS, ODOO_CONTACTS_ROWS,
                       "utf-8"),
        write_csv_list(out / "map_hubspot_contacts.csv", HUBSPOT_CONTACTS_HEADERS,
                       HUBSPOT_CONTACTS_ROWS, "utf-8"),
    ]  # fmt: skip


if __name__ == "__main__":
    for written in [*write_all(), *write_people_lists()]:
        print(written)
