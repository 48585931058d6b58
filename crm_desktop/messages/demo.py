"""Texts of the demo data generator: its refusals, its progress and its summary."""

MESSAGES: dict[str, tuple[str, str]] = {
    "demo.action_load": ("载入演示数据", "load demo data"),
    "demo.too_few": ("客户数量至少为 1。", "The number of customers must be 1 or more."),
    "demo.too_many": ("演示客户最多 {limit} 个。", "At most {limit} demo customers."),
    "demo.not_empty": (
        "此数据库已有 {count} 个客户；演示数据只能写入空数据库。请用 --db 另选一个新文件。",
        "This database already has {count} customers; demo data goes only into an empty "
        "database. Choose a new file with --db.",
    ),
    # progress, one line a pass
    "demo.products": ("产品：{count}", "products: {count}"),
    "demo.customers": ("客户：{count}", "customers: {count}"),
    "demo.contacts": ("联系人：{count}", "contacts: {count}"),
    "demo.sales_lines": ("销售明细：{count}", "sales lines: {count}"),
    "demo.sales_lines_so_far": ("销售明细：{count}…", "sales lines: {count}…"),
    "demo.payments": ("回款：{count}", "payments: {count}"),
    "demo.followups": ("跟进记录：{count}", "follow-ups: {count}"),
    "demo.credit_requests": ("信用额度申请：{count}", "credit requests: {count}"),
    "demo.complaints": ("客户投诉：{count}", "complaints: {count}"),
    "demo.classes": ("客户分类（ABC）：完成", "customer classes (ABC): done"),
    "demo.indexes": ("重建索引：{count} 个…", "indexes: rebuilding {count}…"),
    "demo.search_index": ("搜索索引：{count} 个客户…", "search index: {count} customers…"),
    # the CLI's summary line (numbers as digits: scripts read it)
    "demo.summary": (
        "演示数据：{customers} 个客户、{contacts} 个联系人、{products} 个产品、"
        "{sales} 条销售明细、{payments} 笔回款、{followups} 条跟进记录、"
        "{credit_requests} 个信用额度申请，用时 {seconds} 秒",
        "demo: {customers} customers, {contacts} contacts, {products} products, "
        "{sales} sales lines, {payments} payments, {followups} follow-ups, "
        "{credit_requests} credit requests in {seconds} s",
    ),
}
