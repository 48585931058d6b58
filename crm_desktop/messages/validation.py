"""Texts of the value rules: what is wrong with one value a person typed or imported."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a field's problem, as shown next to it and in an import's rejected rows
    "validation.field": ("{label}：{problem}", "{label}: {problem}"),
    "validation.fields": ("有字段填写有误。", "Some fields are wrong."),
    "validation.required": ("必须填写", "is required"),
    # the same, shown at the field itself, where the label is right beside it
    "validation.required_at_field": ("必填", "Required"),
    "validation.must_be_positive": ("必须大于 0", "must be more than 0"),
    "validation.too_long": (
        "有 {length} 个字符，最多只能填 {limit} 个",
        "is {length} characters long; at most {limit} fit",
    ),
    # numbers and money (one rule: validation.parse_decimal / parse_money)
    "validation.not_a_number": ("“{value}”不是数字", "'{value}' is not a number"),
    "validation.foreign_currency": (
        "“{value}”不是人民币金额，请换算成元",
        "'{value}' is not an amount in yuan (RMB); convert it to yuan",
    ),
    "validation.not_an_amount": (
        "“{value}”不是金额，请填写数字，如 50000、5万、¥1,200.50",
        "'{value}' is not an amount; type a number such as 50000, 5万 or ¥1,200.50",
    ),
    "validation.range": (
        "“{value}”是一个范围或估计，不是一个确切的数",
        "'{value}' is a range or an estimate, not one number",
    ),
    "validation.negative": (
        "“{value}”是负数，不能小于 0",
        "'{value}' is negative; it must be 0 or more",
    ),
    "validation.too_large": (
        "“{value}”太大，必须小于 {limit}",
        "'{value}' is too large; it must be less than {limit}",
    ),
    "validation.too_many_decimals": (
        "“{value}”的小数超过 {places} 位",
        "'{value}' has more than {places} decimal places",
    ),
    "validation.not_whole": ("“{value}”不是整数", "'{value}' is not a whole number"),
    # dates
    "validation.number_not_date": (
        "“{value}”是数字，不是日期",
        "'{value}' is a number, not a date",
    ),
    "validation.not_a_date": (
        "“{value}”不是日期，请按 年-月-日 填写（如 2024-03-05）",
        "'{value}' is not a date; use YYYY-MM-DD",
    ),
    "validation.ambiguous_date": (
        "“{value}”有歧义：日和月可能颠倒，请按 年-月-日 填写（如 2024-03-05）",
        "'{value}' is ambiguous: day and month could be either way; use YYYY-MM-DD",
    ),
    "validation.date_out_of_range": (
        "“{value}”的年份不对：日期应在 {first} 年到 {last} 年之间",
        "'{value}' has an unlikely year: dates go from {first} to {last}",
    ),
    "validation.impossible_date": (
        "“{value}”不是真实存在的日期",
        "'{value}' is not a real date",
    ),
    # choices: `allowed` is the list of labels, in the reader's language
    "validation.not_a_choice": (
        "“{value}”不在可选范围内，可选：{allowed}",
        "'{value}' is not one of: {allowed}",
    ),
    # tax ID (税籍号码) and unified social credit code (统一社会信用代码)
    "validation.uscc_char": (
        "“{value}”含有“{char}”，统一社会信用代码中不会出现这个字符",
        "'{value}' has '{char}', which a unified social credit code never contains",
    ),
    "validation.resident_id_check_digit": (
        "“{value}”不是有效的身份证号码（校验位不对）",
        "'{value}' is not a valid ID card number (check digit)",
    ),
    "validation.uscc_check_digit": (
        "“{value}”不是有效的统一社会信用代码（校验位不符）",
        "'{value}' is not a valid unified social credit code (check digit)",
    ),
    "validation.uscc_body": (
        "“{value}”不是统一社会信用代码的前 17 位",
        "'{value}' is not the first 17 characters of a credit code",
    ),
    "validation.tax_id_form": (
        "“{value}”既不是 18 位统一社会信用代码，也不是 15–20 位税务登记号",
        "'{value}' is neither an 18-character unified social credit code "
        "nor a 15–20 character tax registration number",
    ),
}
