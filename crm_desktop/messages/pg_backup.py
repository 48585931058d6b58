"""Texts of backing up and restoring a team database on a PostgreSQL server."""

MESSAGES: dict[str, tuple[str, str]] = {
    "pg_backup.no_tool": (
        "这台电脑没有安装 {tool}，无法备份或恢复服务器上的数据库：请安装 PostgreSQL 客户端"
        "（Debian/Ubuntu：sudo apt install postgresql-client）后再试。",
        "{tool} is not installed on this computer, so the server's database cannot be "
        "backed up or restored: install the PostgreSQL client (Debian/Ubuntu: sudo apt "
        "install postgresql-client) and try again.",
    ),
    "pg_backup.dump_failed": (
        "备份 {where} 失败：{reason}",
        "Backing up {where} failed: {reason}",
    ),
    "pg_backup.not_a_dump": (
        "{path} 不是 pg_dump 的备份文件（自定义格式，-Fc）。",
        "{path} is not a pg_dump backup (custom format, -Fc).",
    ),
    "pg_backup.unreadable": (
        "无法读取备份文件 {path}：{reason}",
        "Cannot read the backup {path}: {reason}",
    ),
    "pg_backup.not_ours": (
        "{path} 不是 crm-desktop 数据库的备份。",
        "{path} is not a backup of a crm-desktop database.",
    ),
    "pg_backup.newer": (
        "{path} 来自更新版本的 crm-desktop（数据结构版本 {version}，本版本为 {current}）：请先升级本程序。",
        "{path} comes from a newer crm-desktop (schema version {version}; this version "
        "reads up to {current}): upgrade the program first.",
    ),
    "pg_backup.cannot_connect": (
        "无法连接 {where}：{reason}",
        "Cannot connect to {where}: {reason}",
    ),
    "pg_backup.not_empty": (
        "{where} 不是空数据库，未恢复：只能恢复到新建的空数据库（例如 createdb crm_restored），"
        "核对无误后再让团队改用它。",
        "{where} is not empty, so nothing was restored: a backup is restored into a new, "
        "empty database only (for example createdb crm_restored); check it, then point "
        "the team at it.",
    ),
    "pg_backup.not_confirmed": (
        "未恢复：请确认要把备份恢复到 {where}（命令行加 --yes）。",
        "Not restored: confirm restoring the backup into {where} (--yes on the command line).",
    ),
    "pg_backup.restore_failed": (
        "恢复 {path} 失败，数据库保持为空：{reason}",
        "Restoring {path} failed and the database stays empty: {reason}",
    ),
    "pg_backup.confirm": (
        "把 {source} 恢复到空数据库 {where}？[y/N] ",
        "Restore {source} into the empty database {where}? [y/N] ",
    ),
    "pg_backup.restored": (
        "已将 {source} 恢复到 {where}（{seconds} 秒）",
        "Restored {source} into {where} ({seconds} s)",
    ),
    "pg_backup.rules_again": (
        "团队权限规则已重新安装（角色前缀 {prefix}）。",
        "The team's rules are installed again (role prefix {prefix}).",
    ),
}
