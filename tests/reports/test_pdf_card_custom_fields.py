"""The printed 客户资料卡 shows custom fields in their group; the form stays the paper form."""

from __future__ import annotations

from pdf_check import page_texts, squeeze

from crm_desktop.jobs.printing import print_customers
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customers import create_customer


def test_profile_card_prints_custom_fields_in_their_group(admin, tmp_path):
    """A field of 业务状况 prints in that group, one of its own tab under 自定义字段, a hidden
    one not at all; the basic-information form prints none of them."""
    card = create_customer(admin, {"name": "远东贸易", "code": "C100", "problems": "回款偏慢"})
    money = custom_defs.define_field(
        admin, "年采购量", "Annual purchases", "money", group="business"
    )
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["核心", "一般"])
    secret = custom_defs.define_field(admin, "内部备忘", "Internal memo")
    custom_values.set_values(
        admin, "customer", card.id, {money.name: "5万", tier.name: "核心", secret.name: "勿印"}
    )
    custom_defs.update_field(admin, secret.id, hidden=True)

    out = tmp_path / "card.pdf"
    print_customers(admin, out, codes=["C100"], kind="card", lang="zh_CN")
    text = squeeze("".join(page_texts(out)))
    business, transaction = text.index("业务状况"), text.index("交易现状")
    assert business < text.index("年采购量") < transaction
    assert "¥50,000.00" in text
    assert "自定义字段" in text and "合作层级" in text and "核心" in text
    assert "勿印" not in text

    form = tmp_path / "form.pdf"
    print_customers(admin, form, codes=["C100"], kind="form", lang="zh_CN")
    assert "年采购量" not in squeeze("".join(page_texts(form)))
