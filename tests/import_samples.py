"""Customer lists as salespeople send them, written for the import tests (real files)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

DATA = Path(__file__).parent / "data"

HEADERS = ["客户全称", "客户编号", "联系人", "联系电话", "电话", "成立日期", "注册资本（万元）",
           "信用等级", "客户分类", "统一社会信用代码", "备注", "自定义列"]  # fmt: skip

# a valid unified social credit code (check digit right) and one with a wrong check digit
USCC_OK = "91110108MA01ABCD3X"
USCC_BAD = "91110108MA01ABCD3Y"


def _valid_uscc() -> str:
    from crm_desktop.services.validation import uscc_check_char

    body = USCC_OK[:17]
    return body + uscc_check_char(body)


def sample_rows() -> list[list]:
    """Five rows: clean, messy-but-fine, two bad ones (ambiguous date, bad class), a duplicate."""
    tax = _valid_uscc()
    return [
        ["北京华夏科技有限公司", "K001", "张伟", 13812345678, "010-62345678",
         date(2019, 3, 5), 500, "A", "a", tax, "老客户", "x"],
        ["  上海东方贸易（有限公司） ", "ｋ００２", " 李娜 ", "139 0000 1111", "021-7654321",
         "2019年3月5日", "12.5", "b", "B级", "", "", "y"],
        ["广州宏达电子有限公司", "K003", "王强", "", "", "03/05/2019", "", "", "C", "", "", ""],
        ["深圳鑫源物流有限公司", "K004", "赵敏", "", "", "2020-01-02", "", "", "Z", "", "", ""],
        ["北京华夏科技(有限公司)", "", "张伟", "", "", "", "", "", "", "", "重复", ""],
    ]  # fmt: skip


def write_xlsx(path: Path, rows: list[list] | None = None, headers: list | None = None,
               title: str | None = None, sheet: str = "客户") -> Path:  # fmt: skip
    """An .xlsx made with openpyxl, optionally with a title row above the headers."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(headers if headers is not None else HEADERS)
    for row in rows if rows is not None else sample_rows():
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list] | None = None, headers: list | None = None,
              encoding: str = "utf-8-sig") -> Path:  # fmt: skip
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers if headers is not None else HEADERS)
    for row in rows if rows is not None else sample_rows():
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_many(path: Path, count: int, start: int = 1) -> Path:
    """A plain list of `count` distinct customers, written fast with xlsxwriter."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("客户")
    for c, h in enumerate(["客户名称", "客户代号", "联系人", "电话", "客户分类", "成立时间"]):
        ws.write_string(0, c, h)
    for r in range(1, count + 1):
        n = start + r - 1
        ws.write_string(r, 0, f"测试客户{n}有限公司")
        ws.write_string(r, 1, f"T{n:06d}")
        ws.write_string(r, 2, "张三")
        ws.write_string(r, 3, f"0755-{n:08d}")
        ws.write_string(r, 4, "ABCD"[n % 4])
        ws.write_datetime(r, 5, datetime(2000 + n % 20, 1 + n % 12, 1 + n % 28))
    wb.close()
    return path


def write_zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A small .xlsx whose sheet expands to `megabytes` MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return path


def write_xml_bomb(path: Path) -> Path:
    """A real workbook whose sheet declares the billion-laughs entities and uses them."""
    write_xlsx(path)
    dtd = (
        '<!DOCTYPE worksheet [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + "]>\n"
    )
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                end = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:end] + "\n" + dtd + text[end:]
                text = text.replace("<v>", "<v>&lol9;", 1)
                data = text.encode()
            dst.writestr(item, data)
    tmp.replace(path)
    return path


def write_truncated(path: Path) -> Path:
    full = write_xlsx(path.with_name("full-" + path.name))
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


# --- lists laid out as people really send them ----------------------------------------

TITLED_HEADERS = ["序号", "客户名称", "联系人", "联系电话", "信用额度（元）", "备注"]


def titled_rows() -> list[list]:
    """A regional office's list: a merged title, a date line, instructions, the headers,
    a notes row, customers, a subtotal and a total."""
    return [
        ["华东区客户资料表"],
        ["制表日期：2024年3月5日", None, None, None, "制表人：王芳"],
        ["填写须知：1. 客户名称必填；2. 电话请填写手机或座机；3. 金额单位为元。"],
        TITLED_HEADERS,
        ["必填", "必填", "选填", "选填", "选填（元）", "选填"],
        [1, "杭州新华贸易有限公司", "陈明", "0571-86001234", 50000, ""],
        [2, "宁波港城物流股份有限公司", "周丽", "13905741234", 120000, "老客户"],
        [None, "小计：", None, None, 170000, None],
        [3, "苏州工业园区精工机械有限公司", "吴刚", "0512-62345678", 80000, ""],
        [None, "合 计", None, None, 250000, None],
        [None, None, None, None, 250000, None],
    ]


def write_titled_list(path: Path) -> Path:
    """The titled list as an .xlsx, its title merged across the width."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户清单"
    for row in titled_rows():
        ws.append(row)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TITLED_HEADERS))
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(TITLED_HEADERS))
    wb.save(path)
    return path


INSTRUCTIONS = [
    ["填写说明"],
    ["1. 请在“客户名单”工作表中逐行填写客户资料，每行一个客户。"],
    ["2. 客户名称为必填项，其余为选填项；日期请按 2024-03-05 的格式填写。"],
    ["3. 请勿修改表头，也不要合并单元格。"],
]


def write_instructions_first(path: Path, with_list: bool = True) -> Path:
    """A template whose first sheet is instructions; the list (if any) on the second."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "填写说明"
    for row in INSTRUCTIONS:
        ws.append(row)
    if with_list:
        data = wb.create_sheet("客户名单")
        data.append(["客户名称", "联系人", "电话"])
        data.append(["成都天府软件有限公司", "刘洋", "028-85001234"])
        data.append(["重庆山城火锅连锁有限公司", "何静", "023-63001234"])
    else:
        more = wb.create_sheet("Instructions")
        more.append(["Fill in one customer per row on the list sheet."])
        more.append(["Customer name is required; the other columns are optional."])
    wb.save(path)
    return path


def write_sheet_xml(path: Path, cells: str, dimension: str = "A1:B2") -> Path:
    """A minimal .xlsx written by hand: one sheet whose <sheetData> is `cells`."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
          '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.worksheet+xml"/></Types>')  # fmt: skip
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
    book = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="客户" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>')  # fmt: skip
    book_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
                 '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
                 ' Target="worksheets/sheet1.xml"/></Relationships>')  # fmt: skip
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
             f"<sheetData>{cells}</sheetData></worksheet>")  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_far_cell(path: Path, ref: str) -> Path:
    """A two-customer list plus one stray value at `ref` (XFD1048576, ZZ100000)."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    cells = (
        f'<row r="1">{_text_cell("A1", "客户名称")}{_text_cell("B1", "联系人")}</row>'
        f'<row r="2">{_text_cell("A2", "华夏科技有限公司")}{_text_cell("B2", "张伟")}</row>'
        f'<row r="3">{_text_cell("A3", "东方贸易有限公司")}{_text_cell("B3", "李娜")}</row>'
        f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    )
    return write_sheet_xml(path, cells, "A1:B3")


BIG5_ROWS = [
    ["客戶名稱", "聯絡人", "電話", "地址"],
    ["台北華夏科技股份有限公司", "張偉", "02-23456789", "台北市中正區重慶南路一段122號"],
    ["高雄東方貿易有限公司", "李娜", "07-7654321", "高雄市前鎮區中山二路2號"],
    ["台中精密機械股份有限公司", "陳建國", "04-23581234", "台中市西屯區工業區一路"],
]


def write_big5_csv(path: Path, headers: list[str] | None = None) -> Path:
    """A list from a traditional-Chinese Excel: Big5 (cp950), no BOM."""
    rows = [headers or BIG5_ROWS[0], *BIG5_ROWS[1:]]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode("cp950"))
    return path


def write_ragged_csv(path: Path) -> Path:
    """Rows longer than the header: cells typed beyond the last named column."""
    lines = ["客户名称,联系人", "华夏科技有限公司,张伟,13812345678,老客户", "东方贸易有限公司,李娜",
             "宏达电子有限公司,王强,,,多出的备注"]  # fmt: skip
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def write_wps_style(path: Path) -> Path:
    """The titled list with the marks WPS Office leaves in an .xlsx it saves: its
    KSOProductBuildVer property, and cell attributes in another order (style first)."""
    import re

    plain = write_titled_list(path.with_name("plain-" + path.name))
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="'
        '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>'
        "2052-11.1.0.14309</vt:lpwstr></property></Properties>"
    )
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(
                    rb'<c r="([A-Z]+\d+)"([^>]*?)(/?)>',
                    lambda m: b"<c" + m.group(2) + b' r="' + m.group(1) + b'"' + m.group(3) + b">",
                    data,
                )
            dst.writestr(item, data)
        dst.writestr("docProps/custom.xml", custom)
    plain.unlink()
    return path


REGION_SHEETS = {
    "华东区": (
        ["序号", "客户名称", "联系人", "手机", "所在城市", "负责人"],
        [
            [1, "杭州西湖茶业有限公司", "陈明", "13905710001", "杭州", "张伟"],
            [2, "宁波北仑港机械制造有限公司", "周丽", "13905740002", "宁波", "张伟"],
            [3, "苏州吴中精密模具有限公司", "吴刚", "13905120003", "苏州", "张伟"],
        ],
    ),
    "华南区": (  # the same list, its columns in another order, a title above
        ["客户名称", "所在城市", "联系人", "联系电话", "负责人"],
        [
            ["广州天河电子科技有限公司", "广州", "黄海", "020-38001234", "李娜"],
            ["深圳南山智能制造有限公司", "深圳", "林芳", "0755-26001234", "李娜"],
        ],
    ),
    "华北区": (
        ["单位名称", "联系人", "手机号码", "备注"],
        [["北京中关村软件股份有限公司", "王强", "13801010004", "老客户"]],
    ),
}


def write_sheet_per_region(path: Path) -> Path:
    """A manager's workbook as teams keep one: a 汇总 sheet counting each salesperson's
    customers, a sheet of customers per region (titles, totals, columns in their own
    order), a hidden sheet of the drop-down choices and an instructions sheet last."""
    import openpyxl

    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append(["2024年各区客户汇总"])
    summary.append(["区域", "负责人", "客户数", "信用额度合计（元）"])
    summary.append(["华东区", "张伟", 3, 450000])
    summary.append(["华南区", "李娜", 2, 200000])
    summary.append(["华北区", "王强", 1, 100000])
    summary.append(["合计", None, "=SUM(C3:C5)", "=SUM(D3:D5)"])
    for name, (headers, rows) in REGION_SHEETS.items():
        ws = wb.create_sheet(name)
        if name == "华南区":
            ws.append([f"{name}客户名单"])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append(headers)
        for row in rows:
            ws.append(row)
        if name == "华东区":
            ws.append([None, "合计：3 家", None, None, None, None])
    choices = wb.create_sheet("下拉选项")
    choices.append(["客户级别", "企业性质"])
    for row in (["A", "国营企业"], ["B", "民营企业"], ["C", "外资企业"]):
        choices.append(row)
    choices.sheet_state = "hidden"
    notes = wb.create_sheet("填写说明")
    for row in INSTRUCTIONS:
        notes.append(row)
    wb.save(path)
    return path


MERGED_PEOPLE_HEADERS = ["序号", "客户名称", "地址", "联系人", "职务", "手机", "备注"]


def write_merged_people(path: Path) -> Path:
    """A list as offices keep a customer's several people: the 序号, name, address and
    remarks of a customer merged down over the rows of its people."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户联系人"
    ws.append(["重点客户联系人一览"])
    ws.merge_cells("A1:G1")
    ws.append(MERGED_PEOPLE_HEADERS)
    rows = [
        [1, "杭州华夏科技有限公司", "杭州市西湖区文三路90号", "张三", "总经理", "13800138000", "重点客户，年采购额约300万"],
        [None, None, None, "李四", "采购经理", "13900139000", None],
        [None, None, None, "王五", "财务主管", "13700137000", None],
        [2, "宁波海天贸易有限公司", "宁波市北仑区明州路8号", "赵六", "董事长", "13800138001", ""],
        [3, "苏州精工机械有限公司", "苏州市吴中区", "钱七", "经理", "0512-62345678转8001", ""],
        [None, None, None, "孙八", "技术总监", "13600136000", None],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for first, last in ((3, 5), (7, 8)):  # file rows of the customers with several people
        for col in "ABCG":
            ws.merge_cells(f"{col}{first}:{col}{last}")
    wb.save(path)
    return path
