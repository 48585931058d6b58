"""Texts for a system that lacks what the desktop window needs, said before Qt starts."""

MESSAGES: dict[str, tuple[str, str]] = {
    "platform.missing_libraries": (
        "无法打开桌面窗口：系统缺少 {libraries}。"
        "请先安装下列软件包（需要管理员权限），再重新打开 crm-desktop：\n    {command}",
        "The desktop window cannot open: the system lacks {libraries}. "
        "Install these packages (as administrator), then open crm-desktop again:\n    {command}",
    ),
}
