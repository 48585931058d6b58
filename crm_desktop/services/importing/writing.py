"""Running an import: blocks cleaned, checked for duplicates and written in one transaction."""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.messages import Message, Text, msg, render, render_all
from crm_desktop.models import (
    Customer,
    ImportBatch,
    database,
    is_sqlite,
    transaction,
    utcnow,
)
from crm_desktop.models.base import new_uuid
from crm_desktop.models.db import rollback_journal_when_alone
from crm_desktop.offload import Offload
from crm_desktop.search_text import (
    CONTACT_TEXTS,
    DOC_FIELDS,
    documents_coded,
    documents_joined,
)
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields.kinds import FieldDef
from crm_desktop.services.fields import (
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.followups.listed import ListedFollowUps, add_listed_followups
from crm_desktop.services.importing.choices import remember_value_maps
from crm_desktop.services.importing.cleaning import (
    ABSENT,
    CleanBlock,
    ColumnCleaner,
    card_person,
    file_value,
)
from crm_desktop.services.importing.custom import custom_columns
from crm_desktop.services.importing.duplicates import (
    DuplicateIndex,
    describe_matches,
    name_keys,
    phone_keys_of_columns,
    reason_and,
)
from crm_desktop.services.importing.headers import (
    ColumnMap,
    remember_mapping,
)
from crm_desktop.services.importing.mapping import (
    guard_columns,
    merged_value_maps,
    require_name,
    unmapped_message,
)
from crm_desktop.services.importing.new_cards import (
    UUID_SQL,
    UUID_SQL_POSTGRES,
    CodeMaker,
    NewCards,
    UuidMaker,
)
from crm_desktop.services.importing.people import (
    CardColumns,
    add_contacts,
    add_new_people,
    first_contacts_by_id,
    first_contacts_of_new_cards,
    last_contact_id,
    people_named,
)
from crm_desktop.services.importing.results import (
    CellProblem,
    ImportCancelled,
    ImportResult,
    Progress,
    Rejection,
    Rollback,
    import_note,
)
from crm_desktop.services.importing.source import ImportSource, full_source, people_source
from crm_desktop.services.importing.values import (
    REMARKS_LIMIT,
)
from crm_desktop.textutil import clean_texts

POLICIES = ("skip", "update", "new")
BLOCK = 2_000  # rows cleaned, checked and written together
PROGRESS_EVERY = 2_000
UPDATE_CHUNK = 500  # updates of cards read and written together
# from this many rows an import works in bulk: a helper process builds the search
# documents (pinyin, bigrams: ~10 µs a card) while the import cleans and writes the
# next rows, and the transaction uses a rollback journal when it has the file to itself
BULK_ROWS = 5_000


def run_import(
    actor: Actor,
    source: ImportSource,
    *,
    on_duplicate: str = "skip",
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    keep_unmapped: bool | None = None,
    value_maps: Mapping[str, Mapping[str, str]] | None = None,
    unmapped_as_fields: bool = False,
) -> ImportResult:
    """Import every row in one transaction; returns what was created, updated, skipped, rejected.

    `progress(done, total)` is called every few thousand rows; returning False cancels,
    and a cancelled import leaves the database as it was (ImportCancelled is raised).
    Columns without a field are kept in the remarks unless `keep_unmapped` is off;
    `value_maps` (field -> {value as written: choice code}) map values no synonym reads,
    and are remembered for the next import. Both default to the source's own (what the
    wizard set on it).
    """
    actor.require("import", "import customers")
    if on_duplicate not in POLICIES:
        raise UserError("importing.bad_policy", choices=list(POLICIES))
    helper = source.data_rows_estimate >= BULK_ROWS
    bulk = helper and is_sqlite()
    if keep_unmapped is None:
        keep_unmapped = source.keep_unmapped
    maps = {k: dict(v) for k, v in source.value_maps.items()}
    for name, values in (value_maps or {}).items():
        maps.setdefault(name, {}).update(values)
    how = _How(on_duplicate, strict, dry_run, keep_unmapped, maps, unmapped_as_fields)
    with _document_helper(helper) as docs:  # started first: it loads while the file is read
        return _run_import(actor, source, how, progress, docs, bulk)


@dataclass(frozen=True)
class _How:
    """The choices of one import."""

    on_duplicate: str
    strict: bool
    dry_run: bool
    keep_unmapped: bool
    value_maps: dict[str, Mapping[str, str]]
    # kept columns feed custom fields: those headed like one, and (a manager) new text ones
    unmapped_as_fields: bool = False


def _document_helper(large: bool) -> Offload:
    """What builds the new cards' search documents (on PostgreSQL with their codes): a
    helper process for a large file, the import itself otherwise."""
    make = documents_joined if is_sqlite() else documents_coded
    docs = Offload(make, use_process=None if large else False)
    row = dict.fromkeys(DOC_FIELDS, "") | {"name": "北京重庆科技有限公司", "contact_name": "王伟"}
    docs.warm_up([(0, *row.values())])
    return docs


@contextmanager
def _without_memory_map() -> Iterator[None]:
    """SQLite reads the file with read() while a large import runs, not through its memory
    map: every page of the growing file it reads back (the indexes it extends, the search
    index it merges) would stay mapped into the process, up to the map's 1 GB (a 1M-row
    CSV: 1 GB of the 2.7 GB peak), where read() copies one page into the bounded cache."""
    before = database.execute_sql("PRAGMA mmap_size").fetchone()[0]
    database.execute_sql("PRAGMA mmap_size = 0")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA mmap_size = {int(before)}")


def _run_import(
    actor: Actor,
    source: ImportSource,
    how: _How,
    progress: Progress | None,
    docs: Offload,
    bulk: bool,
) -> ImportResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    full = full_source(source)
    owns_stream = full is not source  # read here: its sheet can be let go before the end
    source = full
    timings["read"] = time.perf_counter() - t0
    columns, warnings = guard_columns(actor, source)
    require_name(source, columns)
    dry_run = how.dry_run
    result = ImportResult(
        source.path.name, None, dry_run=dry_run, warnings=warnings, headers=source.headers
    )
    try:
        with (
            _without_memory_map() if bulk else nullcontext(),
            rollback_journal_when_alone() if bulk else nullcontext(),
            transaction(),
        ):
            fed = custom_columns(
                actor, source, keep=how.keep_unmapped, define=how.unmapped_as_fields
            )
            fed_headers = [c.header for c in source.columns if c.index in fed]
            unmapped = unmapped_message(source, keep=how.keep_unmapped, fed=fed_headers)
            if unmapped:
                result.warnings.append(unmapped)
            _import_rows(actor, source, columns, result, how, progress, docs, owns_stream, fed)
            if fed_headers and not result.refused:
                result.warnings.append(render("custom_fields.import_fed", {"columns": fed_headers}))
            if dry_run or result.refused:
                raise Rollback
            t_commit = time.perf_counter()
        result.timings["commit"] = time.perf_counter() - t_commit
    except Rollback:
        result.batch_id = None
    result.notes.sort(key=lambda note: note.row_number)  # found column by column
    timings.update(result.timings)
    timings["total"] = time.perf_counter() - t0
    result.timings = timings
    return result


DAY_ORDER_PROBE = 20_000  # the rows whose dates tell a column's order of day and month


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled("importing.cancelled")


def _file_codes(source: ImportSource, code_col: int, seen: Iterable[int] = ()) -> set[int]:
    """The hashes of every customer code the file itself uses (generated codes must avoid
    them). `seen`: those of the rows read so far, where parts of the sheet were let go."""
    stream = source.data.stream
    if stream is not None and None in stream.sheets:
        rows: Iterable[list] = (row for _i, row in stream.rows_kept())
        return {*seen, *_code_hashes([row[code_col] for row in rows if code_col < len(row)])}
    return _code_hashes([row[code_col] for _n, row in source.iter_data() if code_col < len(row)])


def _code_hashes(cells: Sequence) -> set[int]:
    """The hashes of the codes (upper case) in these cells: 8 bytes a row kept, where the
    cells themselves would keep the file's text."""
    raws = [v for v in cells if v not in (None, "")]
    texts = [v if v.__class__ is str else str(file_value(v, "text")) for v in raws]
    return set(map(hash, _upper_texts(clean_texts(texts))))


def _blocks(rows: Iterator[tuple[int, list]], size: int) -> Iterator[tuple[list[int], list]]:
    numbers: list[int] = []
    block: list = []
    for number, row in rows:
        numbers.append(number)
        block.append(row)
        if len(block) >= size:
            yield numbers, block
            numbers, block = [], []
    if block:
        yield numbers, block


def _block_keys(block: CleanBlock, n: int) -> list[tuple[str, str, str, str]]:
    """`DuplicateIndex.keys_of` of every row of a block, column by column."""
    cols = block.columns

    def texts(name: str) -> list[str]:
        col = cols.get(name)
        if col is None:
            return [""] * n
        return [v if v.__class__ is str else "" for v in col]

    codes = _upper_texts(texts("code"))
    taxes = _upper_texts(texts("tax_id"))
    names = name_keys(texts("name"))
    phones = phone_keys_of_columns(texts("phone"))  # row_phone_keys of each
    return list(zip(codes, taxes, names, phones, strict=True))


def _upper_texts(texts: list[str]) -> list[str]:
    """`str.upper` of each text, in one pass over them joined."""
    out = "\n".join(texts).upper().split("\n")
    return out if len(out) == len(texts) else [t.upper() for t in texts]


def _import_rows(
    actor: Actor,
    source: ImportSource,
    columns: list[ColumnMap],
    result: ImportResult,
    how: _How,
    progress: Progress | None,
    docs: Offload,
    owns_stream: bool = False,
    custom: Mapping[int, FieldDef] | None = None,
) -> None:
    policy, strict, dry_run = how.on_duplicate, how.strict, how.dry_run
    timings = result.timings
    t = time.perf_counter()
    now = utcnow()
    now_text = str(now)
    # with a sheet of people: the contacts this import makes are those after this id
    # the contacts made before: this import's own get what later rows say of them
    contacts_before = last_contact_id()
    # a workbook with a list per sheet: the history tells its imports apart by sheet
    name = f"{source.path.name} [{source.sheet}]" if source.other_lists else source.path.name
    batch = ImportBatch.create(uuid=new_uuid(), file_name=name[:500], user=actor.id, started_at=now)
    result.batch_id = batch.id
    cleaner = ColumnCleaner(
        columns,
        keep_unmapped=how.keep_unmapped,
        value_maps=merged_value_maps(how.value_maps),
        first_by_sql=True,
        custom_fields=custom,
    )
    # 03/05/2019 is read in the order the column's first rows tell, in every block alike
    cleaner.learn_day_orders(source.data.rows[source.header_pos + 1 : DAY_ORDER_PROBE])
    cleaner.year_hint = source.year_said()  # a month's visit log: its 5月6日's year
    index = DuplicateIndex.from_database()
    code_col = next((c.index for c in columns if c.field == "code"), None)
    # the rows of a sheet read here are let go part by part as they are worked through;
    # should a code be made later, the codes of the rows already read are kept for it
    seen_codes = array("q")  # hashes: 8 bytes a row
    make_code = CodeMaker(
        index.has_code,
        None if code_col is None else lambda: _file_codes(source, code_col, seen_codes),
    )
    cards = NewCards(
        actor,
        batch.id,
        now_text,
        cleaner.fields,
        docs,
        list((custom or {}).values()),
        expected=source.data_rows_estimate,
    )
    # the first person of each new card, made from the card's columns by one statement
    first_by_sql = cleaner.first_from_card
    remarks_column = "remarks" in cleaner.column_of  # else remarks are only kept lines
    # target, row no., raw, changes, people
    updates: list[tuple[Any, int, Sequence, dict[str, Any] | None, list]] = []
    people: list[tuple[int, list[dict[str, str]]]] = []  # new card (k), its contacts
    # the follow-ups rows name (最后跟进时间, 下次跟进时间): card ("new", k) or ("db", id)
    listed: list[tuple[tuple[str, int], ListedFollowUps]] = []
    indexed: set[int] = set()  # new cards (k) whose document already holds their one person
    split_first: list[int] = []  # new cards (k) whose 联络人 names several people
    try:
        timings["prepare"] = time.perf_counter() - t
        t = time.perf_counter()
        total = source.data_rows_estimate
        ticked = 0

        def reject(number: int, raw: Sequence, problems: list[CellProblem]) -> None:
            result.rejected += 1
            for p in problems:
                result.rejections.append(
                    Rejection(number, p.header, p.field, p.message, tuple(raw))
                )

        done = 0
        new_cards = 0  # file rows planned as new cards: DuplicateIndex targets
        # (place in skipped_rows, the match, what else of the row went under its card)
        undescribed: list[tuple[int, Any, list[Message]]] = []

        def not_a_customer(number: int, reason: Any) -> None:
            result.skipped += 1
            result.skipped_rows.append((number, reason.render()))

        customer_rows = source.customer_rows(release=owns_stream, skipped=not_a_customer)
        # rows that only hold another person of the customer above (its name merged down
        # over them): filed under the card that customer's row became (`above`: ("new", k)
        # or ("db", id); None when it became none), whatever the duplicates policy
        continued = source.people.continued if source.people is not None else {}
        above: tuple[str, int] | None = None
        for numbers, rows in _blocks(customer_rows, BLOCK):
            if owns_stream and code_col is not None and make_code.file_codes is not None:
                seen_codes.extend(
                    _code_hashes([row[code_col] for row in rows if code_col < len(row)])
                )
            block = cleaner.clean(rows)
            people_rows = {i for i, number in enumerate(numbers) if number in continued}
            if block.notes:
                noted = {note.position for note in block.notes}
                noted -= block.errors.keys() | people_rows  # their card values go nowhere
                result.notes.extend(
                    import_note(numbers[note.position], note)
                    for note in block.notes
                    if note.position in noted
                )
            keys_of_rows = _block_keys(block, len(rows))
            code_col_values = block.columns.get("code")
            positions: list[int] = []
            codes: list[str] = []
            k_of: dict[int, int] = {}  # position -> new card
            good = [i for i in range(len(rows)) if i not in block.errors]
            if not people_rows and index.clear_of([keys_of_rows[i] for i in good]):
                # no row of the block matches a card or an earlier row: all new, at once
                for i in good:
                    code = code_col_values[i] if code_col_values is not None else ABSENT
                    if code is ABSENT or not code:
                        code = make_code()  # never one in use or in the file
                        keys_of_rows[i] = (code.upper(), *keys_of_rows[i][1:])
                    codes.append(code)
                index.add_all(
                    [keys_of_rows[i] for i in good], new_cards, [numbers[i] for i in good]
                )
                k_of = {i: new_cards + j for j, i in enumerate(good)}
                if block.followups:
                    listed.extend(
                        (("new", k_of[i]), block.followups[i]) for i in good if i in block.followups
                    )
                if block.contacts:
                    people.extend(
                        (new_cards + j, rest)
                        for j, i in enumerate(good)
                        if (rest := _new_card_people(block, i, first_by_sql))
                    )
                new_cards += len(good)
                positions = good
                last = len(rows) - 1
                above = ("new", k_of[last]) if last in k_of else None
            for i, number in enumerate(numbers):
                if positions is good:
                    if i in block.errors:
                        reject(number, rows[i], cleaner.problems(block.errors[i]))
                    continue
                if i in people_rows:
                    persons = _row_people(block, i, first_by_sql)
                    visit = block.followups.get(i)  # a visit under a merged name: its customer's
                    if visit is not None and above is not None:
                        listed.append((("db", above[1]) if above[0] == "kept" else above, visit))
                    if above is None or (above[0] == "kept" and visit is None):
                        # its customer's row was refused or left as it was
                        result.skipped += 1
                        result.skipped_rows.append(
                            (number, render("importing.person_of_none", {"row": continued[number]}))
                        )
                    elif above[0] == "kept":  # the customer is left as it is: only the visit
                        result.visit_rows.append(number)
                    else:
                        if persons and above[0] == "new":
                            people.append((above[1], persons))
                        elif persons:
                            updates.append((above, number, rows[i], None, persons))
                        filed = result.visit_rows if visit is not None else result.people_rows
                        filed.append(number)
                    continue
                above = None  # until this row becomes a card
                row_errors = block.errors.get(i)
                if row_errors:
                    reject(number, rows[i], cleaner.problems(row_errors))
                    continue
                keys = keys_of_rows[i]
                match = index.find(keys)
                if match is not None:
                    if policy == "skip":
                        result.skipped += 1
                        persons = _row_people(block, i, first_by_sql)
                        if match.where == "file":
                            above = ("new", match.target)
                        elif match.where == "db":  # left as it is; its visits go under it
                            above = ("kept", match.target)
                        # the contacts the row records (a visit log: a row a visit) go
                        # under the card all the same: its fields are left as they are
                        visit = _skipped_visit(match, block.followups.get(i))
                        if visit is not None:
                            card = "new" if match.where == "file" else "db"
                            listed.append(((card, match.target), visit))
                        # the row's visit or people went under the card: counted apart
                        result.filed += visit is not None or bool(
                            persons and (match.where == "file" or cleaner.company_of is not None)
                        )
                        # words of a visit without its day: named, since no card keeps them
                        said = block.undated.get(i)
                        lost = [msg("importing.undated_visit", text=said)] if said else []
                        if match.where == "file" and persons:
                            # another person of a customer an earlier row brought in (a
                            # contacts export: one row per person): filed under that card
                            people.append((match.target, persons))
                            filed = _people_filed(match, persons, visit is not None, lost)
                            result.skipped_rows.append((number, filed))
                            continue
                        also = [msg("importing.followup_filed")] if visit is not None else []
                        also += lost
                        if match.where == "db" and persons and cleaner.company_of is not None:
                            # a people export's person of a customer already there (Pipedrive's
                            # Person - Organization): the card gains the person, nothing else
                            updates.append((("db", match.target), number, rows[i], None, persons))
                            names = [p["name"] for p in persons]
                            also.insert(0, msg("importing.people_filed", names=names))
                        # described with the block's others, by one query
                        undescribed.append((len(result.skipped_rows), match, also))
                        result.skipped_rows.append((number, ""))
                        continue
                    values = block.values(i)
                    if match.where == "deleted":
                        problem = _code_problem(cleaner, values, "importing.code_of_deleted")
                        reject(number, rows[i], [problem])
                        continue
                    if policy == "update":
                        changes = {
                            k: v for k, v in values.items() if v not in (None, "") and k != "code"
                        }
                        for name, column in block.custom.items():
                            if column[i] is not None:  # the text: cleaned by the card's rule
                                changes[name] = block.custom_texts[name][i]
                        target = (
                            ("db", match.target) if match.where == "db" else ("new", match.target)
                        )
                        above = target
                        if target[0] == "db":
                            result.updated_ids.add(target[1])
                        if i in block.followups:
                            listed.append((target, block.followups[i]))
                        updates.append(
                            (target, number, rows[i], changes, _row_people(block, i, first_by_sql))
                        )
                        continue
                    if match.kind == "code":
                        problem = _code_problem(cleaner, values, "importing.code_in_use")
                        reject(number, rows[i], [problem])
                        continue
                    # policy "new": a card of its own despite the likeness
                code = code_col_values[i] if code_col_values is not None else ABSENT
                if code is ABSENT or not code:
                    code = make_code()
                    keys = (code.upper(), *keys[1:])
                index.add(keys, new_cards, number)
                k_of[i] = new_cards
                above = ("new", new_cards)
                if i in block.followups:
                    listed.append((above, block.followups[i]))
                rest = _new_card_people(block, i, first_by_sql)
                if rest:
                    people.append((new_cards, rest))
                new_cards += 1
                positions.append(i)
                codes.append(code)
            index.settle()
            # cards whose 联络人 names several people: their people are made one by one
            split_first.extend(k_of[i] for i in block.split_first if i in k_of)
            if undescribed:
                texts = describe_matches([m for _at, m, _also in undescribed])
                for (at, _m, also), text in zip(undescribed, texts, strict=True):
                    text = reason_and(text, *also) if also else text
                    result.skipped_rows[at] = (result.skipped_rows[at][0], text)
                undescribed.clear()
            done += len(rows)
            if not (strict and result.rejected):
                phones = texts = None
                if block.first_built:
                    phones, texts = _search_people(block, positions, k_of, indexed)
                cards.add(block, positions, codes, phones, texts)
            while done - ticked >= PROGRESS_EVERY:
                ticked += PROGRESS_EVERY
                _tick(progress, ticked, max(total, done))
        total = done
        _tick(progress, total, total)
        for sheet in source.people_sheets:  # a CRM's 联系人 sheet: under the cards made
            _file_people_sheet(source, sheet, index, how, people, updates, result)
        if result.people_rows:
            counts = {"count": len(result.people_rows), "rows": _row_list(result.people_rows)}
            result.warnings.append(render("importing.people_rows", counts))
        if result.visit_rows:
            counts = {"count": len(result.visit_rows), "rows": _row_list(result.visit_rows)}
            result.warnings.append(render("importing.visit_rows", counts))
        if result.filed:  # 跳过 6 beside 6 follow-ups added: what the skipping kept
            counts = {"count": result.filed, "skipped": result.skipped}
            result.warnings.append(render("importing.skipped_but_filed", counts))
        if strict and result.rejected:
            result.refused = True
            result.created = result.updated = result.skipped = 0
            timings["rows"] = time.perf_counter() - t - cards.seconds_insert - cards.seconds_index
            return
        for header, order in cleaner.day_order_columns():  # 25/03/2019 told the order
            result.warnings.append(render(f"importing.{order}_dates", {"column": header}))
        for header, year in cleaner.yearless.items():  # 5月6日: in the title's year
            said = {"column": header, "year": year}
            code = "importing.yearless_nearest" if year is None else "importing.yearless_in"
            result.warnings.append(render(code, said))
        # what the rows needed is not needed any more: free it before the last writes
        del index, make_code, cleaner
        if owns_stream:
            source.data.stream = None
        result.created = cards.finish(lambda: _tick(progress, total, total))
        t_contacts = time.perf_counter()
        apart = {cards.id_of(k) for k in split_first}
        if first_by_sql is not None and not cards.sqlite:
            result.contacts = first_contacts_by_id(
                first_by_sql,
                [cid for cid in cards.created_ids if cid not in apart],
                actor,
                batch.id,
                now_text,
                UuidMaker(),
                UUID_SQL_POSTGRES,
            )
        elif first_by_sql is not None:
            result.contacts = first_contacts_of_new_cards(
                first_by_sql,
                cards.max_before,
                cards.count,
                actor,
                batch.id,
                now_text,
                UuidMaker(),
                UUID_SQL,
                skip=sorted(apart),
            )
        result.contacts += add_contacts(
            [(cards.id_of(k), persons) for k, persons in people],
            actor,
            batch.id,
            now_text,
            UuidMaker(),
            indexed={cards.id_of(k) for k in indexed},
            # on SQLite the new cards are the ids after max_before; none has a contact yet
            # unless the one statement made its first
            empty_after=cards.max_before if cards.sqlite and first_by_sql is None else None,
            fill_after=contacts_before,  # later rows' (a 联系人 sheet's) details of people
        )
        timings["contacts"] = time.perf_counter() - t_contacts
        if listed:
            _add_followups(actor, source, listed, cards, batch.id, now_text, result)
    finally:
        cards.close()  # the mover thread ends with the import, however it ends
    timings["rows"] = time.perf_counter() - t - cards.seconds_insert - cards.seconds_index
    timings["insert"] = cards.seconds_insert
    timings["index"] = cards.seconds_index
    t = time.perf_counter()
    resolved = [
        (target[1] if target[0] == "db" else cards.id_of(target[1]), (target[0], *row))
        for target, *row in updates
    ]
    del updates
    for chunk in _update_chunks([(cid, row) for cid, row in resolved if cid is not None]):
        _tick(progress, total, total)
        _update_chunk(actor, chunk, remarks_column, batch.id, now_text, result)
    timings["updates"] = time.perf_counter() - t
    if strict and result.rejected:
        result.refused = True
        return
    batch.created, batch.updated = result.created, result.updated
    batch.skipped, batch.rejected = result.skipped, result.rejected
    batch.save()
    if not dry_run:
        remember_mapping(source.headers, source.columns)
        if how.value_maps:
            remember_value_maps(how.value_maps)
    customer_service.audit(
        actor,
        "import",
        entity="customer",
        count=result.created + result.updated,
        detail=f"{source.path.name}: {result.summary()}",
    )


def _add_followups(
    actor: Actor,
    source: ImportSource,
    listed: list[tuple[tuple[str, int], ListedFollowUps]],
    cards: NewCards,
    batch_id: int,
    now_text: str,
    result: ImportResult,
) -> None:
    """The follow-ups the rows name, under the cards made or updated; the result says how
    many, naming the columns they came from."""
    items = [
        (cards.id_of(target[1]) if target[0] == "new" else target[1], row) for target, row in listed
    ]
    file = {"file": source.path.name}
    subjects = (
        render("importing.followup_done_subject", file),
        render("importing.followup_planned_subject", file),
    )
    counts = add_listed_followups(actor, items, batch_id, now_text, subjects)
    result.followups_done, result.followups_planned = counts.done, counts.planned
    if counts.done or counts.planned:
        label = {c.field: c.label for c in source.columns if c.field}
        last, next_ = label.get("followup_last_at"), label.get("followup_next_at")
        columns = {"last": last, "next": next_, "done": counts.done, "planned": counts.planned}
        # the columns the list has: one of them alone is named alone
        code = "importing.followups_added"
        if last is None or next_ is None:
            code = (
                "importing.followups_planned_added"
                if last is None
                else "importing.followups_done_added"
            )
        result.warnings.append(render(code, columns))


def _update_chunks(items: list[tuple[int, Any]], size: int = UPDATE_CHUNK) -> Iterator[list]:
    """The updates in file order, in parts where each card comes once (read once a part)."""
    chunk: list = []
    cards: set[int] = set()
    for cid, row in items:
        if len(chunk) >= size or cid in cards:
            yield chunk
            chunk, cards = [], set()
        chunk.append((cid, row))
        cards.add(cid)
    if chunk:
        yield chunk


def _update_chunk(
    actor: Actor,
    chunk: list[tuple[int, tuple[str, int, Sequence, dict[str, Any], list]]],
    remarks_column: bool,
    batch_id: int,
    now_text: str,
    result: ImportResult,
) -> None:
    """Rows that match a card, written by the card's own rule (`update_customers`), each
    with its new people in the same savepoint; counted as updated, merged or up to date
    (a row with no changes, None, only brings another person of the card: not counted)."""
    remarks: dict[int, str] = {}
    if not remarks_column and any("remarks" in (row[3] or ()) for _cid, row in chunk):
        wanted = [cid for cid, row in chunk if "remarks" in (row[3] or ())]
        remarks = dict(
            Customer.select(Customer.id, Customer.remarks).where(Customer.id.in_(wanted)).tuples()
        )
    items = []
    for cid, (_kind, _number, _raw, changes, _persons) in chunk:
        changes = changes or {}  # None: a row of another person of the card, nothing else
        if "remarks" in changes and not remarks_column:
            changes = _with_kept_lines(changes, remarks.get(cid) or "")
        items.append((cid, changes))

    # the names each card has already, read for the whole chunk: a row whose people the
    # card has (a list imported again) writes none and asks nothing more (20k rows, each
    # with its contact: 9 s of one query a row)
    named = people_named([cid for cid, row in chunk if row[4]])

    def people(index: int) -> int:
        cid, (_kind, _number, _raw, _changes, persons) = chunk[index]
        if not persons or all(p["name"] in named[cid] for p in persons):
            return 0
        return add_new_people(cid, persons, actor, batch_id, now_text, UuidMaker())

    done = customer_service.update_customers(actor, items, batch_id=batch_id, then=people)
    merged, up_to_date = render("importing.merged"), render("importing.up_to_date")
    for (_cid, (kind, number, raw, _changes, _persons)), outcome in zip(chunk, done, strict=True):
        if isinstance(outcome, UserError):
            result.rejected += 1
            result.rejections.append(Rejection(number, "", "", outcome.message, tuple(raw)))
            continue
        changed, added = outcome
        result.contacts += added
        if _changes is None:  # its person is the row's all: counted with the people rows
            continue
        if kind == "new":
            result.skipped += 1
            result.skipped_rows.append((number, merged))
        elif changed or added:
            result.updated += 1
        else:
            result.skipped += 1
            result.skipped_rows.append((number, up_to_date))


def _with_kept_lines(changes: dict[str, Any], current: str) -> dict[str, Any]:
    """An update's kept lines added under the card's remarks (lines it has already are not
    added again), instead of replacing what the user wrote there."""
    lines = [line for line in changes["remarks"].split("\n") if line not in current.split("\n")]
    out = dict(changes)
    if not lines:
        del out["remarks"]
        return out
    text = "\n".join([current, *lines]) if current else "\n".join(lines)
    out["remarks"] = text[:REMARKS_LIMIT]
    return out


def _file_people_sheet(
    source: ImportSource,
    sheet: str,
    index: DuplicateIndex,
    how: _How,
    people: list[tuple[int, list[dict[str, str]]]],
    updates: list,
    result: ImportResult,
) -> None:
    """The people of a sheet of them (a CRM's 联系人 sheet, this app's export's) filed
    under the cards their rows name, by 客户代号 or 客户名称: a card this import makes, or
    one it updates; a row naming no such card is counted and named in the warning."""
    try:
        sheet_source = people_source(source.path, sheet)
    except UserError as exc:  # an empty or unreadable sheet: said, the list still goes in
        result.warnings.append(exc.message)
        return
    cleaner = ColumnCleaner(
        sheet_source.columns, keep_unmapped=False, value_maps=merged_value_maps(how.value_maps)
    )
    first = cleaner.first_from_card
    filed, unknown = 0, []
    for numbers, rows in _blocks(sheet_source.customer_rows(), BLOCK):
        block = cleaner.clean(rows)
        for i, (code, _tax, name, _phone) in enumerate(_block_keys(block, len(rows))):
            match = index.find((code, "", name, ""))  # the person's phone names no card
            persons = _row_people(block, i, first)
            if not persons:
                continue
            if match is not None and match.where == "file":
                people.append((match.target, persons))
            elif match is not None and match.where == "db" and match.target in result.updated_ids:
                updates.append((("db", match.target), numbers[i], rows[i], None, persons))
            else:
                unknown.append(numbers[i])
                continue
            filed += len(persons)
    counts = {"sheet": sheet, "count": filed, "unknown": len(unknown), "rows": _row_list(unknown)}
    code = "importing.people_sheet_unknown" if unknown else "importing.people_sheet"
    if unknown and source.other_lists:  # a list per sheet: the rest are other sheets' people
        code, counts["list"] = "importing.people_sheet_of_list", source.sheet
    result.warnings.append(render(code, counts))


def _people_filed(
    match: Any, persons: list[dict[str, str]], visit: bool = False, lost: Sequence[Message] = ()
) -> str:
    """Why a row of an earlier row's customer made no card, and where its people (and
    the contact it records, `visit`) went; `lost`: what of it went nowhere."""
    reason = Text(match.reason_in("zh_CN"), match.reason_in("en"))
    filed = msg("importing.people_filed", names=[p["name"] for p in persons])
    visited = [msg("importing.followup_filed")] if visit else []
    return render_all([reason, filed, *visited, *lost])


def _skipped_visit(match: Any, listed: ListedFollowUps | None) -> ListedFollowUps | None:
    """The follow-ups a skipped row adds to the card it matched (None: none, or the card
    is deleted). One the card has at that time already is not made again."""
    return None if match.where == "deleted" else listed


def _row_list(numbers: Sequence[int], shown: int = 10) -> list[str]:
    """Row numbers as a message lists them: the first `shown`, then "…"."""
    out = [str(n) for n in numbers[:shown]]
    return [*out, "…"] if len(numbers) > shown else out


def _new_card_people(
    block: CleanBlock, i: int, first_by_sql: dict[str, CardColumns] | None
) -> list[dict[str, str]]:
    """The people of row `i` that a new card gets one by one (with `first_by_sql` its first
    person is made from the card's columns, and is not among them)."""
    return block.contacts.get(i, [])


def _search_people(
    block: CleanBlock, positions: list[int], k_of: Mapping[int, int], indexed: set[int]
) -> tuple[list[str], list[tuple[str, ...]]]:
    """For each new card of a block: the mobile of its one person, which its search
    document can hold in the fax's place when the row has no fax (the card is then
    `indexed`: its person need not be indexed again), '' otherwise; and that person's
    texts the document holds (`CONTACT_TEXTS`: name, email, WeChat ID), () otherwise."""
    fax = block.columns.get("fax")
    phones, texts = [], []
    for i in positions:
        persons = block.contacts.get(i, ())
        mobile, own = "", ()
        if i in block.first_built and len(persons) == 1:
            person = persons[0]
            own = tuple(person.get(attr, "") for attr in CONTACT_TEXTS)
            mobile = person.get("mobile", "")
            no_fax = fax is None or fax[i] is ABSENT or not fax[i]
            if not mobile or no_fax:
                indexed.add(k_of[i])
            else:
                mobile = ""
        phones.append(mobile)
        texts.append(own)
    return phones, texts


def _row_people(
    block: CleanBlock, i: int, first_by_sql: dict[str, CardColumns] | None
) -> list[dict[str, str]]:
    """Every person of row `i`, the first one from the card's columns where it was not built."""
    persons = block.contacts.get(i, [])
    if first_by_sql is None or i not in block.card_first:
        return persons
    return [card_person(block.columns, first_by_sql, i), *persons]


def _code_problem(cleaner: ColumnCleaner, values: Mapping[str, Any], code_: str) -> CellProblem:
    column = cleaner.column_of.get("code")
    code = values.get("code") or ""
    spec = CUSTOMER_FIELD_MAP["code"]
    return CellProblem(
        column.index if column else -1,
        column.label if column else spec.zh,
        "code",
        render(code_, {"code": code}),
    )


# --- history and undo ---------------------------------------------------------------------
