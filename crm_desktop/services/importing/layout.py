"""Where the list is in a sheet as people lay it out, and which rows are not customers.

Lists arrive under a title (often merged across the width), a date line
("制表日期：2024年…"), instructions (填写须知, 说明：…); under the headers a row of notes
(必填 / 选填 / 示例) or a sample row; over each group a heading (一、华东区), at the
bottom or after each group a 合计 / 小计 row; under the list who made and checked it
(制表人：…, 审核：…) and notes (说明：…). The header row is the row with the most known
headers (`score_header_row`), and where none is known, the row shaped like headers:
several short, distinct texts with rows of data under them. A row right under the
headers that is notes is skipped, and so is any row whose name cell says total or
begins a footer line (制表人：, 说明：), a group's heading alone on its row, or a row
that holds only numbers with no name; each skipped row is listed with its reason. So
is a group's total named with its salesperson or page (张三 小计, 本页小计) and a title
alone on its row (华东区客户名单). A list pasted under the list with its header row
again is read by that row (`Headings`), and a cell merged down over several customers
(业务员 over a salesperson's block) is each one's (`merged_down`). A report exported
from another CRM (Salesforce's grouped by account) has a group row over each account's
rows (Account Name: Müller GmbH (2 records)): skipped, it names the rows under it whose
name cell is empty (`report_group`); its Grand Totals (4 records) and its Confidential /
Copyright lines are skipped as totals and footer lines. A workbook whose first sheet is
instructions is read from the sheet that holds the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from crm_desktop.messages import Message, Text, msg
from crm_desktop.services.importing.headers import header_text, score_header_row
from crm_desktop.services.importing.values import has_han

SEARCH_ROWS = 30  # rows under which a header row is looked for
SHORT = 24  # characters a header has at most
NOTE_WORDS = ("必填", "选填", "可选", "非必填", "必须", "示例", "例如", "举例", "样例", "范例",
              "example", "e.g.", "required", "optional", "sample", "mandatory")  # fmt: skip
_NOTE = re.compile("|".join(re.escape(w) for w in NOTE_WORDS), re.IGNORECASE)
_TOTAL = re.compile(
    r"^\s*[（(]?\s*(合\s*计|小\s*计|总\s*计|共\s*计|总\s*和|累\s*计|grand\s+totals?"
    r"|sub\s*-?\s*totals?|totals?|sum)\s*[)）]?\s*"
    r"(?:[（(]\s*\d[\d,]*\s*(?:records?|rows?|items?|条记录|条|项|个|家)?\s*[)）]\s*)?"  # (4 records)
    r"(?:[:：].*)?$",
    re.IGNORECASE,
)
# a group's total named with its group, its salesperson or its page (张三 小计, 小计(李四),
# 李四合计, 本页小计, 王芳 汇总, 【小计】, 共计15家), never a company's name (深圳合计科技有限
# 公司: it names a trade); and a line closing a group (以上为华南区客户)
_TOTAL_WORD = re.compile(r"小\s*计|合\s*计|总\s*计|共\s*计|汇\s*总|以上")
_GROUP_TOTAL = re.compile(
    r"^\s*(?:[\w·]{2,6}\s*[-—:：]?\s*)?[（(【\[]?\s*(?:小\s*计|合\s*计|总\s*计|汇\s*总)\s*[)）】\]]?"
    r"\s*(?:[（(【\[]\s*[\w·]{1,6}\s*[)）】\]])?\s*(?:[:：].*)?$"
    r"|^\s*(?:共\s*计|合\s*计|总\s*计)\s*[:：]?\s*\d+\s*[家个户位条名]?\s*$"
)
_CLOSING = re.compile(r"^\s*以上(?:为|是|共|均为|所有|全部|客户|数据|名单)")
# the words a list's title ends with, alone on its row (华东区客户名单, 2024年重点客户一览表)
_TITLE_ENDS = ("名单", "清单", "一览表", "明细表", "汇总表", "客户表", "信息表", "统计表", "登记表",
               "台账", "名录")  # fmt: skip
_COMPANY = re.compile(r"公司|厂|集团|中心|研究|医院|学校|学院|银行|事务所|商行|经营部|门市|店")
_FORMULA_TEXT = re.compile(r"^\s*=")
# the lines offices write under a list: who made and checked it, when, notes on it
# (制表人：王芳 | 审核：李经理 | 日期：2024-05-01; 说明：1. 本表仅限内部使用…)
FOOTER_WORDS = ("制表人", "制表", "制表日期", "填表人", "填表", "填表日期", "填报人", "填报单位",
                "填报日期", "审核人", "审核", "审批人", "审批", "复核人", "复核", "批准人", "批准",
                "经办人", "统计人", "统计日期", "日期", "打印日期", "打印时间", "导出日期", "导出时间",
                "说明", "填表说明", "备注", "注", "附注", "注意", "温馨提示", "提示", "单位",
                "prepared by", "checked by", "approved by", "printed", "date", "note", "notes")  # fmt: skip
_FOOTER = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in FOOTER_WORDS) + r")\s*[:：]", re.IGNORECASE
)
# the notice a report exported from a CRM ends with, alone on its row (Salesforce:
# Confidential Information - Do Not Distribute; Copyright (c) 2000-2024 salesforce.com)
_NOTICE = re.compile(
    r"\s*(?:confidential\s*(?:information\b|[-–—:：(（]|$)|copyright\s*(?:\(c\)|©|\d{4})"
    r"|©\s*\d{4}|\(c\)\s*\d{4})",
    re.IGNORECASE,
)
_NOTICE_FIRST = frozenset("Cc©")  # the characters a text `_NOTICE` matches may start with
# a report's group row, as a CRM exports a report grouped by a column (Salesforce's
# Accounts & Contacts by account): the group's value, often after its column's name, with
# the count of its rows, alone on its row over them (Account Name: Müller GmbH (2 records),
# Müller GmbH (2), 客户名称：华为 (3 条记录))
_REPORT_GROUP = re.compile(
    r"^\s*(?:(?P<label>[^:：()（）]{1,40}?)\s*[:：]\s*)?(?P<name>\S.*?)\s*[（(]\s*\d[\d,]*"
    r"\s*(?P<unit>records?|rows?|items?|条记录|条|项|个记录)?\s*[)）]\s*$",
    re.IGNORECASE,
)
_NO_VALUE = ("-", "--", "—", "–", "(blank)", "(空白)", "（空白）")  # a group of rows without one
# a heading over a group of rows, numbered as documents number sections: 一、华东区,
# （三）西南区, 2、华北区
_GROUP_HEAD = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、．])"
    r"\s*[\u4e00-\u9fffA-Za-z]"
)
# the characters a text `_TOTAL`, `_FOOTER` or `_GROUP_HEAD` matches may start with
_SKIP_FIRST = frozenset("合小总共累（(gGsStT一二三四五六七八九十0123456789") | {
    ch for w in FOOTER_WORDS for ch in (w[0], w[0].upper())
}


@dataclass
class Layout:
    """Where the headers are in the rows read (`header_pos`: an index in them), how sure
    that is, and the rows under them that are notes (indexes in the rows read)."""

    header_pos: int
    known: int  # cells of the header row that are known headers
    shaped: bool  # the row looks like headers even where none is known
    notes: dict[int, Message] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.known > 0 or self.shaped


def _texts(row: Sequence) -> list[str]:
    return [header_text(v) for v in row if v not in (None, "") and header_text(v)]


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("¥", "").replace("￥", "")
        if _FORMULA_TEXT.match(text):
            return True
        try:
            float(text)
        except ValueError:
            return False
        return True
    return False


def _shape(rows: Sequence[Sequence], i: int) -> int:
    """How much row i looks like a header row: its short, distinct, non-numeric texts,
    when data rows follow it (0 for a title, a date line or a sentence)."""
    cells = [v for v in rows[i] if v not in (None, "")]
    texts = _texts(rows[i])
    if len(texts) < 2 or len(texts) != len(cells):
        return 0
    if any(len(t) > SHORT or _is_number(t) for t in texts) or len(set(texts)) < len(texts):
        return 0
    following = [r for r in rows[i + 1 : i + 4] if sum(v not in (None, "") for v in r) >= 2]
    return len(texts) if following else 0


def find_layout(rows: Sequence[Sequence]) -> Layout:
    """The header row of the first rows read, and the notes rows under it."""
    best, best_key = 0, (-1, -1, 0)
    for i in range(min(SEARCH_ROWS, len(rows))):
        known = score_header_row(list(rows[i]))
        shape = _shape(rows, i)
        key = (known, shape, -i)
        if key > best_key:
            best, best_key = i, key
    best = _first_of_its_words(rows, best)  # a list pasted under the list, headers again
    if best + 1 < len(rows) and _subheadings(rows[best], rows[best + 1]):
        best, best_key = best + 1, (score_header_row(list(rows[best + 1])), 1, 0)
    layout = Layout(best, max(best_key[0], 0), best_key[1] > 0)
    position = best + 1
    while position < len(rows) and position <= best + 3:
        note = notes_row(rows[position])
        if note is None:
            break
        layout.notes[position] = note
        position += 1
    return layout


def _first_of_its_words(rows: Sequence[Sequence], best: int) -> int:
    """The first row above `best` that holds most of its header words (the list's own
    header, when a region's list pasted under it has more of the known ones), else
    `best`: the rows between are the list's, not titles."""
    words = set(_texts(rows[best]))
    if len(words) < 2:
        return best
    for i in range(best):
        texts = _texts(rows[i])
        if len(texts) >= 2 and len(words.intersection(texts)) * 2 >= len(words):
            return i
    return best


def _subheadings(upper: Sequence, lower: Sequence) -> bool:
    """`lower` is the second row of a two-row heading under `upper`: a group merged
    across columns (联系人 over 姓名 | 电话 | 职务, 开票信息 over 税号 | 开户行), the
    columns outside a group merged down (客户名称, 地址). The upper row often names more
    known headers, yet the lower row holds the columns' own; the source then reads each
    column under its group (`_groups_above`) and takes an empty one's text from above.

    Known by its shape: short, distinct, non-numeric texts, two or more of them known
    headers, at least one under the empty part of a merged group (a text to its left
    above, nothing right above)."""
    texts = [(j, header_text(v)) for j, v in enumerate(lower) if v not in (None, "")]
    if len(texts) < 2 or any(not t or len(t) > SHORT or _is_number(t) for _j, t in texts):
        return False
    if len({t for _j, t in texts}) < len(texts) or score_header_row(list(lower)) < 2:
        return False
    above = [header_text(v) for v in upper]
    if sum(1 for text in above if text) < 2:
        return False
    return any(j < len(above) and not above[j] and any(above[:j]) for j, _text in texts)


def notes_row(row: Sequence) -> Message | None:
    """Why a row right under the headers is notes, not a customer (None: it is data)."""
    texts = _texts(row)
    if not texts:
        return None
    marked = [t for t in texts if _NOTE.search(t)]
    first = texts[0]
    if first.startswith(("示例", "例：", "例:", "样例", "范例", "Example", "example", "e.g.")):
        return msg("import_read.skip_sample", text=first[:30])
    if len(marked) * 2 >= len(texts) and len(marked) >= 1:
        return msg("import_read.skip_notes", text="、".join(dict.fromkeys(marked))[:40])
    return None


def row_skip(
    row: Sequence, name_col: int | None, numeric_cols: Sequence[int], text_cols: Sequence[int] = ()
) -> Message | None:
    """Why a data row is not a customer: a totals row, or numbers under the numeric
    columns with no name (and nothing in a column of text such as the phone: a row with a
    phone but no name is a customer with a mistake, rejected with its reason instead)."""
    name = row[name_col] if name_col is not None and name_col < len(row) else None
    if (
        name.__class__ is str
        and name
        and name[0] not in _SKIP_FIRST
        and not name[0].isspace()
        and (len(name) > 16 or _TOTAL_WORD.search(name) is None)
        and not name.endswith(_TITLE_ENDS)
        and (name[0] not in _NOTICE_FIRST or _NOTICE.match(name) is None)
    ):
        return None  # a name no totals or footer line starts with: decided at once
    name_text = header_text(name)
    if name_text:
        if _is_total(name_text):
            return msg("import_read.skip_total", text=name_text)
        if _FOOTER.match(name_text) or _CLOSING.match(name_text) or _NOTICE.match(name_text):
            return msg("import_read.skip_footer", text=_shortened(name_text))
        if _GROUP_HEAD.match(name_text) and len(name_text) <= 20 and _alone(row, name_col):
            return msg("import_read.skip_group", text=name_text)
        if name_text.endswith(_TITLE_ENDS) and len(name_text) <= 30 and _alone(row, name_col):
            return msg("import_read.skip_group", text=name_text)  # 华东区客户名单
        return None
    cells = [(i, v) for i, v in enumerate(row) if v not in (None, "") and header_text(v)]
    if not cells:
        return None
    for _i, v in cells:  # a total written in another cell than the name's
        text = header_text(v)
        if isinstance(v, str) and _is_total(text):
            return msg("import_read.skip_total", text=text)
    first = cells[0][1]  # a footer line begins at the left, under the 序号 perhaps
    if isinstance(first, str) and (_FOOTER.match(header_text(first)) or _NOTICE.match(first)):
        return msg("import_read.skip_footer", text=_shortened(header_text(first)))
    if len(cells) == 1 and cells[0][0] == 0 and isinstance(cells[0][1], str):
        heading = header_text(cells[0][1])  # alone in the first column (merged across)
        if has_han(heading) and len(heading) <= 20:  # 华东区; not a code (KH001)
            return msg("import_read.skip_group", text=heading)
    numeric, texts = set(numeric_cols), set(text_cols)
    if (
        any(i in numeric for i, _v in cells)
        and not any(i in texts for i, _v in cells)
        and all(_is_number(v) and not isinstance(v, (date, datetime)) for _i, v in cells)
    ):
        return msg("import_read.skip_numbers_only")
    return None


def _is_total(text: str) -> bool:
    """Whether a cell names a totals row: 合计, Total, Grand Totals (4 records), or a
    group's total (张三 小计)."""
    if len(text) > 40:
        return False
    if _TOTAL.match(text):
        return True
    return (
        len(text) <= 16 and _GROUP_TOTAL.match(text) is not None and _COMPANY.search(text) is None
    )


def _alone(row: Sequence, col: int | None) -> bool:
    """Whether the cell at `col` is the row's only one with anything in it."""
    return all(v in (None, "") or i == col for i, v in enumerate(row))


def _shortened(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def skip_rows(
    rows: Iterator[tuple[int, list]],
    name_col: int | None,
    numeric_cols: Sequence[int],
    skipped: Callable[[int, Message], object],
    notes: Sequence[int] = (),
    text_cols: Sequence[int] = (),
    people: People | None = None,
    header: Sequence = (),
) -> Iterator[tuple[int, list]]:
    """The rows that may be customers; each other one is reported to `skipped` with
    its file row number and reason. `notes`: row numbers already known to be notes.
    `people`: rows that only hold another person of the customer right above them
    (its name cell merged down over them) come with that customer's name, and are
    noted in `people.continued`. `header`: the header row's cells; a list pasted under
    the list with headers of its own (`Headings`) is read by them.

    A report's group row (`report_group`: Account Name: Müller GmbH (2 records)) is
    skipped, and names the rows under it whose name cell is empty: the first of them
    is the customer's row, the others (with `people`) more of its people, as under a
    name merged down over them. A row that is skipped or has a name of its own ends
    the group."""
    note_rows = set(notes)
    above: tuple[int, object] | None = None  # the customer row people may follow: number, name
    last = 0  # the number of the last row given
    headings = Headings(header, name_col)
    name_header = (
        header_text(header[name_col]) if name_col is not None and name_col < len(header) else ""
    )
    group: tuple[int, str] | None = None  # the report group row over the rows: number, name
    held: tuple[int, list, str, str] | None = None  # a row that may be a group's (Müller
    # GmbH (2)): one when the row right under it has no name, else a customer so named
    for number, row in rows:
        if held is not None:
            held_number, held_row, text, named = held
            held = None
            if number == held_number + 1 and name_col is not None and _unnamed(row, name_col):
                above, group = None, ((held_number, named) if named else None)
                code = "import_read.skip_report_group" if named else "import_read.skip_group"
                skipped(held_number, msg(code, text=_shortened(text, 60)))
            else:
                above, last = (held_number, held_row[name_col]), held_number  # type: ignore[index]
                yield held_number, held_row
        if number in note_rows:
            continue
        if headings.words:
            row, why = headings.read(number, row)
            if why is not None:
                above = group = None
                skipped(number, why)
                continue
        if (
            people is not None
            and above is not None
            and number == last + 1
            and name_col is not None
            and people.only_people(row, name_col)
            and row_skip(row, name_col, numeric_cols, text_cols) is None  # not 制表人：…
        ):
            row = list(row) + [None] * (name_col + 1 - len(row))
            row[name_col] = above[1]
            people.continued[number] = above[0]
            last = number
            yield number, row
            continue
        reason = row_skip(row, name_col, numeric_cols, text_cols)
        if reason is not None:
            above = group = None
            skipped(number, reason)
            continue
        if name_col is not None:
            name = row[name_col] if name_col < len(row) else None
            if name.__class__ is str and name and name[-1] not in ")）":
                group = None  # the usual row: a customer of its own
            else:
                found = report_group(row, name_col, name_header)
                if found is not None:
                    text, named, sure = found
                    if not sure:
                        group, held = None, (number, row, text, named)
                        continue
                    above = None
                    group = (number, named) if named else None
                    code = "import_read.skip_report_group" if named else "import_read.skip_group"
                    skipped(number, msg(code, text=_shortened(text, 60)))
                    continue
                if group is not None and _unnamed(row, name_col):
                    row = list(row) + [None] * (name_col + 1 - len(row))
                    row[name_col] = group[1]  # the report group's customer
                    if people is not None and above is not None and above[0] > group[0]:
                        people.continued[number] = above[0]  # more of its people
                        last = number
                        yield number, row
                        continue
                else:
                    group = None
            if name_col < len(row):
                above = (number, row[name_col])
        last = number
        yield number, row
    if held is not None:
        yield held[0], held[1]


def _unnamed(row: Sequence, name_col: int) -> bool:
    return name_col >= len(row) or row[name_col] is None or row[name_col] == ""


def report_group(row: Sequence, name_col: int, name_header: str) -> tuple[str, str, bool] | None:
    """A report's group row: its text, the customer's name it gives the rows under it
    ("": none, the group is by another column than the name's), and whether that is
    sure; None for any other row.

    The row holds one cell, in the first column or the name's, with the group's value and
    its count: after its column's name or with the word of its count (Account Name:
    Müller GmbH (2 records)) it is sure; with the count alone (Müller GmbH (2)) in the name
    column, only over a row without a name (else a customer so named)."""
    cells = [(i, v) for i, v in enumerate(row) if v is not None and v != ""]
    if len(cells) != 1 or cells[0][0] not in (0, name_col) or cells[0][1].__class__ is not str:
        return None
    col, text = cells[0][0], header_text(cells[0][1])
    match = _REPORT_GROUP.match(text)
    if match is None:
        return None
    label, name = match["label"], match["name"].strip()
    sure = label is not None or match["unit"] is not None or col != name_col
    if name in _NO_VALUE:
        name = ""
    elif label is not None:
        if not name_header or label.strip().casefold() != name_header.casefold():
            name = ""  # Account Owner: John Smith (3 records)
    elif col != name_col:
        name = ""
    return text, name, sure


def merged_down(
    rows: Iterator[tuple[int, list]], ranges: Sequence[tuple[int, int, int, int]], name_col: int
) -> Iterator[tuple[int, list]]:
    """The rows with a cell merged down over several customers (业务员 or 区域 over a
    salesperson's block) holding its value in each row it covers, as the sheet shows it;
    a reader gives it in the first row only. Not the name column, nor a row without a
    name: those rows are more people or visits of the customer above (`People`)."""
    # file row where a range starts -> (its last file row, a column it covers, the column
    # whose cell holds its value)
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for top, first, bottom, last in ranges:
        for col in range(first, last + 1):
            if col != name_col:
                starts.setdefault(top + 1, []).append((bottom + 1, col, first))
    if not starts:
        yield from rows
        return
    live: list[tuple[int, int, object]] = []  # (last file row, column, value)
    for number, row in rows:
        if live:
            live = [cover for cover in live if cover[0] >= number]
        if live and name_col < len(row) and row[name_col] not in (None, ""):
            for _end, col, value in live:
                if col < len(row) and row[col] in (None, ""):
                    row[col] = value
        for end, col, first in starts.get(number, ()):
            value = row[first] if first < len(row) else None
            if value not in (None, ""):
                live.append((end, col, value))
        yield number, row


class Headings:
    """The header row, and the lists pasted under it with headers of their own: a row
    that repeats the header's words is a header row again, not a customer. Under one in
    the header's order the rows read on as before; in another order, they are put back
    in the header's order; under headers the first row lacks, they are skipped with their
    reason (another layout, to be imported on its own)."""

    def __init__(self, header: Sequence, name_col: int | None) -> None:
        self.texts = [header_text(v) for v in header]
        words = frozenset(t for t in self.texts if t)
        self.words = words if name_col is not None and len(words) >= 2 else frozenset()
        self.name_col = name_col or 0
        self.order: dict[int, int] | None = None  # a cell's column -> the header's
        self.under: int | None = None  # the row of headers the first lacks, rows under it

    def read(self, number: int, row: list) -> tuple[list, Message | None]:
        """Row `number` as the header reads it, or why it is not a customer."""
        name = row[self.name_col] if self.name_col < len(row) else None
        if name.__class__ is str and header_text(name) in self.words and self._is_header(row):
            return row, self._new_header(number, row)
        if self.under is not None:
            return row, msg("import_read.skip_under_other_header", row=self.under)
        if self.order is None:
            return row, None
        out: list = [None] * len(self.texts)
        for j, v in enumerate(row):
            k = self.order.get(j)
            if k is not None:
                out[k] = v
        return out, None

    def _is_header(self, row: list) -> bool:
        hits = sum(1 for v in row if v.__class__ is str and header_text(v) in self.words)
        return hits >= max(2, (len(self.words) + 1) // 2)

    def _new_header(self, number: int, row: list) -> Message:
        texts = [header_text(v) for v in row]
        self.order = self.under = None
        if all(not t or (j < len(self.texts) and t == self.texts[j]) for j, t in enumerate(texts)):
            return msg("import_read.skip_header_again")
        where = {t: k for k, t in enumerate(self.texts) if t}
        strange = [t for t in texts if t and t not in where]
        if strange:
            self.under = number
            return msg("import_read.skip_other_header", text=strange[:5])
        self.order = {j: where[t] for j, t in enumerate(texts) if t}
        return msg("import_read.skip_header_order")


@dataclass
class People:
    """The columns of the people on a row (联系人, 职务, 手机 … 联系人2 …) and of nothing (序号):
    a row with a person (or a visit) there and an empty name is another person (or visit)
    of the customer above, as lists with the name (and address, remarks) merged down over
    a customer's people (or visits) have them. `continued`: such rows' numbers, each with
    its customer row's."""

    names: frozenset[int]  # the columns of the people's names
    details: frozenset[int]  # their other columns, and the columns that feed nothing
    continued: dict[int, int] = field(default_factory=dict)
    # a visit log's columns of a visit (日期, 拜访内容): the name merged down over a
    # customer's visits, a row of them is another visit of the customer above
    visits: frozenset[int] = frozenset()

    def only_people(self, row: Sequence, name_col: int) -> bool:
        if name_col < len(row) and row[name_col] not in (None, ""):
            return False  # the usual row: a customer's
        named = False
        for i, value in enumerate(row):
            if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                continue
            if i in self.names or i in self.visits:
                named = True
            elif i == name_col or i not in self.details:
                return False
        return named


@dataclass(frozen=True)
class SheetChoice:
    """The sheet a list was read from when the first sheet holds none."""

    sheet: str
    passed_over: list[str]
    instructions: bool = True  # the first sheet held prose; else headers but no names

    def message(self, file: str) -> Message:
        skipped = quoted_sheets(self.passed_over)
        code = "import_read.sheet_chosen" if self.instructions else "import_read.sheet_chosen_list"
        return msg(code, file=file, sheet=self.sheet, skipped=skipped)


def quoted_sheets(names: Sequence[str]) -> list[Text]:
    """Sheet names as a message lists them: “华南区”、“华北区” / 'East', 'North'."""
    return [Text(f"“{name}”", f"'{name}'") for name in names]


_INSTRUCTION_SHEET = re.compile(
    r"说明|须知|指南|帮助|示例|instruction|readme|read me|help|guide|notes", re.IGNORECASE
)


def looks_like_instructions(sheet: str, rows: Sequence[Sequence], layout: Layout | None) -> bool:
    """A sheet of prose rather than a list: named so (填写说明, Instructions), or no known
    header and most of its rows a single sentence."""
    if layout is not None and layout.known > 0:
        return False
    if _INSTRUCTION_SHEET.search(sheet):
        return True
    filled = [_texts(r) for r in rows[:SEARCH_ROWS] if _texts(r)]
    if not filled:
        return True
    sentences = sum(
        1
        for texts in filled
        if len(texts) == 1 and (len(texts[0]) > SHORT or texts[0][-1] in "。：:；;")
    )
    return sentences * 2 > len(filled) and not (layout is not None and layout.shaped)
