"""Texts of opening the database: where it is, whether it is ours, which version."""

MESSAGES: dict[str, tuple[str, str]] = {
    "models.bad_address": (
        "不支持的数据库地址“{scheme}://…”：请使用文件路径或 postgresql:// 地址。",
        "Unsupported database address '{scheme}://…': use a file path or a postgresql:// URL.",
    ),
    "models.folder_missing": (
        "文件夹 {folder} 不存在。",
        "The folder {folder} does not exist.",
    ),
    "models.is_folder": (
        "{path} 是一个文件夹，不是数据库文件。",
        "{path} is a folder, not a database file.",
    ),
    "models.not_sqlite": (
        "{path} 不是 crm-desktop 数据库（不是 SQLite 文件）。",
        "{path} is not a crm-desktop database (not a SQLite file).",
    ),
    "models.other_program": (
        "{path} 是其他程序的 SQLite 数据库，不是 crm-desktop 的数据库。",
        "{path} is a SQLite database of another program, not crm-desktop.",
    ),
    "models.server_other_program": (
        "{where} 中是其他程序的数据表，不是 crm-desktop 的数据库。",
        "{where} holds tables of another program.",
    ),
    "models.unreadable": (
        "无法把 {path} 当作数据库读取（{detail}）。",
        "{path} cannot be read as a database: {detail}.",
    ),
    "models.not_ours": (
        "{where} 不是 crm-desktop 数据库。",
        "{where} is not a crm-desktop database.",
    ),
    "models.newer_version": (
        "{where} 由更新版本的 crm-desktop 创建（数据结构版本 {version}，本版本最高支持 "
        "{current}）。请先升级 crm-desktop 再打开。",
        "{where} was made by a newer version of crm-desktop (schema {version}; this "
        "version understands up to {current}). Update crm-desktop to open it.",
    ),
    "models.bad_url": (
        "无法使用 {where}（{detail}）。",
        "Cannot use {where}: {detail}",
    ),
    "models.cannot_open": (
        "无法打开 {where}（{detail}）。",
        "Cannot open {where}: {detail}",
    ),
    "models.server_unreachable": (
        "无法连接数据库服务器 {where}（{detail}）。请检查网络、服务器地址和端口。",
        "Cannot reach the database server {where} ({detail}). Check the network, the "
        "server's address and its port.",
    ),
    "models.none_open": (
        "没有打开任何数据库。",
        "No database is open.",
    ),
    "models.first_admin_name": (
        "管理员",
        "Administrator",
    ),
}
