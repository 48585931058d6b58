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
from collections.abc import Sequence
from dataclasses import dataclass

from crm_desktop.models import Setting
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP, CUSTOMER_FIELDS
from crm_desktop.services.importing.traditional import traditional_forms, with_traditional
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
        "客户单位",
        "单位全称",
        "机构名称",
        "公司名",
        "客户公司",
        "购货单位",  # an invoice's buyer (购买方): lists taken from the invoices issued
        "购买方名称",
        "购方名称",
        "客户姓名",  # a list of people as customers (retail, insurance): their names
        "顾客姓名",
        "会员姓名",
        "往来单位",  # accounting software's (用友, 金蝶) receivables and contacts lists
        "往来单位名称",
        "甲方",  # a contracts ledger: the customer is the contract's first party
        "甲方名称",
        "甲方单位",
        "签约单位",
        "经销商",
        "代理商名称",
        "门店名称",
        # a foreign-trade list's two names: the Chinese one is the card's
        "中文名称",
        "中文名",
        "中文全称",
        "公司中文名称",
        "公司中文名",
        "客户中文名称",
        "客户中文名",
        "单位中文名称",
        "chinese name",
        "companyname",
        "account name",
        "organization name",
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
        # a CRM's account is its customer: Salesforce's Account Number beside Account Name
        "account number",
        "acct no",
        "ref",
        "reference",
        "internal reference",
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
    "address": (
        "地址",
        "公司地址",
        "联系地址",
        "注册地址",
        "办公地址",
        "详细地址",
        "街道地址",
        "通讯地址",
        # a person's (a retail or insurance list's customers): the address where no
        # column gives the company's (_FALLBACK_WORDS)
        "住址",
        "家庭住址",
        "家庭地址",
        "现住址",
        "经营地址",
        "营业地址",
        "办公地点",
        "address",
        "street",
        "street address",
        "billing street",
        "mailing street",
        "address 1",
        "address line 1",
        "street 1",  # Dynamics 365's "Address 1: Street 1"
    ),
    "tax_id": (
        "税籍号码",
        "税号",
        "纳税人识别号",
        "统一社会信用代码",
        "社会信用代码",
        "统一编号",
        "信用代码",
        "uscc",
        "tax id",
        "tax no",
        "tax number",
        "vat no",
        "vat",
        "tax id number",
        "纳税识别号",
        "税务登记号",
        "纳税登记号",  # 金蝶's 客户 list
        "税务登记证号",
        # an individual customer's (个人客户): their ID number is their tax ID
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
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
        "company phone",
        "office phone",
        "座机号码",
        "总机",
        "main phone",  # Dynamics 365's
        "business phone",
    ),
    "fax": ("传真", "传真号码", "传真号", "fax"),
    "bank_account": (
        "开户帐号",
        "开户账号",
        "银行账号",
        "银行帐号",
        "账号",
        "bank account",
        "bank account number",
        "bank account no",
        "iban",
    ),
    "bank": (
        "开户银行",
        "开户行",
        "银行",
        "开户行及账号",
        "开户行及帐号",
        "开户银行及账号",
        "bank",
    ),
    "delivery_address": (
        "收货地址",
        "送货地址",
        "发货地址",
        "邮寄地址",
        "收件地址",
        "delivery address",
        "shipping address",
    ),
    "contact_name": (
        "联络人",
        "联系人",
        "联系人姓名",
        "对接人",
        "联系人姓名",
        "主要联系人",
        "拜访对象",  # a visit log's: the person visited
        "被访人",
        "受访人",
        "被拜访人",
        "contact",
        "contact name",
        "contact person",
        "primary contact",
    ),
    "contact_phone": (
        "联络电话",
        "联系电话",
        "联系人电话",
        "联系方式",
        "contact phone",
    ),
    "invoice_type": (
        "发票种类",
        "发票类型",
        "开票类型",
        "开票种类",
        "发票",
        "invoice type",
        "invoice",
    ),
    "email": (
        "电子邮件",
        "邮箱",
        "电子邮箱",
        "邮件",
        "e-mail",
        "email",
        "mail",
        # 用友 U8's 客户档案 (Email地址), and the like
        "email地址",
        "e-mail地址",
        "电子邮件地址",
        "邮件地址",
        "邮箱地址",
        "电子邮箱地址",
        "电邮",  # Hong Kong's (電郵)
        "电邮地址",
    ),
    "website": (
        "网址",
        "网站",
        "官网",
        "公司官网",
        "公司网站",
        "主页",
        "website",
        "website url",
        "web",
        "url",
        "homepage",
        "company domain name",
        "domain",
    ),
    "org_type": (
        "组织型态",
        "组织形式",
        "企业组织形式",
        "企业性质",
        "公司性质",
        "单位性质",
        "企业类型",
        "公司类型",
        "经济类型",
        "所有制",
        "organization type",
        "company type",
        "ownership type",
    ),
    "license_no": (
        "营业执照编号",
        "营业执照号",
        "执照编号",
        "营业执照",
        "工商注册号",  # the register's number before the credit code (企查查, 天眼查)
        "注册号",
        "business licence no",
        "business license no",
        "licence no",
        "license no",
        # Hong Kong's business registration (商業登記號碼 BR No.)
        "商业登记号码",
        "商业登记号",
        "商业登记证号码",
        "商业登记证号",
        "br no",
        "br number",
        "business registration no",
        "business registration number",
    ),
    "registered_capital": ("注册资本", "注册资金", "资本额", "registered capital"),
    "founded": (
        "成立时间",
        "成立日期",
        "创业时间",
        "创立时间",
        "注册日期",
        "founded",
        "established",
        "date founded",
        "date established",
        "established date",
        "founded date",
        "incorporation date",
        "date of incorporation",
        "date incorporated",
    ),
    "business_scope": (
        "营业项目",
        "经营范围",
        "主营业务",
        "主营",
        "公司简介",
        "企业简介",
        "简介",
        "business scope",
        "description",
        "company description",
        "about",
    ),
    "annual_turnover": (
        "年营业额",
        "年销售额",
        "营业额",
        "年收入",
        "销售收入",
        "年销售收入",
        "本年销售额",
        "上年销售额",
        "营业收入",
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
    "credit_rating": ("信用等级", "信用评级", "信用级别", "credit rating", "credit grade"),
    "abc_class": (
        "客户分类",
        "客户等级",
        "客户级别",
        "客户类别",
        "客户分级",
        "abc分类",
        "abc",
        "customer class",
        "class",
        "grade",
    ),
    "credit_limit": (
        "信用额度",
        "授信额度",
        "信用限额",
        "信贷额",
        "信贷额度",
        "信贷限额",
        "credit limit",
        "credit line",
    ),
    "collection_days": (
        "收款期限",
        "信用期限",
        "信用期",
        "信用天数",
        "账期天数",
        "收款天数",
        "回款天数",
        "回款周期",
        "结算周期",
        "账期",
        "帐期",
        "回款期限",
        "付款期限",
        "collection period",
        "payment days",
        "credit days",
    ),
    "remarks": (
        "备注",
        "说明",
        "注释",
        "备注信息",
        "remarks",
        "remark",
        "notes",
        "note",
        "comments",
        "comment",
    ),
    "proprietor": ("所有者", "业主", "老板", "owner name", "proprietor"),
    "manager_name": ("经营管理者", "总经理", "经理", "负责人", "manager"),
    "trading_since": (
        "与公司交易时间",
        "交易时间",
        "合作时间",
        "首次交易",
        "开始合作",
        "开始合作日期",
        "开始合作时间",
        "首次合作时间",
        "首次合作日期",
        "合作开始时间",
        "合作开始日期",
        "trading since",
        "customer since",
        "开户日期",  # Hong Kong's and Taiwan's (開戶日期): the day the account was opened
        "开户时间",
    ),
    "industry": (
        "业种",
        "行业",
        "所属行业",
        "行业类别",
        "国标行业",
        # 纷享销客's two levels: the first is the industry, the second stays in the remarks
        "1级行业",
        "一级行业",
        "industry",
        "sector",
        "industry id",
    ),
    "assets": ("资产", "总资产", "资产总额", "assets", "total assets"),
    "owner": (
        "负责业务员",
        "拜访人",  # a visit log's: who made the visit
        "拜访人员",
        "跟进人",
        "提交人",  # 钉钉日志's: who wrote the visit down
        "专管业务员",  # 用友 U8's 客户档案
        "专营业务员",
        "业务员",
        "销售员",
        "负责人员",
        "销售代表",
        "客户经理",
        "salesperson",
        "sales rep",
        "owner",
        "account manager",
        "account owner",
        "company owner",
        "contact owner",
        "salesperson id",
        "user id",
        "所属销售",
        "跟进人",
        "负责销售",
        "销售负责人",
        "所属业务员",
        "归属销售",
        "客户所有人",  # 销售易's
        "对接销售",  # 简道云's forms: the salesperson (提交人 filled the form in)
        "对接人(销售)",
        # 企业微信's customer export: the employee who added the customer
        "添加人",
        "所属员工",
        "归属员工",
        "负责员工",
    ),
    "stage": (
        "客户阶段",
        "阶段",
        "客户状态",
        "lifecycle stage",
        "stage",
        "status",
        "成交状态",
        "成交情况",
    ),  # 纷享销客's, 悟空CRM's: 已成交, 未成交
    "loyalty": ("购买阶段", "buying stage", "loyalty"),
    "source": ("客户来源", "来源", "获客渠道", "source", "lead source", "original source"),
    "lost_reason": ("流失原因", "why lost", "lost reason"),
    "enterprise_scale": (
        "企业规模",
        "公司规模",
        "人数",
        "员工人数",
        "员工数",
        "职工人数",
        "参保人数",
        "人员规模",
        "number of employees",
        "employees",
        "company size",
    ),
    "contact_interval_days": (
        "联系周期",
        "回访周期",
        "拜访周期",
        "contact interval",
        "visit interval",
    ),
}

# --- what a column may feed besides a field of the card ----------------------------------

IGNORE = "ignore"  # deliberately not imported: 序号 (a row number), or the user's choice
MAX_CONTACTS = 5  # 联系人, 联系人2 … 联系人5 on one row
CONTACT_ATTRS = ("name", "title", "mobile", "phone", "email", "wechat", "gender", "birthday")
ADDRESS_PARTS = (
    "address_country",
    "address_region",
    "address_province",
    "address_city",
    "address_district",
    "address_line2",
    "address_zip",
)

# the words of a contact's details; contact 1's name and phone are the card's own
# 联络人 / 联络电话 fields, found through SYNONYMS
_CONTACT_WORDS: dict[str, tuple[str, ...]] = {
    "name": (
        "联系人",
        "联络人",
        "联系人姓名",
        "姓名",
        "contact",
        "contact name",
        "contact person",
        "first name",
        "firstname",
        "given name",
    ),
    "title": (
        "职位",
        "职务",
        "岗位",
        "头衔",
        "联系人职位",
        "联系人职务",
        "职称",  # Taiwan's (職稱)
        "联系人职称",
        "job title",
        "title",
        "position",
        "function",
    ),
    "mobile": (
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "行动电话",
        "手提电话",  # Hong Kong's (手提電話)
        "手提",
        "联系人手机",
        "mobile",
        "联系人手机号",
        "联系人手机号码",
        "备注手机号",  # 企业微信's: the mobile the salesperson noted for the person
        "mobile phone",
        "mobile phone number",
        "cell",
        "cell phone",
        "cellphone",
    ),
    "phone": (
        "电话",
        "联系电话",
        "联络电话",
        "联系人电话",
        "固定电话",
        "座机",
        "办公电话",
        "phone",
    ),
    "email": ("联系人邮箱", "联系人电子邮件", "联系人email", "contact email"),
    "wechat": ("微信", "微信号", "联系人微信", "wechat", "wechat id", "weixin"),
    "gender": ("性别", "联系人性别", "gender", "sex"),
    "birthday": ("生日", "联系人生日", "出生日期", "出生年月日", "birthday", "date of birth",
                 "birthdate", "dob"),
}  # fmt: skip
# more words for the second and later contacts (邮箱2: the second contact's email)
_NUMBERED_WORDS: dict[str, tuple[str, ...]] = {
    "email": ("邮箱", "电子邮件", "电子邮箱", "email", "e-mail"),
}
_ADDRESS_WORDS: dict[str, tuple[str, ...]] = {
    # province, city and district in one cell (浙江省/宁波市/北仑区), as CRMs export them
    "address_region": (
        "省市区",
        "省/市/区",
        "省份/城市/区县",
        "省份/城市",
        "省份城市",
        "省-市-区",
        "省市区县",
        "省市县",
        "省/市/县",
        "省市",
        "省/市",
        "所在省市",
        "所在省市区",
        "所在省市县",
        "所属省市",
        "省市地区",
    ),
    "address_province": (
        "所在省份",
        "省份",
        "省",
        "所在省",
        "所属省份",
        "省/直辖市",
        "state",
        "province",
        "billing state",
        "billing province",
        "state/region",
        "state id",
        "billing state/province",
        "state/province",
    ),
    "address_city": (
        "所在城市",
        "城市",
        "市",
        "地市",
        "地级市",
        "所在地市",
        "所在市",
        "所属城市",
        "city",
        "billing city",
        "town",
    ),
    "address_district": (
        "所在区县",
        "区县",
        "区/县",
        "所在区",
        "所属区县",
        "所属区",
        "区",
        "县",
        "district",
        "county",
    ),
    "address_line2": ("street2", "street address 2", "address 2", "address line 2"),
    "address_zip": (
        "邮编",
        "邮政编码",
        "邮递区号",
        "zip",
        "zip code",
        "postal code",
        "billing code",  # Zoho's accounts
        "billing zip",
        "billing postal code",
        "postcode",
        "billing zip/postal code",
        "zip/postal code",
    ),
    "address_country": (
        "国家",
        "国家/地区",
        "country",
        "country id",
        "country/region",
        "billing country",
    ),
}
# 序号 numbers the rows; 错误原因 / 原行号 are the rejected-rows workbook's own columns
_PERSON_WORDS: dict[str, tuple[str, ...]] = {
    "contact1_lastname": ("last name", "lastname", "surname", "family name"),
    # the company a person's row belongs to: Odoo's parent_id, other CRMs' exports
    # HubSpot's contacts export: Associated Company
    "company_of": (
        "related company",
        "parent id",
        "parent",
        "所属公司",
        "所属客户",
        "所属单位",
        "associated company",
    ),
}
_OTHER_NAME_WORDS: dict[str, tuple[str, ...]] = {
    # the name in another language (英文名称 beside 中文名称), or a second name column:
    # the name of a row whose name cell is empty, kept in the remarks otherwise
    "name_alt": (
        "英文名称", "英文名", "英文全称", "公司英文名称", "公司英文名", "客户英文名称", "客户英文名",
        "单位英文名称", "外文名称", "english name", "company name (english)", "name (english)",
    ),
}  # fmt: skip
# another CRM's export: each customer's last follow-up (its time and what was said) and
# its next one, which become follow-ups of the card (services/followups/listed.py)
_FOLLOWUP_WORDS: dict[str, tuple[str, ...]] = {
    "followup_last_at": (
        "最后跟进时间", "最近跟进时间", "上次跟进时间", "最后跟进日期", "最近跟进日期",
        "上次跟进日期", "最后联系时间", "最近联系时间", "上次联系时间", "最后联系日期",
        "最近联系日期", "上次联系日期", "最后拜访时间", "最近拜访时间", "上次拜访时间",
        "最后拜访日期", "上次拜访日期", "最后联络时间", "最后联络日期", "最近联络时间",
        "最近联络日期", "上次联络时间", "上次联络日期", "最新跟进时间", "最新跟进日期",
        "最后一次跟进时间",
        "最后一次跟进日期", "最近一次跟进时间", "最近跟进", "last contacted", "last contact date",
        "last contacted date", "last activity date", "last activity", "date of last contact",
        "last activity time",
        # a visit log (拜访记录表): each row one visit, its day
        "拜访日期", "拜访时间", "跟进日期", "跟进时间", "回访日期", "回访时间", "沟通日期",
        "沟通时间", "洽谈日期", "洽谈时间", "走访日期", "来访日期", "visit date", "date of visit",
        "activity date",
    ),
    "followup_note": (
        "跟进记录", "跟进内容", "最近跟进记录", "最后跟进记录", "最新跟进记录", "最近跟进内容",
        "最后跟进内容", "跟进情况", "跟进详情", "拜访记录", "沟通记录", "last activity notes",
        "last contact notes",
        # a visit log's: what was said on that visit
        "拜访内容", "拜访情况", "拜访结果", "拜访纪要", "沟通内容", "沟通情况", "沟通结果",
        "洽谈内容", "洽谈记录", "洽谈结果", "洽谈情况", "回访内容", "回访记录", "回访情况",
        "回访结果", "跟进结果", "交流内容", "会谈纪要", "走访情况", "拜访总结", "交谈内容",
        "谈话内容", "visit notes",
        "visit summary", "activity notes",
    ),
    # a visit log's time of day in a column of its own beside the day (日期 | 时间):
    # found by its place (`choices._visit_day`), joined to the day
    "followup_time": (),
    # how the visit was made (上门拜访, 电话, 微信): the follow-up's kind
    "followup_kind": (
        "拜访方式", "跟进方式", "沟通方式", "回访方式", "联系途径", "跟进类型", "拜访类型",
        "拜访形式", "拜访类别", "跟进形式", "沟通形式",
        "沟通渠道", "activity type", "visit type",
    ),
    # more of what a visit log says of a visit, each kept with it as "header：value"
    "followup_detail": (
        "拜访目的", "拜访事由", "来访事由", "陪同人员", "陪同人", "客户需求", "客户反馈", "客户意见",
        "达成共识", "处理结果",
        "存在问题", "问题与建议", "遇到的问题", "需协调问题", "竞争对手", "竞品情况",
        "竞争对手情况", "拜访地点", "拜访时长", "visit purpose", "purpose of visit",
        "customer feedback",
    ),
    # what is to be done next, without a day: kept with what was said
    "followup_plan": (
        "下一步计划", "下步计划", "下一步工作", "下一步打算", "下一步行动", "下一步",
        "需跟进事项", "待跟进事项", "跟进事项",
        "后续计划", "后续跟进计划", "后续安排", "跟进计划", "下次跟进计划", "下次计划",
        "next step", "next steps",
    ),
    "followup_next_at": (
        "下次跟进时间", "下次跟进日期", "计划跟进时间", "计划跟进日期", "下次联系时间",
        "下次联系日期", "下次拜访时间", "下次拜访日期", "下次回访时间", "下次回访日期",
        "预约回访时间", "下次联络时间", "下次联络日期", "next contact date",
        "next activity date", "next follow-up",
        "next activity time",
        "next follow up", "next follow-up date", "next follow up date",
    ),
}  # fmt: skip
FOLLOWUP_TARGETS = tuple(_FOLLOWUP_WORDS)
FOLLOWUP_DETAIL = "followup_detail"
# the targets several columns may feed: a visit log's 拜访目的, 客户需求, 陪同人员 … all
# go with the visit; any number of columns may be left out
MANY_COLUMNS = frozenset({IGNORE, FOLLOWUP_DETAIL})
# a second column of a target that holds one: the one it feeds instead (拜访内容 and
# 拜访结果 both say what was said)
_SECOND_COLUMN = {"followup_note": FOLLOWUP_DETAIL, "name": "name_alt"}
# words that name their target only where no other column of the list does: a form's
# 提交人 (简道云, 钉钉日志) is whoever filled it in, the owner where no 对接销售 / 负责业务员
# says who sells; a person's 住址, 家庭地址 the address where no company's is given
_FALLBACK_WORDS = frozenset(
    form
    for word in ("提交人", "住址", "家庭住址", "家庭地址", "现住址", "通讯地址")
    for form in (fold(word), *map(fold, traditional_forms(word)))
)
_IGNORE_WORDS = ("序号", "行号", "序", "no", "no.", "#", "s/n", "row", "row no", "错误原因", "原行号",
                 "reason", "row in file")  # fmt: skip

EXTRA_LABELS: dict[str, tuple[str, str]] = {
    IGNORE: ("不导入", "Do not import"),
    "address_country": ("国家（并入地址）", "Country (into the address)"),
    "address_region": ("省市区（并入地址）", "Province, city, district (into the address)"),
    "address_province": ("省份（并入地址）", "Province (into the address)"),
    "address_city": ("城市（并入地址）", "City (into the address)"),
    "address_district": ("区县（并入地址）", "District (into the address)"),
    "address_line2": ("地址第二行（并入地址）", "Address line 2 (into the address)"),
    "address_zip": ("邮编（并入地址）", "Postal code (into the address)"),
    "contact1_lastname": ("联系人姓（与名合为姓名）", "Contact's last name"),
    "company_of": ("所属公司（本行是该公司的联系人）", "Related company (the row is its contact)"),
    "followup_last_at": (
        "最后跟进时间（导入为一条已完成的跟进）",
        "Last contacted (a done follow-up)",
    ),
    "followup_note": ("跟进记录（该次跟进的内容）", "Follow-up notes (of the last contact)"),
    "name_alt": (
        "另一名称（客户名称为空时用作名称）",
        "Other name (the name where that is empty)",
    ),
    "followup_kind": ("跟进方式（该次跟进的方式）", "Follow-up kind (visit, call …)"),
    "followup_time": ("跟进时刻（与跟进日期合并）", "Follow-up time of day (joined to its day)"),
    "followup_plan": ("下一步计划（记入该次跟进）", "Next step (kept with the follow-up)"),
    "followup_detail": (
        "跟进补充（记入该次跟进，可多列）",
        "Follow-up detail (kept with it; several columns)",
    ),
    "followup_next_at": (
        "下次跟进时间（导入为一条计划跟进）",
        "Next follow-up (a planned follow-up)",
    ),
}
_ATTR_LABELS = {
    "name": ("姓名", "name"),
    "title": ("职务", "title"),
    "mobile": ("手机", "mobile"),
    "phone": ("电话", "phone"),
    "email": ("邮箱", "email"),
    "wechat": ("微信", "WeChat"),
    "gender": ("性别", "gender"),
    "birthday": ("生日", "birthday"),
}


def attr_label(attr: str) -> str:
    """A person's detail as the user's language names it (手机, mobile)."""
    from crm_desktop.i18n import current_language, is_chinese

    zh, en = _ATTR_LABELS[attr]
    return zh if is_chinese(current_language()) else en


def contact_target(n: int, attr: str) -> str:
    """The target of contact `n`'s detail: the card's 联络人/联络电话 for the first one."""
    if n == 1 and attr == "name":
        return "contact_name"
    if n == 1 and attr == "phone":
        return "contact_phone"
    return f"contact{n}_{attr}"


for _n in range(1, MAX_CONTACTS + 1):
    for _attr, (_zh, _en) in _ATTR_LABELS.items():
        _target = contact_target(_n, _attr)
        if _target.startswith("contact") and _target not in CUSTOMER_FIELD_MAP:
            EXTRA_LABELS[_target] = (f"联系人{_n}{_zh}", f"Contact {_n} {_en}")
del _n, _attr, _zh, _en, _target

CONTACT_TARGETS: tuple[tuple[str, ...], ...] = tuple(
    tuple(contact_target(n, attr) for attr in CONTACT_ATTRS) for n in range(1, MAX_CONTACTS + 1)
)


def is_target(name: str | None) -> bool:
    """Whether a column may feed `name`: a field of the card or one of EXTRA_LABELS."""
    return bool(name) and (name in CUSTOMER_FIELD_MAP or name in EXTRA_LABELS)


def target_label(name: str | None, lang: str | None = None) -> str:
    """What a column feeds, as the user reads it ('' for nothing)."""
    from crm_desktop.i18n import current_language, is_chinese

    if not name:
        return ""
    zh = is_chinese(lang or current_language())
    if name in CUSTOMER_FIELD_MAP:
        spec = CUSTOMER_FIELD_MAP[name]
        return spec.zh if zh else spec.en
    labels = EXTRA_LABELS.get(name)
    return (labels[0] if zh else labels[1]) if labels else name


# unit words found in a header, and the multiplier they mean for money
_UNIT = re.compile(
    r"[(\[【]?\s*(万元|萬元|万|元|人民币|rmb|cny|yuan|10k yuan|ten thousand yuan|天|日|days?|"
    r"平方米|平米|㎡|m2|m²)\s*[)\]】]?\s*$|[(\[【]\s*(人|个|名)\s*[)\]】]\s*$",
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
        return text[: match.start()].strip(), (match.group(1) or match.group(2)).lower()
    return text, ""


def _build_index() -> tuple[dict[str, str], dict[str, str]]:
    """(folded header -> target, folded words of a numbered contact's detail -> attr)."""
    index: dict[str, str] = {}
    for spec in CUSTOMER_FIELDS:
        for word in (spec.zh, spec.en, spec.name, spec.name.replace("_", " ")):
            index.setdefault(fold(split_unit(word)[0]), spec.name)
    for name, words in SYNONYMS.items():
        for word in words:
            index.setdefault(fold(word), name)
    for attr, words in _CONTACT_WORDS.items():
        for word in words:
            index.setdefault(fold(word), contact_target(1, attr))
    for name, words in _ADDRESS_WORDS.items():
        for word in words:
            index.setdefault(fold(word), name)
    for name, words in (*_PERSON_WORDS.items(), *_OTHER_NAME_WORDS.items(),
                        *_FOLLOWUP_WORDS.items()):  # fmt: skip
        for word in words:
            index.setdefault(fold(word), name)
    for word in _IGNORE_WORDS:
        index.setdefault(fold(word) or word, IGNORE)
    numbered: dict[str, str] = {}
    for attr, words in (*_CONTACT_WORDS.items(), *_NUMBERED_WORDS.items()):
        for word in words:
            numbered.setdefault(fold(word), attr)
    # 客戶名稱, 聯繫人, 電話: each word in traditional characters too
    return with_traditional(index.items()), with_traditional(numbered.items())


_INDEX, _NUMBERED = _build_index()
_DIGIT = re.compile(r"^(\D*?)([1-9])(\D*)$")


# words before a header that only say whose the value is: the customer's (longest first)
_WHOSE = tuple(
    sorted(
        {fold(form) for w in ("往来单位", "客户", "甲方", "单位", "公司", "企业", "对方", "购方",
                              "customer", "company", "account", "organization", "organisation")
         for form in (w, *traditional_forms(w))},  # 客戶電話, 單位地址 too
        key=len,
        reverse=True,
    )
)  # fmt: skip


# an export's name of the record before each of a person's fields (Pipedrive's "Person -
# Email"): the row's person's
_PERSON_PREFIXES = ("person", "contact")


# a note in brackets before or after a template's header: 客户名称（必填）, 邮箱(选填),
# 客户级别（A/B/C）, 成立日期(YYYY-MM-DD), 【必填】客户名称
_NOTE_AFTER = re.compile(r"\s*[(（【\[][^()（）【】\[\]]*[)）】\]]\s*$")
_NOTE_BEFORE = re.compile(r"^\s*[(（【\[][^()（）【】\[\]]*[)）】\]]\s*")


# a form's question as its header (问卷星, 金数据, 腾讯问卷): its number before it (1、 1.
# Q1. 第1题), 您的 / 贵 in it and the question mark after it: "1、您的公司名称是？"
_QUESTION_NUMBER = re.compile(
    r"^\s*(?:第\s*\d{1,3}\s*[题題]\s*[、.．:：)）]?|[Qq]?\s*\d{1,3}\s*[、.．:：)）])\s*(?!\d)"
)
_QUESTION_MARK = re.compile(r"\s*(?:是什么|是|为)?\s*[？?]+\s*$")
_POLITE = re.compile(r"^(?:您的|你的|[贵貴](?=公司|單位|单位|企業|企业))")


def question_words(header: str) -> str:
    """The words a form's question asks for: "1、您的公司名称是？" → "公司名称", "Q2. 手机号"
    → "手机号" (the number is the question's, not a second contact's), "贵公司名称" →
    "公司名称". Any other header as it is."""
    words = _QUESTION_NUMBER.sub("", header, count=1)
    words = _POLITE.sub("", _QUESTION_MARK.sub("", words).strip())
    if words.startswith(("贵司", "貴司")):
        words = "公司" + words[2:]
    return words.strip() or header


def match_header(header: object) -> tuple[str | None, str]:
    """The target a header names, and its unit word; (None, unit) when unknown.

    联系人2, 手机2, 职务2 (or "Contact 2 Mobile") feed the second contact of the row. A
    form's question is read as the words it asks for (`question_words`). A header not
    known as written is read again without a note in brackets before or after it
    (客户名称（必填）, 客户级别（A/B/C）); a unit in them (注册资本（万元）) is read as
    the unit first. One in two languages (公司名称 Company Name, 公司名称/Company Name,
    Company Name 公司名称) is read by the first of its parts that is known
    (`bilingual_parts`). Dynamics 365's hidden "(Do Not Modify) …" columns are left out."""
    text = question_words(str(header or ""))
    if fold(text).startswith(_NOT_DATA):
        return IGNORE, ""
    found, unit = _match_noted(text)
    if found is None:
        parts = bilingual_parts(text)
        if any(_LATIN_CHAR.search(p) and len(_LATIN_LETTERS.sub("", p)) < 3 for p in parts):
            parts = []  # 客户 ID, 编号 No.: a word and its kind of code, not two languages
        for part in parts if len(parts) > 1 else ():
            part_found, part_unit = _match_noted(part)
            if part_found is not None:
                whole_unit = split_unit(text)[1]  # 信用额度 Credit Limit (万元)
                return part_found, part_unit or (whole_unit if whole_unit in _WAN else "")
    return found, unit


def _match_noted(text: str) -> tuple[str | None, str]:
    """`_match_header`, then again without a note in brackets before or after it."""
    found, unit = _match_header(text)
    while found is None:
        note = _NOTE_AFTER.search(text)
        if note is not None and note.start() > 0:
            text = text[: note.start()]
        elif (note := _NOTE_BEFORE.match(text)) is not None and note.end() < len(text):
            text = text[note.end() :]
        else:
            break
        found, unit = _match_header(text)
    return found, unit


# Dynamics 365's "Export to Excel": the record's id, checksum and time of change in
# hidden columns, "(Do Not Modify) Account" (a GUID) no name of the customer
_NOT_DATA = ("donotmodify",)
# Dynamics 365's parts of an address: "Address 1: City", "Address 1: Street 1"
_ADDRESS_PREFIX = "address1"
_ADDRESS_TARGETS = frozenset({"address", *ADDRESS_PARTS})

_HAN_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")
_LATIN_LETTERS = re.compile(r"[^A-Za-z]")
_WORD_GAP = re.compile(r"(\s*[/／]\s*|\s+)")


def bilingual_parts(header: str) -> list[str]:
    """A header in two languages, read apart: its lines, and in a line its Chinese and its
    Latin words, split where the script changes at a space or a slash: "公司名称 Company
    Name" → ["公司名称", "Company Name"]; "公司名称/Company Name", "Company Name 公司名称"
    alike. A space or slash between words of one script stays (省/市/区, Company Name);
    a word of neither (2, (852)) goes with the words before it."""
    parts: list[str] = []
    for line in header.splitlines():
        pieces = _WORD_GAP.split(line.strip())
        current, script = "", ""
        for i in range(0, len(pieces), 2):
            word = pieces[i]
            kind = "han" if _HAN_CHAR.search(word) else "latin" if _LATIN_CHAR.search(word) else ""
            if current and kind and script and kind != script:
                parts.append(current)
                current, script = word, kind
            else:
                current += (pieces[i - 1] if current else "") + word
                script = script or kind
        parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _match_header(header: str) -> tuple[str | None, str]:
    whole = _INDEX.get(fold(header))
    if whole is not None:  # a word that ends like a unit: 生日 is no 生 in days
        return whole, ""
    base, unit = split_unit(header)
    key = fold(base)
    if not key:
        stripped = base.strip()
        return (IGNORE if stripped in _IGNORE_WORDS else None), unit
    found = _INDEX.get(key)
    if found is None:  # 客户电话, 单位地址, 甲方联系人, 往来单位编码: whose, then what
        whose = next((p for p in _WHOSE if key.startswith(p) and len(key) > len(p)), None)
        if whose is not None:
            found = _INDEX.get(key[len(whose) :])
    if found is None:  # Pipedrive's "Person - Email", "Contact - Job title": the person's
        person = next(
            (p for p in _PERSON_PREFIXES if key.startswith(p) and len(key) > len(p)), None
        )
        if person is not None:
            rest = key[len(person) :]
            attr = "name" if rest in ("name", "fullname") else _NUMBERED.get(rest)
            found = contact_target(1, attr) if attr else None
            if person == "person" and rest in ("organization", "organisation", "company"):
                found = "company_of"  # a people export: the company each person is of
    if found is None and key.startswith(_ADDRESS_PREFIX):  # "Address 1: City"
        part = _INDEX.get(key[len(_ADDRESS_PREFIX) :])
        found = part if part in _ADDRESS_TARGETS else None
    if found is None:
        numbered = _DIGIT.match(key)
        if numbered:
            n = int(numbered.group(2))
            before, after = numbered.group(1), numbered.group(3)
            attr = _NUMBERED.get(before + after) or _NUMBERED.get(after) or _NUMBERED.get(before)
            if attr and n <= MAX_CONTACTS:
                found = contact_target(n, attr)
    return found, unit


def multiplier_for(field: str | None, unit: str) -> int:
    spec = CUSTOMER_FIELD_MAP.get(field or "")
    if spec is not None and unit in _WAN and spec.kind == "money":
        return 10_000
    return 1


def header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# a heading over a group of columns: 客户信息, 联系人信息, 开票资料, 联系方式, 联系人
_GROUP = re.compile(
    r"^(.+?)(?:信息|資訊|资料|資料|情况|情況|方式|info(?:rmation)?|details)$|^(联系人|联络人|聯繫人|聯絡人)$",
    re.IGNORECASE,
)


def auto_map(headers: list[str], groups: Sequence[str] = ()) -> list[ColumnMap]:
    """Each header matched by synonym; a field already taken by an earlier column is not
    reused. `groups`: the heading each column stands under in a two-row heading (联系人
    信息 over 姓名, 电话, 邮箱): the header is read with it first (联系人电话 is the
    contact's phone, not the company's), then alone."""
    matched = []
    for i, header in enumerate(headers):
        field, unit = None, ""
        group = _GROUP.match(groups[i]) if i < len(groups) and groups[i] else None
        if group is not None and header:
            field, unit = match_header((group.group(1) or group.group(2)) + header)
        if field is None:
            field, unit = match_header(header)
        matched.append((field, unit, _is_fallback(header)))
    # 提交人 beside 对接销售, 家庭住址 beside 地址: the other column's, wherever it stands
    named = {field for field, _unit, fallback in matched if field and not fallback}
    taken: set[str] = set()
    out = []
    for i, (header, (field, unit, fallback)) in enumerate(zip(headers, matched, strict=True)):
        if fallback and field in named:
            field = None
        if field in taken and field not in MANY_COLUMNS:
            field = _SECOND_COLUMN.get(field)
            field = None if field in taken and field not in MANY_COLUMNS else field
        if field:
            taken.add(field)
        out.append(ColumnMap(i, header, field, multiplier_for(field, unit), unit))
    if "name_alt" in taken and "name" not in taken:  # 英文名称 alone: the name
        out = [with_field(c, "name") if c.field == "name_alt" else c for c in out]
    return out


def _is_fallback(header: str) -> bool:
    return fold(question_words(split_unit(header)[0])) in _FALLBACK_WORDS


def score_header_row(row: list) -> int:
    """How many cells of a row are known headers: the header row is the best of the first
    rows (`layout.find_layout` weighs it with the row's shape)."""
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
        if not is_target(field):
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
