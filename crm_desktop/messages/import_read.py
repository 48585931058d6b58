"""Texts for reading a customer list: the file, its sheets, its encoding and its layout."""

MESSAGES: dict[str, tuple[str, str]] = {
    "import_read.not_found": (
        "文件 {file} 不存在。",
        "The file {file} does not exist.",
    ),
    "import_read.is_folder": (
        "{file} 是文件夹，不是文件。",
        "{file} is a folder, not a file.",
    ),
    "import_read.cannot_open": (
        "无法读取文件 {file}：{reason}。",
        "The file {file} cannot be read: {reason}.",
    ),
    "import_read.empty_file": (
        "文件 {file} 是空的（0 字节）。",
        "The file {file} is empty (0 bytes).",
    ),
    "import_read.damaged": (
        "{file} 已损坏或不完整，无法读取；请用 Excel 重新保存后再导入。",
        "{file} is damaged or incomplete and cannot be read; save it again from Excel and retry.",
    ),
    "import_read.damaged_part": (
        "{file} 已损坏或不完整（其中的 {part} 无法读取）；请用 Excel 重新保存后再导入。",
        "{file} is damaged or incomplete (part {part} cannot be read); save it again "
        "from Excel and retry.",
    ),
    "import_read.too_many_parts": (
        "{file} 包含 {count} 个部件，正常的工作簿不会有这么多，已拒绝。",
        "{file} holds {count} parts; a workbook never has that many. Refused.",
    ),
    "import_read.zip_bomb": (
        "已拒绝 {file}：其中的 {part} 会膨胀 {ratio} 倍，达到 {megabytes} MB（疑似压缩炸弹）。",
        "{file} is refused: its part {part} would expand {ratio}-fold to {megabytes} MB "
        "(a zip bomb?).",
    ),
    "import_read.too_big": (
        "已拒绝 {file}：解压后将达到 {size} GB，超过导入允许的 {limit} GB。",
        "{file} is refused: it would expand to {size} GB, more than the {limit} GB an "
        "import may use.",
    ),
    "import_read.xml_bomb": (
        "已拒绝 {file}：其中的 {part} 声明了 DTD 或实体，正常的工作簿不需要这些（疑似 XML 炸弹）。",
        "{file} is refused: its part {part} declares a DTD or entities, which a workbook "
        "never needs (an XML bomb?).",
    ),
    "import_read.no_content": (
        "已拒绝 {file}：其中的 {part} 前 {kilobytes} KB 没有任何内容。",
        "{file} is refused: part {part} has no content in its first {kilobytes} KB.",
    ),
    "import_read.password": (
        "{file} 设有密码保护。请在 Excel 中打开，取消密码（文件 › 信息 › 保护工作簿）并保存后再导入。",
        "{file} is protected by a password. Open it in Excel, remove the password "
        "(File › Info › Protect Workbook), save, and import again.",
    ),
    "import_read.zip_not_workbook": (
        "{file} 是一个压缩包，但不是 Excel 或 OpenDocument 工作簿。",
        "{file} is a zip archive but not an Excel or OpenDocument workbook.",
    ),
    "import_read.not_spreadsheet": (
        "{file} 不是电子表格：{hint}。请在 Excel 中另存为 .xlsx 或 .csv 后再导入。",
        "{file} is not a spreadsheet: {hint}. Save it from Excel as .xlsx or .csv and "
        "import again.",
    ),
    "import_read.hint_web_page": (
        "这是一个以表格文件名保存的网页",
        "it is a web page saved with a spreadsheet name",
    ),
    "import_read.hint_pdf": ("这是一个 PDF 文档", "it is a PDF document"),
    "import_read.hint_rtf": ("这是一个 Word（RTF）文档", "it is a Word (RTF) document"),
    "import_read.hint_other": (
        "它不是 Excel 或 OpenDocument 工作簿（如果是 CSV 文本，请把扩展名改为 .csv）",
        "it is not an Excel or OpenDocument workbook (if it is CSV text, rename it to .csv)",
    ),
    "import_read.hint_binary": (
        "它既不是 Excel/OpenDocument 工作簿，也不是 CSV 文本文件",
        "it is neither an Excel/OpenDocument workbook nor a CSV text file",
    ),
    "import_read.no_sheets": ("{file} 中没有工作表。", "{file} has no sheets."),
    "import_read.no_such_sheet": (
        "{file} 中没有名为“{sheet}”的工作表；现有工作表：{sheets}",
        "{file} has no sheet named '{sheet}'; its sheets are: {sheets}",
    ),
    "import_read.too_many_columns": (
        "{file} 的工作表“{sheet}”有 {count} 列，最多允许 {limit} 列。",
        "Sheet '{sheet}' of {file} has {count} columns; at most {limit}.",
    ),
    "import_read.absurd_sheet": (
        "已拒绝 {file} 的工作表“{sheet}”：它声称有 {rows} 行 × {columns} 列，实际却只有 "
        "{values} 个单元格有内容，无法安全读取。请把数据复制到新工作簿后再导入。",
        "Sheet '{sheet}' of {file} is refused: it claims {rows} rows × {columns} columns "
        "but only {values} cells hold anything, which cannot be read safely. Copy the "
        "list into a new workbook and import that.",
    ),
    "import_read.absurd_xls": (
        "已拒绝 {file}：其中一个工作表声称有 {rows} 行 × {columns} 列，实际却只有 {values} "
        "个单元格有内容，无法安全读取。请在 Excel 中另存为 .xlsx 后再导入。",
        "{file} is refused: one of its sheets claims {rows} rows × {columns} columns but "
        "only {values} cells hold anything, which cannot be read safely. Save it from "
        "Excel as .xlsx and import again.",
    ),
    "import_read.undecodable": (
        "无法识别 {file} 的文字编码：按 UTF-8、UTF-16、GBK/GB18030、Big5 解读都是乱码。"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入。",
        "The text of {file} cannot be read: as UTF-8, UTF-16, GBK/GB18030 or Big5 it is "
        "all garbled. Save it from Excel as \u201cCSV UTF-8\u201d or .xlsx and import again.",
    ),
    "import_read.csv_error": (
        "{file} 第 {row} 行无法按 CSV 读取（{detail}）。",
        "{file}, row {row}: the text cannot be read as CSV ({detail}).",
    ),
    # the layout of the sheet: where the list is
    "import_read.sheet_empty": (
        "{file} 的工作表“{sheet}”是空的。",
        "The sheet '{sheet}' of {file} is empty.",
    ),
    "import_read.headers_only": (
        "{file} 的工作表“{sheet}”只有表头，没有客户行。",
        "The sheet '{sheet}' of {file} has headers but no customer rows.",
    ),
    "import_read.only_instructions": (
        "{file} 中找不到客户清单：工作表 {sheets} 里只有说明文字，没有表头行。"
        "请打开含有客户名单的工作簿，或用“--sheet”指定工作表。",
        "{file} holds no customer list: its sheets ({sheets}) hold only instructions, "
        "no row of headers. Open the workbook with the list, or name the sheet with --sheet.",
    ),
    "import_read.sheet_chosen": (
        "已读取 {file} 中的工作表“{sheet}”；{skipped}只是说明文字，已跳过。",
        "Read sheet '{sheet}' of {file}; passed over {skipped}: instructions only.",
    ),
    "import_read.other_lists": (
        "{file} 的工作表{sheets}也有客户名单，本次只导入了工作表“{sheet}”。"
        "要导入它们，请用“--sheet 工作表名”逐个导入，或用“--all-sheets”一次全部导入。",
        "Sheets {sheets} of {file} also hold customer lists; only sheet '{sheet}' was "
        "imported. Import them one at a time with --sheet NAME, or all at once with "
        "--all-sheets.",
    ),
    "import_read.other_lists_here": (
        "工作表{sheets}也有客户名单：导入本表后，在“工作表”中选择它们，继续导入。",
        "Sheets {sheets} also hold customer lists: after this one, choose them under "
        "Sheet to import them too.",
    ),
    "import_read.people_sheets_here": (
        "工作表{sheets}是联系人名单：导入时，其中的人记在各自客户的名下。",
        "Sheet {sheets}: people, whom the import files under their customers.",
    ),
    "import_read.sheet_heading": (
        "工作表“{sheet}”：{summary}",
        "Sheet '{sheet}': {summary}",
    ),
    "import_read.sheet_chosen_list": (
        "已读取 {file} 中的工作表“{sheet}”；{skipped}没有客户名称列，不是客户名单，已跳过。",
        "Read sheet '{sheet}' of {file}; passed over {skipped}: no column of customer "
        "names, not a customer list.",
    ),
    "import_read.long_headers": (
        "有 {count} 个表头超过 200 个字符。",
        "{count} header(s) longer than 200 characters.",
    ),
    # rows under the headers that are not customers
    "import_read.skip_notes": (
        "表头下的填写说明行（{text}）",
        "notes under the headers ({text})",
    ),
    "import_read.skip_sample": (
        "示例行（{text}）",
        "a sample row ({text})",
    ),
    "import_read.skip_total": (
        "合计行（{text}），不是客户",
        "a totals row ({text}), not a customer",
    ),
    "import_read.skip_group": (
        "分组标题（{text}），不是客户",
        "a group heading ({text}), not a customer",
    ),
    "import_read.skip_report_group": (
        "报表的分组行（{text}）：其下没有名称的行属于该客户",
        "a report's group row ({text}): the rows under it without a name are that customer's",
    ),
    "import_read.skip_footer": (
        "表格下方的签名或说明（{text}），不是客户",
        "a line under the list ({text}): who made it or a note, not a customer",
    ),
    "import_read.skip_header_again": (
        "又一行表头（与第一行的表头相同），不是客户",
        "the header row again, not a customer",
    ),
    "import_read.skip_header_order": (
        "又一行表头，列的顺序不同：其下的行按这行表头读取",
        "another header row, its columns in another order: the rows under it are read by it",
    ),
    "import_read.skip_other_header": (
        "另一张表的表头（第一行表头没有的列：{text}），不是客户",
        "the headers of another list (columns the first header row lacks: {text}), not a customer",
    ),
    "import_read.skip_under_other_header": (
        "在第{row}行另一张表的表头之下，未导入：请把这一段另存为一个文件再导入",
        "under another list's headers (row {row}), not imported: save that part as a file of its own and import it",
    ),
    "import_read.skip_numbers_only": (
        "只有数字、没有名称（合计或公式行），不是客户",
        "only numbers and no name (a totals or formula row), not a customer",
    ),
}
