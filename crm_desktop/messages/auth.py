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
    "auth.new_password_prompt": ("新密码（留空则不设密码）：", "New password (empty for none): "),
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
    "auth.cli_user_added": ("已添加用户 {name}（{role}）", "added user {name} ({role})"),
    "auth.cli_password_set": ("已更新 {name} 的密码", "password of {name} updated"),
    "auth.new_password_env": (
        "请在环境变量 {env} 中给出新密码（留空则取消密码）。",
        "Set {env} to the new password (empty to remove it).",
    ),
    "auth.last_gm": (
        "这是最后一个在用的总经理账号，不能停用或改为其他角色",
        "this is the last active general manager account; it cannot be deactivated "
        "or given another role",
    ),
    "auth.action_read_audit": ("查看操作日志", "read the audit log"),
    # the Administration dialog (File ▸ Administration…, general manager only)
    "auth.ui_menu": ("用户与日志…", "Administration…"),
    "auth.ui_title": ("用户与日志", "Administration"),
    "auth.ui_users": ("用户", "Users"),
    "auth.ui_audit": ("操作日志", "Audit log"),
    "auth.ui_col_username": ("用户名", "User name"),
    "auth.ui_col_display": ("姓名", "Name"),
    "auth.ui_col_role": ("角色", "Role"),
    "auth.ui_col_active": ("状态", "Status"),
    "auth.ui_col_password": ("密码", "Password"),
    "auth.ui_active": ("在用", "active"),
    "auth.ui_inactive": ("已停用", "deactivated"),
    "auth.ui_has_password": ("已设置", "set"),
    "auth.ui_no_password": ("未设置", "not set"),
    "auth.ui_add": ("新增用户…", "Add a user…"),
    "auth.ui_set_password": ("设置密码…", "Set the password…"),
    "auth.ui_toggle_active": ("停用 / 启用", "Deactivate / activate"),
    "auth.ui_change_role": ("更改角色…", "Change the role…"),
    "auth.ui_new_username": ("新用户的用户名：", "User name of the new user:"),
    "auth.ui_choose_role": ("角色：", "Role:"),
    "auth.ui_new_password": (
        "“{name}”的新密码（至少 {length} 个字符）：",
        "New password for '{name}' (at least {length} characters):",
    ),
    "auth.ui_col_time": ("时间", "Time"),
    "auth.ui_col_user": ("用户", "User"),
    "auth.ui_col_action": ("操作", "Action"),
    "auth.ui_col_detail": ("详情", "Detail"),
    "auth.ui_all": ("全部", "All"),
    "auth.ui_days": ("最近 {days} 天", "last {days} days"),
    "auth.ui_filter": ("筛选", "Filter"),
    "auth.ui_export": ("导出…", "Export…"),
    "auth.ui_exported": ("已导出 {count} 条记录到 {path}", "Exported {count} entries to {path}"),
    "auth.ui_close": ("关闭", "Close"),
    # audit log actions as the log shows them (auth.audit_<action with _ for .>)
    "auth.audit_login": ("登录", "logged in"),
    "auth.audit_login_failed": ("登录失败", "failed to log in"),
    "auth.audit_backup": ("备份", "backup"),
    "auth.audit_backup_auto": ("自动备份", "automatic backup"),
    "auth.audit_restore": ("恢复备份", "restore"),
    "auth.audit_print": ("打印", "print"),
    "auth.audit_export_customers": ("导出客户", "customer export"),
    "auth.audit_export_report": ("导出报表", "report export"),
    "auth.audit_export_audit": ("导出操作日志", "audit log export"),
    "auth.audit_import": ("导入", "import"),
    "auth.audit_abc_apply": ("更新 ABC 分类", "ABC classes applied"),
    "auth.audit_user_create": ("新增用户", "user added"),
    "auth.audit_user_password": ("设置密码", "password set"),
    "auth.audit_user_role": ("更改角色", "role changed"),
    "auth.audit_user_activate": ("启用账号", "account activated"),
    "auth.audit_user_deactivate": ("停用账号", "account deactivated"),
    "auth.audit_user_db_role": ("数据库角色", "database role"),
    "auth.audit_credit_approve": ("批准信用额度", "credit approved"),
    "auth.audit_credit_reject": ("驳回信用额度", "credit rejected"),
    "auth.audit_sale_over_limit": ("超额度销售", "sale over the limit"),
    "auth.audit_demo": ("载入演示数据", "demo data loaded"),
    # the first start of a database with several accounts and no passwords
    "auth.ui_first_title": ("设置总经理密码", "Set the general manager's password"),
    "auth.ui_first_intro": (
        "此数据库有 {count} 个账号，但都没有密码：任何人都能以任何身份打开它。"
        "请为您的账号“{name}”设置密码（至少 {length} 个字符）。之后请在“文件 ▸ 用户与日志…”"
        "中为其他账号设置密码，他们才能登录。",
        "This database has {count} accounts and none has a password: anyone can open it "
        "as anyone. Set a password for your account '{name}' (at least {length} "
        "characters). Then set the others' passwords in File ▸ Administration… so that "
        "they can log in.",
    ),
    "auth.ui_password": ("密码：", "Password:"),
    "auth.ui_repeat": ("再输入一次：", "Repeat it:"),
    "auth.ui_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "auth.ui_set": ("设置密码", "Set the password"),
    "auth.ui_quit": ("退出", "Quit"),
    # the command line's summaries
    "auth.cli_role_set": ("{name} 现在是{role}", "{name} is now {role}"),
    "auth.cli_activated": ("已启用账号 {name}", "account {name} activated"),
    "auth.cli_deactivated": ("已停用账号 {name}", "account {name} deactivated"),
}
