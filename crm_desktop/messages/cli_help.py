"""Texts of `crm-desktop --help`: each command's one-line help, description and epilog,
and the help of each of its arguments.

Rendered when the parser is built (`msg(code).render()` in `crm_desktop/cli/`). argparse
formats an argument's help with `%` (`%(default)s`), so a literal percent sign there is
written `%%`; a description or an epilog is not formatted so, and `%` is written plain.
Braces are `str.format`'s: a literal one is `{{` / `}}`. Option names, metavars (FILE,
OUT.xlsx), choices, field keys and examples are what the user types: the same in both
languages. argparse's own words (usage, options, its errors) are `cli/argparse_zh.py`'s.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # crm-desktop itself
    "cli_help.main.description": (
        "面向小型销售团队的离线桌面 CRM。不带命令时打开程序窗口。",
        "Offline desktop CRM for small sales teams. Without a command, opens the app.",
    ),
    "cli_help.main.version": ("显示程序的版本号并退出", "show program's version number and exit"),
    "cli_help.main.db": (
        "SQLite 数据库文件或 postgresql:// 地址（默认：环境变量 $CRM_DESKTOP_DB，"
        "未设置时用本用户的数据文件夹）",
        "SQLite file or postgresql:// URL (default: $CRM_DESKTOP_DB, else the per-user data "
        "folder)",
    ),
    "cli_help.main.user": (
        "以此用户的身份操作；密码取自环境变量 $CRM_DESKTOP_PASSWORD",
        "act as this user; the password comes from $CRM_DESKTOP_PASSWORD",
    ),
    # help texts shared by several commands
    "cli_help.customer_code": ("客户代号", "customer code"),
    "cli_help.customer_codes": ("客户代号", "customer codes"),
    "cli_help.rules_set": ("rules：修改一项规则", "rules: change one"),
    "cli_help.first_day": ("起始日（含当天）", "first day (included)"),
    "cli_help.last_day": ("截止日（含当天）", "last day (included)"),
    "cli_help.period": (
        "统计期间默认为含本月在内的最近 12 个自然月；只给 --from 时为从该日起的一年，"
        "只给 --to 时为截至该日的一年。",
        "The period defaults to the last 12 calendar months including this one; with only "
        "--from it is the year from that day, with only --to the year up to it.",
    ),
    # demo
    "cli_help.demo.help": (
        "向空数据库填入演示团队、客户和两年的业务数据",
        "fill an empty database with a demo team, customers and two years of business",
    ),
    "cli_help.demo.description": (
        "向空数据库填入演示数据：用户 admin、manager、sales1-3（都没有密码），带联系人的客户，"
        "以及产品、销售明细、回款、跟进记录和信用额度申请。同一天用同一个种子生成的数据相同。",
        "Fill an empty database with demo data: users admin, manager, sales1-3 (no "
        "passwords), customers with contacts, products, sales lines, payments, "
        "follow-ups and credit requests. The same seed on the same day gives the same data.",
    ),
    "cli_help.demo.customers": ("客户数，默认 1000", "default 1000"),
    "cli_help.demo.seed": ("随机数种子，默认 0", "default 0"),
    # import
    "cli_help.import.help": (
        "从电子表格或 CSV 文件导入客户",
        "import customers from a spreadsheet or CSV file",
    ),
    "cli_help.import_customers.help": (
        "从 .xlsx/.xlsm/.xls/.ods/.csv 文件导入客户",
        "import customers from .xlsx/.xlsm/.xls/.ods/.csv",
    ),
    "cli_help.import_customers.description": (
        "导入客户名单。表头按名称对应到字段（中文或英文均可，其他 CRM 导出的表格也可以）；"
        "选项的值按同义词识别（国企 → 国营企业，专票 → 增值税发票）。不符合选填字段要求的值"
        "不填入该字段，而是保留在客户的备注中，并给出警告；没有对应字段的列也保留在备注中。"
        "一行中的人员（联系人、职务、手机、微信……联系人2……）成为客户的联系人。"
        "按客户代号、统一社会信用代码、名称和电话查找重复的客户。"
        "用 `export customers --for-update` 导出的工作簿则逐字段收回：只在工作簿中改过的内容"
        "写入系统，只在系统中改过的值保留；冲突保存到一个工作簿中（退出码 1），除非用 "
        "--conflicts 统一决定；信用条件的修改转为信用额度申请。",
        "Import a customer list. Headers are matched to fields by name "
        "(Chinese or English; other CRMs' exports too); choice values by synonym (国企 → "
        "国营企业, 专票 → 增值税发票). A value that does not fit an optional field leaves it "
        "empty and is kept in the customer's remarks, with a warning; columns without a field "
        "are kept in the remarks too. The people on a row (联系人, 职务, 手机, 微信 … "
        "联系人2 …) become contacts. Duplicates are found by code, credit code, name and "
        "phone. A workbook written by `export customers --for-update` is taken back field by "
        "field instead: changes made only in the workbook are applied, values changed only in "
        "the CRM are kept, conflicts are saved to a workbook (exit 1) unless --conflicts "
        "decides them, credit changes become credit requests.",
    ),
    # shown as written (RawDescriptionHelpFormatter): the Chinese lines fit 80 columns
    "cli_help.import_customers.epilog": (
        "--map-values FILE：同义词识别不了的值，映射到该列对应字段的某个选项。\n"
        "FILE 是含 column,value,choice 三列的 CSV（可以有一行写着这三个列名的表头），\n"
        '或一个 JSON 列表，每项为 {{"column": …, "value": …, "choice": …}}。\n'
        "`column` 是名单中所写的表头，`choice` 是选项的名称或代码\n"
        "（国营企业 / state_owned）。例如：\n"
        "\n"
        "    column,value,choice\n"
        "    企业性质,民营,个体\n"
        "    客户来源,地推,个人\n"
        "\n"
        "这份映射会被记住，下次导入时沿用（与导入向导中的映射一样）。\n",
        "--map-values FILE: values no synonym reads, mapped to a choice of their column's field.\n"
        "A CSV with the columns column,value,choice (a header row with those names is optional)\n"
        'or a JSON list of {{"column": …, "value": …, "choice": …}}. `column` is the header as\n'
        "written in the list, `choice` a choice's label or code (国营企业 / state_owned). Example:\n"
        "\n"
        "    column,value,choice\n"
        "    企业性质,民营,个体\n"
        "    客户来源,地推,个人\n"
        "\n"
        "The mapping is remembered for the next import (as the wizard's is).\n",
    ),
    "cli_help.import_customers.sheet": (
        "要读取的工作表（默认：客户名单所在的工作表）",
        "the sheet to read (default: the list's)",
    ),
    "cli_help.import_customers.all_sheets": (
        "导入工作簿中每个有客户名单的工作表（如每个区域、每位业务员一个工作表），"
        "每个工作表单独导入，可分别撤销",
        "import every sheet of the workbook that holds a customer list (a sheet per region "
        "or per salesperson), each as an import of its own, undone apart",
    ),
    "cli_help.import_customers.on_duplicate": (
        "客户已存在时的做法：skip 跳过，update 更新，new 另建新客户（默认：skip）",
        "what to do with a customer that already exists (default: skip)",
    ),
    "cli_help.import_customers.strict": (
        "只要有一行有错，就什么都不导入",
        "import nothing if any row is bad",
    ),
    "cli_help.import_customers.dry_run": ("只检查，不写入", "check everything, write nothing"),
    "cli_help.import_customers.errors": (
        "把被拒绝的行连同原因保存到此工作簿",
        "save the rejected rows with reasons",
    ),
    "cli_help.import_customers.keep_unmapped": (
        "把没有对应字段的列建成自定义文本字段（仅限经理；不加此项时，这些列默认以"
        "“表头: 值”的形式逐行保留在备注中）",
        "make columns without a field custom text fields (a manager; otherwise, and "
        "by default, they are kept as 'header: value' lines in the remarks)",
    ),
    "cli_help.import_customers.skip_unmapped": (
        "舍弃没有对应字段的列",
        "leave columns without a field out",
    ),
    "cli_help.import_customers.map_values": (
        "同义词识别不了的值的映射表：含 column,value,choice 的 CSV 或 JSON（见下文）",
        "a CSV or JSON of column,value,choice for values no synonym reads (see below)",
    ),
    "cli_help.import_customers.conflicts": (
        "收回发给业务员更新的工作簿（export --for-update）时，一次决定所有冲突："
        "keep 保留系统中的值，take 采用工作簿中的值（默认：都不决定，把冲突保存到工作簿，"
        "退出码 1）",
        "a workbook sent for update (export --for-update): decide every conflict at once, "
        "keep the CRM's value or take the workbook's (default: leave them, save them to a "
        "workbook and exit 1)",
    ),
    "cli_help.import_customers.conflicts_out": (
        "未决定的冲突保存到哪里（默认：FILE 旁边的 FILE.conflicts.xlsx）",
        "where to save the undecided conflicts (default: FILE.conflicts.xlsx beside FILE)",
    ),
    # export
    "cli_help.export.help": ("把客户导出到 Excel 工作簿", "export customers to an Excel workbook"),
    "cli_help.export_customers.help": (
        "每个客户一行，客户资料的每个字段一列",
        "one row per customer, one column per card field",
    ),
    "cli_help.export_customers.description": (
        "把所有客户（或符合筛选条件的客户）连同资料卡上的全部字段写入 OUT.xlsx。"
        "表头的语言随界面语言（CRM_DESKTOP_LANG=zh_CN|en）。业务员不能批量导出。",
        "Write every customer (or those matching the filters) with every field of the "
        "card to OUT.xlsx. Headers follow the UI language (CRM_DESKTOP_LANG=zh_CN|en). "
        "Salespeople may not export in bulk.",
    ),
    "cli_help.export_customers.columns": (
        "要导出的字段名，按此顺序排列",
        "field names to export, in this order",
    ),
    "cli_help.export_customers.owner": (
        "负责业务员的用户名或显示名称",
        "user name or display name of the owner",
    ),
    "cli_help.export_customers.text": (
        "搜索文字（名称、代号、电话、拼音）",
        "search text (name, code, phone, pinyin)",
    ),
    "cli_help.export_customers.for_update": (
        "导出给业务员修改后交回的工作簿（工作表：客户、联系人、跟进；含隐藏的记录编号）；"
        "交回后用 `import customers FILE` 收回",
        "a workbook for a salesperson to edit and send back (sheets 客户, 联系人, 跟进; "
        "hidden record IDs); take it back with `import customers FILE`",
    ),
    # customers
    "cli_help.customers.help": (
        "客户列表：每个客户一行，以制表符分隔，注明搜索匹配到什么",
        "the customer list, one tab-separated line each, with what a search matched",
    ),
    "cli_help.customers.description": (
        "输出到标准输出，每个客户一行，以制表符分隔，按列表的顺序排列（默认按名称的拼音"
        "排序，可用 --sort 改变）。各列依次为：代号、名称、负责人、应收余额、最近联系、"
        "下次跟进、匹配内容。\n"
        "\n"
        "应收余额以元为单位（如 1234.50）；最近联系的格式为 YYYY-MM-DD，下次跟进为 "
        "YYYY-MM-DD HH:MM（最早的一次计划跟进），没有时为空。给出搜索文字 TEXT（名称、"
        "代号、电话、联系人、拼音首字母……）时，若客户不是按名称找到的，“匹配内容”一列"
        "用用户的语言说明是按什么找到的（如“联系人：王建国”）。显示的和找到的客户数"
        "输出到标准错误；退出码 0。\n",
        "Output (stdout), tab separated, one customer a line, in the list's order (by name in\n"
        "pinyin order unless --sort says otherwise):\n"
        "\n"
        "    code    name    owner    balance    last contact    next follow-up    matched\n"
        "\n"
        "`balance` is the receivable balance in yuan (``1234.50``); `last contact` is\n"
        "``YYYY-MM-DD``, `next follow-up` ``YYYY-MM-DD HH:MM`` (the earliest planned one), "
        "empty\n"
        "when there is none. With a search TEXT (name, code, phone, contact, pinyin "
        "initials…),\n"
        "`matched` says what found a customer when it is not its name (``Contact: 王建国``), "
        "in\n"
        "the user's language. The number shown and found goes to stderr; exit 0.\n",
    ),
    "cli_help.customers.text": ("搜索文字", "search text"),
    "cli_help.customers.sort": ("排序依据", "order of the list"),
    "cli_help.customers.descending": ("从大到小、从新到旧排列", "largest or latest first"),
    "cli_help.customers.limit": ("最多显示 N 行（默认 100）", "at most N lines (default 100)"),
    # report
    "cli_help.report.help": ("销售报表工作簿；ABC 分类", "sales report workbook; ABC classes"),
    "cli_help.report.description": ("销售报表。{period}", "Sales reports. {period}"),
    "cli_help.report_sales.help": (
        "生成销售报表工作簿（.xlsx）",
        "write the sales workbook (.xlsx)",
    ),
    "cli_help.report_sales.description": (
        "生成销售报表工作簿：汇总、按客户（ABC）、按业务员、按产品、按月份、应收账款账龄、"
        "跟进。需要报表权限（总经理、销售经理）。{period}",
        "Write the sales workbook: summary, by customer (ABC), by salesperson, by "
        "product, by month, receivables aging, follow-ups. Needs the report "
        "permission (general manager, sales manager). {period}",
    ),
    "cli_help.report_sales.sheets": (
        "只生成其中几张工作表，用逗号分隔：{sheets}（默认：全部）",
        "comma-separated subset of: {sheets} (default: all)",
    ),
    "cli_help.report_sales.month_by": (
        "“按月份”工作表的分列方式：salesperson 按业务员，category 按产品类别（默认：salesperson）",
        "columns of the by-month sheet (default: salesperson)",
    ),
    "cli_help.report_sales.forecast": (
        "增加“销售预测”工作表及其图表",
        "add the Forecast sheet (销售预测) with its chart",
    ),
    "cli_help.report_sales.by": (
        "按一个单选的自定义字段给“按客户”工作表分组，字段用名称（如 合作层级）或键名指定："
        "该字段的值成为一列，并按该字段另建一张工作表",
        "group the by-customer sheet by a one-choice custom field, named by its "
        "label (e.g. 合作层级) or key: its value as a column and a sheet by the field",
    ),
    "cli_help.report_abc.help": (
        "显示（或用 --apply 写入）按统计期间销售额算出的 ABC 分类",
        "show (or --apply) the ABC classes computed from the period's sales",
    ),
    "cli_help.report_abc.description": (
        "按统计期间的销售额计算每个客户的 ABC 分类（帕累托法则：累计占销售额 80% 以内的为 A，"
        "95% 以内的为 B，其余为 C，没有销售的为 D；界限在团队设置中），并显示有多少客户的"
        "分类会改变。加 --apply 时把分类写入客户资料，并留下修改记录（限总经理或销售经理）。"
        "{period}",
        "Compute each customer's ABC class from the period's sales (Pareto: A up to "
        "80 % of sales, B up to 95 %, C the rest, D no sales; thresholds in the team "
        "settings) and print how many customers would change class. With --apply, "
        "write the classes to the customers with their change history (general "
        "manager or sales manager). {period}",
    ),
    "cli_help.report_abc.apply": ("把分类写入客户资料", "write the classes to the customers"),
    "cli_help.report_forecast.help": (
        "生成销售预测工作簿（.xlsx）",
        "write the sales forecast workbook (.xlsx)",
    ),
    "cli_help.report_forecast.description": (
        "生成销售预测：未来 6 个月按赢单概率加权的商机金额，对照去年同期的销售额和目标，"
        "按业务员列出并附赢单率，以及各阶段之间的转化率。业务员只能看到自己的。",
        "Write the forecast (销售预测): the weighted pipeline of the next 6 months "
        "beside last year's sales and the target, by salesperson with win rates, and the "
        "stage-to-stage conversion. A salesperson gets their own.",
    ),
    # print
    "cli_help.print.help": (
        "把客户基本资料表或客户资料卡打印成 PDF",
        "print the customer form (客户基本资料表) or profile card (客户资料卡) to PDF",
    ),
    "cli_help.print.description": (
        "把客户打印成 PDF 文件：form 是一页的客户基本资料表，card 是完整的客户资料卡。",
        "Print customers to a PDF file: 'form' is the one-page basic-information "
        "form (客户基本资料表), 'card' the full profile card (客户资料卡).",
    ),
    "cli_help.print.kind": (
        "form（客户基本资料表）、card（客户资料卡）或 quote（报价单，给出商机编号）",
        "form, card, or quote (of an opportunity ID)",
    ),
    "cli_help.print.codes": ("客户代号，按打印的先后顺序", "customer codes, in page order"),
    "cli_help.print.blank": (
        "打印一张空白表，供手工填写（不用给客户代号）",
        "a blank form to fill in by hand (no codes)",
    ),
    "cli_help.print.output": ("要写入的 PDF 文件", "the PDF to write"),
    "cli_help.print.lang": (
        "打印的语言（默认：与界面语言相同）",
        "language of the printout (default: the UI's)",
    ),
    # backup, restore
    "cli_help.backup.help": (
        "把数据库复制成备份文件（默认放在数据库旁的 backups 文件夹中）",
        "copy the database to a file (default: backups/ beside the database)",
    ),
    "cli_help.backup.description": (
        "复制 SQLite 数据库，程序正在使用时也能安全复制。OUT 可以是文件或文件夹；不给 OUT "
        "时，备份放在数据库旁的 backups 文件夹中，文件名带日期和时间。PostgreSQL：用 "
        "pg_dump -Fc 备份到 OUT（默认：本用户数据文件夹中的 backups 文件夹）。",
        "Copy the SQLite database, safely even while the app has it open. OUT may be a "
        "file or a folder; without OUT the copy goes to a 'backups' folder beside the "
        "database with the date and time in its name. PostgreSQL: pg_dump -Fc into OUT "
        "(default: the backups folder of the per-user data folder).",
    ),
    "cli_help.backup.force": (
        "OUT 已存在时覆盖它（不加此项则拒绝）",
        "replace OUT if it exists (refused otherwise)",
    ),
    "cli_help.restore.help": (
        "用备份替换数据库（先把当前数据库另存一份）",
        "replace the database with a backup (the current one is copied aside first)",
    ),
    "cli_help.restore.description": (
        "用 crm-desktop 做的备份替换 SQLite 数据库。先检查备份文件；有 crm-desktop 窗口"
        "打开着这个数据库时拒绝恢复。当前的数据库在替换它的同一把锁下先复制到 backups "
        "文件夹。旧版本的备份会自动升级。PostgreSQL：pg_dump 备份只能恢复到空数据库"
        "（用 --db 给出它的地址），要么全部恢复，要么完全不恢复。",
        "Replace the SQLite database with a backup made by crm-desktop. The file is "
        "checked first; refused while a crm-desktop window has the database open. The "
        "current database is copied to the 'backups' folder under the same lock that "
        "replaces it. A backup from an older version is upgraded. PostgreSQL: a pg_dump "
        "archive is restored into an empty database only (--db URL of it), whole or not "
        "at all.",
    ),
    "cli_help.restore.yes": (
        "PostgreSQL：不经询问直接恢复（恢复到空数据库）",
        "PostgreSQL: restore without asking (empty database)",
    ),
    # followups
    "cli_help.followups.help": (
        "计划中的跟进，每条一行（以制表符分隔）：时间、客户代号、客户名称、方式、负责人、主题",
        "planned follow-ups, one tab-separated line each: due, code, name, kind, owner, subject",
    ),
    "cli_help.followups.description": (
        "输出到标准输出，每条一行，以制表符分隔，按时间排序。各列依次为：时间、客户代号、"
        "客户名称、方式、负责人、主题。\n"
        "\n"
        "时间的格式为 YYYY-MM-DD HH:MM；方式为代码（visit、call、message、meeting、dinner、"
        "factory_visit、complaint、other）。超过联系周期又没有安排跟进的客户，列为方式是 "
        "cadence 的行：时间是它超过联系周期的日期（YYYY-MM-DD，不带时刻），主题说明"
        "距上次联系有多久了；这些行在不加 --due 或加 --due overdue 时列出，加 today 或 "
        "week 时不列出，加 --no-cadence 则都不列出。--due overdue 与各处逾期数字的规则相同："
        "今天以前到期的计划跟进（今天早些时候到期的算今天到期），加上超过联系周期的客户；"
        "它的行数就是“今天”页面上的逾期数。条数输出到标准错误；退出码 0。\n",
        "Output (stdout), tab separated, sorted by due time:\n"
        "\n"
        "    due    customer code    customer name    kind    owner    subject\n"
        "\n"
        "`due` is ``YYYY-MM-DD HH:MM``; `kind` is the code (visit, call, message, meeting,\n"
        "dinner, factory_visit, complaint, other). Customers out of cadence with nothing\n"
        "planned (see services.followups) are lines of kind ``cadence`` whose due is the date\n"
        "(``YYYY-MM-DD``, no time) they fell out of cadence, and whose subject says how long\n"
        "since the last contact; they appear without --due and with --due overdue, never with\n"
        "today or week, and --no-cadence leaves them out. --due overdue is the rule of every\n"
        "overdue figure (services.followups.overdue): planned follow-ups due before today (one\n"
        "due earlier today is due today) and customers out of cadence; its line count is the\n"
        "Today page's overdue number. The count goes to stderr; exit 0.\n",
    ),
    "cli_help.followups.due": (
        "只列出今天到期的（today）、已逾期的（overdue，含超过联系周期的客户）或本周到期的（week）",
        "only those due today, overdue (with customers out of cadence), or this week",
    ),
    "cli_help.followups.owner": (
        "只列出此用户的（用户名或显示名称）",
        "only this user's (user or display name)",
    ),
    "cli_help.followups.no_cadence": (
        "不列出超过联系周期的客户",
        "leave out customers out of cadence",
    ),
    # credit
    "cli_help.credit.help": (
        "信用额度申请与总经理的审批",
        "credit requests and the general manager's decisions",
    ),
    "cli_help.credit_list.help": (
        "每份申请一行：编号、客户代号、名称、申请额度、状态、申请人、审批人",
        "one line per request: id, code, name, proposed limit, status, requested by, decided by",
    ),
    "cli_help.credit_list.pending": (
        "只列出等待审批的申请",
        "only requests waiting for a decision",
    ),
    "cli_help.credit_request.help": (
        "为客户申请调整信用条件",
        "propose a credit change for a customer",
    ),
    "cli_help.credit_request.limit": (
        "申请的信用额度（元）：50000、5万、¥1.2万",
        "proposed credit limit in yuan: 50000, 5万, ¥1.2万",
    ),
    "cli_help.credit_request.days": ("申请的收款期限（天）", "proposed collection period in days"),
    "cli_help.credit_request.rating": ("申请的信用等级", "proposed credit rating"),
    "cli_help.credit_request.terms": (
        "申请的付款条件：prepaid 款到发货，other 其他",
        "proposed payment terms",
    ),
    "cli_help.credit_approve.help": ("核准申请（总经理）", "approve a request (general manager)"),
    "cli_help.credit_approve.limit": (
        "核准比申请额度低的信用额度",
        "approve a lower limit than requested",
    ),
    "cli_help.credit_reject.help": ("驳回申请（总经理）", "reject a request (general manager)"),
    "cli_help.credit_withdraw.help": (
        "在审批前撤回自己的申请",
        "withdraw your own request while it waits",
    ),
    # user
    "cli_help.user.help": ("列出用户、添加用户、设置密码", "list users, add one, set a password"),
    "cli_help.user_list.help": (
        "每个用户一行：用户名、角色、显示名称、是否已设密码",
        "one line per user: name, role, display name, password set",
    ),
    "cli_help.user_add.help": ("添加用户（仅限总经理）", "add a user (general manager only)"),
    "cli_help.user_passwd.help": ("设置或清除密码", "set or remove a password"),
    "cli_help.user_role.help": (
        "更改用户的角色（仅限总经理）",
        "give a user another role (general manager only)",
    ),
    "cli_help.user_deactivate.help": (
        "停用账号（仅限总经理）",
        "deactivate an account (general manager only)",
    ),
    "cli_help.user_activate.help": (
        "重新启用账号（仅限总经理）",
        "activate an account (general manager only)",
    ),
    # today
    "cli_help.today.help": (
        "“今天”页面上的数字：今天到期、已逾期、待审批的信用申请、生日、关键指标",
        "the Today page's figures: due, overdue, credit waiting, birthdays, key figures",
    ),
    "cli_help.today.description": (
        "每行显示一项数字，用用户的语言（CRM_DESKTOP_LANG，其次是“设置”中的语言，再次是"
        "系统语言）：今天到期的跟进；已逾期的跟进（今天以前到期的计划跟进，加上逾期未联系的"
        "客户，与“跟进”页面的规则相同）；等您审批的信用额度申请；未来 7 天内的生日；按客户"
        "阶段和 ABC 分类统计的客户数；本月销售额与上月同期的对比。这些数字与当前用户"
        "（--user）在“今天”页面上看到的相同，由同样的服务函数算出。\n"
        "\n"
        "加 --json 时改为输出一个 JSON 对象，供脚本使用。它的键为 today、user、due_today、"
        'overdue、credit_pending、birthdays、customers、by_stage、by_class（"" 表示未分类）、'
        "sales_this_month、sales_last_month（上月同期）、sales_last_month_full（金额以元为"
        "单位，写成字符串）和 change（变化的比例，写成字符串，或为 null）。退出码 0。\n",
        "Prints one figure a line in the user's language (CRM_DESKTOP_LANG, else Settings, "
        "else\n"
        "the system's): follow-ups due today; overdue (planned follow-ups due before today "
        "and\n"
        "customers overdue for contact, the rule of the Follow-ups page); credit requests\n"
        "waiting for your decision; birthdays in the next 7 days; customers by stage and ABC\n"
        "class; sales this month against the same days of last month. The numbers are those "
        "of\n"
        "the Today page for the acting user (`--user`), computed by the same service "
        "functions.\n"
        "\n"
        "`--json` prints one object instead, for scripts: keys today, user, due_today, "
        "overdue,\n"
        'credit_pending, birthdays, customers, by_stage, by_class ("" = not classified),\n'
        "sales_this_month, sales_last_month (the same days), sales_last_month_full (amounts "
        "in\n"
        "yuan as strings) and change (a fraction as a string, or null). Exit 0.\n",
    ),
    "cli_help.today.user": (
        "看谁的数字（同全局选项 --user；密码取自 $CRM_DESKTOP_PASSWORD）",
        "whose figures (as the global --user; password in $CRM_DESKTOP_PASSWORD)",
    ),
    "cli_help.today.date": (
        "按这一天计算，过去或将来的日期都可以（默认：今天）",
        "the figures as they were or will be on this day (default: today)",
    ),
    "cli_help.today.json": ("输出一个 JSON 对象，供脚本使用", "one JSON object, for scripts"),
    # complaint
    "cli_help.complaint.help": (
        "客户投诉：受理、转交、解决、客户确认、关闭、列表",
        "customer complaints: receive, assign, resolve, confirm, close, list",
    ),
    "cli_help.complaint.description": (
        "complaint list 每项投诉输出一行，以制表符分隔。各列依次为：编号、受理时间、客户代号、"
        "客户名称、"
        "投诉类别、严重程度、状态、处理人、处理期限、投诉主题。\n"
        "\n"
        "投诉类别、严重程度和状态都以代码显示（状态：open 已受理、processing 处理中、"
        "resolved 已解决、confirmed 客户确认、closed 已关闭）；时间的格式为 "
        "YYYY-MM-DD HH:MM。加 --open 只列出未解决的投诉，处理期限最近的在前；不加时列出"
        "全部投诉，最新的在前。条数输出到标准错误。规则（谁能看到哪些投诉、处理流程、满意度 "
        "1–5）与程序中的客户投诉处理相同。\n",
        "`list` prints one tab-separated line per complaint:\n"
        "\n"
        "    id    received    customer code    customer name    category    severity    "
        "status    handled by    due    subject\n"
        "\n"
        "codes for category, severity and status (open, processing, resolved, confirmed,\n"
        "closed); times as ``YYYY-MM-DD HH:MM``. `--open` lists the unresolved ones, soonest "
        "due\n"
        "first; without it, every complaint, newest first. The count goes to stderr. The "
        "rules\n"
        "(who sees which, the path, satisfaction 1–5) are the complaint service's.\n",
    ),
    "cli_help.complaint_add.help": ("为客户受理一项投诉", "receive a complaint for a customer"),
    "cli_help.complaint_add.category": (
        "投诉类别：quality 质量、delivery 交货、invoice 发票、service 服务、price 价格、"
        "other 其他（也可以写类别的名称，或自己的类别）",
        "quality, delivery, invoice, service, price, other (or its label, or your own)",
    ),
    "cli_help.complaint_add.severity": (
        "严重程度：normal、high、urgent（一般、严重、紧急）",
        "normal, high, urgent (一般, 严重, 紧急)",
    ),
    "cli_help.complaint_add.text": ("客户反映的内容", "what the customer said"),
    "cli_help.complaint_add.subject": (
        "简短的投诉主题（默认：内容的第一行）",
        "a short title (default: the text's first line)",
    ),
    "cli_help.complaint_add.via": (
        "投诉方式：phone 电话、visit 来访、wechat 微信、letter 信函、email 电子邮件",
        "phone, visit, wechat, letter, email",
    ),
    "cli_help.complaint_add.product": ("涉及的产品", "the product concerned"),
    "cli_help.complaint_add.received": (
        "受理时间（默认：现在）",
        "when it came in (default: now)",
    ),
    "cli_help.complaint_add.handler": (
        "处理人（默认：客户的负责业务员）",
        "who handles it (default: the owner)",
    ),
    "cli_help.complaint_list.help": ("每项投诉一行", "one line per complaint"),
    "cli_help.complaint_list.open": (
        "只列出未解决的投诉，处理期限最近的在前",
        "only unresolved ones, soonest due first",
    ),
    "cli_help.complaint_list.handler": (
        "只列出由此用户处理的投诉",
        "only those handled by this user",
    ),
    "cli_help.complaint_assign.help": ("把投诉转交给某人处理", "hand a complaint to a person"),
    "cli_help.complaint_assign.name": ("用户名或显示名称", "user name or display name"),
    "cli_help.complaint_start.help": ("把投诉标记为处理中", "mark a complaint as being handled"),
    "cli_help.complaint_resolve.help": (
        "登记投诉的处理结果",
        "record how a complaint was resolved",
    ),
    "cli_help.complaint_resolve.text": ("处理结果", "the resolution"),
    "cli_help.complaint_resolve.compensation": (
        "补偿方式：money 赔款、goods 补货/换货或 credit_note 折让单",
        "money, goods or credit_note",
    ),
    "cli_help.complaint_resolve.amount": ("补偿金额（元）", "the compensation's value in yuan"),
    "cli_help.complaint_resolve.note": ("补偿说明：给了客户什么", "what was given"),
    "cli_help.complaint_resolve.visit": (
        "在此时间安排一次回访",
        "plan a follow-up visit at this time",
    ),
    "cli_help.complaint_confirm.help": (
        "客户确认处理结果",
        "the customer confirms the resolution",
    ),
    "cli_help.complaint_confirm.satisfaction": (
        "满意度：1（不满意）到 5",
        "1 (unhappy) to 5",
    ),
    "cli_help.complaint_close.help": (
        "关闭得不到客户确认的投诉",
        "close a complaint that will not be confirmed",
    ),
    # opportunity
    "cli_help.opportunity.help": (
        "商机：列表、新增、在销售漏斗中推进、赢单、输单",
        "opportunities (商机): list, add, move through the pipeline, win, lose",
    ),
    "cli_help.opportunity_list.help": (
        "每个商机一行：编号、客户代号、客户、商机名称、金额、预计成交日期、阶段、赢单概率、负责人",
        "one line per opportunity: id, code, customer, title, amount, close date, "
        "stage, probability, owner",
    ),
    "cli_help.opportunity_list.owner": ("只列出此业务员的商机", "only this salesperson's"),
    "cli_help.opportunity_list.stage": (
        "只列出此阶段的商机（阶段名称或编号）",
        "only this stage (name or id)",
    ),
    "cli_help.opportunity_list.all": ("也列出已赢单和已输单的商机", "won and lost ones too"),
    "cli_help.opportunity_add.help": ("为客户新增一个商机", "a new opportunity on a customer"),
    "cli_help.opportunity_add.amount": ("金额（元）：50000、5万", "in yuan: 50000, 5万"),
    "cli_help.opportunity_add.close": ("预计成交日期", "expected close date"),
    "cli_help.opportunity_add.stage": (
        "阶段名称或编号（默认：第一个阶段）",
        "name or id (default: the first)",
    ),
    "cli_help.opportunity_add.probability": (
        "赢单概率，不用阶段的默认值时给出",
        "instead of the stage's default",
    ),
    "cli_help.opportunity_add.owner": (
        "负责的业务员（仅限经理）",
        "the salesperson (managers only)",
    ),
    "cli_help.opportunity_add.next": ("下一步", "next step"),
    "cli_help.opportunity_move.help": (
        "把商机移到另一个阶段",
        "move an opportunity to another stage",
    ),
    "cli_help.opportunity_move.stage": ("阶段名称或编号", "name or id"),
    "cli_help.opportunity_move.reason": (
        "输单原因（移到输单阶段时）",
        "lost reason, when the stage is a lost one",
    ),
    "cli_help.opportunity_win.help": ("把商机标记为赢单", "mark an opportunity won (赢单)"),
    "cli_help.opportunity_win.sales": (
        "把商机的明细登记为今天的销售（订单号 OPP<ID>）",
        "record its lines as today's sales (order OPP<ID>)",
    ),
    "cli_help.opportunity_lose.help": (
        "把商机标记为输单，并注明原因",
        "mark an opportunity lost (输单) with a reason",
    ),
    "cli_help.opportunity_lose.reason": (
        "输单原因：价格、竞争对手、没有预算……",
        "price, competitor, 没有预算…",
    ),
    "cli_help.opportunity_reopen.help": (
        "重新打开已赢单或已输单的商机",
        "reopen a won or lost opportunity",
    ),
    "cli_help.opportunity_reopen.stage": (
        "重新打开到哪个进行中的阶段（默认：它离开时的阶段）",
        "open stage (default: the one it left)",
    ),
    # log
    "cli_help.log.help": (
        "记录与客户的一次联系，并可同时安排下一次跟进",
        "log a contact that happened with a customer, optionally planning the next one",
    ),
    "cli_help.log.description": (
        "记录刚刚（或在 --at 给出的时间）与客户 CODE 的一次联系：一条方式为 --kind（visit、"
        "call、message、meeting、dinner、factory_visit、complaint、other）的已完成跟进，"
        "附上联系的结果。如果这个客户有当天或更早到期的计划跟进，完成的就是那一条。"
        "--next 安排下一次跟进（给日期，或日期和时间；方式为 --next-kind，默认与这次相同）。"
        "每写入一条记录输出一行，以制表符分隔：状态、编号、时间、客户代号、方式。退出码 0；"
        "什么都没写入时为 2。\n",
        "Records a contact that just happened (or at --at) with the customer CODE: a done\n"
        "follow-up of kind --kind (visit, call, message, meeting, dinner, factory_visit,\n"
        "complaint, other) with its outcome. If a planned follow-up of that customer is due "
        "that\n"
        "day or earlier, it is the one completed. --next plans the next follow-up (a date, or "
        "a\n"
        "date and time; kind --next-kind, default the same). Prints one line per row written,\n"
        "tab separated: status, id, when, code, kind. Exit 0, or 2 when nothing was written.\n",
    ),
    "cli_help.log.code": ("客户代号", "the customer's code"),
    "cli_help.log.kind": ("联系方式（默认 call，电话）", "how (default call)"),
    "cli_help.log.outcome": ("联系的结果", "what came of it"),
    "cli_help.log.notes": ("更多备注", "more notes"),
    "cli_help.log.contact": ("交谈的联系人", "the contact person spoken to"),
    "cli_help.log.at": ("联系的时间（默认：现在）", "when it happened (default now)"),
    "cli_help.log.next": (
        "在这一天（或这一时间）安排下一次跟进",
        "plan the next follow-up then",
    ),
    "cli_help.log.next_kind": ("下一次跟进的方式", "the next one's kind"),
    # pool, handover, prospects
    "cli_help.pool.help": (
        "公海：列表、领取、退回、分配、规则、执行规则",
        "the customer pool (公海): list, claim, release, assign, rules, run",
    ),
    "cli_help.pool.description": (
        "pool list：列出公海中的客户，每个一行：代号、名称、分类、最近联系。\n"
        "\n"
        "pool claim CODE：从公海领取客户（不超过每日领取上限和持有上限）。\n"
        "\n"
        "pool release CODE…：把客户退回公海（业务员只能退回自己的，经理可以退回任何客户）。\n"
        "\n"
        "pool assign CODE… --to NAME：经理把客户分配给某个用户。\n"
        "\n"
        "pool rules [--set KEY=VALUE…]：以 JSON 显示公海规则；经理可以修改，例如 "
        "--set no_contact_days.B=30 --set warn_days=3 --set exempt_classes=A。\n"
        "\n"
        "pool run：立即按规则把该退回的客户退回公海（即每天自动执行的任务）。\n"
        "\n"
        "handover FROM --to NAME[,NAME]：离职继承，把 FROM 的客户和未完成的跟进轮流分给"
        "接手的人。\n"
        "\n"
        "prospects [--source CODE]：潜在客户名册，每个来源一行，以制表符分隔：来源、客户数、"
        "潜在客户、预期客户、现实客户、流失客户、转化率；加 --source 时列出该来源的客户："
        "代号、名称、阶段。\n"
        "\n"
        "退出码 0；什么都没做时为 2（原因输出到标准错误）。\n",
        "pool list             customers in the pool (公海), one a line: code, name, class, "
        "last contact\n"
        "pool claim CODE       take a customer from the pool (within the daily limit and the "
        "cap)\n"
        "pool release CODE…    put customers back (a salesperson their own, a manager any)\n"
        "pool assign CODE… --to NAME   a manager gives customers to a user\n"
        "pool rules [--set KEY=VALUE…] print the rules as JSON; a manager may change them, "
        "e.g.\n"
        "                      --set no_contact_days.B=30 --set warn_days=3 --set "
        "exempt_classes=A\n"
        "pool run              return the customers past the rules now (the daily job)\n"
        "handover FROM --to NAME[,NAME]  离职继承: FROM's customers and open follow-ups, in "
        "turns\n"
        "prospects [--source CODE]       潜在客户名册: per source, tab separated: source, "
        "customers,\n"
        "                      potential, prospective, current, lost, converted share; with\n"
        "                      --source, that source's customers: code, name, stage\n"
        "\n"
        "Exit 0, or 2 when nothing was done (the reason on stderr).\n",
    ),
    "cli_help.pool.to": ("assign：接收客户的用户", "assign: the user who gets them"),
    "cli_help.handover.help": (
        "离职继承：把离职用户的客户和未完成的跟进交给同事",
        "离职继承: give a leaving user's customers and open follow-ups to colleagues",
    ),
    "cli_help.handover.leaving": ("离职的用户", "the leaving user"),
    "cli_help.handover.to": ("接手的人（可用逗号分隔多人）", "who takes them over"),
    "cli_help.prospects.help": (
        "潜在客户名册：按来源、按阶段统计的客户数和转化情况",
        "潜在客户名册: customers by source, by stage, and converted",
    ),
    "cli_help.prospects.source": (
        "列出此来源的客户（'' 表示没有来源）",
        "list this source's customers ('' = none)",
    ),
    # lifecycle
    "cli_help.lifecycle.help": (
        "客户分类：规则、建议、潜在客户名册工作簿",
        "lifecycle (客户分类): the rules, the suggestions, the prospect lists workbook",
    ),
    "cli_help.lifecycle.description": (
        "lifecycle rules [--set KEY=VALUE …]：以 JSON 显示客户分类规则；经理可以修改，例如 "
        "--set lost_months=9 --set winback=no --set min_contacts=3（可设置的有 "
        "min_contacts、need_contact_person、loyal_orders、loyal_months、lost_months、"
        "winback、winback_days）。\n"
        "\n"
        "lifecycle suggestions [--limit N]：规则提出的客户分类建议，每条一行，以制表符分隔："
        "代号、名称、类型、理由（用界面语言）。\n"
        "\n"
        "lifecycle accept CODE [--stage S]：接受该客户的建议，与在“今天”页面上接受相同"
        "（资料卡的修改记入修改记录；流失客户会安排一次挽回电话）；加 --stage 时，只有建议正是"
        "这一变动（类型，或要转到的客户阶段或购买阶段：prospective、current、repeat、loyal、"
        "lost）才接受。\n"
        "\n"
        "lifecycle dismiss CODE [--stage S]：忽略该客户的建议，情况变化前不再提示。\n"
        "\n"
        "lifecycle export OUT.xlsx [--source CODE …]：把潜在客户名册导出为工作簿：每个来源"
        "按阶段的客户数和转化情况，然后每份名单一张客户工作表。\n"
        "\n"
        "退出码 0；什么都没做时为 2（原因输出到标准错误）。\n",
        "lifecycle rules [--set KEY=VALUE …]   print the rules as JSON; a manager may change "
        "them,\n"
        "                      e.g. --set lost_months=9 --set winback=no --set min_contacts=3\n"
        "                      (min_contacts, need_contact_person, loyal_orders, "
        "loyal_months,\n"
        "                      lost_months, winback, winback_days)\n"
        "lifecycle suggestions [--limit N]     the moves the rules propose, one a line, tab\n"
        "                      separated: code, name, kind, reason (in the UI language)\n"
        "lifecycle accept CODE [--stage S]     apply the customer's suggestion, as on Today "
        "(the\n"
        "                      card change is in the ChangeLog; a lost customer gets its "
        "win-back\n"
        "                      call); with --stage, only when the suggestion is that move (a "
        "kind,\n"
        "                      or the stage or loyalty it moves to: prospective, current, "
        "repeat,\n"
        "                      loyal, lost)\n"
        "lifecycle dismiss CODE [--stage S]    do not show the customer's suggestion again "
        "until\n"
        "                      it changes\n"
        "lifecycle export OUT.xlsx [--source CODE …]   潜在客户名册 as a workbook: each "
        "source's\n"
        "                      counts by stage and conversion, then a sheet of customers per "
        "list\n"
        "\n"
        "Exit 0, or 2 when nothing was done (the reason on stderr).\n",
    ),
    "cli_help.lifecycle.target": (
        "export：要写入的工作簿；accept、dismiss：客户代号",
        "export: the workbook; accept, dismiss: the customer's code",
    ),
    "cli_help.lifecycle.stage": (
        "accept、dismiss：只有建议正是这一变动时才执行",
        "accept, dismiss: only when the suggestion is this move",
    ),
    "cli_help.lifecycle.limit": ("suggestions：最多 N 条", "suggestions: at most N"),
    "cli_help.lifecycle.source": (
        "export：只导出此来源（'' 表示没有来源），可重复给出",
        "export: only this source ('' = none), may repeat",
    ),
    # encrypt, decrypt, passphrase
    "cli_help.encrypt.help": (
        "用口令加密数据库文件（SQLCipher）",
        "encrypt the database file with a passphrase (SQLCipher)",
    ),
    "cli_help.encrypt.description": (
        "用口令加密 SQLite 数据库：先备份，再转换成新文件，然后改名替换原文件；转换期间谁都"
        "不能写入。有 crm-desktop 窗口打开着这个数据库时拒绝执行。口令取自环境变量 ${env}，"
        "未设置时要求输入两次。仅限总经理。忘记口令，数据库和它的备份就再也打不开。对于还不"
        "存在的文件，则新建一个从第一页起就加密的数据库。",
        "Encrypt the SQLite database with a passphrase: backed up first, converted into "
        "a new file, then renamed into place; nobody can write meanwhile. Refused while "
        "a crm-desktop window has the database open. The passphrase comes from "
        "${env}, else it is asked for twice. General manager only. Without "
        "the passphrase the database and its backups cannot be opened again. On a file "
        "that does not exist yet, creates a new database encrypted from its first page.",
    ),
    "cli_help.decrypt.help": (
        "把加密的数据库还原为普通的 SQLite 文件",
        "turn an encrypted database back into a plain SQLite file",
    ),
    "cli_help.decrypt.description": (
        "解密 SQLite 数据库（先备份，备份仍是加密的）。当前口令取自环境变量 ${env}，"
        "未设置时要求输入。仅限总经理。",
        "Decrypt the SQLite database (backed up first, still encrypted). The current "
        "passphrase comes from ${env}, else it is asked for. General "
        "manager only.",
    ),
    "cli_help.passphrase.help": (
        "更改加密数据库的口令",
        "change the passphrase of an encrypted database",
    ),
    "cli_help.passphrase.description": (
        "给加密的数据库换一个新口令：先备份（备份用新口令加密），再重新加密成新文件，然后"
        "改名替换原文件；转换期间谁都不能写入。有 crm-desktop 窗口打开着这个数据库时拒绝执行。"
        "当前口令取自环境变量 ${env}，未设置时要求输入；新口令取自 ${new_env}，未设置时要求"
        "输入两次。以前做的备份仍用旧口令。仅限总经理。",
        "Give the encrypted database a new passphrase: backed up first (with the new "
        "one), re-encrypted into a new file, then renamed into place; nobody can write "
        "meanwhile. Refused while a crm-desktop window has the database open. The "
        "current passphrase comes from ${env}, else it is asked for; the "
        "new one from ${new_env}, else it is asked for twice. Backups made "
        "before keep the old passphrase. General manager only.",
    ),
    # server
    "cli_help.server.help": (
        "为团队准备 PostgreSQL 数据库",
        "prepare a PostgreSQL database for a team",
    ),
    "cli_help.server_init.help": (
        "数据库不存在时新建，并建立扩展、数据结构和第一个总经理账号（{manager}）；"
        "显示要告诉团队的内容",
        "create the database when missing, its extension, schema and first general "
        "manager ({manager}); print what to tell the team",
    ),
    "cli_help.server_init.url": (
        "postgresql://用户[:密码]@主机[:端口]/数据库",
        "postgresql://user[:password]@host[:port]/database",
    ),
    "cli_help.server_role.help": (
        "各用户的数据库角色（总经理；用于装有团队权限规则的服务器）",
        "the users' database roles (general manager; a server with the team's rules)",
    ),
    "cli_help.server_role_list.help": (
        "每个用户一行：用户名、数据库角色、角色的状态",
        "one line per user: name, database role, its state",
    ),
    "cli_help.server_role_add.help": (
        "为指定的用户创建数据库角色（不指定用户名时为全部用户）",
        "create the roles of the named users (all without names)",
    ),
    "cli_help.server_role_drop.help": (
        "删除用户的数据库角色（账号保留）",
        "drop a user's database role (the account stays)",
    ),
}
