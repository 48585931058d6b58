"""Texts of credit requests and decisions (信用额度金额由总经理核定)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "credit.no_request": ("第 {id} 号信用额度申请不存在。", "There is no credit request {id}."),
    "credit.days_too_many": (
        "{days} 天超过了上限 {most} 天",
        "{days} days is more than {most}",
    ),
    "credit.reason_required": (
        "必须填写，请说明为什么要调整信用",
        "is required; say why the credit should change",
    ),
    "credit.customer_deleted": ("客户 {code} 已被删除。", "Customer {code} was deleted."),
    "credit.already_waiting": (
        "客户 {code} 已有一项待审批的信用额度申请（第 {id} 号）；请先撤回它，或等待审批结果。",
        "Customer {code} already has a credit request waiting for a decision "
        "(request {id}); withdraw it or wait for the decision.",
    ),
    "credit.already_decided": (
        "第 {id} 号信用额度申请已{status}。",
        "Credit request {id} was already {status}.",
    ),
    "credit.already_decided_by": (
        "第 {id} 号信用额度申请已被 {who} 于 {when} {status}。",
        "Credit request {id} was already {status} by {who} on {when}.",
    ),
    "credit.decided_meanwhile": (
        "第 {id} 号信用额度申请刚刚已被他人审批；请刷新列表查看结果。",
        "Credit request {id} was decided by someone else a moment ago; "
        "reopen the list to see the decision.",
    ),
    "credit.own_request": (
        "第 {id} 号信用额度申请是 {user} 本人提交的，不能自己批准，须由另一位总经理审批。",
        "{user} filed credit request {id} and may not approve it; "
        "another general manager must decide it.",
    ),
    "credit.more_than_requested": (
        "{approved} 超过了申请的 {requested}，最多只能按申请金额批准",
        "{approved} is more than the {requested} requested; approve at most the requested amount",
    ),
    "credit.deleted_cannot_approve": (
        "客户 {code} 已被删除，第 {id} 号信用额度申请无法批准（请驳回）。",
        "Customer {code} was deleted; credit request {id} cannot be approved (reject it instead).",
    ),
    "credit.reject_reason_required": (
        "请说明驳回的理由",
        "say why the request is rejected",
    ),
    "credit.only_requester_withdraws": (
        "只有提交第 {id} 号信用额度申请的 {user} 才能撤回它。",
        "Only {user}, who filed credit request {id}, may withdraw it.",
    ),
    "credit.percent_range": (
        "“{value}”必须大于 -100 且不超过 1000",
        "{value} must be above -100 and at most 1000",
    ),
    "credit.no_limit_yet": (
        "客户 {customer} 还没有信用额度，请直接申请金额。",
        "Customer {customer} has no credit limit yet; request an amount.",
    ),
    # the CLI's notes on stderr (the summary line on stdout stays the same for scripts)
    "credit.cli_count": ("共 {count} 项申请", "{count} request(s)"),
    "credit.cli_current": (
        "目前：信用额度 {limit}，收款期限 {days} 天，付款条件 {terms}，信用等级 {rating}；"
        "应收余额 {balance}；近 12 个月销售额 {sales}；按时付款 {on_time} 笔，逾期 {late} 笔",
        "current: limit {limit}, {days} days, terms {terms}, rating {rating}; "
        "balance {balance}; sales last 12 months {sales}; paid on time {on_time}, late {late}",
    ),
}
