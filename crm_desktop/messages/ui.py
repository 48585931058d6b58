"""Texts of the desktop app's background work and of its unexpected-error dialog."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a reminder in the status bar: its title, then what is due
    "ui.reminder_line": ("{title}：{text}", "{title}: {text}"),
    # the unexpected-error dialog
    "ui.unexpected_title": ("意外错误", "Unexpected error"),
    "ui.unexpected": (
        "程序出现了意外错误：{detail}。您可以继续使用；如果问题再次出现，请把详细信息发给技术支持人员。",
        "Something went wrong: {detail}. You can go on working; if it happens again, "
        "send the details to whoever supports crm-desktop.",
    ),
    "ui.log_file": ("详细信息已写入日志文件：{path}", "The details are in the log file: {path}"),
    "ui.no_log_file": (
        "没有日志文件，请用“复制详细信息”保存详细信息。",
        "There is no log file; use Copy details to keep the details.",
    ),
    "ui.unexpected_no_log": (
        "发生了意外错误：{detail}。无法写入日志文件，详细信息如下。",
        "An unexpected error occurred: {detail}. No log file could be written; the details follow.",
    ),
    "ui.log_folder_unwritable": (
        "无法在 {folder} 中创建日志文件（{detail}），程序将在没有日志的情况下运行。",
        "No log file can be made in {folder} ({detail}); running without a log.",
    ),
    "ui.more_errors": (
        "此后又出现了 {count} 个错误，详见日志。",
        "{count} more error(s) since then; see the log.",
    ),
    "ui.copy_details": ("复制详细信息", "Copy details"),
    "ui.details_copied": ("详细信息已复制到剪贴板。", "The details were copied to the clipboard."),
    "ui.close": ("关闭", "Close"),
    # background work
    "ui.working": ("正在处理…", "Working…"),
    "ui.cancel": ("取消", "Cancel"),
    "ui.cancelling": ("正在取消…", "Cancelling…"),
    "ui.export_title": ("导出", "Export"),
    "ui.exporting": ("正在导出客户…", "Exporting customers…"),
    "ui.export_cancelled": (
        "导出已取消，没有写入任何文件。",
        "Export cancelled; no file was written.",
    ),
    "ui.exported": (
        "已将 {count} 个客户导出到 {path}。",
        "Exported {count} customer(s) to {path}.",
    ),
    "ui.exported_file": ("已导出到 {path}。", "Exported to {path}."),
    "ui.import_title": ("导入", "Import"),
    "ui.import_cancelled": (
        "导入已取消，没有写入任何内容。",
        "Import cancelled; nothing was written.",
    ),
    "ui.print_cancelled": ("打印已取消。", "Printing cancelled."),
    "ui.reports_title": ("报表", "Reports"),
    "ui.report_cancelled": (
        "报表已取消，没有写入任何文件。",
        "Report cancelled; no file was written.",
    ),
    "ui.today_failed": (
        "无法读取今日数据：{detail}。详细信息已写入日志 {log}。",
        "The Today figures could not be read: {detail}. The details are in the log {log}.",
    ),
    # start-up
    "ui.upgrading_database": (
        "正在为新版本升级数据库（已先备份）。只需这一次；客户较多时可能需要半分钟左右，请稍候…",
        "Upgrading the database for this version (backed up first). This happens once; "
        "with many customers it may take half a minute…",
    ),
    "ui.already_open": (
        "此数据库已在另一个 crm-desktop 窗口中打开（进程 {pid}）。请切换到那个窗口，或将其关闭后再试。",
        "This database is already open in another crm-desktop window (process {pid}). "
        "Switch to that window, or close it and try again.",
    ),
    "ui.already_open_on": (
        "此数据库已在 {host} 上的另一个 crm-desktop 窗口中打开（进程 {pid}）。请切换到那个窗口，或将其关闭后再试。",
        "This database is already open in another crm-desktop window (process {pid} on "
        "{host}). Switch to that window, or close it and try again.",
    ),
    "ui.already_open_window": (
        "此数据库已在另一个窗口中打开。",
        "This database is already open in another window.",
    ),
    # the Reports page: the sales workbook's complaints sheet
    "ui.sheet_complaints": ("客户投诉", "Complaints"),
    "ui.record_complaint": ("记录投诉…", "Record a complaint…"),
    "ui.tab_forecast": ("销售预测", "Forecast"),
}
