"""Texts of the jobs that write files or run long: output files, the report, the import."""

MESSAGES: dict[str, tuple[str, str]] = {
    "jobs.out_is_folder": (
        "无法写入 {path}：这是一个文件夹。",
        "Cannot write {path}: it is a folder.",
    ),
    "jobs.no_folder": (
        "无法写入 {path}：文件夹 {folder} 不存在。",
        "Cannot write {path}: the folder {folder} does not exist.",
    ),
    "jobs.cannot_write": (
        "无法写入 {path}：{reason}。",
        "Cannot write {path}: {reason}.",
    ),
    "jobs.read_only": (
        "无法写入 {path}：该文件是只读的。",
        "Cannot write {path}: the file is read-only.",
    ),
    "jobs.period_reversed": (
        "结束日期 {end} 早于开始日期 {start}。",
        "--to {end} is before --from {start}.",
    ),
    "jobs.unknown_sheet": (
        "没有名为“{sheet}”的工作表；可选：{sheets}。",
        "--sheets: unknown sheet '{sheet}'; choose from {sheets}.",
    ),
    "jobs.report_done": (
        "已写入 {path}：{sheets} 个工作表，{period}，销售额 {sales}，"
        "{customers} 位客户中有 {bought} 位购买。",
        "Wrote {path}: {sheets} sheets, {period}, sales {sales}, "
        "{bought} of {customers} customers bought.",
    ),
    "jobs.rejected_row": ("第 {row} 行：{reason}", "row {row}: {reason}"),
    "jobs.more_rejected": (
        "…… 另有 {count} 行未导入（可用 --errors 保存）",
        "… and {count} more rejected rows (save them with --errors)",
    ),
    "jobs.rejected_saved": (
        "未导入的行已保存到 {path}",
        "rejected rows saved to {path}",
    ),
}
