"""Texts of the customer list's search and figures: why a hit was found (shown beside it in
the list and the CLI) and the columns 余额, 最近联系, 下次跟进."""

MESSAGES = {
    "search.reason": ("{label}：{value}", "{label}: {value}"),
    "search.separator": ("；", "; "),
    "search.contact": ("联系人", "Contact"),
    "search.contact_phone": ("联系人电话", "Contact's phone"),
    "search.contact_mobile": ("联系人手机", "Contact's mobile"),
    "search.contact_email": ("联系人邮箱", "Contact's email"),
    "search.contact_wechat": ("联系人微信", "Contact's WeChat"),
    "search.name_pinyin": ("名称拼音", "Name in pinyin"),
    "search.column": ("匹配", "Matched"),
    "customer_list.balance": ("余额", "Balance"),
    "customer_list.last_contact": ("最近联系", "Last contact"),
    "customer_list.next_followup": ("下次跟进", "Next follow-up"),
    "customer_list.listed": (
        "显示 {shown} 位客户，共 {total} 位",
        "{shown} of {total} customers shown",
    ),
    "search.column_tip": (
        "搜索到这位客户的依据（名称以外的字段）",
        "What the search found this customer by, when it is not the name",
    ),
}
