"""The customer card's field catalogue: one row per field, with its labels and kind.

The editor's tabs, the export's columns, the importer's header matching and the
printed form all read this one table, so a field is described once. Enumeration
labels (增值税发票 / VAT invoice …) live here too. It is plain data that imports
nothing above the models, so the services and the report builders share it without
depending on each other (services/fields.py re-exports it under its old name).
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.models import entities as E

# kinds: text (one line), long (multi-line), date, money, int, decimal, choice, user
GROUPS: dict[str, tuple[str, str]] = {
    "basic": ("基本资料", "Basic data"),
    "organization": ("组织及营运状况", "Organization and operations"),
    "payment": ("付款状况", "Payment and credit"),
    "card_basic": ("基础资料", "Basic facts"),
    "characteristics": ("客户特征", "Characteristics"),
    "business": ("业务状况", "Business status"),
    "transaction": ("交易现状", "Transaction status"),
    "management": ("客户管理", "Management"),
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    zh: str
    en: str
    group: str
    kind: str = "text"
    choices: str | None = None  # key into CHOICES
    required: bool = False
    credit: bool = False  # changed only by an approved credit request (or the GM)

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en


CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "invoice_type": {
        "vat": ("增值税发票", "VAT invoice"),
        "ordinary": ("普通发票", "Ordinary invoice"),
    },
    "org_type": {
        "state_owned": ("国营企业", "State-owned"),
        "township": ("乡镇企业", "Township enterprise"),
        "individual": ("个体", "Individual business"),
        "foreign_owned": ("外商独资", "Wholly foreign-owned"),
        "joint_venture": ("中外合资、合作", "Sino-foreign joint venture"),
    },
    "ownership": {"owned": ("自有", "Owned"), "rented": ("租用", "Rented")},
    "payment_terms": {
        "prepaid": ("款到发货", "Payment before delivery"),
        "other": ("其他", "Other"),
    },
    "credit_rating": {k: (f"{k}级", f"Grade {k}") for k in E.CREDIT_RATINGS},
    "abc_class": {k: (f"{k}级", f"Class {k}") for k in E.ABC_CLASSES},
    "stage": {
        "potential": ("潜在客户", "Potential"),
        "prospective": ("预期客户", "Prospective"),
        "current": ("现实客户", "Current"),
        "lost": ("流失客户", "Lost"),
    },
    "loyalty": {
        "first_time": ("初次购买", "First-time buyer"),
        "repeat": ("重复购买", "Repeat buyer"),
        "loyal": ("忠诚客户", "Loyal customer"),
    },
    "source": {
        "friends": ("亲朋好友", "Friends and relatives"),
        "individual": ("个人", "Individuals"),
        "group": ("团体", "Groups"),
        "influential": ("有影响力的人", "Influential people"),
        "publication": ("出版物", "Publications"),
        "lost_customer": ("流失客户", "Lost customers"),
        "competitor": ("竞争者的客户", "Competitors' customers"),
        "partner": ("合作伙伴", "Partners"),
        "other": ("其他", "Other"),
    },
    "role": {
        "gm": ("总经理", "General manager"),
        "sales_manager": ("销售经理", "Sales manager"),
        "salesperson": ("业务员", "Salesperson"),
    },
    "gender": {"M": ("男", "Male"), "F": ("女", "Female")},
    "contact_role": {
        "owner": ("所有者", "Owner"),
        "manager": ("经营管理者", "Manager"),
        "legal_rep": ("法人代表", "Legal representative"),
        "purchasing": ("采购", "Purchasing"),
        "finance": ("财务", "Finance"),
        "other": ("其他", "Other"),
    },
}

F = FieldSpec
CUSTOMER_FIELDS: tuple[FieldSpec, ...] = (
    # 基本资料 — the form's first block
    F("name", "客户名称", "Customer name", "basic", required=True),
    F("code", "客户代号", "Customer code", "basic"),
    F("channel_code", "通路代号", "Channel code", "basic"),
    F("legal_rep", "法定代表", "Legal representative", "basic"),
    F("address", "地址", "Address", "basic"),
    F("tax_id", "税籍号码", "Tax ID", "basic"),
    F("phone", "电话", "Phone", "basic"),
    F("fax", "传真", "Fax", "basic"),
    F("bank_account", "开户帐号", "Bank account", "basic"),
    F("bank", "开户银行", "Bank", "basic"),
    F("delivery_address", "收货地址", "Delivery address", "basic"),
    F("contact_name", "联络人", "Contact", "basic"),
    F("contact_phone", "联络电话", "Contact phone", "basic"),
    F("invoice_type", "发票种类", "Invoice type", "basic", "choice", "invoice_type"),
    F("email", "电子邮件", "Email", "basic"),
    F("website", "网址", "Website", "basic"),
    # 组织及营运状况
    F("org_type", "组织型态", "Organization type", "organization", "choice", "org_type"),
    F("license_no", "营业执照编号", "Business licence no.", "organization"),
    F("registered_capital", "注册资本", "Registered capital", "organization", "money"),
    F("founded", "成立时间", "Founded", "organization", "date"),
    F("business_scope", "营业项目", "Business scope", "organization", "long"),
    F("annual_turnover", "年营业额", "Annual turnover", "organization", "money"),
    F("shop_ownership", "店面", "Shop", "organization", "choice", "ownership"),
    F("shop_lease_start", "租用期限起", "Lease from", "organization", "date"),
    F("shop_lease_end", "租用期限止", "Lease to", "organization", "date"),
    F("warehouse_area", "仓库面积", "Warehouse area", "organization", "decimal"),
    F("warehouse_ownership", "仓库", "Warehouse", "organization", "choice", "ownership"),
    # 付款状况
    F(
        "payment_terms",
        "付款条件",
        "Payment terms",
        "payment",
        "choice",
        "payment_terms",
        credit=True,
    ),
    F("payment_terms_note", "付款条件说明", "Payment terms (other)", "payment", credit=True),
    F(
        "credit_rating",
        "信用等级",
        "Credit rating",
        "payment",
        "choice",
        "credit_rating",
        credit=True,
    ),
    F("abc_class", "客户分类", "Customer class", "payment", "choice", "abc_class"),
    F("credit_limit", "信用额度", "Credit limit", "payment", "money", credit=True),
    F("collection_days", "收款期限", "Collection period", "payment", "int", credit=True),
    F("remarks", "备注", "Remarks", "payment", "long"),
    # 客户资料卡: 基础资料
    F("proprietor", "所有者", "Owner (proprietor)", "card_basic"),
    F("manager_name", "经营管理者", "Manager", "card_basic"),
    F("trading_since", "与公司交易时间", "Trading with us since", "card_basic", "date"),
    F("industry", "业种", "Industry", "card_basic"),
    F("assets", "资产", "Assets", "card_basic", "money"),
    # 客户特征
    F("service_area", "服务区域", "Service area", "characteristics", "long"),
    F("sales_capability", "销售能力", "Sales capability", "characteristics", "long"),
    F("development_potential", "发展潜力", "Development potential", "characteristics", "long"),
    F("distribution_philosophy", "经销观念", "Distribution philosophy", "characteristics", "long"),
    F("business_direction", "经营方向", "Business direction", "characteristics", "long"),
    F("business_policy", "经营政策", "Business policy", "characteristics", "long"),
    F("enterprise_scale", "企业规模", "Enterprise scale", "characteristics", "long"),
    F("business_features", "经营特点", "Business features", "characteristics", "long"),
    # 业务状况
    F("sales_performance", "销售业绩", "Sales performance", "business", "long"),
    F(
        "staff_quality",
        "经营管理者和业务人员的素质",
        "Quality of managers and sales staff",
        "business",
        "long",
    ),
    F(
        "competitor_relations",
        "与其他竞争者的关系",
        "Relations with competitors",
        "business",
        "long",
    ),
    F(
        "relationship_with_us",
        "与本公司的业务关系",
        "Business relationship with us",
        "business",
        "long",
    ),
    F("cooperation_attitude", "合作态度", "Cooperation attitude", "business", "long"),
    # 交易现状
    F(
        "current_sales_activities",
        "销售活动现状",
        "Current sales activities",
        "transaction",
        "long",
    ),
    F("problems", "存在的问题", "Problems", "transaction", "long"),
    F("strengths", "保持的优势", "Strengths", "transaction", "long"),
    F("future_countermeasures", "未来的对策", "Future countermeasures", "transaction", "long"),
    F("corporate_image", "企业形象", "Corporate image", "transaction", "long"),
    F("reputation", "声誉", "Reputation", "transaction", "long"),
    F("credit_status", "信用状况", "Credit status", "transaction", "long"),
    F("trade_conditions", "交易条件", "Trade conditions", "transaction", "long"),
    F("credit_problems", "出现的信用问题", "Credit problems that occurred", "transaction", "long"),
    # 管理
    F("owner", "负责业务员", "Owner (salesperson)", "management", "user"),
    F("stage", "客户阶段", "Lifecycle stage", "management", "choice", "stage"),
    F("loyalty", "购买阶段", "Buying stage", "management", "choice", "loyalty"),
    F("source", "客户来源", "Source", "management", "choice", "source"),
    F("lost_reason", "流失原因", "Why lost", "management", "long"),
    F("contact_interval_days", "联系周期(天)", "Contact interval (days)", "management", "int"),
)

CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    F("name", "姓名", "Name", "contact", required=True),
    F("role", "身份", "Role", "contact", "choice", "contact_role"),
    F("title", "职务", "Title", "contact"),
    F("gender", "性别", "Gender", "contact", "choice", "gender"),
    F("phone", "电话", "Phone", "contact"),
    F("mobile", "手机", "Mobile", "contact"),
    F("email", "电子邮件", "Email", "contact"),
    F("wechat", "微信", "WeChat", "contact"),
    F("birthday", "生日", "Birthday", "contact", "date"),
    F("character", "性格", "Character", "contact", "long"),
    F("interests", "兴趣", "Interests", "contact", "long"),
    F("hobbies", "爱好", "Hobbies", "contact", "long"),
    F("family", "家庭", "Family", "contact", "long"),
    F("education", "学历", "Education", "contact"),
    F("ability", "能力", "Ability", "contact", "long"),
    F("social_groups", "所属社会团体", "Social groups", "contact", "long"),
    F("religion", "宗教信仰", "Religion", "contact"),
    F("notes", "备注", "Notes", "contact", "long"),
    F("is_primary", "主要联系人", "Primary contact", "contact", "bool"),
)
del F

CUSTOMER_FIELD_MAP: dict[str, FieldSpec] = {f.name: f for f in CUSTOMER_FIELDS}
CONTACT_FIELD_MAP: dict[str, FieldSpec] = {f.name: f for f in CONTACT_FIELDS}
CREDIT_FIELDS: frozenset[str] = frozenset(f.name for f in CUSTOMER_FIELDS if f.credit)


def choice_label(choices: str, code: str | None, lang: str = "zh") -> str:
    """The label of an enumeration code; the code itself when unknown, '' for None."""
    if not code:
        return ""
    zh_en = CHOICES.get(choices, {}).get(code)
    if zh_en is None:
        return code
    return zh_en[0] if lang.startswith("zh") else zh_en[1]


def fields_in_group(group: str) -> list[FieldSpec]:
    return [f for f in CUSTOMER_FIELDS if f.group == group]
