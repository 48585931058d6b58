"""Values of choice fields as lists write them: synonyms (国企 → 国营企业, 专票 → 增值税发票,
A类 → A), the user's own mappings remembered per field, and columns told apart by their
values (客户级别 or 信用等级).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from crm_desktop.models import Setting
from crm_desktop.services.auth import users_named
from crm_desktop.services.fields import CHOICES, CUSTOMER_FIELD_MAP
from crm_desktop.services.importing.headers import ColumnMap, match_header, split_unit, with_field
from crm_desktop.services.importing.names import company_beside_people
from crm_desktop.services.importing.traditional import with_traditional
from crm_desktop.services.importing.values import PROVINCES
from crm_desktop.textutil import fold

VALUE_PREFIX = "import.values."

# choices -> words people write for a choice (the choice's code and labels are always
# understood by the card's own rule, `parse_choice`)
_GRADES = {"A": ("甲", "一", "1", "优"), "B": ("乙", "二", "2", "良"), "C": ("丙", "三", "3"),
           "D": ("丁", "四", "4")}  # fmt: skip


def _grade_words(code: str) -> tuple[str, ...]:
    words = [f"{code}{suffix}" for suffix in ("类", "级", "等", "档", "类客户", "级客户")]
    for alias in _GRADES[code]:
        words += [f"{alias}{suffix}" for suffix in ("类", "级", "等", "等级", "类客户", "级客户")]
    words += [f"{code.lower()}{suffix}" for suffix in ("class", "grade", "level")]
    words += [f"class {code}", f"grade {code}", f"level {code}", f"{code}{code}"]
    return tuple(words)


# 企业类型 as the register writes it (国家企业信用信息公示系统, and the lists 企查查 and
# 天眼查 export from it); a private company's (自然人投资或控股) has no box on the form
_REGISTERED_TYPES = {
    "state_owned": ("有限责任公司(国有独资)", "有限责任公司(国有控股)", "股份有限公司(国有控股)",
                    "全民所有制企业", "国有独资公司"),
    "township": ("集体所有制企业", "股份合作制", "股份合作企业"),
    "foreign_owned": ("有限责任公司(外国法人独资)", "有限责任公司(外国自然人独资)",
                      "有限责任公司(台港澳法人独资)", "有限责任公司(台港澳自然人独资)",
                      "股份有限公司(外商投资、未上市)", "外国法人独资", "台港澳法人独资"),
    "joint_venture": ("有限责任公司(中外合资)", "有限责任公司(中外合作)", "有限责任公司(台港澳与境内合资)",
                      "有限责任公司(台港澳与境内合作)", "股份有限公司(中外合资、未上市)",
                      "股份有限公司(中外合资、上市)"),
}  # fmt: skip

VALUE_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "org_type": {
        "state_owned": ("国有企业", "国企", "国有", "国有独资", "国有控股", "国有独资企业", "国有控股企业",
                        "央企", "中央企业", "国营", "全民所有制", "state owned", "state-owned enterprise",
                        "soe", *_REGISTERED_TYPES["state_owned"]),
        "township": ("乡镇", "集体企业", "集体", "集体所有制", "乡镇集体企业", "township",
                     *_REGISTERED_TYPES["township"]),
        "individual": ("个体户", "个体工商户", "个人独资", "个人独资企业", "个体经营", "individual"),
        "foreign_owned": ("外资", "外资企业", "外商独资企业", "外商投资企业", "独资", "外企",
                          "wfoe", "foreign owned", "wholly foreign owned",
                          *_REGISTERED_TYPES["foreign_owned"]),
        "joint_venture": ("中外合资", "中外合作", "中外合资企业", "中外合作企业", "合资", "合资企业",
                          "合作企业", "中外合资经营企业", "中外合作经营企业", "joint venture", "jv",
                          *_REGISTERED_TYPES["joint_venture"]),
    },
    "invoice_type": {
        "vat": ("专票", "增值税专用发票", "增值税专票", "专用发票", "增值税", "增票", "vat special invoice",
                "special vat invoice", "vat", "增值税电子专用发票", "电子专用发票", "电子专票",
                "数电专票"),
        "ordinary": ("普票", "增值税普通发票", "普通", "电子普票", "电子发票", "普通增值税发票",
                     "ordinary", "regular invoice", "general invoice", "增值税电子普通发票",
                     "电子普通发票", "数电普票"),
    },
    "abc_class": {
        "A": (*_grade_words("A"), "高级", "重要客户", "重点客户", "核心客户", "大客户", "vip",
              "vip客户", "重要", "重点", "key account"),
        "B": (*_grade_words("B"), "中级", "一般客户", "一般", "中等", "中等客户"),
        "C": (*_grade_words("C"), "低级", "普通客户", "小客户", "普通"),
        "D": _grade_words("D"),
    },
    "credit_rating": {
        "A": (*_grade_words("A"), "aaa", "信用好", "信用良好", "良好", "优秀", "好", "高"),
        "B": (*_grade_words("B"), "bbb", "信用一般", "一般", "中等", "中"),
        "C": (*_grade_words("C"), "ccc", "信用差", "信用较差", "较差", "差", "低"),
    },
    "stage": {
        "potential": ("潜在", "意向客户", "线索", "新线索", "待跟进", "未跟进", "未成交", "lead",
                      "subscriber", "new"),
        # a CRM's sales phases before the deal: the customer is being won
        "prospective": ("预期", "目标客户", "跟进中", "跟进客户", "意向", "商机", "初步接洽", "初次接触",
                        "接洽中", "洽谈中", "需求确认", "方案报价", "报价中", "商务谈判", "谈判中", "有意向",
                        "opportunity",
                        "marketing qualified lead", "sales qualified lead", "marketingqualifiedlead",
                        "salesqualifiedlead", "prospect"),
        "current": ("现实", "成交客户", "已成交", "多次成交", "签约客户", "已签约", "合作中", "合作客户",
                    "现有客户", "正式客户", "老客户", "赢单", "已赢单", "customer", "evangelist",
                    "active"),
        "lost": ("流失", "已流失", "丢失", "丢单", "合作结束", "停止合作", "已停止合作", "churned",
                 "former customer", "lost customer"),
    },
    "loyalty": {
        "first_time": ("初次", "首次购买", "新客户", "first time"),
        "repeat": ("重复", "复购", "回头客", "repeat"),
        "loyal": ("忠诚", "忠实客户", "忠诚", "loyal"),
    },
    "ownership": {
        "owned": ("自有", "自购", "自建", "自己的", "产权", "own", "owned"),
        "rented": ("租赁", "租的", "租借", "承租", "rent", "rented", "leased", "lease"),
    },
    "payment_terms": {
        "prepaid": ("先款后货", "款到发货", "预付", "预付款", "现款", "现结", "现款现货", "prepaid",
                    "payment in advance", "cash in advance"),
        "other": ("月结", "货到付款", "账期", "帐期", "赊销", "季结", "月结30天", "net 30", "net30",
                  "cod"),
    },
    "gender": {
        "M": ("男", "男性", "男士", "先生", "male", "m", "man", "mr", "mr."),
        "F": ("女", "女性", "女士", "小姐", "female", "f", "woman", "ms", "ms.", "mrs", "mrs.",
              "miss"),
    },
    "source": {
        "friends": ("朋友介绍", "亲友介绍", "熟人介绍", "亲朋", "转介绍", "老客户介绍", "老客户转介绍",
                    "客户介绍", "介绍", "referral", "word of mouth"),
        "individual": ("个人开发", "自主开发", "陌拜", "陌生拜访", "扫街"),
        "group": ("展会", "行业协会", "协会", "商会", "会议", "trade show", "event"),
        "influential": ("名人推荐", "意见领袖", "kol"),
        "publication": ("广告", "报纸", "杂志", "媒体", "出版物", "网络广告", "黄页", "advertisement",
                        "ads", "paid search", "paid social"),
        "lost_customer": ("流失客户", "老客户回流", "召回"),
        "competitor": ("竞争对手客户", "竞品客户"),
        "partner": ("合作伙伴", "渠道", "代理商", "经销商", "partner", "channel"),
        "other": ("电话营销", "电销", "网络", "官网", "搜索引擎", "线上", "网站", "邮件营销", "直接访问",
                  "网络推广", "网络营销", "线上推广", "百度推广", "百度", "抖音", "快手", "小红书",
                  "微信推广", "公众号", "微信公众号", "阿里巴巴", "1688", "来电咨询", "客户来电",
                  "主动来电", "400电话", "自然来访", "上门咨询", "线上注册", "在线注册", "官网注册",
                  # how 企业微信 says a customer was added
                  "扫描二维码", "扫码", "扫码添加", "搜索手机号", "搜索微信号", "名片分享", "群聊",
                  "微信群", "企业微信", "seo", "sem",
                  "organic search", "direct traffic", "email marketing", "social media",
                  "offline sources", "other campaigns"),
    },
}  # fmt: skip


def _value_index(choices: str, table: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """{folded word: code} of a choice list's synonyms, with their and the labels'
    traditional spellings (國營企業, 專票)."""
    words = [(word, code) for code, group in table.items() for word in group]
    labels = [(zh, code) for code, (zh, _en) in CHOICES[choices].items()]
    own = {fold(word): code for word, code in words}
    spelled = with_traditional([*words, *labels])
    return own | {fold(w): code for w, code in spelled.items() if fold(w) not in own}


_VALUE_INDEX: dict[str, dict[str, str]] = {
    choices: _value_index(choices, table) for choices, table in VALUE_SYNONYMS.items()
}
# codes a synonym maps to without saying all it said: the original is kept beside it
_LOSSY = {("source", "other"), ("payment_terms", "other")}


def map_choice(choices: str, value: object, user_map: dict[str, str] | None = None) -> str | None:
    """The choice a value names through a synonym or the user's own mapping (None: no synonym;
    the card's rule still reads the choice's code or label)."""
    if not isinstance(value, str):
        return None
    key = fold(value)
    if user_map and key in user_map:
        return user_map[key]
    return _VALUE_INDEX.get(choices, {}).get(key)


def keeps_original(choices: str, code: str, value: object) -> bool:
    """Whether a synonym said more than the choice holds (电话营销 -> 其他): keep the words."""
    if (choices, code) not in _LOSSY:
        return False
    return fold(str(value)) not in {fold(w) for w in (code, *CHOICES[choices][code])}


def remembered_value_maps() -> dict[str, dict[str, str]]:
    """The user's own value mappings, per field: {folded value: choice code}."""
    out: dict[str, dict[str, str]] = {}
    for row in Setting.select().where(Setting.key.startswith(VALUE_PREFIX)):
        field = row.key[len(VALUE_PREFIX) :]
        spec = CUSTOMER_FIELD_MAP.get(field)
        if spec is None or not spec.choices:
            continue
        try:
            saved = json.loads(row.value)
        except ValueError:
            continue
        if isinstance(saved, dict):
            choices = CHOICES[spec.choices]
            out[field] = {str(k): v for k, v in saved.items() if v in choices}
    return out


def remember_value_maps(maps: Mapping[str, Mapping[str, str]]) -> None:
    """Keep the user's value mappings (field -> {value: choice code}), added to those kept."""
    kept = remembered_value_maps()
    for field, values in maps.items():
        if not values:
            continue
        merged = {**kept.get(field, {}), **{fold(k): v for k, v in values.items()}}
        key = VALUE_PREFIX + field
        text = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        if Setting.get_or_none(Setting.key == key) is None:
            Setting.create(key=key, value=text)
        else:
            Setting.update(value=text).where(Setting.key == key).execute()


# headers that may name the customer's class or its credit rating: the values decide
_CLASS_OR_RATING = {
    fold(w) for w in ("客户类别", "客户级别", "客户等级", "等级", "级别", "类别", "grade")
}


# a 负责人 column: on the paper form the customer's own 经营管理者, in the customer
# exports of Chinese CRMs (悟空CRM, 纷享销客, 销售易) the salesperson who owns the customer
_MANAGER_OR_OWNER = {fold("负责人")}


def decide_by_values(columns: list[ColumnMap], rows: Sequence[Sequence]) -> list[ColumnMap]:
    """A 客户等级-like column feeds the credit rating when its values are credit words
    (信用良好, AAA, 较差) rather than class words (重要客户, D, 高级); two such columns feed
    one each. A 负责人 column feeds the owner when most of its names are the team's users
    (张伟, sales1), else the customer's 经营管理者. A column of companies beside a 客户名称
    of people's names makes the companies the customers (`company_beside_people`); a
    地区 column of places (浙江省/宁波市/北仑区, not 华东) goes into the address; a bare 日期
    beside a column of a visit (拜访内容, 拜访方式) is the visit's day (`_visit_day`)."""
    out = company_beside_people(_region_by_places(_owner_by_names(list(columns), rows), rows), rows)
    out = _visit_day(out)
    rating = _VALUE_INDEX["credit_rating"]
    klass = _VALUE_INDEX["abc_class"]
    for c in columns:
        if c.field not in ("abc_class", None) or fold(split_unit(c.header)[0]) not in (
            _CLASS_OR_RATING
        ):
            continue
        values = {fold(str(r[c.index])) for r in rows if c.index < len(r) and r[c.index]}
        only_rating = sum(1 for v in values if v in rating and v not in klass)
        only_class = sum(1 for v in values if v in klass and v not in rating)
        taken = {o.field for o in out if o.index != c.index}
        wanted = "credit_rating" if only_rating > only_class else "abc_class"
        if wanted in taken:
            wanted = "abc_class" if wanted == "credit_rating" else "credit_rating"
        if wanted not in taken and wanted != c.field:
            out[c.index] = with_field(c, wanted)
    return out


# a bare day column, which beside what was said on a visit is that visit's day
_DAY_HEADERS = frozenset(("日期", "时间", "日期时间", "date", "time", "datetime", "date/time",
                          # a work log's (钉钉日志): when the visit was written down
                          "提交时间", "填写日期", "填写时间", "填报日期", "记录日期", "记录时间"))  # fmt: skip

# beside that day, the visit's time of day (日期 | 时间)
_TIME_HEADERS = frozenset(("时间", "time", "拜访时间", "跟进时间", "回访时间", "沟通时间", "时刻"))
# the targets that make a list a visit log
_VISIT_WORDS = frozenset(("followup_note", "followup_detail", "followup_kind", "followup_plan"))


def _visit_day(columns: list[ColumnMap]) -> list[ColumnMap]:
    """A visit log (拜访记录表: 日期, 客户名称, 拜访内容; 钉钉日志: 提交时间, 拜访目的): its
    bare 日期 column, beside a column of the visit and none that names the follow-up's
    time, is each visit's day; a 时间 beside that day, its time of day."""
    fields = {c.field for c in columns}
    if not fields & _VISIT_WORDS:
        return columns
    if "followup_last_at" not in fields:
        for c in columns:
            if c.field is None and fold(c.header) in _DAY_HEADERS:
                columns[c.index] = with_field(c, "followup_last_at")
                break
        else:
            return columns
    for c in columns:  # 日期 | 时间: the time of day beside the day
        if c.field is None and fold(c.header) in _TIME_HEADERS:
            columns[c.index] = with_field(c, "followup_time")
            break
    return columns


# a 地区 column: a sales region (华东, 华南大区) or the customer's place (浙江省/宁波市)
_REGION_HEADERS = frozenset(
    ("地区", "所在地区", "所属地区", "地域", "所在地", "所在地域", "省市区域")
)


def _region_by_places(columns: list[ColumnMap], rows: Sequence[Sequence]) -> list[ColumnMap]:
    """A 地区 column whose values mostly begin with a province (浙江省/宁波市/北仑区, 浙江-杭州)
    names the customer's place: it goes into the address, when no 省市区 column does."""
    if any(c.field == "address_region" for c in columns):
        return columns
    _places_over_the_street(columns, rows)
    for c in columns:
        if c.field is not None or fold(c.header) not in _REGION_HEADERS:
            continue
        values = [str(r[c.index]).strip() for r in rows if c.index < len(r) and r[c.index]]
        places = sum(1 for v in values if v.startswith(PROVINCES))
        if values and places * 5 >= len(values) * 3:
            columns[c.index] = with_field(c, "address_region")
            break
    return columns


_STREET_MARKS = re.compile(r"[\d路街道号巷弄楼室栋幢村镇乡]")


def _places_over_the_street(columns: list[ColumnMap], rows: Sequence[Sequence]) -> None:
    """地址 holding only the places (浙江省/宁波市/北仑区, as a CRM's 地址 field exports
    them) beside a 详细地址 of the street, which the address column left unmapped: the
    places go before the street, instead of the street into the remarks."""
    address = next((c for c in columns if c.field == "address"), None)
    street = next(
        (c for c in columns if c.field is None and match_header(c.header)[0] == "address"), None
    )
    if address is None or street is None:
        return
    values = [
        str(r[address.index]).strip()
        for r in rows
        if address.index < len(r) and r[address.index] not in (None, "")
    ]
    places = sum(1 for v in values if v.startswith(PROVINCES) and not _STREET_MARKS.search(v))
    if values and places * 5 >= len(values) * 4:
        columns[address.index] = with_field(address, "address_region")
        columns[street.index] = with_field(street, "address")


def _owner_by_names(columns: list[ColumnMap], rows: Sequence[Sequence]) -> list[ColumnMap]:
    """The 负责人 columns whose distinct names are mostly users' (a user name or a display
    name) feed the owner, when no other column does."""
    for c in columns:
        if c.field != "manager_name" or fold(split_unit(c.header)[0]) not in _MANAGER_OR_OWNER:
            continue
        if any(o.field == "owner" for o in columns):
            break
        names = {str(r[c.index]).strip() for r in rows if c.index < len(r) and r[c.index]}
        names.discard("")
        if not names:
            continue
        if len(users_named(names)) * 2 > len(names):
            columns[c.index] = with_field(c, "owner")
    return columns
