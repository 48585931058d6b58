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
from datetime import date, datetime
from decimal import Decimal

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.messages import Renderable, Text, catalogue, msg
from crm_desktop.models import Contact
from crm_desktop.services.fields import CHOICES, CUSTOMER_FIELD_MAP
from crm_desktop.services.validation import field_error
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
    r"^[-−+]?\s*(rmb|cny)?\s*[¥$]?\s*\d[\d,]*(\.\d*)?(e[-+]?\d+)?\s*(元|万元|万|亿|亿元)?$",
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
    return str(value)


def really_wrong(field: str, raw: object) -> bool:
    """Whether a value the card's rule refused rejects its row (True) or is kept as text.

    Rejected: no name or a bad code; a long text over 10,000 characters; a whole date
    typed with numbers that is no real day (2019-02-30, not 2019.03 nor 2019); an
    amount typed as a number that is negative, absurd or too precise; an 18-character
    credit code with a wrong check character. Words where a number, a date or a choice
    belongs ("1000万以上", "50-100人", "民营") are kept."""
    spec = CUSTOMER_FIELD_MAP[field]
    if field in ("name", "code") or spec.kind == "long":
        return True  # a long text over its limit: no remarks could keep it either
    if spec.kind == "date":  # a number (a year, a serial out of range) is kept as text
        if isinstance(raw, (int, float)):
            return False
        return not isinstance(raw, str) or bool(_DATEISH.search(raw))
    if spec.kind in ("money", "int", "decimal"):
        if not isinstance(raw, str):
            return True
        return bool(_NUMBERISH.match(to_halfwidth(raw).strip().replace("－", "-")))
    if field == "tax_id":
        return len(to_halfwidth(str(raw)).strip().replace(" ", "")) == 18
    return False


def soft_reason(field: str, message: str) -> Renderable | str:
    """Why a value did not fit, in the user's language, with the choices' labels."""
    spec = CUSTOMER_FIELD_MAP[field]
    if spec.kind == "choice" and spec.choices:
        labels = [Text(zh, en) for zh, en in CHOICES[spec.choices].values()]
        return msg("importing.not_a_choice", choices=labels)
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
     "不详", "未知", "N/A", "n/a", "#N/A", "null", "NULL", "none", "None")
)  # fmt: skip


def without_placeholders(cells: list) -> list:
    """The cells with each placeholder (/, 无, 暂无, N/A …) as an empty cell (None)."""
    if PLACEHOLDERS.isdisjoint(cells):  # the usual column: one pass in C
        return cells
    return [None if v.__class__ is str and v in PLACEHOLDERS else v for v in cells]


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
    if _has_han(name) and any(ch.isspace() for ch in name):
        return None  # a name and more words: not only a name
    return name, number.group()


_DAY_SEP = re.compile(r"\s*[、，,；;]\s*")  # between days: a date's own / and - stay


def split_people(person: dict[str, str]) -> list[dict[str, str]] | None:
    """One cell naming several people (张三、李四; 王总/李工) with their details written the
    same way (13800138000、13900139000): a person each, the n-th detail the n-th
    person's; a detail that does not split into as many is the first person's. None
    when the name is one person's: without Chinese ("Smith, John"), or its commas
    inside brackets (欧阳娜娜（总经理，法人）)."""
    name = person.get("name") or ""
    if SEVERAL_PEOPLE.search(name) is None:  # the usual person: one name
        return None
    names = _names_of(name)
    if names is None or not 2 <= len(names) <= 5:
        return None
    if not all(len(p) <= 10 and _HAN.search(p) for p in names):
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
    return out


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
    for a placeholder unless `placeholders` keeps them)."""
    out = []
    blank = frozenset() if placeholders else PLACEHOLDERS
    for v in cells:
        if v is None or (v.__class__ is str and v in blank):
            out.append("")
        elif v.__class__ is str:
            out.append(v)
        else:
            out.append(shown(v))
    return clean_texts(out)


def compose_address(parts: dict[str, list[str]], detail: list[str], n: int) -> list[str]:
    """province + city + district + the street, in the order the country writes them.

    Chinese: 广东省深圳市南山区科技园路1号 (a part the street already names is not
    repeated); otherwise "street, line 2, city, province zip, country"."""
    out = []
    get = parts.get
    empty = [""] * n
    country, province, city, district, line2, zipcode = (
        get(name, empty)
        for name in (
            "address_country",
            "address_province",
            "address_city",
            "address_district",
            "address_line2",
            "address_zip",
        )
    )
    for i in range(n):
        street = detail[i]
        pieces = [province[i], city[i], district[i], street, line2[i]]
        if any("\u4e00" <= ch <= "\u9fff" for piece in pieces for ch in piece):
            text = ""
            for piece in (province[i], city[i], district[i]):
                if piece and piece not in street and piece not in text:
                    text += piece
            text += street + line2[i]
            if zipcode[i]:
                text += f" {zipcode[i]}"
            if country[i] and country[i] not in ("中国", "China", "CN", "中华人民共和国"):
                text = country[i] + text
        else:
            region = " ".join(p for p in (province[i], zipcode[i]) if p)
            text = ", ".join(
                p for p in (street, line2[i], district[i], city[i], region, country[i]) if p
            )
        out.append(text)
    return out


def full_names(first: list[str], last: list[str]) -> list[str]:
    """First Name + Last Name as one name: 王 + 伟 -> 王伟, John + Smith -> John Smith."""
    out = []
    for given, family in zip(first, last, strict=True):
        if given and family and _has_han(given + family):
            out.append(family + given)
        else:
            out.append(" ".join(p for p in (given, family) if p))
    return out


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
