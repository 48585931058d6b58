"""Texts of opportunities (商机), the pipeline (销售漏斗), the forecast (销售预测) and quotes."""

MESSAGES: dict[str, tuple[str, str]] = {
    # records and permissions
    "opportunities.no_opportunity": (
        "商机 {id} 不存在或已删除。",
        "Opportunity {id} does not exist or was deleted.",
    ),
    "opportunities.not_yours": (
        "无权操作：商机 {id} 由其他业务员负责。",
        "Not allowed: opportunity {id} belongs to another salesperson.",
    ),
    "opportunities.changed_meanwhile": (
        "商机“{title}”（{id}）刚被他人修改或移动，已按最新情况显示，请重试。",
        "Opportunity '{title}' ({id}) was just changed or moved by someone else; "
        "it now shows where it is, try again.",
    ),
    "opportunities.no_stage": ("阶段 {stage} 不存在。", "Stage {stage} does not exist."),
    "opportunities.no_stage_named": (
        "没有阶段“{stage}”，可选：{stages}。",
        "There is no stage '{stage}'; the stages are: {stages}.",
    ),
    "opportunities.no_stage_kind": (
        "销售漏斗中没有“{kind}”阶段，请先在阶段设置中添加。",
        "The pipeline has no {kind} stage; add one in the stage settings first.",
    ),
    "opportunities.stage_exists": (
        "阶段“{stage}”已存在。",
        "A stage named '{stage}' exists already.",
    ),
    "opportunities.stage_in_use": (
        "阶段“{stage}”中还有 {count} 个商机，移走后才能删除。",
        "Stage '{stage}' still holds {count} opportunities; move them before deleting it.",
    ),
    "opportunities.stage_needed": (
        "“{stage}”阶段不能删除：赢单和输单都要用到。",
        "Stage '{stage}' cannot be deleted: winning and losing need it.",
    ),
    "opportunities.reorder_all": (
        "重新排序时须列出全部阶段，每个一次。",
        "A new order must list every stage exactly once.",
    ),
    "opportunities.action_stages": ("设置销售漏斗的阶段", "set up the pipeline's stages"),
    "opportunities.action_assign": (
        "把商机交给其他业务员",
        "give an opportunity to another salesperson",
    ),
    # a field's problem (shown after the field's label)
    "opportunities.amount_range": (
        "“{value}”超出范围，金额不能超过 {most} 元",
        "'{value}' is out of range: an amount is at most {most} yuan",
    ),
    "opportunities.percent_range": (
        "“{value}”超出范围，应在 0 到 100 之间",
        "'{value}' is out of range: it must be between 0 and 100",
    ),
    "opportunities.days_range": (
        "“{value}”超出范围，应在 1 到 {most} 天之间",
        "'{value}' is out of range: it must be between 1 and {most} days",
    ),
    "opportunities.quantity_range": (
        "“{value}”不是有效的数量，应大于 0",
        "'{value}' is not a valid quantity: it must be more than 0",
    ),
    "opportunities.close_before_created": (
        "{value} 早于商机创建日期 {created}",
        "{value} is before the opportunity was created ({created})",
    ),
    "opportunities.closed_reopen_first": (
        "商机已{stage}，须先重新打开才能移动或修改",
        "the opportunity is {stage}; reopen it before moving or changing it",
    ),
    "opportunities.new_must_be_open": (
        "新商机只能放在进行中的阶段",
        "a new opportunity must start in an open stage",
    ),
    "opportunities.reopen_to_open": (
        "只能重新打开到进行中的阶段",
        "an opportunity can only be reopened into an open stage",
    ),
    "opportunities.no_reason": (
        "没有输单原因“{reason}”，可选：{reasons}",
        "there is no lost reason '{reason}'; the reasons are: {reasons}",
    ),
    # the CLI's lines
    "opportunities.cli_count": ("共 {count} 个商机。", "{count} opportunities."),
    "opportunities.cli_added": (
        "已新建商机 {id}：{code} {title}，{amount} 元，预计 {close} 成交，阶段“{stage}”。",
        "Opportunity {id} added: {code} {title}, {amount} yuan, expected to close {close}, "
        "stage '{stage}'.",
    ),
    "opportunities.cli_moved": (
        "商机 {id}“{title}”已移到“{stage}”。",
        "Opportunity {id} '{title}' moved to '{stage}'.",
    ),
    "opportunities.cli_reopened": (
        "商机 {id}“{title}”已重新打开，现在在“{stage}”。",
        "Opportunity {id} '{title}' reopened, now in '{stage}'.",
    ),
    "opportunities.forecast_done": (
        "已写入 {path}：未来 {months} 个月加权预测 {weighted} 元（{count} 个商机）。",
        "Wrote {path}: weighted forecast of the next {months} months {weighted} yuan "
        "({count} opportunities).",
    ),
    "opportunities.quote_done": (
        "已打印报价单：商机 {id} → {path}",
        "Printed the quote of opportunity {id} to {path}",
    ),
    "opportunities.quote_one_id": (
        "报价单按商机编号打印，一次一个（收到的是“{given}”）。",
        "A quote is printed for one opportunity ID at a time (got '{given}').",
    ),
    "opportunities.demo_written": ("已生成 {count} 个商机", "{count} opportunities written"),
    # the Today page
    "opportunities.today_closing": ("本月预计成交的商机", "Opportunities closing this month"),
    "opportunities.today_idle": ("14 天无进展的商机", "Opportunities idle for 14 days"),
}
