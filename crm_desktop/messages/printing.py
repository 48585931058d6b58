"""Texts of printing the 客户基本资料表 and the 客户资料卡."""

MESSAGES: dict[str, tuple[str, str]] = {
    "printing.unknown_kind": (
        "无法打印“{kind}”：请选择客户基本资料表（form）或客户资料卡（card）。",
        "Unknown print kind '{kind}': choose form or card.",
    ),
    "printing.no_codes": ("请至少填写一个客户代号。", "Name at least one customer code."),
    "printing.none_chosen": (
        "请至少选择一位要打印的客户。",
        "Choose at least one customer to print.",
    ),
    "printing.unknown_codes": (
        "没有这些客户代号：{codes}。",
        "Unknown customer codes: {codes}.",
    ),
    "printing.missing_ids": (
        "这些客户不存在或已删除：{ids}。",
        "Customers do not exist or were deleted: {ids}.",
    ),
    "printing.not_yours": (
        "无权打印：{codes} 属于其他业务员。",
        "Not allowed: {codes} belong to another salesperson.",
    ),
    "printing.no_cjk_font": (
        "未找到中文 TrueType 字体；PDF 使用阅读器内置的 {font} 字体，只有装有亚洲字体的阅读器"
        "才能显示中文。请在“设置”中选择字体文件（如 simsun.ttc 或 wqy-microhei.ttc）。",
        "No CJK TrueType font was found; the PDF uses the reader's built-in font {font} "
        "and shows Chinese only where the reader has Asian fonts installed. Choose a font "
        "file (e.g. simsun.ttc or wqy-microhei.ttc) in Settings.",
    ),
    # the name of a print run's PDF (the preview's title, "Save as" proposes it)
    "printing.file_form_one": ("客户基本资料表-{code}.pdf", "form-{code}.pdf"),
    "printing.file_form_many": (
        "客户基本资料表-{n}位客户-{stamp}.pdf",
        "form-{n}-customers-{stamp}.pdf",
    ),
    "printing.file_card_one": ("客户资料卡-{code}.pdf", "card-{code}.pdf"),
    "printing.file_card_many": (
        "客户资料卡-{n}位客户-{stamp}.pdf",
        "card-{n}-customers-{stamp}.pdf",
    ),
    "printing.customers_one": ("{n} 位客户", "{n} customer"),
    "printing.customers_many": ("{n} 位客户", "{n} customers"),
    "printing.pages_one": ("{n} 页", "{n} page"),
    "printing.pages_many": ("{n} 页", "{n} pages"),
    "printing.done_form": (
        "已打印 {customers}的客户基本资料表（共 {pages}）：{path}",
        "Printed the form of {customers} ({pages}) to {path}",
    ),
    "printing.done_card": (
        "已打印 {customers}的客户资料卡（共 {pages}）：{path}",
        "Printed the profile card of {customers} ({pages}) to {path}",
    ),
    "printing.done_blank": (
        "已打印空白的客户基本资料表：{path}",
        "Printed a blank customer basic information form to {path}",
    ),
    "printing.unprintable": (
        "以下字符没有可用的字体，打印出来是空白：{chars}。请在“设置”中选择包含这些字符的字体文件。",
        "No font has these characters, so they print blank: {chars}. Choose a font file "
        "that has them in Settings.",
    ),
    "printing.logo_unreadable": (
        "无法读取信头标志图片 {path}，打印时不带标志。",
        "The letterhead logo {path} cannot be read; printed without it.",
    ),
    "printing.continued": (
        "{codes} 的部分内容过长，已打印在续页上。",
        "Some texts of {codes} were too long for the form and continue on extra pages.",
    ),
    "printing.blank_form_only": (
        "只能打印空白的客户基本资料表（print form --blank），不需要填写客户代号。",
        "Only the form prints blank (print form --blank), without customer codes.",
    ),
    # the Settings dialog's letterhead group
    "printing.settings_letterhead": ("打印信头", "Letterhead on printouts"),
    "printing.settings_address": ("公司地址：", "Company address:"),
    "printing.settings_phone": ("公司电话：", "Company phone:"),
    "printing.settings_tax_id": ("公司税号：", "Company tax ID:"),
    "printing.settings_logo": ("公司标志图片：", "Company logo image:"),
    "printing.settings_logo_none": ("不用标志", "No logo"),
    "printing.settings_browse": ("浏览…", "Browse…"),
    "printing.settings_choose_logo": ("选择标志图片", "Choose a logo image"),
    "printing.settings_images": ("图片 (*.png *.jpg *.jpeg)", "Images (*.png *.jpg *.jpeg)"),
    "printing.settings_confidential": (
        "每页标注“内部资料”",
        "Mark every page CONFIDENTIAL",
    ),
}
