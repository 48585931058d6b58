"""Texts of preparing a PostgreSQL server for a team (`crm-desktop server init`)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "server.not_postgres": (
        "{where} 不是 PostgreSQL 服务器地址；请给出 postgresql://用户@主机:端口/数据库 形式的地址。",
        "{where} is not a PostgreSQL server address; give one like "
        "postgresql://user@host:port/database.",
    ),
    "server.created": (
        "已在服务器上新建数据库：{where}",
        "Created the database on the server: {where}",
    ),
    "server.ready": (
        "团队数据库已就绪：{where}（PostgreSQL {server}，数据结构版本 {version}）",
        "The team database is ready: {where} (PostgreSQL {server}, schema version {version})",
    ),
    "server.no_trigram": (
        "服务器没有 pg_trgm 扩展：三个字以上的搜索将逐行查找。"
        "请安装 postgresql-contrib 后再运行一次本命令。",
        "The server has no pg_trgm extension: searches of three or more characters will "
        "scan every row. Install postgresql-contrib and run this command again.",
    ),
    "server.admin_password_set": (
        "总经理账号 {name} 的密码已设置。",
        "The password of the general manager {name} is set.",
    ),
    "server.admin_no_password": (
        "总经理账号 {name} 还没有密码：请先用它登录并设置密码，再添加团队成员。",
        "The general manager {name} has no password yet: log in as {name}, set one, then "
        "add the team's users.",
    ),
    "server.tell_team": (
        "请告诉团队成员：把环境变量 CRM_DESKTOP_DB 设为下面的地址（或启动时加 --db 地址），"
        "再用各自的账号登录：",
        "Tell the team: set the environment variable CRM_DESKTOP_DB to this address (or "
        "start crm-desktop with --db ADDRESS) and log in with their own user names:",
    ),
    "server.tls_hint": (
        "服务器不在本机时，请在地址后加 ?sslmode=require，使连接加密（见 README 的“团队服务器”一节）。",
        "When the server is not on this computer, add ?sslmode=require to the address so "
        "the connection is encrypted (see the README's section on the team server).",
    ),
    "server.role_refused": (
        "服务器拒绝了用户 {name} 的数据库角色（密码不符或角色已停用）：请总经理在“用户管理”中重设其密码。",
        "The server refused the database role of {name} (wrong password or a disabled "
        "role): the general manager sets the password again in Administration.",
    ),
}
