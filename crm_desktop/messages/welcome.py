"""Texts of the first-run welcome panel: what a new user can do with an empty database."""

MESSAGES: dict[str, tuple[str, str]] = {
    "welcome.title": ("欢迎使用 crm-desktop", "Welcome to crm-desktop"),
    "welcome.intro": (
        "数据库里还没有客户。您可以先用演示数据熟悉软件，导入现有的 Excel 客户名单，或者从空白开始。",
        "There are no customers in this database yet. Try the program with demo data, "
        "import your Excel customer list, or start empty.",
    ),
    "welcome.company_label": ("公司名称（打印在表头）：", "Company name (printed on forms):"),
    "welcome.company_placeholder": (
        "例如：上海华科商贸有限公司",
        "e.g. Shanghai Huake Trading Co., Ltd.",
    ),
    "welcome.save_company": ("保存", "Save"),
    "welcome.company_saved": ("公司名称已保存。", "Company name saved."),
    "welcome.try_demo": ("试用演示数据", "Try the demo"),
    "welcome.try_demo_hint": (
        "生成 {count} 个示例客户及两年的业务记录，之后可换用新数据库。",
        "Creates {count} sample customers with two years of business; use a new "
        "database for your real data afterwards.",
    ),
    "welcome.demo_needs_manager": (
        "只有总经理可以载入演示数据。",
        "Only the general manager can load demo data.",
    ),
    "welcome.import": ("导入我的 Excel 名单", "Import my Excel list"),
    "welcome.import_hint": (
        "从 Excel 或 WPS 表格导入客户，列名自动识别。",
        "Customers from an Excel or WPS sheet; columns are recognised by their titles.",
    ),
    "welcome.start_empty": ("从空白开始", "Start empty"),
    "welcome.start_empty_hint": ("逐个新建客户资料卡。", "Create customer cards one by one."),
    "welcome.demo_progress": ("正在生成演示数据…", "Creating demo data…"),
    "welcome.demo_done": (
        "演示数据已载入：{customers} 个客户。",
        "Demo data loaded: {customers} customers.",
    ),
}
