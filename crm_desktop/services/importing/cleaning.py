"""Cleaning a block of rows with the card's rule, column by column."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import compress
from types import NoneType
from typing import Any

from crm_desktop.errors import InvalidValue, ValidationError
from crm_desktop.messages import Renderable, msg
from crm_desktop.services import customers as customer_service
from crm_desktop.services.custom_fields.cleaning import TEXT_LIMIT, clean_field_value
from crm_desktop.services.custom_fields.kinds import FieldDef
from crm_desktop.services.fields import (
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.followups.listed import ListedFollowUps, kind_of
from crm_desktop.services.followups.planning import parse_datetime
from crm_desktop.services.importing.choices import keeps_original, map_choice
from crm_desktop.services.importing.headers import (
    ADDRESS_PARTS,
    CONTACT_ATTRS,
    CONTACT_TARGETS,
    FOLLOWUP_DETAIL,
    FOLLOWUP_TARGETS,
    ColumnMap,
    target_label,
)
from crm_desktop.services.importing.people import CardColumns
from crm_desktop.services.importing.results import CellProblem
from crm_desktop.services.importing.values import (
    CONTACT_LIMITS,
    DIGIT_FIELDS,
    REMARKS_LIMIT,
    SEVERAL_PEOPLE,
    ValueNote,
    at_time,
    compose_address,
    days_of,
    field_problem,
    full_names,
    is_ambiguous_date,
    line_template,
    lost_digits,
    name_and_note,
    name_and_number,
    people_on_lines,
    really_wrong,
    shown,
    soft_reason,
    split_people,
    texts_of,
    titles_in_names,
    whole_number_text,
    without_placeholders,
)
from crm_desktop.services.validation import (
    day_order,
    field_error,
    in_day_order,
    month_day,
    parse_date,
    parse_decimal,
    parse_money,
    states_its_scale,
    with_year,
)
from crm_desktop.textutil import unspaced_name

MEMO_PROBE = 20_000  # after this many values, a column of mostly distinct ones stops remembering
# distinct values a column remembers at most: a long list's memory stays bounded
MEMO_LIMIT = 50_000
_EXCEL_EPOCH = date(1899, 12, 30)


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return whole_number_text(value)
    return str(value)


def file_value(value: object, kind: str, multiplier: int = 1) -> object:
    """What the file's cell means before the field rule sees it (file-level cleaning only)."""
    if value is None:
        return None
    if isinstance(value, str):
        if multiplier != 1 and kind == "money" and not states_its_scale(value):
            try:
                number = parse_decimal(value, 6)
            except ValueError:
                return value
            return None if number is None else number * multiplier
        return value
    if isinstance(value, bool):
        return value if kind == "bool" else str(value).upper()
    if isinstance(value, (int, float)):
        if kind == "date":
            if isinstance(value, float) and not value.is_integer():
                value = int(value)  # a date-time serial: the day
            number = int(value)
            if 19_000_101 <= number <= 21_001_231:
                return str(number)  # 20190305 typed as a number
            if 1_000 <= number <= 2_200:
                return str(number)  # a year alone (成立日期 2019), not the day 1905-07-11
            if 1 <= number < 2_958_466:
                return _EXCEL_EPOCH + timedelta(days=number)
            return value
        if kind == "money":
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            return number * multiplier if multiplier != 1 else number
        if kind in ("int", "decimal"):
            return value
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date() if kind == "date" else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value if kind == "date" else value.isoformat()
    return shown(value)  # a time of day as the sheet shows it (09:30)


def _money_cell(value: object, multiplier: int) -> object:
    """`file_value` of a money cell; a whole number stays an int (the rule reads it exactly)."""
    if value.__class__ is float and value.is_integer() and 0 <= value * multiplier < 1e14:  # type: ignore[union-attr,operator]
        return int(value) * multiplier  # type: ignore[arg-type]  # no rule can fail on it
    if value.__class__ is int:
        return value * multiplier  # type: ignore[operator]
    return file_value(value, "money", multiplier)


def _file_column(raws: list, kind: str, multiplier: int) -> list:
    """`file_value` of each cell of a column (text cells of a text field are already that)."""
    types = set(map(type, raws))
    if (kind != "money" or multiplier == 1) and types <= {str}:
        return raws  # file_value leaves text as it is
    if (kind in ("int", "decimal") and types <= {int, float}) or (
        kind == "date" and types <= {date}
    ):
        return raws  # and numbers for a number field, and days for a date field
    if kind == "money":
        return [_money_cell(v, multiplier) for v in raws]
    if types == {float} and kind not in ("date", "int", "decimal"):  # phones typed as numbers
        return [
            str(int(v)) if v.is_integer() and -1e15 < v < 1e15 else _number_text(v) for v in raws
        ]
    return [file_value(v, kind, multiplier) for v in raws]


# below this a whole amount is surely within the money rule's limit (10**14), also as a float
_SURE_AMOUNT = 10**14 - 10**4


def _whole_amounts(raws: list, multiplier: int) -> list | None:
    """The clean amounts of a money column whose cells are all whole, non-negative numbers
    of a sensible size (the usual sheet), by the money rule itself, each distinct value
    read once; None for any other column, which goes the card rule's usual way."""
    types = set(map(type, raws))
    if types == {float}:
        if not all(map(float.is_integer, raws)):
            return None
        numbers = list(map(int, raws))
    elif types == {int}:
        numbers = raws
    else:
        return None
    if multiplier != 1:
        numbers = [v * multiplier for v in numbers]
    if min(numbers) < 0 or max(numbers) >= _SURE_AMOUNT:
        return None
    table = {v: parse_money(v) for v in set(numbers)}
    return list(map(table.__getitem__, numbers))


_NUMBERS = {int, float}  # cells that are never None nor "": no need to look
ABSENT = object()  # an empty cell: the field is not given and keeps its default


def _clean_each(name: str, raws: list, kind: str, multiplier: int) -> tuple[list, dict[int, str]]:
    """`clean_customer_column` value by value, for a column where one value (1e308) broke
    the arithmetic: that value is refused as no amount, the others cleaned as usual."""
    values: list = [None] * len(raws)
    bad: dict[int, str] = {}
    for j, raw in enumerate(raws):
        try:
            one, errors = customer_service.clean_customer_column(
                name, [file_value(raw, kind, multiplier)]
            )
        except ArithmeticError:
            reason = msg("importing.not_an_amount", value=shown(raw))
            bad[j] = field_error(CUSTOMER_FIELD_MAP[name], reason).render()
            continue
        values[j] = one[0]
        if errors:
            bad[j] = errors[0]
    return values, bad


def _clean_column(
    name: str, raws: list, kind: str, multiplier: int, memo: dict | None
) -> tuple[list, dict[int, str]]:
    """The card's rule on the file's values of one column: clean values, failing positions."""
    try:
        return customer_service.clean_customer_column(
            name, _file_column(raws, kind, multiplier), memo
        )
    except ArithmeticError:  # an amount beyond what Decimal's context holds
        return _clean_each(name, raws, kind, multiplier)


def _day_cell(value: object) -> object:
    """A cell of days: a number (an Excel serial, 19850308) read as the day it is."""
    return file_value(value, "date") if isinstance(value, (int, float)) else value


def _person_value(attr: str, text: str) -> str | None:
    """A person's gender (M, F) or birthday (YYYY-MM-DD) from how a list writes it; None
    when it is none."""
    if attr == "gender":
        return map_choice("gender", text)
    try:
        day = parse_date(text)
    except ValueError:
        return None
    return day.isoformat() if day is not None else None


def _followup_time(
    raw: object, done: bool, latest: datetime
) -> tuple[datetime | None, Renderable | None]:
    """A follow-up's time from a cell (a date at 9:00); or why it is none: no date or
    time, or (`done`, the last contact) later than `latest`."""
    value = file_value(raw, "date") if isinstance(raw, (int, float)) else raw
    try:
        when = parse_datetime(value, "due_at")
    except ValidationError:
        return None, msg("importing.not_a_followup_time")
    if when is None:
        return None, msg("importing.not_a_followup_time")
    if done and when > latest:
        return None, msg("importing.followup_in_future")
    return when, None


def card_person(
    columns: Mapping[str, list], from_card: Mapping[str, CardColumns], i: int
) -> dict[str, str]:
    """Row `i`'s first person as the card's columns give it (`from_card`: the person's
    detail -> the card's column, or columns whose first not empty gives it,
    `ColumnCleaner.first_from_card`; the import's one statement reads them alike)."""
    person = {}
    for attr, card_fields in from_card.items():
        text = ""
        for card_field in (card_fields,) if isinstance(card_fields, str) else card_fields:
            value = columns[card_field][i] if card_field in columns else ABSENT
            text = "" if value is ABSENT or value is None else str(value)
            if text:
                break
        person[attr] = text
    return person


@dataclass
class CleanBlock:
    """Rows of a file after cleaning: a list per field and the errors of each failing row."""

    columns: dict[str, list]  # field -> clean value per row (ABSENT: the cell was empty)
    errors: dict[int, dict[str, str]]  # row position -> field -> message
    notes: list[ValueNote] = field(default_factory=list)  # values kept in the remarks
    contacts: dict[int, list[dict[str, str]]] = field(default_factory=dict)  # position -> people
    # positions whose first person is made from the card's own columns by `first_from_card`
    card_first: set[int] = field(default_factory=set)
    first_built: set[int] = field(default_factory=set)  # positions with a contact 1 built here
    # kept columns that feed custom fields: field name -> clean value per row (None: none),
    # and the text each came from (what an update hands the card's rule)
    custom: dict[str, list] = field(default_factory=dict)
    custom_texts: dict[str, list[str]] = field(default_factory=dict)
    # positions whose 联络人 names several people: their people are all in `contacts`, and
    # the import's one statement makes no first person of their cards
    split_first: set[int] = field(default_factory=set)
    # position -> the last and next follow-up the row names (another CRM's export)
    followups: dict[int, ListedFollowUps] = field(default_factory=dict)
    # position -> the lines of a follow-up written without its day (kept in the remarks
    # of a new card; a skipped row's reason names them)
    undated: dict[int, list[str]] = field(default_factory=dict)

    def values(self, i: int) -> dict[str, Any]:
        """The clean values of row `i` that the file gives."""
        return {f: col[i] for f, col in self.columns.items() if col[i] is not ABSENT}


class ColumnCleaner:
    """Cleans rows with the card's rule, column by column (`clean_customer_column`).

    Each distinct value of a column is cleaned once and remembered across blocks; the
    rules across fields (a name is required, the lease ends after it starts) are checked
    per row with the card's own function. Choice values are read through their synonyms
    and the user's value mappings first; a value that still does not fit an optional
    field is kept in the remarks (`values`), as is every column without a field
    unless `keep_unmapped` is off, or feeds the custom field `custom_fields` gives it;
    address parts are composed and the people on the row become contacts.
    """

    def __init__(
        self,
        columns: Sequence[ColumnMap],
        *,
        keep_unmapped: bool = True,
        value_maps: Mapping[str, Mapping[str, str]] | None = None,
        first_by_sql: bool = False,
        custom_fields: Mapping[int, FieldDef] | None = None,
    ) -> None:
        card = [c for c in columns if c.field in CUSTOMER_FIELD_MAP]
        self.columns = [
            (c.index, c.field, CUSTOMER_FIELD_MAP[c.field].kind, c.multiplier) for c in card
        ]
        self.column_of: dict[str, ColumnMap] = {c.field: c for c in card}  # type: ignore[misc]
        self.extra = {
            c.field: c
            for c in columns
            if c.field and c.field not in CUSTOMER_FIELD_MAP and c.field != FOLLOWUP_DETAIL
        }
        # a visit log's other columns of the visit (拜访目的, 客户需求): kept with it
        self.followup_details = [c for c in columns if c.field == FOLLOWUP_DETAIL]
        self.address_parts = {f: c for f, c in self.extra.items() if f in ADDRESS_PARTS}
        # the columns of numbers as text whose lost digits are warned of: the card's, and
        # the people's mobiles and phones
        phones = {
            target
            for targets in CONTACT_TARGETS
            for attr, target in zip(CONTACT_ATTRS, targets, strict=True)
            if attr in ("mobile", "phone")
        }
        self.digit_columns = [(c.index, c.label) for c in card if c.field in DIGIT_FIELDS] + [
            (c.index, c.label) for f, c in self.extra.items() if f in phones
        ]
        if self.address_parts and "address" not in self.column_of:
            self.columns.append((-1, "address", "text", 1))
        self.followup_columns = {f: c for f, c in self.extra.items() if f in FOLLOWUP_TARGETS}
        # a card without a 联络电话 column shows the first contact's mobile there
        self.mobile_as_phone = "contact_phone" not in self.column_of and "contact1_mobile" in (
            self.extra
        )
        if self.mobile_as_phone:
            self.columns.append((-1, "contact_phone", "text", 1))
        # a person's row of another CRM's export: the company it names is the customer
        self.company_of = self.extra.get("company_of")
        if "contact1_lastname" in self.extra and "contact_name" not in self.column_of:
            self.columns.append((-1, "contact_name", "text", 1))
        if self.company_of is not None and "contact_name" not in (f for _, f, _, _ in self.columns):
            self.columns.append((-1, "contact_name", "text", 1))
        if self.company_of is not None and "name" not in self.column_of:  # 所属客户, 联系人姓名
            self.columns.append((-1, "name", "text", 1))
        # 英文名称 beside 中文名称: the name of a row without one, else kept in the remarks
        self.other_name = self.extra.get("name_alt")
        # a 联系人 column and no column of the person's phone: a number written in the name's
        # cell (张三 13800138000) is the person's, the card's 联络电话 shows it
        self.phone_in_name = (
            "contact_name" in self.column_of
            and "contact_phone" not in (f for _, f, _, _ in self.columns)
            and "contact1_lastname" not in self.extra
            and self.company_of is None
        )
        if self.phone_in_name:
            self.columns.append((-1, "contact_phone", "text", 1))
        # the card's 联络人 is the first person's name: a title written after it (赵六 经理)
        # is the person's, and the card keeps the name alone
        self.names_first = "contact_name" in (f for _, f, _, _ in self.columns)
        self.kept = [
            c for c in columns if c.field is None and keep_unmapped and (c.header or c.index >= 0)
        ]
        # kept columns (by index) whose values go into a custom field, not the remarks
        self.custom = {
            c.index: custom_fields[c.index] for c in self.kept if c.index in (custom_fields or {})
        }
        self.custom_memo: dict[int, dict[str, Any]] = {}
        self.first_from_card = self._first_from_card()
        # the import makes each new card's first person from its columns: not built here
        self.skip_first = first_by_sql and self.first_from_card is not None
        self.value_maps = {k: dict(v) for k, v in (value_maps or {}).items()}
        self.choice_memo: dict[str, dict] = {}
        self.fields = [f for _, f, _, _ in self.columns]
        if "remarks" not in self.fields:
            self.fields.append("remarks")
        # a date column's order of day and month (25/03/2019: "dmy"), once a value tells
        self.day_orders: dict[int, str] = {}
        # the year a month's visit log's 5月6日 is in: the one its title says (`year_said`)
        self.year_hint: int | None = None
        self.yearless: dict[str, int | None] = {}  # follow-up columns read so: their year
        self.memos: dict[str, dict | None] = {f: {} for _, f, _, _ in self.columns}
        self.seen = dict.fromkeys(self.memos, 0)
        # columns whose values repeat (a choice, a bank, a day): each distinct one cleaned once
        self.repeats = dict.fromkeys(self.memos, True)
        self.widest = max((c.index for c in columns if c.field or c in self.kept), default=-1)
        try:  # a row without a name: the card's message for it
            customer_service.clean_customer_values({}, partial=False)
            self.no_name = ""
        except ValidationError as exc:
            self.no_name = exc.errors.get("name", "")

    def _by_distinct(
        self, name: str, raws: list, kind: str, multiplier: int, memo: dict | None
    ) -> tuple[list, dict[int, str]]:
        """`_clean_column` with each distinct value cleaned once: the first of equal values
        stands for them all, told apart by their type too (1, 1.0 and True), as the column's
        memo does. A column of mostly distinct values is not looked at this way again."""
        keys = raws if len(set(map(type, raws))) == 1 else [(v.__class__, v) for v in raws]
        order = list(dict.fromkeys(keys))
        if len(order) * 2 > len(raws):
            self.repeats[name] = False
        if len(order) == len(raws):
            return _clean_column(name, raws, kind, multiplier, memo)
        firsts = dict(zip(reversed(keys), reversed(raws), strict=True))  # the first of equals
        values, bad = _clean_column(name, [firsts[k] for k in order], kind, multiplier, memo)
        table = dict(zip(order, values, strict=True))
        out = list(map(table.__getitem__, keys))
        if not bad:
            return out, {}
        refused = {order[k]: message for k, message in bad.items()}
        return out, {j: refused[k] for j, k in enumerate(keys) if k in refused}

    def _mapped_choices(self, name: str, raws: list) -> tuple[list, set]:
        """Choice values through their synonyms (国企 -> state_owned); and the raw values
        whose synonym said more than the choice holds (电话营销 -> 其他)."""
        spec = CUSTOMER_FIELD_MAP[name]
        assert spec.choices
        memo = self.choice_memo.setdefault(name, {})
        user_map = self.value_maps.get(name)
        lossy: set = set()
        for raw in set(raws) - memo.keys():
            code = map_choice(spec.choices, raw, user_map)
            memo[raw] = raw if code is None else code
            if code is not None and keeps_original(spec.choices, code, raw):
                lossy.add(raw)
        self.choice_memo.setdefault(name + "#lossy", {}).update(dict.fromkeys(lossy, True))
        lossy_all = self.choice_memo[name + "#lossy"]
        get = memo.__getitem__
        return list(map(get, raws)), {r for r in raws if r in lossy_all} if lossy_all else set()

    def clean(self, rows: Sequence[Sequence]) -> CleanBlock:
        """Clean values and errors of a block of the file's rows."""
        n = len(rows)
        errors: dict[int, dict[str, str]] = {}
        cells_of: Any
        if n and min(map(len, rows)) > self.widest:
            transposed = list(zip(*rows, strict=False))
            cells_of = transposed.__getitem__
        else:

            def cells_of(index: int) -> list:
                return [r[index] if index < len(r) else None for r in rows]

        made: dict[str, list] = {}  # columns composed from others
        if self.address_parts:
            parts = {f: texts_of(cells_of(c.index)) for f, c in self.address_parts.items()}
            detail = self.column_of.get("address")
            street = texts_of(cells_of(detail.index)) if detail else [""] * n
            made["address"] = compose_address(parts, street, n)
        if self.mobile_as_phone:
            made["contact_phone"] = texts_of(cells_of(self.extra["contact1_mobile"].index))
        if "contact1_lastname" in self.extra:  # First Name + Last Name: one person's name
            first = self.column_of.get("contact_name")
            made["contact_name"] = full_names(
                texts_of(cells_of(first.index)) if first else [""] * n,
                texts_of(cells_of(self.extra["contact1_lastname"].index)),
            )
        if "contact_name" in self.column_of:  # people a line each in one 联系人 cell
            names = made.get("contact_name") or cells_of(self.column_of["contact_name"].index)
            if any(v.__class__ is str and "\n" in v for v in names):
                names = made["contact_name"] = [
                    people_on_lines(v) if v.__class__ is str and "\n" in v else v for v in names
                ]
            spaced = [v.__class__ is str and (" " in v or "\u3000" in v) for v in names]
            if any(spaced):  # 张　三 spaced to line up with longer names: 张三
                made["contact_name"] = [
                    unspaced_name(v) if s else v for v, s in zip(names, spaced, strict=True)
                ]
        if self.phone_in_name:
            names = texts_of(
                made.get("contact_name") or cells_of(self.column_of["contact_name"].index)
            )
            split = [name_and_number(name) if name else None for name in names]
            made["contact_name"] = [
                one[0] if one else name for one, name in zip(split, names, strict=True)
            ]
            made["contact_phone"] = [one[1] if one else "" for one in split]
        if self.company_of is not None:
            made.update(self._people_rows(cells_of, made, n))
        first_titles = self._titles_in_first_names(cells_of, made) if self.names_first else {}
        notes: list[ValueNote] = []
        lines: dict[int, list[str]] = {}
        original = line_template("importing.original_line")
        if self.other_name is not None and "name" in self.column_of:
            made["name"] = self._other_names(cells_of, made, lines)
        if "name" in self.column_of:  # XX公司（老客户）: the name, the note in the remarks
            self._notes_in_names(cells_of, made, lines, notes)
        columns: dict[str, list] = {}
        for index, name, kind, multiplier in self.columns:
            cells = made[name] if name in made else without_placeholders(cells_of(index))
            if kind == "date":
                cells = self._in_day_order(index, days_of(cells))
            types = set(map(type, cells))
            if NoneType not in types and (types <= _NUMBERS or "" not in cells):
                present: Sequence[int] = range(n)
                raws = list(cells)
            else:
                if types <= {str, NoneType}:  # there, a text is given when it is not ""
                    present = list(compress(range(n), cells))
                else:
                    present = [i for i, v in enumerate(cells) if v is not None and v != ""]
                raws = [cells[i] for i in present]
            lossy: set = set()
            if kind == "choice" and raws:
                raws, lossy = self._mapped_choices(name, raws)
            memo = self.memos[name]
            amounts = _whole_amounts(raws, multiplier) if kind == "money" and raws else None
            if amounts is not None:
                values, bad = amounts, {}
            elif self.repeats[name]:
                values, bad = self._by_distinct(name, raws, kind, multiplier, memo)
            else:
                values, bad = _clean_column(name, raws, kind, multiplier, memo)
            if memo is not None:
                seen = self.seen[name] = self.seen[name] + len(raws)
                if (seen >= MEMO_PROBE and len(memo) * 5 > seen * 4) or len(memo) > MEMO_LIMIT:
                    self.memos[name] = None  # mostly distinct values: remembering does not pay
            if len(present) == n:
                out = values
            else:
                out = [ABSENT] * n
                for i, value in zip(present, values, strict=True):
                    out[i] = value
            header = self._label(name)
            for j, message in bad.items():
                i = present[j]
                raw = cells[i]
                if really_wrong(name, raw):
                    errors.setdefault(i, {})[name] = message
                    continue
                out[i] = ABSENT  # the field stays empty; the value is kept in the remarks
                notes.append(ValueNote(i, header, shown(raw), soft_reason(name, message)))
                lines.setdefault(i, []).append(original.format(header=header, value=shown(raw)))
            if lossy:
                for i in present:
                    if cells[i] in lossy and i not in errors:
                        value = shown(cells[i])
                        lines.setdefault(i, []).append(original.format(header=header, value=value))
            columns[name] = out
        names = columns.get("name")
        if self.no_name:
            for i in range(n):
                if names is None or names[i] is ABSENT:
                    errors.setdefault(i, {})["name"] = self.no_name
        starts, ends = columns.get("shop_lease_start"), columns.get("shop_lease_end")
        if starts is not None and ends is not None:
            for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
                if start is ABSENT or end is ABSENT or not start or not end:
                    continue
                if i in errors and {"shop_lease_start", "shop_lease_end"} & errors[i].keys():
                    continue
                try:
                    customer_service.clean_customer_values(
                        {"shop_lease_start": start, "shop_lease_end": end}, partial=True
                    )
                except ValidationError as exc:
                    errors.setdefault(i, {}).update(exc.errors)
        self._lost_digits(cells_of, notes)
        contacts = self._contacts(cells_of, columns, n, lines, notes, first_titles)
        visits = self.followup_columns or self.followup_details
        people = columns.get("contact_name") or [ABSENT] * n  # whom each row's visit met
        undated: dict[int, list[str]] = {}  # what was said on a row without its day
        followups = self._followups(cells_of, n, lines, notes, people, undated) if visits else {}
        card_first = set()
        split_first: set[int] = set()
        if self.skip_first:
            names = columns["contact_name"]
            card_first = {i for i, v in enumerate(names) if v is not ABSENT and v}
            split_first = self._split_firsts(columns, card_first, contacts, first_titles)
            card_first -= split_first
        custom: dict[str, list] = {}
        custom_texts: dict[str, list[str]] = {}
        if self.kept:
            line = line_template("importing.column_line")
            # a people export's row is a person filed under their company (企业微信's
            # 描述, 备注名, 企业标签): its other columns are the person's, in their notes
            persons = self._filed_persons(cells_of, contacts) if self.company_of else {}
            for c in self.kept:
                target = self.custom.get(c.index)
                # a custom field's own words are kept (有/无 may be its choices); a
                # placeholder is not written into the remarks
                texts = texts_of(cells_of(c.index), placeholders=target is not None)
                if target is not None:
                    custom[target.name] = self._custom_column(target, c, texts, lines, notes)
                    custom_texts[target.name] = texts
                    continue
                for i, text in enumerate(texts):
                    if not text:
                        continue
                    said = line.format(header=c.label, value=text)
                    person = persons.get(i)
                    if person is not None:
                        person["notes"] = (
                            f"{person['notes']}\n{said}" if person.get("notes") else said
                        )
                    else:
                        lines.setdefault(i, []).append(said)
        if "remarks" not in columns:
            columns["remarks"] = [ABSENT] * n
        if lines:
            self._add_to_remarks(columns, lines, n, notes)
        first_built = {i for i, persons in contacts.items() if persons and persons[0] is not None}
        first_built &= self._first_positions
        return CleanBlock(
            columns,
            errors,
            notes,
            contacts,
            card_first,
            first_built,
            custom,
            custom_texts,
            split_first,
            followups,
            undated,
        )

    def _split_firsts(
        self,
        columns: dict[str, list],
        card_first: set[int],
        contacts: dict[int, list],
        titles: Mapping[int, str],
    ) -> set[int]:
        """The rows whose 联络人 names several people (张三、李四), or whose 联系人 cell gave
        a title too (赵六 经理: the card holds 赵六): each person is made here, before the
        row's other people, instead of the card's columns making the first by the
        import's one statement, which knows no title. Their positions."""
        names = columns["contact_name"]
        several = any(SEVERAL_PEOPLE.search(names[i]) for i in card_first)
        if not several and not titles:  # the usual block
            return set()
        assert self.first_from_card is not None
        out = set()
        for i in card_first:
            if i in titles:
                person = card_person(columns, self.first_from_card, i) | {"title": titles[i]}
                contacts[i] = [person, *contacts.get(i, [])]
                out.add(i)
                continue
            if not several or not SEVERAL_PEOPLE.search(names[i]):
                continue
            split = split_people(card_person(columns, self.first_from_card, i))
            if split:
                contacts[i] = [*split, *contacts.get(i, [])]
                out.add(i)
        return out

    def _custom_column(
        self,
        target: FieldDef,
        column: ColumnMap,
        texts: list[str],
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> list:
        """The values of a kept column that feeds a custom field, each distinct text cleaned
        once by the field's kind; a text the field cannot take stays in the remarks as the
        column's line, and the preview lists it."""
        memo = self.custom_memo.setdefault(column.index, {})
        out: list = [None] * len(texts)
        line = line_template("importing.column_line")
        fits = TEXT_LIMIT if target.kind == "text" else -1  # the texts are clean already
        for i, text in enumerate(texts):
            if not text:
                continue
            if len(text) <= fits:
                out[i] = text
                continue
            value = memo.get(text, memo)  # the memo itself: not seen yet
            if value is memo:
                try:
                    value = clean_field_value(target, text)
                except InvalidValue as exc:
                    value = exc
                if len(memo) < MEMO_LIMIT:
                    memo[text] = value
            if isinstance(value, InvalidValue):
                lines.setdefault(i, []).append(line.format(header=column.label, value=text))
                notes.append(ValueNote(i, column.label, text, value.msg))
            else:
                out[i] = value
        return out

    def _first_from_card(self) -> dict[str, CardColumns] | None:
        """When the first person on a row is only what the card holds (联络人, 联络电话 or the
        row's phone, its email), the contact's columns from the card's: the import then makes
        those contacts with one statement (SQLite). None when the person has more."""
        fields = {f for _, f, _, _ in self.columns}
        card_own = ("contact_name", "contact_phone", "contact1_mobile")
        own = {t for t in CONTACT_TARGETS[0] if t not in card_own} & self.extra.keys()
        if "contact_name" not in fields or own or self.company_of is not None:
            return None
        if "contact1_mobile" in self.extra and not self.mobile_as_phone:
            return None
        out: dict[str, CardColumns] = {"name": "contact_name"}
        if self.mobile_as_phone:
            out["mobile"] = "contact_phone"
            if "phone" in fields:
                out["phone"] = "phone"
        elif self.phone_in_name and "phone" in fields:  # the name cell's number, else the row's
            out["phone"] = ("contact_phone", "phone")
        elif "contact_phone" in fields:
            out["phone"] = "contact_phone"
        elif "phone" in fields:
            out["phone"] = "phone"
        if "email" in fields:
            out["email"] = "email"
        return out

    def _titles_in_first_names(
        self, cells_of: Callable[[int], list], made: dict[str, list]
    ) -> dict[int, str]:
        """The titles written in the first people's name cells (赵六 经理, 王伟（销售经理）):
        position -> title; the card's 联络人 (`made`) gets the name alone. A column of names
        alone is left as it is."""
        if "contact_name" in made:
            cells = list(made["contact_name"])
        else:
            cells = list(without_placeholders(cells_of(self.column_of["contact_name"].index)))
        titles = self._titles_in_names(cells)
        if titles:
            made["contact_name"] = cells
        return titles

    def _in_day_order(self, index: int, cells: list) -> list:
        """A date column's dd/mm/yyyy texts read in the order its other values tell
        (`day_order`): 03/05/2019 is 3 May beside 25/03/2019, not a row refused as
        ambiguous. The order is the one `learn_day_orders` found in the file's first rows;
        the preview, cleaned as one block, finds it there."""
        order = self.day_orders.get(index)
        if order is None and index >= 0:  # not learnt before the blocks (the preview's)
            order = self.day_orders[index] = day_order(cells) or ""
        if not order:
            return cells
        return [in_day_order(v, order) if v.__class__ is str else v for v in cells]

    def _with_years(self, label: str, cells: list, done: bool) -> list:
        """A follow-up column's days written without their year (5月6日, 5/6, as a month's
        visit log writes them) in the year its title says, else each its nearest day: a
        done one on or before today, a planned one on or after."""
        if not any(v.__class__ is str and month_day(v) for v in cells):
            return cells
        self.yearless[label] = self.year_hint
        if self.year_hint is not None:
            return [with_year(v, self.year_hint) for v in cells]
        today = date.today()
        out = []
        for value in cells:
            md = month_day(value)
            if md is None:
                out.append(value)
                continue
            year = today.year
            if done and md > (today.month, today.day):
                year -= 1
            elif not done and md < (today.month, today.day):
                year += 1
            out.append(with_year(value, year))
        return out

    def learn_day_orders(self, rows: Sequence[Sequence]) -> None:
        """The day order of each date column, told by these rows (the file's first ones)
        before any block is cleaned, so that a block's 03/05/2019 reads as the next one's."""
        dates = [i for i, _f, kind, _m in self.columns if kind == "date" and i >= 0]
        dates += [c.index for f, c in self.followup_columns.items() if f.endswith("_at")]
        for index in dates:  # "": none told, and the blocks need not look again
            self.day_orders[index] = day_order(r[index] for r in rows if index < len(r)) or ""

    def day_order_columns(self) -> list[tuple[str, str]]:
        """The date columns read in a day order their values told: (header, order)."""
        labels = {c.index: c.label for c in (*self.column_of.values(), *self.extra.values())}
        return [(labels[i], order) for i, order in self.day_orders.items() if order and i in labels]

    def _notes_in_names(
        self,
        cells_of: Callable[[int], list],
        made: dict[str, list],
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> None:
        """Names with a note written into them (深圳市华强电子有限公司（老客户）, 【重点】…):
        the name alone, so that it matches the same customer written without one, and
        the note kept in the remarks with a warning."""
        column = self.column_of["name"]
        names = made.get("name") or list(cells_of(column.index))
        found = [
            (i, hit)
            for i, v in enumerate(names)
            if v.__class__ is str and (hit := name_and_note(v)) is not None
        ]
        if not found:
            return
        names = made["name"] = list(names)
        line = line_template("importing.name_note_line")
        for i, (name, note) in found:
            original, names[i] = names[i], name
            lines.setdefault(i, []).append(line.format(header=column.label, value=note))
            reason = msg("importing.name_note", note=note, name=name)
            notes.append(ValueNote(i, column.label, original, reason, in_field=True))

    def _other_names(
        self, cells_of: Callable[[int], list], made: dict[str, list], lines: dict[int, list[str]]
    ) -> list:
        """The name column's cells, a blank one taking the row's other name (英文名称,
        公司名称(中)); an other name beside a name is kept in the remarks as its line."""
        assert self.other_name is not None
        names = made.get("name") or list(
            without_placeholders(cells_of(self.column_of["name"].index))
        )
        line = line_template("importing.column_line")
        header = self.other_name.label
        for i, other in enumerate(texts_of(without_placeholders(cells_of(self.other_name.index)))):
            if not other:
                continue
            name = names[i]
            if name is None or (name.__class__ is str and not name.strip()):
                names[i] = other
            elif other != str(name).strip():
                lines.setdefault(i, []).append(line.format(header=header, value=other))
        return names

    def _filed_persons(
        self, cells_of: Callable[[int], list], contacts: dict[int, list]
    ) -> dict[int, dict[str, str]]:
        """The rows of a people export that file a person under their company: position ->
        that person (rows of no company are the person's own card, and keep the remarks)."""
        assert self.company_of is not None
        out = {}
        for i, company in enumerate(texts_of(cells_of(self.company_of.index))):
            persons = contacts.get(i)
            if company and persons and persons[0] is not None:
                out[i] = persons[0]
        return out

    def _people_rows(
        self, cells_of: Callable[[int], list], made: dict[str, list], n: int
    ) -> dict[str, list]:
        """Rows naming a related company (Odoo's parent_id, "Related Company", Pipedrive's
        "Person - Organization") are people of that company: the company is the customer,
        the row's name the person's. Without a name column, a person of no company is a
        customer by their own name."""
        assert self.company_of is not None
        companies = texts_of(cells_of(self.company_of.index))
        name_col = self.column_of.get("name")
        names = list(cells_of(name_col.index)) if name_col else [None] * n
        contact = self.column_of.get("contact_name")
        people = made.get("contact_name") or (
            list(cells_of(contact.index)) if contact else [None] * n
        )
        for i, company in enumerate(companies):
            if company:
                names[i], people[i] = company, people[i] or names[i]
            elif name_col is None:  # a people export's person of no company: their own card
                names[i] = people[i]
        return {"name": names, "contact_name": people}

    def _followups(
        self,
        cells_of: Callable[[int], list],
        n: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
        people: list,
        undated: dict[int, list[str]],
    ) -> dict[int, ListedFollowUps]:
        """The last and next follow-up each row names (最后跟进时间 with its 跟进记录,
        下次跟进时间; a visit log's 日期, 拜访方式, 拜访内容 and 下一步计划). A time that is
        none, or a last contact later than now, is kept in the remarks with a warning, as
        is what was said without the time it was said."""
        columns = self.followup_columns
        cells = {f: days_of(without_placeholders(cells_of(c.index))) for f, c in columns.items()}
        untimed: list[str] = [""] * n  # a 时间 beside the day that names no time of day
        if "followup_time" in cells and "followup_last_at" in cells:
            joined = [
                at_time(day, when)
                for day, when in zip(cells["followup_last_at"], cells["followup_time"], strict=True)
            ]
            cells["followup_last_at"] = [day for day, _ok in joined]
            untimed = [shown(w) if w not in (None, "") and not ok else "" for (_d, ok), w in
                       zip(joined, cells["followup_time"], strict=True)]  # fmt: skip
        elif "followup_time" in cells:  # no day to join: kept as written
            untimed = [shown(w) if w not in (None, "") else "" for w in cells["followup_time"]]
        for f in ("followup_last_at", "followup_next_at"):  # 03/05/2019 beside 25/03/2019
            if f in cells:
                cells[f] = self._in_day_order(columns[f].index, cells[f])
                cells[f] = self._with_years(columns[f].label, cells[f], f == "followup_last_at")
        blank = [""] * n
        notes_of = texts_of(cells["followup_note"]) if "followup_note" in cells else blank
        kinds_of = texts_of(cells["followup_kind"]) if "followup_kind" in cells else blank
        plans_of = texts_of(cells["followup_plan"]) if "followup_plan" in cells else blank
        details = [
            (c.label, texts_of(without_placeholders(cells_of(c.index))))
            for c in self.followup_details
        ]
        line = line_template("importing.column_line")
        latest = datetime.now() + timedelta(hours=1)
        out: dict[int, ListedFollowUps] = {}

        def label(target: str) -> str:
            return columns[target].label if target in columns else ""

        for i in range(n):
            at: dict[str, datetime | None] = {}
            for f in ("followup_last_at", "followup_next_at"):
                raw = cells[f][i] if f in cells else None
                if raw is None or raw == "":
                    at[f] = None
                    continue
                when, problem = _followup_time(raw, f == "followup_last_at", latest)
                at[f] = when
                if problem is not None:
                    header, value = columns[f].label, shown(raw)
                    notes.append(ValueNote(i, header, value, problem))
                    lines.setdefault(i, []).append(line.format(header=header, value=value))
            last, next_ = at["followup_last_at"], at["followup_next_at"]
            note, named = notes_of[i], kind_of(kinds_of[i])
            kind = named or "other"
            more = [(header, texts[i]) for header, texts in details]  # with what was said
            more.append((label("followup_time"), untimed[i]))
            if named is None or last is None:  # 展会: a way no kind names
                more.append((label("followup_kind"), kinds_of[i]))
            more.append((label("followup_plan"), plans_of[i]))
            if last is None:  # when it was said is not known: all of it in the remarks
                more.insert(0, (label("followup_note"), note))
                note = ""
            said = [line.format(header=header, value=value) for header, value in more if value]
            if last is None:
                if said:
                    lines.setdefault(i, []).extend(said)
                    undated[i] = said
                said = []
            if last is not None or next_ is not None:
                person = people[i] if people[i].__class__ is str else ""
                text = "\n".join([note, *said] if note else said)
                out[i] = ListedFollowUps(last, text, next_, kind, person)
        return out

    def _lost_digits(self, cells_of: Callable[[int], list], notes: list[ValueNote]) -> None:
        """Warn of the phones, accounts and codes whose digits Excel lost; they are kept."""
        for index, label in self.digit_columns:
            for i, value, reason in lost_digits(cells_of(index)):
                notes.append(ValueNote(i, label, value, reason, in_field=True))

    def _label(self, name: str) -> str:
        column = self.column_of.get(name)
        if column is not None:
            return column.label
        if name == "address" and self.address_parts:
            return next(iter(self.address_parts.values())).label
        if name == "contact_phone" and self.mobile_as_phone:
            return self.extra["contact1_mobile"].label
        return CUSTOMER_FIELD_MAP[name].zh

    def _contacts(
        self,
        cells_of: Callable[[int], list],
        columns: dict[str, list],
        n: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
        first_titles: Mapping[int, str],
    ) -> dict[int, list[dict[str, str]]]:
        """The people on each row: contact 1 from the card's 联络人 and the row's 职务, 手机,
        电话, 邮箱, 微信; 联系人2 … from their own columns. Details of a person without a
        name are kept in the remarks. A title written after a name (赵六 经理; contact 1's
        in `first_titles`, its name on the card already) is the person's when the list
        gives them none: a 职务 column's value wins, the name is the name alone all the
        same."""
        out: dict[int, list[dict[str, str]]] = {}
        self._first_positions: set[int] = set()
        kept = line_template("importing.original_line")
        for number, targets in enumerate(CONTACT_TARGETS, start=1):
            if number == 1 and self.skip_first:
                continue  # made from the card's columns (`first_from_card`)
            given = {
                attr: target
                for attr, target in zip(CONTACT_ATTRS, targets, strict=True)
                if target in self.extra or (number == 1 and target in columns)
            }
            if not given:
                continue
            values: dict[str, list[str]] = {}
            for attr, target in given.items():
                if target in CUSTOMER_FIELD_MAP:  # contact 1's name and phone: the card's
                    col = columns[target]
                    values[attr] = ["" if v is ABSENT or v is None else str(v) for v in col]
                elif attr == "birthday":  # a day the sheet holds as a number: the day
                    cells = cells_of(self.extra[target].index)
                    values[attr] = texts_of([_day_cell(v) for v in cells])
                else:
                    values[attr] = texts_of(cells_of(self.extra[target].index))
            if number == 1 and self.mobile_as_phone:
                values.pop("phone", None)  # the card's 联络电话 is this person's mobile
            if number == 1:  # the row's own phone and email, when the person has none
                for attr, card_field in (("phone", "phone"), ("email", "email")):
                    if card_field not in columns:
                        continue
                    col = columns[card_field]
                    own = ["" if v is ABSENT or v is None else str(v) for v in col]
                    if attr not in values:
                        values[attr] = own
                    elif attr == "phone" and self.phone_in_name:
                        values[attr] = [v or o for v, o in zip(values[attr], own, strict=True)]
            values = {"name": values.pop("name", None) or [""] * n, **values}
            titles = first_titles if number == 1 else self._titles_in_names(values["name"])
            keys = list(values)  # the name first
            too_long = {
                attr: {i for i, text in enumerate(texts) if len(text) > CONTACT_LIMITS[attr]}
                for attr, texts in values.items()
                if max(map(len, texts), default=0) > CONTACT_LIMITS[attr]
            }
            odd = set().union(*too_long.values()) if too_long else set()
            for i, row in enumerate(zip(*values.values(), strict=True)):
                if not row[0]:
                    if any(row):  # details without a person: kept in the remarks as text
                        self._nameless(dict(zip(keys, row, strict=True)), given, number, i,
                                       lines)  # fmt: skip
                    continue
                person = dict(zip(keys, row, strict=True))
                if i in odd and not self._fit(person, too_long, given, i, lines, notes):
                    continue
                if i in titles:
                    if not person.get("title"):
                        person["title"] = titles[i]
                    elif person["title"] != titles[i]:  # the 职务 column's wins: the
                        # cell's own is kept in the remarks, as any value not taken
                        value = f"{person['name']}（{titles[i]}）"
                        label = self._label_of(given["name"])
                        lines.setdefault(i, []).append(kept.format(header=label, value=value))
                persons = split_people(person) or [person]  # 张三、李四: two people
                if "gender" in given or "birthday" in given:
                    for one in persons:
                        self._read_person(one, given, i, lines, notes)
                if number == 1:
                    out[i] = persons
                    self._first_positions.add(i)
                else:
                    out.setdefault(i, []).extend(persons)
        return out

    def _label_of(self, target: str) -> str:
        """The header, as the file writes it, of the column feeding `target` (a column
        made from others: what it feeds, in the user's language)."""
        column = self.extra.get(target) or self.column_of.get(target)
        return column.label if column is not None else target_label(target)

    @staticmethod
    def _titles_in_names(names: list) -> dict[int, str]:
        """The titles written in a column of names (联系人2: 李娜/采购主管): position ->
        title; `names` keep the names alone."""
        titled = titles_in_names(names)
        for i, (name, _title) in titled.items():
            names[i] = name
        return {i: title for i, (_name, title) in titled.items()}

    def _read_person(
        self,
        person: dict[str, str],
        given: dict[str, str],
        i: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> None:
        """A person's gender as M or F (男, 女士, male) and birthday as a day; one that is
        neither (a birthday without its year, 3月8日) is kept in the remarks, with a warning."""
        for attr, reason in (("gender", "importing.not_a_gender"),
                             ("birthday", "importing.not_a_birthday")):  # fmt: skip
            text = person.get(attr)
            if not text:
                continue
            value = _person_value(attr, text)
            if value is not None:
                person[attr] = value
                continue
            person[attr] = ""
            label = self._contact_label(given.get(attr), attr)
            notes.append(ValueNote(i, label, text, msg(reason)))
            original = line_template("importing.original_line")
            lines.setdefault(i, []).append(original.format(header=label, value=text))

    def _nameless(
        self,
        person: dict[str, str],
        given: dict[str, str],
        number: int,
        i: int,
        lines: dict[int, list[str]],
    ) -> None:
        line = line_template("importing.column_line")
        for attr, target in given.items():
            if target in self.extra and person.get(attr):
                if attr == "mobile" and self.mobile_as_phone and number == 1:
                    continue  # it is the card's 联络电话
                label = self.extra[target].label
                lines.setdefault(i, []).append(line.format(header=label, value=person[attr]))

    def _fit(
        self,
        person: dict[str, str],
        too_long: dict[str, set[int]],
        given: dict[str, str],
        i: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> bool:
        """A detail longer than a contact holds is kept in the remarks instead (a name that
        long: no contact at all). False when the person is not filed."""
        for attr, rows in too_long.items():
            if i not in rows:
                continue
            label = self._contact_label(given.get(attr), attr)
            text = person[attr]
            notes.append(ValueNote(i, label, text, msg("importing.too_long_here")))
            original = line_template("importing.original_line")
            lines.setdefault(i, []).append(original.format(header=label, value=text))
            if attr == "name":
                return False
            person[attr] = ""
        return True

    def _contact_label(self, target: str | None, attr: str) -> str:
        if target in self.extra:
            return self.extra[target].label
        if target in self.column_of:
            return self.column_of[target].label
        return attr

    def _add_to_remarks(
        self, columns: dict[str, list], lines: dict[int, list[str]], n: int, notes: list
    ) -> None:
        remarks = columns.get("remarks")
        if remarks is None:
            remarks = columns["remarks"] = [ABSENT] * n
        for i, extra in lines.items():
            base = remarks[i]
            text = (
                "\n".join(extra) if base is ABSENT or not base else base + "\n" + "\n".join(extra)
            )
            if len(text) > REMARKS_LIMIT:
                text = text[:REMARKS_LIMIT]
                notes.append(
                    ValueNote(i, "", "", msg("importing.remarks_cut", limit=REMARKS_LIMIT))
                )
            remarks[i] = text

    def problems(self, errors: Mapping[str, str]) -> list[CellProblem]:
        out = []
        for name, message in errors.items():
            column = self.column_of.get(name)
            reason = field_problem(name, message)
            out.append(
                CellProblem(
                    column.index if column else -1,
                    column.label if column else "",
                    name,
                    reason,
                    is_ambiguous_date(reason),
                )
            )
        return out


# --- duplicates -------------------------------------------------------------------------
