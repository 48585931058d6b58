"""Lists that web systems save as .xls: an HTML page's table, Excel 2003's XML
spreadsheet, tab-separated text. Written here the way OA, ERP and CRM web pages write
them (a declared GB2312 charset, a title table above the list, &nbsp; and <br> in
cells, merged title cells, a 合计 row; an XML workbook whose first sheet is 填写说明)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.read import ImportFileError

OA_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {{ mso-number-format:"\\@"; }} .num {{ mso-number-format:"0.00"; }}</style>
<script>var exported = "<table><tr><td>不是表格</td><td>x</td></tr></table>";</script>
</head><body>
<table><tr><td>华东销售管理系统</td><td>导出时间：2026-11-30 17:05</td></tr></table>
<table border="1" cellspacing="0">
<tr><th colspan="8">客户信息列表（共 3 条）</th></tr>
<tr><th>序号</th><th>客户名称</th><th>客户级别</th><th>联系人</th><th>手机</th>
<th>固定电话</th><th>地址</th><th>信用额度(元)</th></tr>
<tr><td>1</td><td>上海浦江精密模具有限公司&nbsp;</td><td>重要客户</td><td>王建国</td>
<td>13812345678</td><td>021-58886666</td><td>上海市闵行区<br>莘庄工业区春东路88号</td>
<td class="num">50,000.00</td></tr>
<tr><td>2</td><td>北京京东方显示技术有限公司</td><td>一般客户</td><td>李 娜</td>
<td>13900001111</td><td>01064318888</td><td>北京市朝阳区酒仙桥路10号</td>
<td class="num">1,000,000.00</td></tr>
<tr><td rowspan="2">3</td><td>杭州西湖茶业有限公司</td><td>普通客户</td><td>陈小春</td>
<td>13905712345</td><td>0571-87654321</td><td>杭州市西湖区龙井路1号 &amp; 2号</td>
<td class="num">12,000.00</td></tr>
<tr><td colspan="6">合计</td><td class="num">1,062,000.00</td></tr>
</table></body></html>"""

XML_BOOK = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="填写说明"><Table>
  <Row><Cell><Data ss:Type="String">填写说明：客户名称必填，日期按 yyyy-mm-dd 填写。</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="客户"><Table>
  <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">2026 年华南区客户</Data></Cell></Row>
  <Row ss:Index="3">
   <Cell><Data ss:Type="String">客户名称</Data></Cell>
   <Cell><Data ss:Type="String">联系电话</Data></Cell>
   <Cell><Data ss:Type="String">成立日期</Data></Cell>
   <Cell><Data ss:Type="String">注册资金（万元）</Data></Cell>
   <Cell><Data ss:Type="String">备注</Data></Cell>
  </Row>
  <Row>
   <Cell><Data ss:Type="String">广州白云山医药集团股份有限公司</Data></Cell>
   <Cell><Data ss:Type="String">020-12345678</Data></Cell>
   <Cell><Data ss:Type="DateTime">1997-09-01T00:00:00.000</Data></Cell>
   <Cell><Data ss:Type="Number">162595.9</Data></Cell>
  </Row>
  <Row>
   <Cell><Data ss:Type="String">深圳华强电子有限公司</Data></Cell>
   <Cell ss:Index="3"><Data ss:Type="DateTime">2001-03-05T00:00:00.000</Data></Cell>
   <Cell ss:Index="5"><Data ss:Type="String">第二列空着，&lt;老客户&gt;</Data></Cell>
  </Row>
 </Table></Worksheet>
</Workbook>"""


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def test_a_web_pages_table_saved_as_xls_imports(admin, tmp_path):
    """The OA page's list table (not its title table, nor a table in its script): the
    GB2312 text read right, <br> a line break, &nbsp; trimmed, the 合计 row and the
    merged caption row not customers, phones kept as typed."""
    path = tmp_path / "客户信息列表.xls"
    path.write_bytes(OA_PAGE.encode("gb18030"))
    preview = importing.preview(admin, importing.open_source(admin, path, preview_rows=50))
    assert [p.status for p in preview] == ["new", "new", "new"]
    result = _import(admin, path)
    assert (result.created, result.rejected) == (3, 0)
    first = Customer.get(Customer.name == "上海浦江精密模具有限公司")
    assert first.abc_class == "A" and str(first.credit_limit) == "50000.00"
    assert first.address == "上海市闵行区莘庄工业区春东路88号"  # a <br> inside Chinese: no space
    assert first.phone == "021-58886666" and first.contact_phone == "13812345678"
    second = Customer.get(Customer.name == "北京京东方显示技术有限公司")
    assert second.phone == "01064318888" and str(second.credit_limit) == "1000000.00"
    third = Customer.get(Customer.name == "杭州西湖茶业有限公司")
    assert third.address == "杭州市西湖区龙井路1号 & 2号"
    assert Contact.select().where(Contact.name == "陈小春").count() == 1
    assert any("合计" in reason for _n, reason in result.skipped_rows)


def test_excel_2003_xml_saved_as_xls_imports_from_its_list_sheet(admin, tmp_path):
    """The XML workbook's list sheet is chosen over its 填写说明; the cells keep their
    places where ss:Index skips, typed dates and numbers come in as such."""
    path = tmp_path / "华南区客户.xls"
    path.write_text(XML_BOOK, encoding="utf-8")
    source = importing.open_source(admin, path)
    assert source.sheet == "客户" and source.choice is not None
    result = _import(admin, path)
    assert (result.created, result.rejected) == (2, 0)
    first = Customer.get(Customer.name == "广州白云山医药集团股份有限公司")
    assert first.founded == date(1997, 9, 1) and first.contact_phone == "020-12345678"
    assert str(first.registered_capital) == "1625959000.00"  # 162,595.9 万元
    second = Customer.get(Customer.name == "深圳华强电子有限公司")
    assert second.founded == date(2001, 3, 5) and second.contact_phone == ""
    assert "第二列空着，<老客户>" in second.remarks
    assert source.sheet_names == ["填写说明", "客户"]
    with pytest.raises(ImportFileError, match="no customer rows"):  # the user's own choice
        importing.open_source(admin, path, "填写说明")


def test_tab_separated_text_saved_as_xls_imports(admin, tmp_path):
    """An export that writes GBK tab-separated text under an .xls name."""
    path = tmp_path / "导出.xls"
    lines = ["客户名称\t联系人\t电话", "成都天府软件有限公司\t刘洋\t028-85001234",
             "重庆山城火锅连锁有限公司\t何静\t023-63001234"]  # fmt: skip
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    assert _import(admin, path).created == 2
    assert Customer.get(Customer.name == "成都天府软件有限公司").phone == "028-85001234"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (
            b"<html><body><p>\xe6\x82\xa8\xe7\x9a\x84\xe4\xbc\x9a\xe8\xaf\x9d\xe5\xb7\xb2\xe8\xbf\x87\xe6\x9c\x9f</p></body></html>",
            "web page",
        ),  # noqa: E501
        (b"not a workbook at all", "not a spreadsheet"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
            b' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a">'
            b'<Table><Row><Cell ss:Index="99999"><Data ss:Type="String">x</Data></Cell></Row>',
            "damaged",
        ),
    ],
)
def test_what_is_not_a_list_is_refused_plainly(admin, tmp_path, content, match):
    """A page without a table (a login page saved by mistake), text that is no table, an
    XML workbook claiming a column beyond Excel's: a plain message, nothing written."""
    path = tmp_path / "list.xls"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=match):
        _import(admin, path)
    assert Customer.select().count() == 0


def test_an_entity_bomb_in_an_xml_workbook_is_refused_quickly(admin, tmp_path):
    """Billion laughs in an .xls that is XML: refused in well under a second."""
    entities = '<!ENTITY e0 "lol">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)
    )
    book = (
        f'<?xml version="1.0"?><!DOCTYPE Workbook [{entities}]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a">'
        '<Table><Row><Cell><Data ss:Type="String">客户名称</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">&e9;</Data></Cell></Row></Table></Worksheet></Workbook>'
    )
    path = tmp_path / "bomb.xls"
    path.write_text(book, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ImportFileError, match="damaged"):
        _import(admin, path)
    assert time.perf_counter() - start < 5
    assert Customer.select().count() == 0
