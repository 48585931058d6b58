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
