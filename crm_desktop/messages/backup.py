"""Texts of backing up and restoring the database file."""

MESSAGES: dict[str, tuple[str, str]] = {
    "backup.not_sqlite": (
        "备份和恢复只适用于 SQLite 数据库文件；当前数据库在 PostgreSQL 服务器上（{where}）。"
        "请使用服务器自带的工具：用 pg_dump 备份，用 pg_restore 或 psql 恢复。",
        "Backup and restore work on SQLite database files; this database is on a "
        "PostgreSQL server ({where}). Use the server's tools instead: pg_dump to back up, "
        "pg_restore or psql to restore.",
    ),
    "backup.copy_failed": ("无法备份到 {path}：{reason}。", "Cannot back up to {path}: {reason}."),
    "backup.is_the_database": (
        "{path} 就是数据库本身；请为备份另选一个文件。",
        "{path} is the database itself; choose another file for the backup.",
    ),
    "backup.restore_itself": (
        "{path} 就是数据库本身；请指定要恢复的备份文件。",
        "{path} is the database itself; give a backup file to restore.",
    ),
    "backup.no_file": ("{path} 不存在。", "{path} does not exist."),
    "backup.is_folder": (
        "{path} 是文件夹，不是备份文件。",
        "{path} is a folder, not a backup file.",
    ),
    "backup.not_restored": ("未恢复：{reason}", "Not restored: {reason}"),
    "backup.empty": (
        "未恢复：{path} 是空的，不含任何 crm-desktop 数据。",
        "Not restored: {path} is empty; it holds no crm-desktop data.",
    ),
    "backup.unreadable": (
        "未恢复：无法读取 {path}：{reason}。",
        "Not restored: {path} cannot be read: {reason}.",
    ),
    "backup.damaged": (
        "未恢复：{path} 已损坏（{reason}）。",
        "Not restored: {path} is damaged ({reason}).",
    ),
    "backup.restore_failed": (
        "未恢复：复制 {path} 失败（{reason}）；数据库没有改变，它的副本在 {safety}。",
        "Not restored: copying {path} failed ({reason}); the database is unchanged and a "
        "copy of it is in {safety}.",
    ),
    "backup.done": (
        "已备份到 {path}（{mb} MB，{seconds} 秒）",
        "backed up to {path} ({mb} MB, {seconds} s)",
    ),
    "backup.safety_copy": (
        "恢复前的数据库已保存在 {path}",
        "The database as it was before the restore is in {path}",
    ),
    "backup.upgraded": (
        "该备份由旧版本制作（数据结构版本 {version}），已升级。",
        "The backup was made by an older version (schema {version}); upgraded.",
    ),
    "backup.restored": ("已将 {source} 恢复到 {database}", "restored {source} into {database}"),
    "backup.exists": (
        "{path} 已存在，未覆盖。请另选文件名，或加 --force 覆盖它。",
        "{path} already exists and was not overwritten. Choose another name, or add "
        "--force to replace it.",
    ),
    "backup.source_damaged": (
        "未备份：数据库 {database} 已损坏（{reason}）。请勿继续使用它录入数据，"
        "请从最近一次完好的备份恢复（文件 ▸ 备份…）。",
        "NOT backed up: the database {database} is damaged ({reason}). Stop entering "
        "data into it and restore the latest good backup (File ▸ Backups…).",
    ),
    "backup.in_use": (
        "未恢复：crm-desktop 窗口（进程 {pid}）正在使用此数据库。请先关闭该窗口，"
        "或在该窗口的“文件 ▸ 备份…”中恢复。",
        "Not restored: a crm-desktop window (process {pid}) has this database open. "
        "Close it first, or restore from its File ▸ Backups… menu.",
    ),
    "backup.in_use_on": (
        "未恢复：计算机 {host} 上的 crm-desktop（进程 {pid}）正在使用此数据库。请先关闭它。",
        "Not restored: crm-desktop on {host} (process {pid}) has this database open. "
        "Close it first.",
    ),
    "backup.restoring": ("正在恢复备份…", "Restoring the backup…"),
    # the Backups dialog (File ▸ Backups…)
    "backup.ui_menu": ("备份…", "Backups…"),
    "backup.ui_title": ("备份", "Backups"),
    "backup.ui_intro": (
        "每天第一次启动后、关闭时（如有改动）都会自动备份；保留最近 7 天、4 周、12 个月的备份。"
        "备份文件夹：{folder}",
        "A backup is taken after the day's first start and on close when something "
        "changed; 7 daily, 4 weekly and 12 monthly backups are kept. Folder: {folder}",
    ),
    "backup.ui_col_date": ("日期", "Date"),
    "backup.ui_col_size": ("大小", "Size"),
    "backup.ui_col_customers": ("客户数", "Customers"),
    "backup.ui_col_file": ("文件", "File"),
    "backup.ui_unreadable": ("无法读取", "unreadable"),
    "backup.ui_now": ("立即备份", "Back up now"),
    "backup.ui_restore": ("恢复所选备份…", "Restore the selected backup…"),
    "backup.ui_open_folder": ("打开文件夹", "Open the folder"),
    "backup.ui_choose_folder": ("更改备份文件夹…", "Change the folder…"),
    "backup.ui_close": ("关闭", "Close"),
    "backup.ui_backing_up": ("正在备份…", "Backing up…"),
    "backup.ui_confirm_restore": (
        "用 {file}（{date}，{customers} 个客户）替换当前数据库？当前数据库会先另存一份副本。",
        "Replace the current database with {file} ({date}, {customers} customers)? "
        "A copy of the current database is kept first.",
    ),
    "backup.ui_restored": (
        "已恢复。恢复前的数据库保存在 {path}。",
        "Restored. The database as it was before is in {path}.",
    ),
}
