"""Texts of salesperson workbooks sent out for update and taken back (发给业务员 / 收回)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sync.col_uuid": ("记录编号（请勿修改）", "Record ID (do not edit)"),
    "sync.col_version": ("版本（请勿修改）", "Version (do not edit)"),
    "sync.col_customer_uuid": ("客户记录编号（请勿修改）", "Customer record ID (do not edit)"),
    "sync.col_done": ("完成", "Done"),
    "sync.yes": ("是", "yes"),
    "sync.read_only_note": (
        "此列只读：在表格中修改不会写入系统。信用额度等信用条件的修改会转为信用申请，由总经理核定。",
        "Read-only: a change here is not written to the CRM. A changed credit term becomes "
        "a credit request for the general manager.",
    ),
    "sync.filtered_list": ("筛选出的客户清单", "the filtered list"),
    "sync.changelog_note": (
        "来自业务员 {salesperson} 的表格（{date} 导出）",
        "from the workbook of {salesperson}, exported {date}",
    ),
    "sync.change_with_note": ("{change}，{note}", "{change}, {note}"),
    "sync.credit_reason": (
        "业务员表格中修改了信用条件（{salesperson}，{date} 导出的表格）",
        "Credit terms changed in the workbook of {salesperson}, exported {date}",
    ),
    "sync.foreign_workbook": (
        "{file} 不是本数据库导出的更新表格（或导出记录已不存在），将按普通导入处理：按重复检查导入新客户，不做逐字段合并。",
        "{file} was not sent out for update from this database (or its export is gone): it is "
        "imported as a plain list, new customers through the duplicate check, with no "
        "field-by-field merge.",
    ),
    "sync.identity_missing": (
        "{file} 中的隐藏编号列已丢失（可能被 WPS 或其他软件删除），已改按客户代号、名称和电话匹配。",
        "{file} lost its hidden record-ID columns (a spreadsheet program may have dropped "
        "them): rows were matched by customer code, name and phone instead.",
    ),
    "sync.sheet_missing": ("表格中没有“{sheet}”工作表。", "The workbook has no sheet “{sheet}”."),
    "sync.unknown_record": (
        "第 {row} 行的记录编号不属于这次导出，按新记录处理。",
        "Row {row}: its record ID is not from this export; treated as a new row.",
    ),
    "sync.uuid_copied": (
        "第 {row} 行的记录编号与第 {first} 行相同（被复制过），此行未导入。",
        "Row {row} has the same record ID as row {first} (copied); this row was not taken.",
    ),
    "sync.version_ahead": (
        "第 {row} 行（{code}）的版本号 {version} 比系统中的 {crm} 还新，表格可能被改动过，此行未导入。",
        "Row {row} ({code}): its version {version} is newer than the CRM's {crm}; the "
        "workbook seems tampered with, this row was not taken.",
    ),
    "sync.deleted_meanwhile": (
        "第 {row} 行：客户 {code} {name} 在导出后已被删除，此行未导入。",
        "Row {row}: customer {code} {name} was deleted after the export; this row was not taken.",
    ),
    "sync.read_only_changed": (
        "表格中有 {count} 处只读列（客户代号、所有者）被修改，已忽略。",
        "{count} changes to read-only columns (code, owner) were ignored.",
    ),
    "sync.new_without_name": (
        "第 {row} 行是新客户，但没有客户名称，未导入。",
        "Row {row} is a new customer without a name; not taken.",
    ),
    "sync.new_is_duplicate": (
        "第 {row} 行的新客户已存在：{reason}",
        "Row {row}, a new customer, already exists: {reason}",
    ),
    "sync.no_customer": (
        "第 {row} 行找不到对应的客户（请填写客户代号）。",
        "Row {row}: no customer found for it (fill in the customer code).",
    ),
    "sync.followup_not_planned": (
        "第 {row} 行：客户 {code} 的这次跟进在系统中已完成或已取消。",
        "Row {row}: this follow-up of {code} is already done or cancelled in the CRM.",
    ),
    "sync.row_refused": ("第 {row} 行未导入：{reason}", "Row {row} was not taken: {reason}"),
    "sync.conflicts_not_saved": (
        "冲突清单无法保存到 {path}：{reason}",
        "The conflicts could not be saved to {path}: {reason}",
    ),
    "sync.plan_summary": (
        "可写入 {records} 条记录的 {changed} 个字段；系统中较新的 {kept} 个字段保留；冲突 {conflicts} 处；"
        "新客户 {new} 位；表格中缺少 {missing} 位；信用申请 {credit} 份；提示 {notes} 条",
        "{changed} fields of {records} records to write; {kept} newer in the CRM kept; "
        "{conflicts} conflicts; {new} new customers; {missing} missing from the workbook; "
        "{credit} credit requests; {notes} notes",
    ),
    "sync.result_summary": (
        "已写入 {records} 条记录的 {fields} 个字段；保留系统值 {kept} 个；未决冲突 {conflicts} 处；新客户 {new} 位；"
        "表格中缺少 {missing} 位；信用申请 {credit} 份；完成跟进 {completed} 次，新计划 {planned} 次；提示 {notes} 条",
        "wrote {fields} fields of {records} records; kept {kept} CRM values; {conflicts} "
        "conflicts undecided; {new} new customers; {missing} missing from the workbook; "
        "{credit} credit requests; {completed} follow-ups done, {planned} planned; {notes} notes",
    ),
    "sync.sent": (
        "已导出业务员表格：{rows} 位客户、{contacts} 位联系人、{followups} 次待办跟进，"
        "保存到 {path}，用时 {seconds} 秒",
        "sent {rows} customers, {contacts} contacts and {followups} follow-ups for update "
        "to {path} in {seconds} s",
    ),
    "sync.conflict_line": (
        "第 {row} 行 {code} {name}：{field} 导出时“{base}”，表格中“{workbook}”，系统中“{crm}”（{who} {when}）",
        "row {row} {code} {name}: {field} at export “{base}”, workbook “{workbook}”, CRM "
        "“{crm}” ({who} {when})",
    ),
    "sync.missing_line": (
        "表格中缺少：{code} {name}（未删除）",
        "missing from the workbook: {code} {name} (not deleted)",
    ),
    "sync.note_line": ("{sheet}：{message}", "{sheet}: {message}"),
    "sync.conflicts_saved": (
        "未决冲突已保存到 {path}；可用 --conflicts keep 或 --conflicts take 统一处理",
        "undecided conflicts saved to {path}; --conflicts keep or --conflicts take decides them all",
    ),
    "sync.head_row": ("行", "Row"),
    "sync.head_code": ("客户代号", "Code"),
    "sync.head_name": ("名称", "Name"),
    "sync.head_field": ("字段", "Field"),
    "sync.head_base": ("导出时", "At export"),
    "sync.head_workbook": ("表格中", "Workbook"),
    "sync.head_crm": ("系统中", "CRM"),
    "sync.head_who": ("修改人", "Changed by"),
    "sync.head_when": ("修改时间", "Changed at"),
    "sync.not_for_update": (
        "{file} 不是“发给业务员”导出的表格，请用“导入”导入普通客户清单。",
        "{file} is not a workbook sent to a salesperson; import a plain customer list "
        "with Import instead.",
    ),
    "sync.ui_menu": ("业务员表格", "Salesperson workbooks"),
    "sync.ui_send": ("发给业务员…", "Send to salesperson…"),
    "sync.ui_take": ("收回业务员的表格…", "Take back a salesperson's workbook…"),
    "sync.ui_handed_over": (
        "{file} 是发给业务员的表格：按“收回业务员的表格”逐字段合并，不作为普通清单导入。",
        "{file} is a workbook sent to a salesperson: it is taken back field by field, "
        "not imported as a plain list.",
    ),
    "sync.ui_send_title": ("发给业务员", "Send to salesperson"),
    "sync.ui_take_title": ("收回业务员的表格", "Take back a workbook"),
    "sync.ui_send_hint": (
        "导出一份供业务员修改的表格（客户、联系人、待办跟进），收回时逐字段合并。",
        "Write a workbook for a salesperson to edit (customers, contacts, planned "
        "follow-ups); taking it back merges it field by field.",
    ),
    "sync.ui_salesperson": ("业务员", "Salesperson"),
    "sync.ui_filtered_list": ("当前筛选的客户", "The current filtered list"),
    "sync.ui_sending": ("正在写入表格…", "Writing the workbook…"),
    "sync.ui_reading": ("正在读取并比对表格…", "Reading and comparing the workbook…"),
    "sync.ui_applying": ("正在写入修改…", "Writing the changes…"),
    "sync.ui_decision": ("处理", "Decision"),
    "sync.ui_undecided": ("待定", "Undecided"),
    "sync.ui_take_one": ("取表格值", "Take workbook"),
    "sync.ui_keep": ("保留系统值", "Keep CRM"),
    "sync.ui_take_all": ("全部取表格值", "Take workbook for all"),
    "sync.ui_keep_all": ("全部保留系统值", "Keep CRM for all"),
    "sync.ui_apply": ("写入", "Apply"),
    "sync.ui_conflicts_hint": (
        "以下字段在表格和系统中都被改过，请逐项决定；待定的不会写入。",
        "These fields were changed both in the workbook and in the CRM: decide each; "
        "undecided ones are not written.",
    ),
}
