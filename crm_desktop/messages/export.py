"""Texts of exporting customer cards to Excel."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the foot of every printed page of a workbook we write (Excel's &P and &N codes)
    "export.page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "export.unknown_columns": (
        "不是客户资料的字段：{columns}。",
        "Not a customer field: {columns}.",
    ),
    "export.not_xlsx": (
        "{name}：导出的是 Excel 工作簿，文件名须以 .xlsx 结尾。",
        "{name}: the export is an Excel workbook; give a name ending in .xlsx.",
    ),
    "export.progress": ("已写入 {done}/{total} 位客户", "{done}/{total} customers written"),
    "export.done": (
        "已导出 {rows} 位客户、{columns} 列到 {path}，用时 {seconds} 秒",
        "exported {rows} customers, {columns} columns to {path} in {seconds} s",
    ),
}
