"""Texts of importing a customer list: mapping, kept values, warnings, rejections, duplicates."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a value that does not fit an optional field: the row goes in, the value is kept
    "importing.kept_value": (
        "第{row}行，{column}“{value}”：{reason}；该项留空，原值已写入备注。",
        "row {row}, {column} '{value}': {reason}; left empty, the original kept in the remarks.",
    ),
    "importing.not_a_choice": (
        "不是可选的值（{choices}）",
        "is not one of the choices ({choices})",
    ),
    "importing.not_a_user": (
        "没有这个用户",
        "is not a user of crm-desktop",
    ),
    "importing.not_an_amount": (
        "“{value}”不是一个合理的金额",
        "'{value}' is not a sensible amount",
    ),
    "importing.too_long_here": (
        "超出了该项能保存的长度",
        "is longer than this field holds",
    ),
    # lines added to a customer's remarks
    "importing.original_line": ("{header}（原值）：{value}", "{header} (original): {value}"),
    "importing.column_line": ("{header}：{value}", "{header}: {value}"),
    # a note written into a customer's name (XX公司（老客户）), moved to the remarks
    "importing.name_note_line": ("{header}中的备注：{value}", "Note in the {header}: {value}"),
    "importing.name_note": (
        "“{note}”是写在名称里的备注，已移入备注；名称为“{name}”",
        "'{note}' is a note written into the name, moved to the remarks; the name is '{name}'",
    ),
    "importing.remarks_cut": (
        "备注超过 {limit} 字，超出的部分没有保存",
        "the remarks are longer than {limit} characters; the rest was not kept",
    ),
    "importing.row_note": ("第{row}行：{reason}。", "row {row}: {reason}."),
    # a value kept in its field all the same, with a warning
    "importing.kept_in_field": (
        "第{row}行，{column}“{value}”：{reason}。",
        "row {row}, {column} '{value}': {reason}.",
    ),
    "importing.digits_cut": (
        "超过 {digits} 位的数字，Excel 只保留前 {digits} 位，后面的位数已变成 0；"
        "已照此导入，请核对原号码（在表格中把该列设为文本后再录入）",
        "a number of more than {digits} digits, of which Excel keeps only the first {digits}"
        " and makes the rest 0; imported as it is, check the original (set the column to"
        " Text in the sheet before typing)",
    ),
    "importing.scientific": (
        "这是 Excel 的科学计数法，号码已不完整；已照此导入，请核对原号码"
        "（把该列设为文本格式后重新保存）",
        "this is Excel's scientific notation, the number is incomplete; imported as it is,"
        " check the original (set the column to Text and save the file again)",
    ),
    # a rejected row, as the CLI and the workbook list it
    "importing.rejected_row": ("第{row}行：{reasons}", "row {row}: {reasons}"),
    "importing.skipped_row": ("第{row}行跳过：{reason}", "row {row} skipped: {reason}"),
    "importing.more_skipped": ("另有 {count} 行跳过", "{count} more rows skipped"),
    "importing.cell_problem": ("{column}：{reason}", "{column}: {reason}"),
    "importing.more_rejected": (
        "……另有 {count} 行未导入（可用 --errors 保存）",
        "… and {count} more rejected rows (save them with --errors)",
    ),
    "importing.more_notes": (
        "……另有 {count} 个值写入了备注",
        "… and {count} more values kept in the remarks",
    ),
    "importing.rejected_saved": ("未导入的行已保存到 {path}", "rejected rows saved to {path}"),
    "importing.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "importing.sheet_read": ("读取的工作表：{sheet}", "sheet read: {sheet}"),
    # duplicates
    "importing.same_as_customer": (
        "与已有客户的{what}相同",
        "same {what} as an existing customer",
    ),
    "importing.same_as_customer_named": (
        "与已有客户的{what}相同（{code} {name}）",
        "same {what} as an existing customer ({code} {name})",
    ),
    "importing.same_as_deleted": (
        "与已删除客户的{what}相同",
        "same {what} as a deleted customer",
    ),
    "importing.same_as_row": (
        "与本文件第{row}行的{what}相同",
        "same {what} as row {row} of this file",
    ),
    "importing.what_code": ("客户代号", "customer code"),
    "importing.what_tax_id": ("统一社会信用代码", "unified social credit code"),
    "importing.what_name": ("名称", "name"),
    "importing.what_phone": ("电话", "phone"),
    "importing.code_of_deleted": (
        "“{code}”属于一个已删除的客户，请先恢复该客户",
        "'{code}' belongs to a deleted customer; restore that card first",
    ),
    "importing.code_in_use": (
        "“{code}”已被另一个客户使用",
        "'{code}' is already used by another customer",
    ),
    "importing.people_filed": (
        "本行的联系人（{names}）归入该客户",
        "this row's people ({names}) are filed under that customer",
    ),
    "importing.yearless_in": (
        "“{column}”列的日期没有写年份，按 {year} 年读取（表头上方、工作表名或文件名写的年份）。",
        "Dates in '{column}' have no year: read in {year}, the year the title, the sheet or "
        "the file name says.",
    ),
    "importing.yearless_nearest": (
        "“{column}”列的日期没有写年份，按离今天最近的一次读取（已完成的在今天或之前，计划的在今天或之后）。",
        "Dates in '{column}' have no year: each read as its nearest day (one done on or "
        "before today, one planned on or after).",
    ),
    "importing.dmy_dates": (
        "“{column}”列的日期按“日/月/年”读取：该列有只能这样读的日期（如 25/03/2019）。",
        "Dates in '{column}' were read day first (dd/mm/yyyy): some can only be read so "
        "(such as 25/03/2019).",
    ),
    "importing.mdy_dates": (
        "“{column}”列的日期按“月/日/年”读取：该列有只能这样读的日期（如 03/25/2019）。",
        "Dates in '{column}' were read month first (mm/dd/yyyy): some can only be read so "
        "(such as 03/25/2019).",
    ),
    "importing.skipped_but_filed": (
        "跳过的 {skipped} 行中，{count} 行没有新建客户，但其跟进或联系人已记入它所重复的客户。",
        "of the {skipped} rows skipped, {count} made no new customer but their follow-up or "
        "people were filed under the customer they repeat.",
    ),
    "importing.undated_visit": (
        "本行的跟进没有写日期，未能导入（{text}）",
        "this row's follow-up has no date and was not imported ({text})",
    ),
    "importing.followup_filed": (
        "本行的跟进记录归入该客户",
        "this row's follow-up is filed under that customer",
    ),
    "importing.merged": (
        "已并入本文件前面一行新建的客户",
        "merged into the new card of an earlier row",
    ),
    "importing.up_to_date": ("已是最新", "already up to date"),
    # refusals
    "importing.two_columns": (
        "“{first}”和“{second}”两列都对应“{field}”，请只选一列。",
        "Columns '{first}' and '{second}' both feed {field}; choose one.",
    ),
    "importing.bad_policy": (
        "重复客户的处理方式只能是：{choices}。",
        "--on-duplicate must be one of {choices}.",
    ),
    "importing.cancelled": (
        "导入已取消，没有写入任何内容。",
        "Import cancelled; nothing was written.",
    ),
    "importing.no_batch": ("没有编号为 {id} 的导入。", "There is no import number {id}."),
    "importing.already_undone": (
        "导入 {id}（{file}）已经撤销过了。",
        "Import {id} ({file}) was already undone.",
    ),
    "importing.empty_sheet": (
        "{file} 的工作表“{sheet}”是空的。",
        "The sheet '{sheet}' of {file} is empty.",
    ),
    "importing.no_rows": (
        "{file} 的工作表“{sheet}”只有表头，没有客户行。",
        "The sheet '{sheet}' of {file} has headers but no customer rows.",
    ),
    "importing.no_name_column": (
        "{file} 中没有客户名称列（客户名称/客户全称/公司名称/Customer/Company）；找到的表头：{headers}。",
        "No column of {file} holds the customer name (客户名称/客户全称/公司名称/Customer/Company); "
        "the headers found are: {headers}.",
    ),
    "importing.long_headers": (
        "有 {count} 个表头超过 200 个字符。",
        "{count} header(s) longer than 200 characters.",
    ),
    "importing.credit_column_left_out": (
        "“{column}”列（{field}）未导入：信用条件须经总经理批准信用申请后生效（信用额度金额由总经理核定）。",
        "Column '{column}' ({field}) not imported: credit terms are set by the general "
        "manager's approval of a credit request (信用额度金额由总经理核定).",
    ),
    "importing.unmapped_kept": (
        "{count} 列没有对应的字段，内容已写入备注：{columns}",
        "{count} column(s) without a field, kept in the remarks: {columns}",
    ),
    "importing.unmapped_skipped": (
        "{count} 列未导入：{columns}",
        "{count} column(s) not imported: {columns}",
    ),
    # the last column named, then how many more: "…、标签等 3 列" / "…, Tags and 3 more"
    "importing.and_more": ("{name}等 {count} 列", "{name} and {count} more"),
    "importing.custom_field_column": ("（自定义字段：{field}）", "(custom field: {field})"),
    # --map-values
    "importing.map_values_unreadable": (
        "无法读取取值对照文件 {path}：{reason}",
        "cannot read the value mapping file {path}: {reason}",
    ),
    "importing.map_values_bad_row": (
        "取值对照文件 {path} 第{row}行：{reason}",
        "value mapping file {path}, row {row}: {reason}",
    ),
    "importing.map_values_no_column": (
        "文件中没有“{column}”列",
        "the file has no column '{column}'",
    ),
    "importing.map_values_not_choice_column": (
        "“{column}”列对应的字段没有可选值",
        "column '{column}' does not feed a field with choices",
    ),
    # summary line
    "importing.person_of_none": (
        "只有另一位联系人，其客户（第{row}行）没有导入",
        "only another person of the customer of row {row}, which was not imported",
    ),
    "importing.visit_rows": (
        "{count} 行没有客户名称（客户名称合并在上方的行里）、是又一次跟进："
        "跟进及其联系人已记入上方客户（第{rows}行）。",
        "{count} row(s) with no customer name (merged down from the row above), another "
        "follow-up each: filed with their people under the customer above (rows {rows}).",
    ),
    "importing.visit_of_row": (
        "第{row}行客户的又一次跟进",
        "another follow-up of the customer of row {row}",
    ),
    "importing.people_rows": (
        "{count} 行没有客户名称、只有联系人（客户名称合并在上方的行里）："
        "已记为上方客户的联系人（第{rows}行）。",
        "{count} row(s) with no customer name, only a person (the name merged down from "
        "the row above): filed as contacts of the customer above (rows {rows}).",
    ),
    "importing.people_sheet": (
        "工作表“{sheet}”：{count} 位联系人已记在各自客户的名下。",
        "Sheet '{sheet}': {count} people filed under their customers.",
    ),
    "importing.people_sheet_unknown": (
        "工作表“{sheet}”：{count} 位联系人已记在各自客户的名下；{unknown} 行的客户不在本次"
        "导入的名单中（或按“跳过”未改动），未导入（第{rows}行）。",
        "Sheet '{sheet}': {count} people filed under their customers; {unknown} row(s) name "
        "a customer this import neither made nor updated, not imported (rows {rows}).",
    ),
    "importing.not_a_gender": ("不是性别（男或女）", "is not a gender (male or female)"),
    "importing.not_a_birthday": (
        "不是完整的日期（需有年、月、日）",
        "is not a whole date (year, month and day)",
    ),
    "importing.not_a_followup_time": ("不是日期或时间", "is not a date or time"),
    "importing.followup_in_future": (
        "晚于现在，不是已经发生的跟进",
        "is later than now, not a contact that happened",
    ),
    "importing.followup_done_subject": (
        "跟进记录（导入自 {file}）",
        "Follow-up record (imported from {file})",
    ),
    "importing.followup_planned_subject": (
        "下次跟进（导入自 {file}）",
        "Next follow-up (imported from {file})",
    ),
    "importing.followups_added": (
        "已按“{last}”“{next}”列添加 {done} 条已完成的跟进、{planned} 条计划跟进。",
        "{done} done and {planned} planned follow-up(s) added from the columns '{last}', '{next}'.",
    ),
    "importing.followups_done_added": (
        "已按“{last}”列添加 {done} 条已完成的跟进。",
        "{done} done follow-up(s) added from the column '{last}'.",
    ),
    "importing.followups_planned_added": (
        "已按“{next}”列添加 {planned} 条计划跟进。",
        "{planned} planned follow-up(s) added from the column '{next}'.",
    ),
    "importing.preview_digits": (
        "{count} 个号码的位数已被 Excel 丢失（见标色的格子）。",
        " {count} number(s) lost digits in Excel (see the marked cells).",
    ),
    "importing.preview_people": (
        "{count} 行是客户的其他联系人，归入该客户。",
        " {count} row(s) are more people of a customer, filed under it.",
    ),
    "importing.people_sheet_of_list": (
        "工作表“{sheet}”：{count} 位联系人已记在工作表“{list}”的客户名下；其余 {unknown} 行"
        "的客户不在该表中（第{rows}行）。",
        "Sheet '{sheet}': {count} people filed under the customers of sheet '{list}'; the "
        "other {unknown} row(s) name customers not on it (rows {rows}).",
    ),
    # the wizard's table of values to map, when only the head of the file was read
    "importing.values_rows_first": ("行数（前 {count} 行）", "Rows (of the first {count})"),
    "importing.values_rows_first_tip": (
        "只统计了预览读取的前 {count} 行；文件约有 {total} 行，其余的行中可能还有别的取值。",
        "Counted in the first {count} rows read for the preview only; the file has about"
        " {total} rows, and the others may hold other values.",
    ),
    "importing.status_person": ("联系人", "Contact"),
    "importing.status_visit": ("跟进", "Follow-up"),
    "importing.preview_visits": (
        "{count} 行是已列客户或已有客户的又一次跟进，记入该客户。",
        " {count} row(s) are another follow-up of a customer listed above or already "
        "there, filed under it.",
    ),
    "importing.person_of_row": (
        "第{row}行客户的另一位联系人：{name}",
        "another person of the customer of row {row}: {name}",
    ),
    "importing.summary": (
        "新建 {created}，更新 {updated}，跳过 {skipped}，未导入 {rejected}",
        "created {created}, updated {updated}, skipped {skipped}, rejected {rejected}",
    ),
    "importing.summary_dry_run": ("试运行：", "dry run: "),
    "importing.summary_refused": ("已拒绝（严格模式）：", "refused (strict): "),
    "importing.summary_contacts": ("，联系人 {contacts}", ", contacts {contacts}"),
    "importing.summary_warnings": ("，提示 {warnings}", ", warnings {warnings}"),
    "importing.undo_summary": (
        "删除了导入新建的 {deleted} 个客户，恢复了 {restored} 个字段",
        "deleted {deleted} created card(s), restored {restored} field(s)",
    ),
    "importing.undo_kept": (
        "；{count} 个字段在导入后又被修改过，保留现值",
        "; kept {count} field(s) changed since the import",
    ),
    "importing.undo_followups_kept": (
        "；{count} 条导入的跟进在导入后已完成或改期，保留",
        "; kept {count} imported follow-up(s) done or moved since",
    ),
    # the rejected-rows workbook
    "importing.sheet_rejected": ("未导入", "Rejected"),
    "importing.col_reason": ("错误原因", "Reason"),
    "importing.col_row": ("原行号", "Row in file"),
    # the customer export's contacts sheet
    "importing.sheet_contacts": ("联系人", "Contacts"),
}
