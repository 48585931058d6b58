"""Texts of sales lines, payments and the product catalogue."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sales.over_limit": (
        "客户 {code}：这笔 {amount} 的销售会使应收余额从 {balance} 增至 {new_balance}，"
        "超过信用额度 {limit}。超出信用额度的销售须由经理确认。",
        "Customer {code}: this sale of {amount} would take the receivable balance from "
        "{balance} to {new_balance}, over the credit limit of {limit}. "
        "A manager must confirm a sale over the limit.",
    ),
    "sales.action_confirm_over_limit": (
        "确认超出信用额度的销售，请找经理确认",
        "confirm a sale over the credit limit; ask a manager",
    ),
    "sales.action_edit_catalogue": ("修改产品目录", "edit the product catalogue"),
    "sales.unknown_product_field": (
        "“{name}”不是产品的栏目",
        "'{name}' is not a field of a product",
    ),
    "sales.product_code_taken": (
        "“{value}”已被另一个产品使用",
        "'{value}' is already used by a product",
    ),
    "sales.no_product": ("产品 {product} 不存在。", "There is no product {product}."),
    "sales.no_product_here": ("产品 {product} 不存在", "there is no product {product}"),
    "sales.product_changed_meanwhile": (
        "产品 {code} 已被他人修改；请重新打开。",
        "Product {code} was changed by someone else; reopen it.",
    ),
    "sales.line_amount_positive": (
        "这一行的金额必须大于 0",
        "the line amount must be more than 0",
    ),
}
