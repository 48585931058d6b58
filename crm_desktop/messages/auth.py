"""Texts of users, logins and permissions: who may do what."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a refusal: role and action are shown as labels, never as keys
    "auth.denied": (
        "{role} {user} 无权{action}。",
        "Not allowed: {user} ({role}) may not {action}.",
    ),
    "auth.action_view_all": ("查看所有客户", "see every customer"),
    "auth.action_edit_all": ("修改所有客户", "change every customer"),
    "auth.action_assign_owner": ("把客户分配给其他业务员", "assign customers to another owner"),
    "auth.action_purge": ("彻底删除客户", "purge customers"),
    "auth.action_decide_credit": ("审批信用额度申请", "decide credit requests"),
    "auth.action_approve_credit": ("批准信用额度申请", "approve credit requests"),
    "auth.action_reject_credit": ("驳回信用额度申请", "reject credit requests"),
    "auth.action_edit_credit": ("直接修改信用额度", "change the credit terms directly"),
    "auth.action_request_credit": ("申请调整信用额度", "request a credit change"),
    "auth.action_export": ("批量导出客户", "export customers in bulk"),
    "auth.action_import": ("导入客户", "import customers"),
    "auth.action_report": ("导出销售报表", "export the sales report"),
    "auth.action_manage_users": ("管理用户", "manage users"),
    "auth.action_set_password": ("设置其他用户的密码", "set another user's password"),
    "auth.action_settings": ("修改团队设置", "change team settings"),
    "auth.action_backup": ("备份或恢复数据库", "back up or restore the database"),
    "auth.action_list_users": ("查看用户列表", "list the users"),
    "auth.action_sell_for_other": (
        "以其他业务员的名义登记销售",
        "record a sale in another salesperson's name",
    ),
    "auth.action_see_others_followups": (
        "查看其他业务员的跟进",
        "see another salesperson's follow-ups",
    ),
    "auth.action_this": ("进行此操作", "do this"),
    # for the other areas' refusals: pass the code to Actor.require
    "auth.action_import_history": ("查看导入记录", "see the import history"),
    "auth.action_undo_import": ("撤销导入", "undo an import"),
    "auth.action_load_demo": ("载入演示数据", "load demo data"),
    "auth.action_restore_backup": ("恢复备份", "restore a backup"),
    "auth.action_compute_abc": ("为团队计算 ABC 分类", "compute ABC classes for the team"),
    # logging in
    "auth.wrong_login": ("用户名或密码错误。", "Wrong user name or password."),
    "auth.wrong_login_wait": (
        "用户名或密码错误。连续输错多次，请 {seconds} 秒后再试。",
        "Wrong user name or password. After several wrong tries, wait {seconds} seconds "
        "before the next.",
    ),
    "auth.wait": (
        "密码连续输错多次，请 {seconds} 秒后再试。",
        "Too many wrong passwords: try again in {seconds} seconds.",
    ),
    "auth.password_needed": (
        "账号“{name}”还没有设置密码，暂时不能使用。请总经理先为它设置密码。",
        "The account '{name}' has no password yet and cannot be used until one is set. "
        "Ask the general manager to set it.",
    ),
    "auth.no_active_user": (
        "没有名为“{name}”的在用账号。",
        "There is no active user named '{name}'.",
    ),
    "auth.passwords_in_use": (
        "此数据库已设置密码：请用 --user 指定用户名，并在环境变量 {env} 中给出密码。",
        "This database has passwords: give --user NAME and set {env}.",
    ),
    "auth.no_gm": ("此数据库没有总经理账号。", "This database has no general manager account."),
    # accounts
    "auth.username_taken": ("用户名“{name}”已被使用", "user name '{name}' is taken"),
    "auth.password_too_short": (
        "密码至少需要 {length} 个字符。",
        "A password needs at least {length} characters.",
    ),
    "auth.password_required": (
        "其他账号已设置密码，此账号也必须有密码",
        "other accounts have passwords, so this one needs one too",
    ),
    "auth.no_user": ("没有名为“{name}”的用户。", "There is no user named '{name}'."),
    "auth.no_user_id": ("没有编号为 {id} 的用户", "there is no user with id {id}"),
    "auth.no_user_named": ("没有名为“{name}”的用户", "there is no user named '{name}'"),
    "auth.new_password_env": (
        "请在环境变量 {env} 中给出新密码（留空则取消密码）。",
        "Set {env} to the new password (empty to remove it).",
    ),
}
