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
    "server.no_rules": (
        "这个数据库还没有团队权限规则：请先用 crm-desktop server init 地址 准备（登录需有创建角色的权限）。",
        "This database has no team rules yet: prepare it with crm-desktop server init URL "
        "(with a login that may create roles).",
    ),
    "server.cannot_create_roles": (
        "当前的数据库登录不能创建角色：请以总经理身份登录，或请服务器管理员授予 CREATEROLE 权限。",
        "This database login may not create roles: log in as the general manager, or have "
        "the server's administrator grant it CREATEROLE.",
    ),
    "server.role_own": (
        "不能删除自己正在使用的数据库角色。",
        "Your own database role is in use and cannot be dropped.",
    ),
    "server.rules_installed": (
        "团队权限规则已在服务器上生效（角色前缀 {prefix}）：业务员只能看到自己的客户和公海，"
        "信用额度只能由总经理核定，审计日志只能追加。",
        "The team's rules are held by the server (role prefix {prefix}): a salesperson "
        "sees only their customers and the pool, credit terms are set by the general "
        "manager only, the audit log is append-only.",
    ),
    "server.rules_need_createrole": (
        "这个登录不能创建角色，团队权限规则未安装：请服务器管理员执行 ALTER ROLE {login} CREATEROLE 后再运行一次本命令。",
        "This login may not create roles, so the team's rules are not installed: have "
        "the server's administrator run ALTER ROLE {login} CREATEROLE, then run this "
        "command again.",
    ),
    "server.role_can_login": ("可登录", "can log in"),
    "server.role_no_login": ("不能登录", "cannot log in"),
    "server.role_missing": ("无角色", "no role"),
    "server.roles_created": (
        "已创建或更新 {count} 个数据库角色；每个用户下次登录或改密码时，其角色即获得密码。",
        "{count} database roles created or brought in step; each gets its password at "
        "the user's next login or password change.",
    ),
    "server.role_dropped": (
        "已删除用户 {name} 的数据库角色。",
        "Dropped the database role of {name}.",
    ),
    "server.role_none": ("用户 {name} 没有数据库角色。", "{name} has no database role."),
    "server.ui_col_db_role": ("数据库角色", "Database role"),
    "server.ui_create_role": ("建立数据库角色", "Create database role"),
    "server.ui_drop_role": ("删除数据库角色", "Drop database role"),
    "server.ui_confirm_drop_role": (
        "删除 {name} 的数据库角色？该用户登录后将改用团队的公共登录，服务器不再限制其数据。",
        "Drop the database role of {name}? The user then logs in through the team's "
        "login, and the server no longer limits what they see.",
    ),
    "server.gate_hint": (
        "上面的地址带着数据库所有者的登录：再运行一次本命令并设置环境变量 {env}（一个新密码），"
        "即改为告诉团队“门禁”登录的地址——它只能读取账号列表，其余数据须凭各自的账号登录后才能访问。",
        "The address above carries the database owner's login: run this command again "
        "with {env} set to a new password to tell the team the gate login instead, which "
        "reads only the list of accounts; everything else needs each user's own login.",
    ),
}
