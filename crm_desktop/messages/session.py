"""Texts of the session lock: the cover, the unlock dialog, the idle-time setting."""

MESSAGES: dict[str, tuple[str, str]] = {
    "session.lock_action": ("锁定(&L)", "&Lock"),
    "session.cover": ("crm-desktop 已锁定", "crm-desktop is locked"),
    "session.title": ("已锁定", "Locked"),
    "session.intro": (
        "窗口已锁定，客户资料已隐藏。请输入 {name} 的密码解锁，或选择其他账户登录。",
        "The window is locked and the customers' data hidden. Enter {name}'s password to "
        "unlock, or choose another account to log in.",
    ),
    "session.user": ("用户：", "User:"),
    "session.password": ("密码：", "Password:"),
    "session.unlock": ("解锁", "Unlock"),
    "session.log_in": ("登录", "Log in"),
    "session.unsaved_title": ("未保存的修改", "Unsaved changes"),
    "session.unsaved_cards": (
        "{name} 在以下客户资料卡中有未保存的修改：{cards}。{other} 登录之前，要保存还是放弃这些修改？",
        "{name} has unsaved changes on the cards of {cards}. Save or discard them before "
        "{other} logs in?",
    ),
    "session.save_failed": (
        "客户资料卡“{card}”未能保存：{problem}。请由 {name} 解锁后修改，或登录时选择放弃。",
        "The card of {card} could not be saved: {problem}. Let {name} unlock and correct "
        "it, or choose Discard when logging in.",
    ),
    "session.still_locked": (
        "仍然锁定：未保存的修改还在。",
        "Still locked: the unsaved changes are kept.",
    ),
    # Settings
    "session.setting_label": ("空闲多久后锁定：", "Lock after idle for:"),
    "session.setting_never": ("从不锁定", "Never"),
    "session.setting_suffix": (" 分钟", " minutes"),
    # the audit log's names of the session's entries (looked up as auth.audit_<action>)
    "auth.audit_session_lock": ("锁定窗口", "window locked"),
    "auth.audit_session_lock_idle": ("空闲自动锁定", "locked when idle"),
    "auth.audit_session_unlock": ("解锁", "unlocked"),
    "auth.audit_session_switch": ("锁定后换人登录", "another user logged in at the lock"),
}
