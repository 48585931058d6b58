"""People's names and companies' names told apart by how they are written, and the list
whose 客户名称 holds people: a 企业微信 export of a salesperson's WeChat customers names
each person (张伟, Amy) under 客户名称 and their company under 备注企业名称.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from crm_desktop.services.importing.headers import ColumnMap, with_field
from crm_desktop.textutil import fold

# the commonest surnames (百家姓 by today's frequency: nine people in ten carry one), and
# the two-character ones still met
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐", "夏侯",
                      "尉迟", "公孙", "长孙", "宇文", "司徒", "端木", "西门", "南宫")  # fmt: skip
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•・][\u4e00-\u9fff]{1,8}$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ .'-]+[A-Z][a-z]*){0,2}\.?$")
_COMPANY = re.compile(
    r"公司|集团|[厂店行社院所馆局站部场]$|中心|门市|经营部|批发部|合作社|事务所|医院|学校|大学|"
    r"银行|协会|酒店|宾馆|工作室|超市|有限|股份|\b(?:ltd|limited|inc|co|corp|corporation|"
    r"company|gmbh|llc|plc|group)\b",
    re.IGNORECASE,
)
_ENOUGH = 0.6  # the share of a column's names that must read as people's (or companies')
_PROBE = 200  # rows looked at


def looks_like_person(text: str) -> bool:
    """Whether `text` reads as one person's name: two to four Chinese characters after a
    common surname (张伟, 欧阳娜娜), a minority name with its dot (阿依古丽·买买提), or a
    capitalised Latin name (Amy, John Smith); not a company's word (王府井百货商店)."""
    if not text or _COMPANY.search(text):
        return False
    if _HAN_NAME.match(text):
        return len(text) > 4 or _surnamed(text)  # longer: a name with its dot
    return bool(_LATIN_NAME.match(text))


def _surnamed(text: str) -> bool:
    if text[:2] in _COMPOUND_SURNAMES:
        return len(text) >= 3
    return text[0] in _SURNAMES


def looks_like_company(text: str) -> bool:
    """Whether `text` reads as an organisation's name: a company's word in it (有限公司,
    厂, 商行, 事务所, Ltd, Inc), or seven Chinese characters and more that are no
    minority name with its dot."""
    if not text:
        return False
    if _COMPANY.search(text):
        return True
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 7 and not _HAN_NAME.match(text)


def company_beside_people(columns: list[ColumnMap], rows: Sequence[Sequence]) -> list[ColumnMap]:
    """When the column read as the customer's name holds people (张伟, Amy) and another
    column names companies (备注企业名称, 公司名称 taken second), the companies are the
    customers and each row's person their contact: that column feeds `company_of`, as a
    CRM's contacts export's "Related company" does. A row without a company stays the
    person's own card."""
    name = next((c for c in columns if c.field == "name"), None)
    if name is None or any(c.field == "company_of" for c in columns):
        return columns
    probe = rows[:_PROBE]
    names = _texts(probe, name.index)
    noted = [c for c in columns if c.field is None and fold(c.header) in _NOTED_COMPANY]
    if noted and _share(names, looks_like_company) < 1 - _ENOUGH:
        candidates = noted  # 企业微信's: people by their WeChat names (老陈🍵, Amy🌸)
    elif _share(names, looks_like_person) < _ENOUGH:
        return columns
    else:
        candidates = [c for c in columns if c.field in (None, "name_alt")]
    best: tuple[float, ColumnMap] | None = None
    for c in candidates:
        if not _names_companies(c.header):
            continue
        share = _share(_texts(probe, c.index), looks_like_company)
        if share >= _ENOUGH and (best is None or share > best[0]):
            best = (share, c)
    if best is None:
        return columns
    out = list(columns)
    out[best[1].index] = with_field(best[1], "company_of")
    return out


# the company a salesperson noted for a WeChat contact (企业微信's customer export): its
# 客户名称 are the people's WeChat names, which read as no one's (老陈🍵, A-五金批发-阿强)
_NOTED_COMPANY = frozenset(fold(w) for w in ("备注企业名称", "备注企业", "備註企業名稱"))


def _names_companies(header: str) -> bool:
    """Whether a header names the row's company: 企业 or 公司 in it (备注企业名称, 企业名称,
    公司, 所在公司), Company, Organization. Not 工作单位 nor 单位名称: beside people's names
    (an insurer's, a car dealer's list) that is where the customer works, and the
    customer is the person."""
    folded = fold(header)
    return any(word in folded for word in ("企业", "公司", "company", "organization"))


def _texts(rows: Sequence[Sequence], index: int) -> list[str]:
    return [str(r[index]).strip() for r in rows if index < len(r) and r[index] not in (None, "")]


def _share(texts: list[str], test: Callable[[str], bool]) -> float:
    return sum(map(test, texts)) / len(texts) if texts else 0.0
