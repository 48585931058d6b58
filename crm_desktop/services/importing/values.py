"""What a customer list says beyond the card's own fields, kept instead of dropped.

A value that does not fit an optional field (企业性质 民营, 注册资金 "1000万以上") leaves
the field empty and goes into the customer's remarks as "企业性质（原值）：民营", with a
warning naming the row, the column and the value; only what is really wrong (no name,
an impossible date, a negative or absurd amount, a credit code with a bad check
character) rejects a row. Columns without a field are kept the same way, one
"header：value" line each. The province, city and district columns are composed into
the address, and the people on a row (联系人, 职务, 手机 … 联系人2 …) become contacts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.messages import Renderable, catalogue, msg
from crm_desktop.models import Contact
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
from crm_desktop.services.validation import choice_labels, field_error, looks_like_resident_id
from crm_desktop.textutil import clean_texts, to_halfwidth

REMARKS_LIMIT = 10_000  # what the card's remarks hold (validation: a long text)
CONTACT_LIMITS = {
    name: Contact._meta.fields[name].max_length
    for name in ("name", "title", "mobile", "phone", "email", "wechat")
} | {"gender": 20, "birthday": 40}  # as written, before they are read (男, 1985-03-08)

# a date typed with numbers (2019-02-30, 03/05/2019): wrong as a date, not words
# a whole date typed with numbers (year, month and day; 20190305): when it is no real day
# the row is refused; a year and month alone (2019.03, 2019年3月, 201903) is kept as text
_DATEISH = re.compile(r"\d{1,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,4}|^\s*\d{8}\s*$")
# an amount typed as a plain number (-5, 1e308, ¥1,200.555): wrong as an amount
_NUMBERISH = re.compile(
    r"^[-−+]?\s*(rmb|cny)?\s*[¥]?\s*\d[\d,]*(\.\d*)?(e[-+]?\d+)?\s*(元|万元|万|亿|亿元)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ValueNote:
    """A value kept as text instead of filling its field (position: the row in its block);
    `in_field`: kept in its field all the same, with a warning (digits Excel lost)."""

    position: int
    column: str  # the header as written in the file
    value: str
    reason: Renderable | str
    in_field: bool = False


# fields whose every digit matters: a number Excel could not keep whole is no number of
# the customer's, and the user must hear of it (the rest of the row goes in as usual)
DIGIT_FIELDS = frozenset(
    ("tax_id", "phone", "fax", "bank_account", "contact_phone", "license_no", "channel_code")
)
# a number as Excel shows it in a narrow or General cell, and so saves it as CSV
_SCIENTIFIC = re.compile(r"\s*[-+]?\d(?:\.\d+)?[eE]\+?\d+\s*")
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number; the rest become 0
_EXACT = 2**53  # whole numbers up to this a double holds exactly, beyond it not every one


def _cut_by_excel(v: float) -> bool:
    """Whether a whole number of 16 digits or more lost digits: it has Excel's zeros after
    the 15th (6222021234567890000), or more digits than the double that read it holds."""
    return float(f"{v:.{EXCEL_DIGITS}g}") == v or abs(v) > _EXACT


def whole_number_text(v: float) -> str:
    """A whole number's digits as the sheet shows them: beyond 15 digits Excel's
    (6222021234567890000, not the double's 6222021234567889920)."""
    if -(10**EXCEL_DIGITS) < v < 10**EXCEL_DIGITS or not _cut_by_excel(v):
        return str(int(v))
    return str(int(Decimal(f"{v:.{EXCEL_DIGITS}g}")))


LOST_DIGITS = frozenset({"importing.digits_cut", "importing.scientific"})


def tells_lost_digits(note: object) -> bool:
    """Whether a note warns of a number whose digits Excel lost (the preview counts them)."""
    return getattr(getattr(note, "reason", None), "code", None) in LOST_DIGITS


def lost_digits(cells: Sequence[object]) -> list[tuple[int, str, Renderable]]:
    """The cells of a column of numbers-as-text (phones, accounts, codes) whose digits
    Excel lost: in scientific notation (1.38001E+10, as a CSV saved from Excel writes a
    number its narrow column showed so), or a number of more than 15 digits (a 19-digit
    bank account typed into a General cell is kept as 6222021234567890000). Each:
    position, the value as the card keeps it, why."""
    found: list[tuple[int, str, Renderable]] = []
    for i, v in enumerate(cells):
        if isinstance(v, float):
            if abs(v) >= 10**EXCEL_DIGITS and v.is_integer() and _cut_by_excel(v):
                reason = msg("importing.digits_cut", digits=EXCEL_DIGITS)
                found.append((i, whole_number_text(v), reason))
        elif isinstance(v, str) and "+" in v and _SCIENTIFIC.fullmatch(v):
            found.append((i, v.strip(), msg("importing.scientific")))
    return found


def shown(value: object) -> str:
    """A cell as the user saw it in the sheet."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        return whole_number_text(value)  # an account's 19 digits, as Excel shows them
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)


def really_wrong(field: str, raw: object) -> bool:
    """Whether a value the card's rule refused rejects its row (True) or is kept as text.

    Rejected: no name or a bad code; a long text over 10,000 characters; a whole date
    typed with numbers that is no real day (2019-02-30, not 2019.03 nor 2019); an
    amount typed as a number that is negative, absurd or too precise; an 18-character
    credit code with a wrong check character. Words where a number, a date or a choice
    belongs ("1000万以上", "50-100人", "民营") are kept, and so is a person's ID number
    with a wrong check character."""
    spec = CUSTOMER_FIELD_MAP[field]
    if field in ("name", "code") or spec.kind == "long":
        return True  # a long text over its limit: no remarks could keep it either
    if spec.kind == "date":  # a number (a year, a serial out of range) is kept as text
        if isinstance(raw, (int, float, time)):  # as is a time of day without its day
            return False
        return not isinstance(raw, str) or bool(_DATEISH.search(raw))
    if spec.kind in ("money", "int", "decimal"):
        if not isinstance(raw, str):
            return True
        return bool(_NUMBERISH.match(to_halfwidth(raw).strip().replace("－", "-")))
    if field == "tax_id":  # a person's ID number mistyped is kept, with a warning
        text = to_halfwidth(str(raw)).strip().replace(" ", "").upper()
        return len(text) == 18 and not looks_like_resident_id(text)
    return False


def soft_reason(field: str, message: str) -> Renderable | str:
    """Why a value did not fit, in the user's language, with the choices' labels."""
    spec = CUSTOMER_FIELD_MAP[field]
    if spec.kind == "choice" and spec.choices:
        return msg("importing.not_a_choice", choices=choice_labels(spec.choices))
    if spec.kind == "user":
        return msg("importing.not_a_user")
    return field_problem(field, message)


def field_problem(field: str, message: str) -> str:
    """A field's message ('信用额度：“-500”是负数…', 'Credit limit: '-500' is negative…')
    without the field's label: an import names the column as written in the file
    instead, and the label after it only repeated it."""
    spec = CUSTOMER_FIELD_MAP.get(field)
    if spec is None:
        return message
    for lang in ("zh_CN", "en"):  # the message was rendered in the user's language
        prefix = field_error(spec, "").render(lang)
        if message.startswith(prefix) and len(message) > len(prefix):
            return message[len(prefix) :]
    return message


def is_ambiguous_date(problem: str) -> bool:
    """Whether a problem (`field_problem`) says a date could be read two ways (03/05/2019):
    the preview marks such a cell apart from a wrong one, in either language."""
    for template in catalogue()["validation.ambiguous_date"]:
        head, _value, tail = template.partition("{value}")
        if problem.startswith(head) and problem.endswith(tail):
            return True
    return False


def line_template(code: str) -> str:
    """A remarks line's template in the user's language ({header}, {value})."""
    zh, en = catalogue()[code]
    return zh if is_chinese(current_language()) else en


# what lists write in a cell for "nothing here": read as an empty cell, not as a value
# to warn of in every row (a 2,000-row list with "/" in each empty cell of 5 columns)
PLACEHOLDERS = frozenset(
    ("/", "／", "\\", "-", "－", "--", "---", "—", "——", "–", "无", "暂无", "没有", "空",
     "不详", "未知", "N/A", "n/a", "#N/A", "null", "NULL", "none", "None",
     # a form's question left empty or skipped, as 问卷星 exports it
     "(空)", "（空）", "(跳过)", "（跳过）")
)  # fmt: skip


# a date cell left at 0, which the sheet shows as 1900/1/0 or 0:00: no day was typed.
# python-calamine reads it as the time 00:00 alone; openpyxl, xlrd and LibreOffice's
# files as 1899-12-30 or 1899-12-31 (the day before the 1900 calendar's day 1)
DAY_ZERO = frozenset(
    (time(0, 0), date(1899, 12, 30), date(1899, 12, 31),
     datetime(1899, 12, 30), datetime(1899, 12, 31))
)  # fmt: skip
_NOTHING = PLACEHOLDERS | DAY_ZERO


def without_placeholders(cells: list) -> list:
    """The cells with each placeholder (/, 无, 暂无, N/A …) and each date cell left at
    0 (DAY_ZERO) as an empty cell (None)."""
    if _NOTHING.isdisjoint(cells):  # the usual column: one pass in C
        return cells
    return [
        None if (v.__class__ is str and v in PLACEHOLDERS) or v in DAY_ZERO else v for v in cells
    ]


def days_of(cells: list) -> list:
    """A column of days as the date rule reads it: the number 0 empty (typed in a date
    column, or a date cell the reader gave as its number, it names no day); a time of
    day on day zero (1899-12-30 09:30, as LibreOffice's files give a time cell) that
    time alone, which names no day either."""
    zero = 0 in cells
    if zero or any(v.__class__ is datetime and v.year < 1900 for v in cells):
        return [_day_cell(v) for v in cells]
    return cells


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*\d{2})?\s*$")


def at_time(day: object, when: object) -> tuple[object, bool]:
    """A visit's day joined to the time of day a column of its own gives (日期 | 时间):
    2024-05-06 and 14:30 → 2024-05-06 14:30; and whether `when` was a time of day (an
    empty one is). A day that has its own time, or no day, is left as it is."""
    if when is None or when == "":
        return day, True
    if when.__class__ is time:
        clock = (when.hour, when.minute)  # type: ignore[attr-defined]
    elif when.__class__ is str and (found := _CLOCK.match(when)):
        clock = (int(found[1]), int(found[2]))
    elif when.__class__ is float and 0 < when < 1:  # Excel's fraction of a day
        minutes = round(when * 24 * 60)
        clock = divmod(minutes, 60)
    else:
        return day, False
    if not (0 <= clock[0] < 24 and 0 <= clock[1] < 60):
        return day, False
    if day.__class__ is datetime:
        if (day.hour, day.minute) != (0, 0):  # type: ignore[attr-defined]
            return day, True
        return day.replace(hour=clock[0], minute=clock[1]), True  # type: ignore[attr-defined]
    if day.__class__ is date:
        return datetime(day.year, day.month, day.day, *clock), True  # type: ignore[attr-defined]
    if day.__class__ is str and day.strip() and ":" not in day:
        return f"{day.strip()} {clock[0]:02d}:{clock[1]:02d}", True
    return day, True


def _day_cell(value: object) -> object:
    if value.__class__ in (int, float) and value == 0:
        return None
    if value.__class__ is datetime and value.date() in DAY_ZERO:  # type: ignore[attr-defined]
        return value.time()  # type: ignore[attr-defined]
    return value


_PEOPLE_SEPS = "、/／，,；;"
SEVERAL_PEOPLE = re.compile(f"[{_PEOPLE_SEPS}]")  # in a 联系人 cell: perhaps several people
_DETAIL_SEP = re.compile(r"\s*[、/／，,；;\s]\s*")
_HAN = re.compile(r"[\u4e00-\u9fff]")


# a phone number written in a person's name cell: a mobile, a landline with its area
# code (0577-66668888, an extension after it), or a local number of 7 or 8 digits
_NUMBER_IN_NAME = re.compile(
    r"(?<![\d+])(?:\+?86[-\s]?)?(?:1[3-9]\d{9}|0\d{2,3}[-\s]?\d{7,8}(?:-\d{1,5})?|\d{7,8})(?!\d)"
)
_NAME_EDGES = " \t/／:：,，、;；()（）-—_"


def name_and_number(text: str) -> tuple[str, str] | None:
    """A person's name and phone number written in one cell (张三 13800138000,
    王经理/13900139000, 李四：0577-66668888, 赵总13700137000): (name, number); None when
    the cell is a name alone, or holds more than a name and one number (钱五 13600136000
    采购部 stays as written)."""
    if not any(ch.isdigit() for ch in text):
        return None
    found = list(_NUMBER_IN_NAME.finditer(text))
    if len(found) != 1:
        return None
    number = found[0]
    name = (text[: number.start()] + " " + text[number.end() :]).strip(_NAME_EDGES)
    if not name or any(ch.isdigit() for ch in name) or len(name) > 20:
        return None
    if has_han(name) and any(ch.isspace() for ch in name) and person_and_title(name) is None:
        return None  # a name and more words (not their title, 赵六 经理): not only a name
    return name, number.group()


# a note written into a customer's name in brackets after it, or before it in 【】:
# 深圳市华强电子有限公司（老客户）, XX公司(已倒闭), 【重点】XX公司, XX公司（暂停合作）; the
# words tell it from a name's own brackets (（普通合伙）, （中国）, （集团）)
_NOTE_AFTER_NAME = re.compile(r"^(.+?)\s*[（(【\[]\s*([^（()）【】\[\]]{1,12}?)\s*[)）】\]]\s*$")
_NOTE_BEFORE_NAME = re.compile(r"^\s*[【\[]\s*([^【】\[\]]{1,8}?)\s*[】\]]\s*(.+)$")
_NOTE_WORDS = re.compile(
    r"客户|倒闭|合作|黑名单|注销|吊销|待定|意向|签约|停产|停业|歇业|搬迁|流失|重点|欠款|勿扰|成交|"
    r"回访|跟进|作废|无效|暂停|不做|^已|^VIP$|^vip$|^新$|^老$|^重要$|^大单$"
)


def name_and_note(text: str) -> tuple[str, str] | None:
    """A customer's name with a note written into it (深圳市华强电子有限公司（老客户）,
    【重点】杭州华夏科技有限公司, *重庆山城火锅连锁有限公司): (name, note); None for a name
    alone, its own brackets included (华为技术（深圳）有限公司, XX会计师事务所（特殊普通合伙）)."""
    if not text:
        return None
    if text[-1] in "）)】]":
        found = _NOTE_AFTER_NAME.match(text)
        if found is not None:
            name, note = found.group(1), found.group(2)
            if _NOTE_WORDS.search(note) and len(name.strip()) >= 2:
                return name.strip(), note
    if text.lstrip()[:1] in "*★☆※":  # *重庆山城火锅连锁有限公司: a mark (标*为重点客户)
        mark = text.lstrip()
        name = mark.lstrip("*★☆※ \u3000")
        if len(name) >= 2:
            return name, mark[: len(mark) - len(name)].strip()
    if text.lstrip()[:1] in "【[":
        found = _NOTE_BEFORE_NAME.match(text)
        if found is not None:
            note, name = found.group(1), found.group(2)
            if _NOTE_WORDS.search(note) and len(name.strip()) >= 2:
                return name.strip(), note
    return None


# the words a job title ends in (经理, 销售经理, 华东区采购主管): a text after a person's
# name that ends in one of them, by a lead of `_TITLE_LEADS`, is their title, not their name
_TITLE_WORDS = frozenset(
    ("经理", "总经理", "副总", "总监", "主管", "主任", "董事长", "董事", "总裁", "厂长", "老板",
     "老板娘", "老总", "法人", "法人代表", "股东", "合伙人", "创始人", "财务", "会计", "出纳",
     "采购", "采购员", "销售", "销售员", "业务", "业务员", "跟单", "跟单员", "助理", "总助",
     "秘书", "文员", "前台", "专员", "工程师", "技术员", "设计师", "顾问", "代表", "部长",
     "科长", "处长", "所长", "院长", "校长", "局长", "行长", "站长", "店长", "组长", "班长",
     "负责人", "经办人", "行政", "人事", "客服", "库管", "仓管", "监事", "书记")
)  # fmt: skip
# what comes before a title word in a title (销售经理, 副总经理, 高级工程师, IT经理)
_TITLE_LEADS = frozenset(
    ("总", "副", "常务", "执行", "首席", "高级", "资深", "市场", "营销", "技术", "生产",
     "品质", "质量", "质检", "品管", "仓库", "物流", "外贸", "内贸", "贸易", "项目", "区域",
     "大区", "售后", "研发", "设计", "工程", "运营", "商务", "电商", "门店", "法务", "审计",
     "人力", "办公室", "车间", "董事会", "公司", "IT", "HR")
)  # fmt: skip
_LEAD_WORDS = _TITLE_WORDS | _TITLE_LEADS
_WORD_LENGTHS = range(max(map(len, _LEAD_WORDS)), 0, -1)  # a text's endings to look up
_DEPARTMENT_ENDS = "部科处室组区间"  # 销售部经理, 华东区经理: a department before the title
_EN_TITLE_ENDS = frozenset(
    ("manager", "director", "ceo", "cfo", "coo", "cto", "owner", "president", "founder",
     "chairman", "boss", "partner", "purchaser", "buyer", "accountant", "cashier", "engineer",
     "assistant", "secretary", "sales", "purchasing", "procurement", "finance", "supervisor",
     "officer", "representative", "rep", "executive", "administrator", "consultant",
     "specialist", "coordinator", "clerk", "vp", "gm")
)  # fmt: skip
_EN_TITLE_WORDS = _EN_TITLE_ENDS | frozenset(
    ("general", "senior", "junior", "deputy", "vice", "chief", "head", "of", "and", "&",
     "financial", "technical", "marketing", "account", "accounts", "area", "regional",
     "branch", "store", "shop", "office", "managing", "project", "product", "operating",
     "operations", "business", "development", "legal", "customer", "service", "import",
     "export", "logistics", "quality", "hr", "it", "plant", "factory", "executive")
)  # fmt: skip
_TITLE_LIMIT = 30  # 总经理，法人 (two titles in one bracket) fits; a sentence does not
# where a name and a title meet: spaces, / ／, - － —, : ：
_TITLE_SEP = re.compile(r"\s*[/／:：\-－—]+\s*|\s+")
_BRACKETED = re.compile(r"(?P<name>[^()（）]+?)\s*[（(](?P<title>[^()（）]+)[）)]?")
_TITLES_SEP = re.compile(r"\s*[，,、/／;；]\s*")  # 总经理，法人: two titles in one bracket
_LAST_LATIN_WORD = re.compile(r"[A-Za-z]+(?=\.?$)")
_MAY_HOLD_TITLE = re.compile(r"[\s/／:：\-－—(（]")


def _title_lead(lead: str) -> bool:
    """Whether `lead` may come before a title word in a title: nothing, a department
    (销售部, 华东区) or words of titles (高级, 华东区销售); not a surname (李经理 is a
    person) nor a name (张伟经理)."""
    if not lead:
        return True
    if len(lead) >= 2 and lead[-1] in _DEPARTMENT_ENDS:
        return True
    return any(
        lead[-k:] in _LEAD_WORDS and _title_lead(lead[:-k]) for k in _WORD_LENGTHS if k <= len(lead)
    )


def is_title(text: str) -> bool:
    """Whether `text` reads as a job title (经理, 销售经理, 总经理助理, Purchasing Manager,
    CEO) rather than a name or anything else: it ends in a title word, after words that
    titles begin with. 张经理 and 王总 are how a person is called, and are no title."""
    if not text or len(text) > _TITLE_LIMIT or any(ch.isdigit() for ch in text):
        return False
    if has_han(text):
        if len(text) > 12 or any(ch.isspace() for ch in text):
            return False
        return any(
            text[-k:] in _TITLE_WORDS and _title_lead(text[:-k])
            for k in _WORD_LENGTHS
            if k <= len(text)
        )
    words = text.replace(".", " ").lower().split()
    return (
        0 < len(words) <= 5
        and words[-1] in _EN_TITLE_ENDS
        and all(word in _EN_TITLE_WORDS for word in words)
    )


def _is_name(text: str) -> bool:
    """Whether `text` may be a person's name before their title: letters, not a title, nor
    a department (销售部), nor several people (张三、李四), nor a surname alone (张)."""
    if not text or len(text) > 20 or any(ch.isdigit() for ch in text):
        return False
    if not any(ch.isalpha() for ch in text) or is_title(text):
        return False
    if has_han(text):
        return (
            len(text) > 1 and text[-1] not in _DEPARTMENT_ENDS and not SEVERAL_PEOPLE.search(text)
        )
    return True


def _ends_in_title_word(text: str) -> bool:
    """Whether `text` ends in a title word (经理, Manager), as a name followed by a title does."""
    if text[-1:].isascii():
        latin = _LAST_LATIN_WORD.search(text)
        return latin is not None and latin.group().lower() in _EN_TITLE_ENDS
    return any(text[-k:] in _TITLE_WORDS for k in _WORD_LENGTHS)


def person_and_title(text: str) -> tuple[str, str] | None:
    """A person's name and job title written in one cell (赵六 经理, 王伟（销售经理）,
    李娜/采购主管, 张三-财务, Smith (Purchasing Manager)): (name, title). None when the cell
    is a name alone, or what follows the name is no title: 张经理, 王总 and 陈老师 are how
    people are called and stay names; 张三 13800138000 is a name and a number
    (`name_and_number`); 张三、李四 several people (`split_people`)."""
    text = text.strip()
    bracketed = ("(" in text or "（" in text) and _BRACKETED.fullmatch(text)
    if bracketed:
        name, title = bracketed["name"].strip(), bracketed["title"].strip()
        titles = [part for part in _TITLES_SEP.split(title) if part]
        if titles and all(map(is_title, titles)) and _is_name(name):
            return name, title
        return None
    if not _ends_in_title_word(text):  # the usual name: John Smith, 张 三
        return None
    for sep in _TITLE_SEP.finditer(text):
        name, title = text[: sep.start()], text[sep.end() :]
        if is_title(title) and _is_name(name):
            return name, title
    return None


def titles_in_names(cells: Sequence[object]) -> dict[int, tuple[str, str]]:
    """The cells of a column of names that hold a title too (`person_and_title`):
    position -> (name, title). A column of names alone is looked through quickly."""
    search = _MAY_HOLD_TITLE.search
    out = {}
    for i, cell in enumerate(cells):
        if cell.__class__ is str and search(cell):
            found = person_and_title(cell)
            if found is not None:
                out[i] = found
    return out


def _titled_person(person: dict[str, str]) -> dict[str, str]:
    """`person` with a title written in their name cell (赵六 经理) read apart: the name
    alone, and the title unless the list gives the person one of their own (a 职务
    column's value wins; the name is still the name alone, which a user means)."""
    found = person_and_title(person.get("name") or "")
    if found is None:
        return person
    name, title = found
    return person | {"name": name, "title": person.get("title") or title}


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def people_on_lines(text: str) -> str:
    """A 联系人 cell listing its people a line each (Alt+Enter in Excel: 张三⏎李四) with
    the separator the importer splits people at (张三、李四), instead of one name run
    together (张三李四). A line that goes with the one above (a bracket, a title or a
    number: 王建国⏎（总经理）, 赵六⏎经理, 张三⏎13800138000) joins it with a space."""
    lines = [line for line in _LINE_BREAKS.split(text.strip()) if line]
    if len(lines) < 2:
        return text
    out = lines[0]
    for line in lines[1:]:
        goes_above = line[0] in "（(+" or line[0].isdigit() or is_title(line)
        out += (" " if goes_above else "、") + line
    return out


_DAY_SEP = re.compile(r"\s*[、，,；;]\s*")  # between days: a date's own / and - stay


def split_people(person: dict[str, str]) -> list[dict[str, str]] | None:
    """One cell naming several people (张三、李四; 王总/李工) with their details written the
    same way (13800138000、13900139000): a person each, the n-th detail the n-th
    person's; a detail that does not split into as many is the first person's, and a
    title after a name (张三（经理）) that person's when none is given. None when the
    name is one person's: without Chinese ("Smith, John"), its commas inside brackets
    (欧阳娜娜（总经理，法人）), or a name and a title (李娜/采购主管)."""
    name = person.get("name") or ""
    if SEVERAL_PEOPLE.search(name) is None:  # the usual person: one name
        return None
    if person_and_title(name) is not None:  # 李娜/采购主管: one person and her title
        return None
    names = _names_of(name)
    if names is None or not 2 <= len(names) <= 5:
        return None
    if not all(len(p) <= 10 and has_han(p) for p in names):
        return None
    out: list[dict[str, str]] = [dict.fromkeys(person, "") | {"name": p} for p in names]
    for attr, value in person.items():
        if attr == "name" or not value:
            continue
        sep = _DAY_SEP if attr == "birthday" else _DETAIL_SEP
        parts = [part for part in sep.split(value) if part]
        if len(parts) == len(names):
            for one, part in zip(out, parts, strict=True):
                one[attr] = part
        else:
            out[0][attr] = value
    return [_titled_person(one) for one in out]  # 张三（经理）、李四（会计）


def _names_of(text: str) -> list[str] | None:
    """The names a cell lists, split at the separators outside brackets (None: none)."""
    names, current, depth = [], [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in _PEOPLE_SEPS:
            names.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if not names:
        return None
    names.append("".join(current).strip())
    return [name for name in names if name]


def texts_of(cells: Sequence[object], *, placeholders: bool = False) -> list[str]:
    """Cells as one-line texts, numbers as the sheet shows them ('' for an empty cell, and
    for a placeholder or a date cell left at 0 unless `placeholders` keeps them)."""
    out = []
    blank, zero = (frozenset(), frozenset()) if placeholders else (PLACEHOLDERS, DAY_ZERO)
    for v in cells:
        if v is None or (v.__class__ is str and v in blank):
            out.append("")
        elif v.__class__ is str:
            out.append(v)
        elif v in zero:
            out.append("")
        else:
            out.append(shown(v))
    return clean_texts(out)


_REGION_SEP = re.compile(r"[\s/／\\\-－—,，、|>]+")  # between 浙江省/宁波市/北仑区's parts


def compose_address(parts: dict[str, list[str]], detail: list[str], n: int) -> list[str]:
    """province + city + district + the street, in the order the country writes them.

    Chinese: 广东省深圳市南山区科技园路1号 (a part the street already names is not
    repeated; 浙江省/宁波市/北仑区 in one cell is written without its separators);
    otherwise "street, line 2, city, province zip, country"."""
    out = []
    get = parts.get
    empty = [""] * n
    country, region, province, city, district, line2, zipcode = (
        get(name, empty)
        for name in (
            "address_country",
            "address_region",
            "address_province",
            "address_city",
            "address_district",
            "address_line2",
            "address_zip",
        )
    )
    for i in range(n):
        street = detail[i]
        pieces = [region[i], province[i], city[i], district[i], street, line2[i]]
        if any("\u4e00" <= ch <= "\u9fff" for piece in pieces for ch in piece):
            places = (_REGION_SEP.sub("", region[i]), province[i], city[i], district[i])
            text = _places_before(street, places)
            text += street + line2[i]
            if zipcode[i]:
                text += f" {zipcode[i]}"
            if country[i] and country[i] not in ("中国", "China", "CN", "中华人民共和国"):
                text = country[i] + text
        else:
            state = " ".join(p for p in (province[i], zipcode[i]) if p)
            text = ", ".join(
                p
                for p in (street, line2[i], district[i], city[i], state, region[i], country[i])
                if p
            )
        out.append(text)
    return out


# the level a place's name ends with (广东省, 深圳市, 南山区, 广西壮族自治区)
_PLACE_LEVEL = re.compile(
    r"(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|自治州|地区|省|市|区|县|盟|州)$"
)
_LEVEL_NEXT = re.compile(r"省|市|区|县|州|盟|自治|特别行政区|地区")
# the provinces by their short names: a street written 广东深圳南山区… starts with one,
# and so does a 地区 column of places (浙江省/宁波市) rather than of sales regions
PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
             "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
             "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
             "澳门")  # fmt: skip
# the cities that are a province of their own: 上海 the province and 上海市 the city
_MUNICIPALITIES = frozenset({"北京", "上海", "天津", "重庆", "香港", "澳门"})


def _place_core(piece: str) -> str:
    """A place without its level: 广东省 -> 广东, 上海市 -> 上海 (a name of one character
    and its level, 沙市 or 和县, stays whole)."""
    core = _PLACE_LEVEL.sub("", piece)
    return core if len(core) >= 2 else piece


def _places_before(street: str, places: Sequence[str]) -> str:
    """The places (region, province, city, district) written before a Chinese street: a
    place the street names is not repeated, whether as written (广东省深圳市…) or short at
    its start (广东深圳南山区… under 广东省 and 深圳市: a province's short name, then the
    places after it), and 上海 with 上海市 is one city. A city's short name alone at the
    start is a place of its own (苏州工业园区 under 苏州市), and a street that names a
    province short but leaves out a place after it gets every place, as written."""
    text, last, rest = "", "", street
    shortened = False  # the street starts with places written short, now left out of `rest`
    for piece in places:
        if not piece or piece in text or piece in street:
            continue
        core = _place_core(piece)
        short = core != piece and rest.startswith(core)
        short = short and not _LEVEL_NEXT.match(rest, len(core))  # 吉林市… under 吉林省
        if short and (shortened or core in PROVINCES):
            rest, shortened = rest[len(core) :], True
            continue
        if shortened:  # 广东南山区… under 广东省 and 深圳市
            return "".join(p for p in places if p and p not in street)
        if last and core in _MUNICIPALITIES and core == _place_core(last):  # 上海 + 上海市
            text = text[: len(text) - len(last)] + max(last, piece, key=len)
        else:
            text += piece
        last = piece
    return text


def full_names(first: list[str], last: list[str]) -> list[str]:
    """First Name + Last Name as one name: 王 + 伟 -> 王伟, John + Smith -> John Smith."""
    out = []
    for given, family in zip(first, last, strict=True):
        if given and family and has_han(given + family):
            out.append(family + given)
        else:
            out.append(" ".join(p for p in (given, family) if p))
    return out


def has_han(text: str) -> bool:
    """Whether `text` holds a Chinese character (a name, a heading written in Chinese)."""
    return _HAN.search(text) is not None
