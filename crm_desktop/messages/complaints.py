"""Texts of complaint handling (客户投诉处理): refusals, field problems, the CLI's lines,
the timeline and the flag on the card."""

MESSAGES: dict[str, tuple[str, str]] = {
    # records and permissions
    "complaints.no_complaint": ("第 {id} 号投诉不存在。", "There is no complaint {id}."),
    "complaints.no_customer": ("没有客户“{text}”", "there is no customer '{text}'"),
    "complaints.not_your_customer": (
        "无权操作：客户 {code} 由其他业务员负责。",
        "Not allowed: customer {code} belongs to another salesperson.",
    ),
    "complaints.assign_to_other": (
        "无权操作：{user}（{role}）只能把投诉交给自己处理。",
        "Not allowed: {user} ({role}) may assign a complaint only to themselves.",
    ),
    "complaints.changed_meanwhile": (
        "第 {id} 号投诉在您打开后已被他人修改，请重新打开。",
        "Complaint {id} was changed by someone else since you opened it; reopen it.",
    ),
    "complaints.wrong_step": (
        "第 {id} 号投诉目前是“{status}”，不能{action}。",
        "Complaint {id} is {status}; it cannot be {action}.",
    ),
    "complaints.confirm_unresolved": (
        "第 {id} 号投诉目前是“{status}”，尚未解决，客户还不能确认。请先登记处理结果。",
        "Complaint {id} is {status}, not resolved: the customer cannot confirm it yet. "
        "Record the resolution first.",
    ),
    # actions, as wrong_step names them
    "complaints.action_start": ("开始处理", "started"),
    "complaints.action_resolve": ("登记为已解决", "resolved"),
    "complaints.action_close": ("关闭", "closed"),
    "complaints.action_edit": ("修改", "changed"),
    "complaints.action_assign": ("转交", "assigned"),
    # a field's problem (shown after the field's label)
    "complaints.satisfaction_range": (
        "“{value}”不在 1–5 之间",
        "'{value}' is not between 1 and 5",
    ),
    "complaints.not_a_field": ("不是投诉的字段", "not a field of a complaint"),
    "complaints.user_inactive": ("该用户已停用", "that user is not active"),
    "complaints.no_product": ("没有产品“{text}”", "there is no product '{text}'"),
    "complaints.no_sale": (
        "该客户没有第 {id} 号销售记录",
        "the customer has no sales line {id}",
    ),
    "complaints.no_contact": ("该客户没有联系人 {id}", "the customer has no contact {id}"),
    "complaints.hours_range": (
        "“{value}”必须是 1 到 8760 之间的小时数",
        "'{value}' must be a number of hours from 1 to 8760",
    ),
    # attachments
    "complaints.attachment_too_big": (
        "附件“{name}”有 {size} MB，超过了 {limit} MB 的上限，未保存。",
        "The attachment '{name}' is {size} MB, more than the {limit} MB allowed; nothing was saved.",
    ),
    "complaints.attachment_unreadable": (
        "无法读取附件“{name}”：{detail}。未保存。",
        "The attachment '{name}' cannot be read: {detail}. Nothing was saved.",
    ),
    "complaints.attachment_empty": (
        "附件“{name}”是空文件，未保存。",
        "The attachment '{name}' is empty; nothing was saved.",
    ),
    "complaints.no_attachment": ("附件 {id} 不存在。", "There is no attachment {id}."),
    "complaints.attachment_missing": (
        "附件“{name}”的文件不在附件文件夹 {folder} 中。",
        "The file of the attachment '{name}' is not in the attachments folder {folder}.",
    ),
    # what the service writes for the user
    "complaints.followup_subject": ("投诉回访：{subject}", "Complaint follow-up: {subject}"),
    "complaints.flag": (
        "有 {count} 项严重投诉未解决",
        "{count} serious complaint(s) unresolved",
    ),
    "complaints.flag_detail": (
        "有 {count} 项严重或紧急投诉尚未解决（最早受理于 {since}）：{subjects}",
        "{count} serious or urgent complaint(s) unresolved (the first received {since}): "
        "{subjects}",
    ),
    # the timeline
    "complaints.step_created": ("受理投诉", "Complaint received"),
    "complaints.step_status": ("状态：{old} → {new}", "Status: {old} → {new}"),
    "complaints.step_assigned": ("转交：{old} → {new}", "Assigned: {old} → {new}"),
    "complaints.step_field": ("{field}：{old} → {new}", "{field}: {old} → {new}"),
    "complaints.step_attachment": ("添加附件：{name}", "Attachment added: {name}"),
    "complaints.step_attachment_removed": ("删除附件：{name}", "Attachment removed: {name}"),
    # the CLI
    "complaints.cli_count": ("共 {count} 项投诉", "{count} complaint(s)"),
    "complaints.cli_added": (
        "已受理第 {id} 号投诉（{customer}），{handler} 负责，{due} 前处理。",
        "Complaint {id} received ({customer}), handled by {handler}, due {due}.",
    ),
    "complaints.cli_done": ("第 {id} 号投诉：{status}", "Complaint {id}: {status}"),
    # the win-back suggestion of a lost customer: what they complained about
    "complaints.winback_note": (
        "他们曾有 {count} 项投诉：{items}",
        "They complained {count} time(s): {items}",
    ),
    "complaints.winback_item": ("{subject}（{status}{score}）", "{subject} ({status}{score})"),
    "complaints.winback_score": ("，满意度 {score}", ", satisfaction {score}"),
    # reminders
    "complaints.reminder_title": ("投诉待处理", "Complaints due"),
    "complaints.reminder_line": (
        "{customer}：{subject}（{severity}，{due} 前处理）",
        "{customer}: {subject} ({severity}, due {due})",
    ),
    "complaints.reminder_more": ("…… 另有 {count} 项", "… and {count} more"),
    # the page
    "complaints.exported": (
        "已将 {count} 项投诉导出到 {path}。",
        "Exported {count} complaint(s) to {path}.",
    ),
    "complaints.exporting": ("正在导出投诉…", "Exporting complaints…"),
    "complaints.page_count": (
        "{count} 项投诉，其中 {overdue} 项已逾期",
        "{count} complaint(s), {overdue} overdue",
    ),
    # the workbook
    "complaints.sheet_title": ("客户投诉处理 {start} 至 {end}", "Complaints {start} to {end}"),
}
