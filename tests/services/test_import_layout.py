"""Lists laid out as people send them: titles, notes rows, totals, instruction sheets."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_samples import (
    TITLED_HEADERS,
    titled_rows,
    write_instructions_first,
    write_titled_list,
    write_xlsx,
)

from crm_desktop.models import Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.layout import find_layout, notes_row, row_skip
from crm_desktop.services.importing.read import ImportFileError

DATA = Path(__file__).parent.parent / "data"


def test_the_header_row_is_found_under_title_date_and_instructions():
    """The header row is found under a title, a date line and 填写须知, and the 必填/选填
    row under it is notes."""
    layout = find_layout(titled_rows())
    assert layout.header_pos == 3 and layout.known >= 3
    assert list(layout.notes) == [4]


def test_unknown_headers_are_found_by_their_shape():
    """Short distinct texts over rows of data are the headers even when none is known."""
    rows = [["月度拜访记录"], ["颜色", "尺寸", "产地"], ["红", "L", "杭州"], ["蓝", "M", "宁波"]]
    layout = find_layout(rows)
    assert layout.header_pos == 1 and layout.shaped and layout.known == 0


@pytest.mark.parametrize(
    "row",
    [
        ["必填", "必填", "选填"],
        ["required", "optional", "optional"],
        ["示例：北京某某公司", "张三", ""],
    ],
)
def test_notes_and_sample_rows_are_recognised(row):
    """必填/选填, required/optional and a 示例 row are notes, not customers."""
    assert notes_row(row) is not None


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ([None, "合计", 100], "import_read.skip_total"),
        ([None, "小 计：", 100], "import_read.skip_total"),
        ([None, "Total:", 100], "import_read.skip_total"),
        ([None, "Subtotal", 100], "import_read.skip_total"),
        ([None, "", 250000], "import_read.skip_numbers_only"),
        ([None, None, "=SUM(C2:C9)"], "import_read.skip_numbers_only"),
    ],
)
def test_totals_rows_are_not_customers(row, code):
    """A row named 合计/小计/Total, or with only numbers and no name, is skipped."""
    reason = row_skip(row, 1, [2])
    assert reason is not None and reason.code == code


def test_a_row_with_a_phone_but_no_name_is_not_skipped():
    """A row with a phone and no name is a customer with a mistake (rejected with its
    reason), not a totals row."""
    assert row_skip([None, None, 13812345678, 100], 0, [3], [1, 2]) is None


def test_a_customer_named_like_a_total_is_kept():
    """合计 inside a longer company name is still a customer."""
    assert row_skip([None, "合计精密仪器有限公司", 5], 1, [2]) is None


@pytest.mark.parametrize(
    "name",
    ["制表人：王芳", "审核：李经理", "日期：2024-05-01", "说明：1. 本表仅限内部使用",
     "注：带*为必填项", "填表说明: 请勿修改表头", " 制表人 ： 王芳", "Prepared by: Wang Fang"],
)  # fmt: skip
def test_the_lines_under_a_list_are_not_customers(name):
    """Who made and checked the list, its date and its notes, written under it."""
    reason = row_skip([None, name, "审核：李经理"], 1, [])
    assert reason is not None and reason.code == "import_read.skip_footer"


def test_a_footer_line_begun_left_of_the_name_column_is_not_a_customer():
    """制表人：王芳 written under the 序号 column, 审核：李经理 under 联系人: the name cell is
    empty, and the row is no customer missing its name."""
    reason = row_skip(["制表人：王芳", None, "审核：李经理", None, "日期：2024-05-01"], 1, [0])
    assert reason is not None and reason.code == "import_read.skip_footer"
    assert row_skip([5, None, "张三", "注：老客户"], 1, [0]) is None  # a customer without a name


@pytest.mark.parametrize(
    "name", ["说明书印刷有限公司", "日照港集团有限公司", "注塑机械厂", "Date Palm Trading"]
)
def test_a_customer_named_like_a_footer_line_is_kept(name):
    assert row_skip([None, name, "张三"], 1, []) is None


@pytest.mark.parametrize(
    ("row", "name_col"),
    [
        (["一、华东区", None, None, None], 1),  # merged across from the 序号 column
        (["（三）西南区", "", "", ""], 1),
        (["华南大区", None, None, None], 1),
        ([None, "二、华南区", None, None], 1),  # in the name column, numbered
        ([None, "2、华北区", None, None], 1),
    ],
)
def test_a_groups_heading_is_not_a_customer(row, name_col):
    reason = row_skip(row, name_col, [3])
    assert reason is not None and reason.code == "import_read.skip_group"


@pytest.mark.parametrize(
    "row",
    [
        [None, "华南区", None, None],  # a name alone: perhaps a customer with no details yet
        [None, "三一重工股份有限公司", None, None],
        [None, "1号店网络科技有限公司", "张三", None],
        ["KH001", None, None, None],  # a code without its name: rejected for the name
        [None, None, "13800138000", None],
    ],
)
def test_a_row_like_a_heading_but_not_one_is_not_skipped(row):
    assert row_skip(row, 1, [3], [2]) is None


def test_a_list_in_groups_imports_its_customers_only(admin, tmp_path):
    """一、华东区 merged across the width over its customers, 小计 under them: the
    headings were rejected for want of a name (未导入 2), now skipped with why."""
    rows = [
        ["一、华东区", None, None, None],
        [1, "宁波海港物流有限公司", "张三", "13800138000"],
        [2, "杭州西子科技有限公司", "李四", "13900139000"],
        ["小计", None, None, None],
        ["二、华南区", None, None, None],
        [3, "广州白云贸易有限公司", "王五", "13700137000"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["序号", "客户名称", "联系人", "电话"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (3, 0)
    assert result.skipped_rows == [
        (2, "a group heading (一、华东区), not a customer"),
        (5, "a totals row (小计), not a customer"),
        (6, "a group heading (二、华南区), not a customer"),
    ]


def test_a_list_with_its_signatures_and_notes_under_it(admin, tmp_path):
    """制表人 | 审核 | 日期 and 说明 lines under the list (after a blank row) were customers
    named 制表人：王芳 and 说明：1. …; they are listed as skipped, with why."""
    rows = [
        ["宁波海港物流有限公司", "张三", "13800138000"],
        ["杭州西子科技有限公司", "李四", "13900139000"],
        [None, None, None],
        ["制表人：王芳", "审核：李经理", "日期：2024-05-01"],
        ["说明：1. 本表仅限内部使用；2. 客户信息如有变动请及时更新。", None, None],
        ["合计：2家", None, None],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "电话"],
                      title="华东区客户名单（2024年5月）")  # fmt: skip
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (2, 0)
    assert [n for n, _why in result.skipped_rows] == [6, 7, 8]
    assert result.skipped_rows[0][1] == (
        "a line under the list (制表人：王芳): who made it or a note, not a customer"
    )
    assert Customer.select().count() == 2


def test_a_titled_list_imports_only_its_customers(admin, tmp_path):
    """From the titled list only the three customers go in; the notes, subtotal, total
    and formula rows are listed as skipped with their row numbers and reasons."""
    path = write_titled_list(tmp_path / "华东区.xlsx")
    source = importing.open_source(admin, path)
    assert source.headers == TITLED_HEADERS
    result = importing.run_import(admin, source)
    assert result.created == 3 and result.rejected == 0
    assert Customer.select().count() == 3
    assert {c.name for c in Customer.select()} == {
        "杭州新华贸易有限公司",
        "宁波港城物流股份有限公司",
        "苏州工业园区精工机械有限公司",
    }
    skipped = dict(result.skipped_rows)
    assert sorted(skipped) == [5, 8, 10, 11]
    assert "notes" in skipped[5] and "totals row" in skipped[8] and "合 计" in skipped[10]
    assert "only numbers" in skipped[11]


def test_the_preview_leaves_out_rows_that_are_not_customers(admin, tmp_path):
    """The wizard's preview shows customers only."""
    source = importing.open_source(admin, write_titled_list(tmp_path / "t.xlsx"), preview_rows=20)
    checks = importing.preview(admin, source)
    assert [c.row_number for c in checks] == [6, 7, 9]


def test_the_list_sheet_is_chosen_after_instructions(admin, tmp_path):
    """A template whose first sheet is 填写说明 is read from the list's sheet, and says so."""
    path = write_instructions_first(tmp_path / "模板.xlsx")
    source = importing.open_source(admin, path)
    assert source.sheet == "客户名单"
    assert source.choice is not None and source.choice.passed_over == ["填写说明"]
    # the passed-over sheet is named as a name, quoted, in either language
    assert "；“填写说明”只是说明文字" in source.choice.message(path.name).render("zh_CN")
    assert "passed over '填写说明'" in source.choice.message(path.name).render("en")
    assert importing.run_import(admin, source).created == 2
    # the user's choice of sheet wins
    assert importing.open_source(admin, path, "填写说明").sheet == "填写说明"


def test_a_one_column_list_on_the_first_sheet_stays_chosen(admin, tmp_path):
    """A list of names alone under 客户名称 is the list, though a later sheet has more
    headers."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "名单"
    for name in ("客户名称", "华夏科技有限公司", "东方贸易有限公司"):
        wb.active.append([name])
    other = wb.create_sheet("联系人")
    other.append(["客户名称", "联系人", "电话"])
    other.append(["华夏科技有限公司", "张伟", "010-62345678"])
    wb.save(tmp_path / "one.xlsx")
    source = importing.open_source(admin, tmp_path / "one.xlsx")
    assert source.sheet == "名单" and source.choice is None


def test_a_workbook_of_instructions_only_is_refused(admin, tmp_path):
    """A workbook with instructions and no list is refused in plain words."""
    path = write_instructions_first(tmp_path / "说明.xlsx", with_list=False)
    with pytest.raises(ImportFileError) as info:
        importing.open_source(admin, path)
    assert info.value.code == "import_read.only_instructions"
    assert "说明" in info.value.render("zh_CN") and "instructions" in info.value.render("en")
    assert Customer.select().count() == 0


@pytest.mark.parametrize(("lang", "words"), [("zh_CN", "已读取"), ("en", "Read sheet '客户名单'")])
def test_the_cli_says_which_sheet_it_read(db_path, tmp_path, capsys, monkeypatch, lang, words):
    """The CLI names the sheet it read, in the user's language, on stderr."""
    from crm_desktop.cli import main
    from crm_desktop.models import close_database, database, open_database

    open_database(db_path)
    close_database()
    database.initialize(None)
    monkeypatch.setenv("CRM_DESKTOP_LANG", lang)
    path = write_instructions_first(tmp_path / "模板.xlsx")
    code = main(["--db", str(db_path), "import", "customers", str(path), "--dry-run"])
    captured = capsys.readouterr()
    assert code == 0
    assert words in captured.err and "填写说明" in captured.err


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("合计", True), ("\u2003合 计", True), ("（小计）", True), ("Total", True),
        ("  sum: 5", True), ("\u3000总计：", True), ("grand total", True),
        ("总公司", False), ("T公司", False), ("深圳合计科技有限公司", False), ("Summit Ltd", False),
        ("华夏科技", False), ("\u2003华夏", False),
    ],
)  # fmt: skip
def test_a_totals_row_is_told_from_a_customer_by_its_name(name, total):
    """Whatever space or bracket comes first, a name such as 合计/小计/Total marks a totals
    row and any other name a customer."""
    reason = row_skip([name, 1000], 0, [1])
    assert (reason is not None) is total


def test_the_values_to_map_and_first_values_leave_out_the_notes_row(admin, tmp_path):
    """What the wizard asks the user to map, and the first value it shows beside each
    column, come from the customers: not from the 必填 / 选填 row under the headers nor
    from the 合计 row."""
    rows = [
        ["必填", "选填", "选填", "选填"],
        ["杭州新华贸易有限公司", "民营", "A类", 50000],
        ["宁波港城物流股份有限公司", "民营", "战略客户", 120000],
        ["合计", "", "", 170000],
    ]
    path = write_xlsx(tmp_path / "n.xlsx", rows, ["客户名称", "企业性质", "客户类别", "信用额度"])
    source = importing.open_source(admin, path, preview_rows=20)
    left = {source.columns[i].header: values for i, values in source.unmapped_values().items()}
    assert left == {"企业性质": [("民营", 2)], "客户类别": [("战略客户", 1)]}
    assert [source.first_value(i) for i in range(4)] == [
        "杭州新华贸易有限公司", "民营", "A类", 50000,
    ]  # fmt: skip


def test_a_two_row_heading_names_every_column(admin, tmp_path):
    """客户信息 and 联系人 headings over the headers, 备注 merged down over both rows (its
    text in the upper one): every column is read, the remarks too; a title line above
    the headers never names a column."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "2026年客户登记表"
    ws.merge_cells("A1:H1")
    ws["A2"], ws["E2"], ws["H2"] = "客户信息", "联系人", "备注"
    ws.merge_cells("A2:D2")
    ws.merge_cells("E2:G2")
    ws.merge_cells("H2:H3")
    for col, text in enumerate(["序号", "客户名称", "所属行业", "地址", "姓名", "手机", "职务"], 1):
        ws.cell(3, col, text)
    ws.append([1, "上海浦江精密模具有限公司", "制造业", "上海市闵行区", "王建国", "13812345678",
               "总经理", "老客户，回款及时"])  # fmt: skip
    wb.save(tmp_path / "two.xlsx")
    source = importing.open_source(admin, tmp_path / "two.xlsx")
    assert source.headers[-1] == "备注" and source.columns[-1].field == "remarks"
    assert importing.run_import(admin, source).created == 1
    card = Customer.get(Customer.name == "上海浦江精密模具有限公司")
    assert card.remarks == "老客户，回款及时" and card.industry == "制造业"
    assert (card.contact_name, card.contact_phone) == ("王建国", "13812345678")
    # a title line right above the headers is no heading of a column left unnamed
    titled = [
        ["华东区客户资料表"],
        [None, "客户名称", "电话"],
        [1, "杭州新华贸易有限公司", "0571-86001234"],
    ]
    path = tmp_path / "titled.xlsx"
    wb = openpyxl.Workbook()
    for row in titled:
        wb.active.append(row)
    wb.save(path)
    assert importing.open_source(admin, path).headers[0] == ""


def test_a_heading_over_a_group_says_whose_its_columns_are(admin, tmp_path):
    """客户信息 over 名称, 地址, 电话, 邮箱 and 联系人信息 over 姓名, 职务, 电话, 邮箱: the second
    电话 and 邮箱 are the contact's, not the company's kept in the remarks."""
    import openpyxl

    from crm_desktop.models import Contact

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户信息", None, None, None, "联系人信息", None, None, None])
    ws.append(["名称", "地址", "电话", "邮箱", "姓名", "职务", "电话", "邮箱"])
    ws.merge_cells("A1:D1")
    ws.merge_cells("E1:H1")
    ws.append(["杭州一号有限公司", "杭州市文三路1号", "0571-88886666", "info@a.com",
               "张三", "经理", "13800138000", "zs@a.com"])  # fmt: skip
    wb.save(tmp_path / "grouped.xlsx")
    source = importing.open_source(admin, tmp_path / "grouped.xlsx")
    assert [c.field for c in source.columns] == [
        "name", "address", "phone", "email",
        "contact_name", "contact1_title", "contact_phone", "contact1_email",
    ]  # fmt: skip
    result = importing.run_import(admin, source)
    assert result.created == 1 and result.notes == []
    card = Customer.get()
    assert (card.phone, card.email, card.contact_phone, card.remarks) == (
        "0571-88886666", "info@a.com", "13800138000", "",
    )  # fmt: skip
    person = Contact.get()
    assert (person.name, person.title, person.email) == ("张三", "经理", "zs@a.com")


def _register_form(path):
    """A 登记表 as offices draw one: a title, then a two-row heading where 联系人 is merged
    over 姓名 | 电话 | 职务 and 开票信息 over 税号 | 开户行, and 序号, 客户名称, 地址, 备注
    merged down over both rows; a 合计 row at the bottom."""
    import openpyxl
    from import_samples import _valid_uscc

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户登记"
    ws.append(["2026年重点客户信息登记表"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "客户名称", "联系人", None, None, "开票信息", None, "地址", "备注"])
    ws.append([None, None, "姓名", "电话", "职务", "税号", "开户行", None, None])
    ws.merge_cells("C2:E2")
    ws.merge_cells("F2:G2")
    for col in "ABHI":
        ws.merge_cells(f"{col}2:{col}3")
    ws.append([1, "杭州华夏科技有限公司", "张三", "13800138000", "采购经理", _valid_uscc(),
               "工商银行杭州分行", "杭州市西湖区文三路100号", "重点客户"])  # fmt: skip
    ws.append([2, "宁波海港贸易有限公司", "李四", "0574-87654321", "总经理", "",
               "农业银行宁波分行", "宁波市鄞州区", ""])  # fmt: skip
    ws.append([None, "合计"])
    wb.save(path)
    return path


def test_the_lower_row_of_a_two_row_heading_is_the_header_row():
    """The upper row of such a heading names as many known headers as the lower one (序号,
    客户名称, 联系人, 地址, 备注 against 姓名, 电话, 职务, 税号, 开户行): the lower row,
    with texts under the merged groups' empty cells, is the header row."""
    rows = [
        ["2026年重点客户信息登记表"],
        ["序号", "客户名称", "联系人", None, None, "开票信息", None, "地址", "备注"],
        [None, None, "姓名", "电话", "职务", "税号", "开户行", None, None],
        [1, "杭州华夏科技有限公司", "张三", "13800138000", "采购经理", "", "", "杭州", ""],
    ]
    assert find_layout(rows).header_pos == 2
    # a data row of short texts under a header row with an unnamed column is no heading
    plain = [
        ["客户名称", "联系人", None, "地址"],
        ["杭州华夏科技有限公司", "张三", "采购", "杭州"],
        ["宁波海港贸易有限公司", "李四", "财务", "宁波"],
    ]
    assert find_layout(plain).header_pos == 0


@pytest.mark.parametrize("name", ["built.xlsx", "two_row_heading.xls", "two_row_heading.ods"])
def test_a_register_form_with_grouped_headings_imports_every_column(admin, tmp_path, name):
    """Each column is read under its group (联系人's 电话 is the person's, 开票信息's 税号 the
    card's tax id), the merged-down columns by their text above; the heading's lower row
    is no customer rejected for want of a name. The .xls and .ods are that form saved by
    LibreOffice."""
    from crm_desktop.models import Contact

    path = _register_form(tmp_path / name) if name == "built.xlsx" else DATA / "import" / name
    source = importing.open_source(admin, path)
    assert [c.field for c in source.columns] == [
        "ignore", "name", "contact_name", "contact_phone", "contact1_title", "tax_id", "bank",
        "address", "remarks",
    ]  # fmt: skip
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected, result.updated) == (2, 0, 0)
    assert [n for n, _why in result.skipped_rows] == [6]  # 合计
    hz = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert (hz.contact_name, hz.contact_phone, hz.bank) == (
        "张三",
        "13800138000",
        "工商银行杭州分行",
    )
    assert hz.tax_id and hz.address == "杭州市西湖区文三路100号" and hz.remarks == "重点客户"
    titles = {c.name: c.title for c in Contact.select()}
    assert titles == {"张三": "采购经理", "李四": "总经理"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("张三 小计", "import_read.skip_total"), ("张三小计", "import_read.skip_total"),
        ("小计(李四)", "import_read.skip_total"), ("李四合计", "import_read.skip_total"),
        ("本页小计", "import_read.skip_total"), ("王芳 汇总", "import_read.skip_total"),
        ("【小计】", "import_read.skip_total"), ("共计15家", "import_read.skip_total"),
        ("华东区合计", "import_read.skip_total"),
        ("以上为华南区客户", "import_read.skip_footer"),
        ("深圳合计科技有限公司", None), ("汇总贸易有限公司", None), ("小计科技", None),
        ("以上海为家贸易公司", None), ("王小计", None),
    ],
)  # fmt: skip
def test_a_groups_total_is_not_a_customer(name, code):
    """A salesperson's or a page's total (张三 小计, 本页小计, 王芳 汇总) and a line closing a
    group (以上为华南区客户) are not customers; a company whose name holds such a word is."""
    reason = row_skip([name, 58800], 0, [1])
    assert (reason.code if reason else None) == code


def test_lists_pasted_under_the_list_are_read_by_their_own_headers(admin, tmp_path):
    """A region's list pasted under another with its header row again: in the same order
    the header row is skipped; in another order the rows under it are read by it; under
    headers the first row lacks, the rows are skipped with their reason, not garbled."""
    headers = ["客户名称", "联系人", "手机", "本年销售额"]
    rows = [
        ["杭州新华贸易有限公司", "陈经理", "13800000001", 10000],
        [None, None, None, None],
        ["华东区客户名单", None, None, None],
        ["客户名称", "联系人", "手机", "本年销售额"],
        ["宁波港城物流股份有限公司", "赵经理", "13800000002", 20000],
        ["联系人", "客户名称", "本年销售额", "手机"],
        ["刘经理", "苏州工业园区精工机械有限公司", 5000, "13800000003"],
        ["客户名称", "邮箱", "手机", "网址"],
        ["南京天成电子有限公司", "tc@example.cn", "13800000004", "www.tc.cn"],
    ]
    path = write_xlsx(tmp_path / "pasted.xlsx", rows, headers)
    result = importing.run_import(admin, importing.open_source(admin, path))
    cards = {c.name: (c.contact_name, c.contact_phone) for c in Customer.select()}
    assert cards == {
        "杭州新华贸易有限公司": ("陈经理", "13800000001"),
        "宁波港城物流股份有限公司": ("赵经理", "13800000002"),
        "苏州工业园区精工机械有限公司": ("刘经理", "13800000003"),
    }
    reasons = {n: r for n, r in result.skipped_rows}
    assert "in another order" in reasons[7] and "header row again" in reasons[5]
    assert "邮箱, 网址" in reasons[9] and "(row 9)" in reasons[10] and result.skipped == 5


def _merged_list(path: Path) -> Path:
    """业务员 and 区域 merged down over each salesperson's block of customers, 客户名称
    merged over a customer's two people: as an office lays its list out."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["区域", "业务员", "客户名称", "联系人"])
    blocks = [("华南", "张伟", 3), ("华东", "王芳", 2)]
    row = 2
    for region, owner, count in blocks:
        ws.cell(row, 1, region)
        ws.cell(row, 2, owner)
        ws.merge_cells(start_row=row, start_column=1, end_row=row + count - 1, end_column=1)
        ws.merge_cells(start_row=row, start_column=2, end_row=row + count - 1, end_column=2)
        for k in range(count):
            ws.cell(row + k, 3, f"{region}{k + 1}号五金机电有限公司")
            ws.cell(row + k, 4, f"{owner[0]}经理{k + 1}")
        row += count
    ws.cell(row, 3, "宁波港城物流股份有限公司")  # two people, its name merged over them
    ws.cell(row, 4, "赵六")
    ws.cell(row + 1, 4, "钱七")
    ws.merge_cells(start_row=row, start_column=3, end_row=row + 1, end_column=3)
    wb.save(path)
    return path


def test_a_cell_merged_down_over_customers_is_each_ones(team, tmp_path):
    """An owner merged down over a salesperson's customers is the owner of each, in the
    preview and the import alike; a name merged over a customer's people still makes one
    card with both."""
    from crm_desktop.models import Contact, User

    admin = team["admin"]
    path = _merged_list(tmp_path / "merged.xlsx")
    checks = importing.preview(admin, importing.open_source(admin, path, preview_rows=20))
    assert [c.raw[1] for c in checks[:5]] == ["张伟"] * 3 + ["王芳"] * 2
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 6 and not result.rejected
    owners = {
        c.name: (User.get_by_id(c.owner_id).display_name if c.owner_id else None, c.remarks)
        for c in Customer.select()
    }
    assert owners["华南3号五金机电有限公司"] == ("张伟", "区域: 华南")
    assert owners["华东2号五金机电有限公司"] == ("王芳", "区域: 华东")
    card = Customer.get(Customer.name == "宁波港城物流股份有限公司")
    assert owners[card.name] == (None, "")
    assert sorted(p.name for p in Contact.select().where(Contact.customer == card.id)) == [
        "赵六", "钱七",
    ]  # fmt: skip
