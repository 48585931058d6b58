"""Which column of a customer list is which field: header synonyms, units, remembered choices.

Headers are matched after folding (full-width to half-width, case, spaces and
punctuation ignored) against the catalogue's own labels and a table of the words
people actually write (客户全称, 公司名称, 联系人, Company…). A unit in the header is
understood: (元) and (天) change nothing, (万元) multiplies money by 10,000.

A mapping the user corrects is remembered per set of headers, in the team's
`Setting` table under the key ``import.mapping.<sha1 of the folded headers>``, so the
next list with the same headers maps itself the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from crm_desktop.models import Setting
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP, CUSTOMER_FIELDS
from crm_desktop.textutil import fold, to_halfwidth

SETTING_PREFIX = "import.mapping."

# field -> extra words people use for it (the catalogue's zh/en labels and the field
# name itself are always synonyms too)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "客户名称",
        "客户全称",
        "客户名",
        "客户",
        "公司名称",
        "公司全称",
        "公司",
        "单位名称",
        "单位",
        "企业名称",
        "企业",
        "名称",
        "商户名称",
        "经销商名称",
        "customer",
        "company",
        "company name",
        "customer name",
        "account",
        "account name",
        "name",
        "organization",
    ),
    "code": (
        "客户代号",
        "客户编号",
        "客户编码",
        "客户代码",
        "编号",
        "代号",
        "编码",
        "客户号",
        "code",
        "customer code",
        "customer no",
        "customer number",
        "customer id",
        "account no",
    ),
    "channel_code": ("通路代号", "渠道代号", "渠道编号", "渠道", "channel", "channel code"),
    "legal_rep": (
        "法定代表",
        "法定代表人",
        "法人代表",
        "法人",
        "legal representative",
        "legal rep",
    ),
    "address": ("地址", "公司地址", "联系地址", "注册地址", "办公地址", "address"),
    "tax_id": (
        "税籍号码",
        "税号",
        "纳税人识别号",
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "uscc",
        "tax id",
        "tax no",
        "tax number",
        "vat no",
    ),
    "phone": (
        "电话",
        "公司电话",
        "固定电话",
        "座机",
        "办公电话",
        "电话号码",
        "phone",
        "tel",
        "telephone",
        "phone number",
    ),
    "fax": ("传真", "传真号码", "fax"),
    "bank_account": (
        "开户帐号",
        "开户账号",
        "银行账号",
        "银行帐号",
        "账号",
        "bank account",
        "account number",
    ),
    "bank": ("开户银行", "开户行", "银行", "bank"),
    "delivery_address": (
        "收货地址",
        "送货地址",
        "发货地址",
        "delivery address",
        "shipping address",
    ),
    "contact_name": (
        "联络人",
        "联系人",
        "联系人姓名",
        "对接人",
        "contact",
        "contact name",
        "contact person",
    ),
    "contact_phone": (
        "联络电话",
        "联系电话",
        "联系人电话",
        "手机",
        "手机号",
        "手机号码",
        "联系方式",
        "mobile",
        "contact phone",
        "cell phone",
    ),
    "invoice_type": ("发票种类", "发票类型", "发票", "invoice type", "invoice"),
    "email": ("电子邮件", "邮箱", "电子邮箱", "邮件", "e-mail", "email", "mail"),
    "website": ("网址", "网站", "公司网站", "主页", "website", "web", "url", "homepage"),
    "org_type": (
        "组织型态",
        "组织形式",
        "企业组织形式",
        "企业性质",
        "企业类型",
        "公司类型",
        "organization type",
        "company type",
        "ownership type",
    ),
    "license_no": (
        "营业执照编号",
        "营业执照号",
        "执照编号",
        "营业执照",
        "business licence no",
        "business license no",
        "licence no",
        "license no",
    ),
    "registered_capital": ("注册资本", "注册资金", "registered capital"),
    "founded": (
        "成立时间",
        "成立日期",
        "创业时间",
        "创立时间",
        "注册日期",
        "founded",
        "established",
        "date founded",
    ),
    "business_scope": ("营业项目", "经营范围", "主营业务", "主营", "business scope"),
    "annual_turnover": (
        "年营业额",
        "年销售额",
        "营业额",
        "年收入",
        "annual turnover",
        "annual revenue",
        "turnover",
        "revenue",
    ),
    "shop_ownership": ("店面", "店面性质", "shop"),
    "shop_lease_start": ("租用期限起", "租期开始", "租赁开始", "lease from", "lease start"),
    "shop_lease_end": ("租用期限止", "租期结束", "租赁到期", "lease to", "lease end"),
    "warehouse_area": ("仓库面积", "warehouse area"),
    "warehouse_ownership": ("仓库", "仓库性质", "warehouse"),
    "payment_terms": ("付款条件", "付款方式", "结算方式", "payment terms"),
    "payment_terms_note": ("付款条件说明", "付款说明", "payment terms note"),
    "credit_rating": ("信用等级", "信用评级", "credit rating", "credit grade"),
    "abc_class": (
        "客户分类",
        "客户等级",
        "客户级别",
        "abc分类",
        "abc",
        "customer class",
        "class",
        "grade",
    ),
    "credit_limit": ("信用额度", "授信额度", "信用限额", "credit limit", "credit line"),
    "collection_days": (
        "收款期限",
        "账期",
        "帐期",
        "回款期限",
        "付款期限",
        "collection period",
        "payment days",
        "credit days",
    ),
    "remarks": ("备注", "说明", "注释", "remarks", "remark", "notes", "note", "comments"),
    "proprietor": ("所有者", "业主", "老板", "owner name", "proprietor"),
    "manager_name": ("经营管理者", "总经理", "经理", "负责人", "manager"),
    "trading_since": (
        "与公司交易时间",
        "交易时间",
        "合作时间",
        "首次交易",
        "开始合作",
        "trading since",
        "customer since",
    ),
    "industry": ("业种", "行业", "所属行业", "industry", "sector"),
    "assets": ("资产", "总资产", "资产总额", "assets", "total assets"),
    "owner": (
        "负责业务员",
        "业务员",
        "销售员",
        "负责人员",
        "销售代表",
        "客户经理",
        "salesperson",
        "sales rep",
        "owner",
        "account manager",
    ),
    "stage": ("客户阶段", "阶段", "客户状态", "lifecycle stage", "stage", "status"),
    "loyalty": ("购买阶段", "buying stage", "loyalty"),
    "source": ("客户来源", "来源", "source", "lead source"),
    "lost_reason": ("流失原因", "why lost", "lost reason"),
    "contact_interval_days": (
        "联系周期",
        "回访周期",
        "拜访周期",
        "contact interval",
        "visit interval",
    ),
}

# unit words found in a header, and the multiplier they mean for money
_UNIT = re.compile(
    r"[(\[【]?\s*(万元|萬元|万|元|人民币|rmb|cny|yuan|10k yuan|ten thousand yuan|天|日|days?|"
    r"平方米|平米|㎡|m2|m²)\s*[)\]】]?\s*$",
    re.IGNORECASE,
)
_WAN = {"万元", "萬元", "万", "10k yuan", "ten thousand yuan"}


@dataclass(frozen=True)
class ColumnMap:
    """One column of the file: its header, the field it feeds (None: not imported), its unit."""

    index: int
    header: str
    field: str | None
    multiplier: int = 1  # 10000 for a money column headed (万元)
    unit: str = ""

    @property
    def label(self) -> str:
        return self.header or f"#{self.index + 1}"


def split_unit(header: str) -> tuple[str, str]:
    """'信用额度（万元）' -> ('信用额度', '万元'); a header without a unit -> (header, '')."""
    text = to_halfwidth(str(header or "")).strip()
    match = _UNIT.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(), match.group(1).lower()
    return text, ""


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in CUSTOMER_FIELDS:
        for word in (spec.zh, spec.en, spec.name, spec.name.replace("_", " ")):
            index.setdefault(fold(split_unit(word)[0]), spec.name)
    for name, words in SYNONYMS.items():
        for word in words:
            index.setdefault(fold(word), name)
    return index


_INDEX = _build_index()


def match_header(header: object) -> tuple[str | None, str]:
    """The field a header names, and its unit word; (None, unit) when unknown."""
    base, unit = split_unit(str(header or ""))
    key = fold(base)
    if not key:
        return None, unit
    return _INDEX.get(key), unit


def multiplier_for(field: str | None, unit: str) -> int:
    if field and unit in _WAN and CUSTOMER_FIELD_MAP[field].kind == "money":
        return 10_000
    return 1


def header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def auto_map(headers: list[str]) -> list[ColumnMap]:
    """Each header matched by synonym; a field already taken by an earlier column is not reused."""
    taken: set[str] = set()
    out = []
    for i, header in enumerate(headers):
        field, unit = match_header(header)
        if field in taken:
            field = None
        if field:
            taken.add(field)
        out.append(ColumnMap(i, header, field, multiplier_for(field, unit), unit))
    return out


def score_header_row(row: list) -> int:
    """How many cells of a row are known headers: the header row is the best of the first
    rows (`import_layout.find_layout` weighs it with the row's shape)."""
    return sum(
        1 for value in row if value not in (None, "") and match_header(header_text(value))[0]
    )


def headers_key(headers: list[str]) -> str:
    text = "\x1f".join(fold(h) for h in headers)
    return SETTING_PREFIX + hashlib.sha1(text.encode("utf-8")).hexdigest()


def remembered_mapping(headers: list[str]) -> list[ColumnMap] | None:
    """The mapping last confirmed for exactly these headers, if any."""
    row = Setting.get_or_none(Setting.key == headers_key(headers))
    if row is None:
        return None
    try:
        saved = json.loads(row.value)
    except ValueError:
        return None
    fields = saved.get("fields") if isinstance(saved, dict) else None
    if not isinstance(fields, list) or len(fields) != len(headers):
        return None
    out = []
    for i, (header, field) in enumerate(zip(headers, fields, strict=True)):
        if field not in CUSTOMER_FIELD_MAP:
            field = None
        unit = split_unit(header)[1]
        out.append(ColumnMap(i, header, field, multiplier_for(field, unit), unit))
    return out


def remember_mapping(headers: list[str], columns: list[ColumnMap]) -> None:
    """Keep the user's mapping for these headers (call inside the import's transaction)."""
    key = headers_key(headers)
    value = json.dumps(
        {"headers": headers, "fields": [c.field for c in columns]}, ensure_ascii=False
    )
    if Setting.get_or_none(Setting.key == key) is None:
        Setting.create(key=key, value=value)
    else:
        Setting.update(value=value).where(Setting.key == key).execute()


def with_field(column: ColumnMap, field: str | None) -> ColumnMap:
    """The same column fed to another field (the unit re-read for it)."""
    return ColumnMap(
        column.index, column.header, field, multiplier_for(field, column.unit), column.unit
    )
