"""Texts of the value rules: what is wrong with one value a person typed or imported."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a field's problem, as shown next to it and in an import's rejected rows
    "validation.field": ("{label}：{problem}", "{label}: {problem}"),
    "validation.fields": ("有字段填写有误。", "Some fields are wrong."),
    "validation.required": ("必须填写", "is required"),
}
