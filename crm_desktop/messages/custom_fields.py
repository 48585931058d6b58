"""Texts of custom fields (自定义字段): defining them and filling them in."""

MESSAGES: dict[str, tuple[str, str]] = {
    "custom_fields.action_define": ("定义自定义字段", "define custom fields"),
    "custom_fields.no_label": ("请填写字段名称。", "Give the field a name."),
    "custom_fields.label_too_long": (
        "字段名称“{label}”太长（最多 {limit} 个字）。",
        "The field name '{label}' is too long (at most {limit} characters).",
    ),
    "custom_fields.label_builtin": (
        "“{label}”已是客户资料里的字段“{field}”，请换一个名称。",
        "'{label}' is already the customer field '{field}'; choose another name.",
    ),
    "custom_fields.label_taken": (
        "已有名为“{label}”的自定义字段。",
        "There is already a custom field named '{label}'.",
    ),
    "custom_fields.bad_kind": (
        "“{kind}”不是字段类型，可选：{allowed}。",
        "'{kind}' is not a kind of field; choose one of {allowed}.",
    ),
    "custom_fields.bad_group": (
        "“{group}”不是资料卡的分组，可选：{allowed}。",
        "'{group}' is not a group of the card; choose one of {allowed}.",
    ),
    "custom_fields.no_choices": (
        "“{label}”是选择型字段，请至少给出一个选项。",
        "'{label}' is a choice field; give it at least one option.",
    ),
    "custom_fields.duplicate_choice": (
        "选项“{choice}”重复了。",
        "The option '{choice}' appears twice.",
    ),
    "custom_fields.no_field": ("没有这个自定义字段：{field}", "No such custom field: {field}"),
    "custom_fields.changed_meanwhile": (
        "自定义字段“{label}”已被他人修改，请重新打开后再改。",
        "Someone else changed the custom field '{label}'; reopen it and try again.",
    ),
    "custom_fields.kind_fixed": (
        "“{label}”已有 {count} 个值，不能再改字段类型。",
        "'{label}' already holds {count} values; its kind can no longer change.",
    ),
    "custom_fields.retired_field": (
        "已停用，不能填写新值",
        "is retired and takes no new values",
    ),
    "custom_fields.retired_choice": ("{label}（已停用）", "{label} (retired)"),
    "custom_fields.confirm_delete": (
        "删除自定义字段“{label}”？它在 {count} 张卡片上的值将不再显示（可撤销）。",
        "Delete the custom field '{label}'? Its values on {count} cards will no longer "
        "show (this can be undone).",
    ),
    "custom_fields.kind_text": ("文本", "Text"),
    "custom_fields.kind_long": ("多行文本", "Long text"),
    "custom_fields.kind_number": ("数字", "Number"),
    "custom_fields.kind_money": ("金额", "Amount"),
    "custom_fields.kind_date": ("日期", "Date"),
    "custom_fields.kind_bool": ("是/否", "Yes/no"),
    "custom_fields.kind_choice": ("单选", "One choice"),
    "custom_fields.kind_tags": ("多选（标签）", "Several choices (tags)"),
    "custom_fields.group_custom": ("自定义", "Custom"),
    "custom_fields.filter_all": ("全部自定义选项", "Any custom option"),
    "custom_fields.tab": ("自定义字段", "Custom fields"),
    "custom_fields.yes": ("是", "Yes"),
    "custom_fields.no": ("否", "No"),
}
