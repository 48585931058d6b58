"""Follow-ups a customer list brings along: what another CRM's export (钉钉, 企业微信,
纷享销客, Salesforce's Last Activity) says of each customer's last and next contact.

A row's 最后跟进时间 with its 跟进记录 becomes a done follow-up at that time, its text
the outcome, so that the card's last contact (`Customer.last_contact_at`, by the one
rule of `backfill_last_contact`) and the cadence start from the customer's real last
contact instead of the day of the import; its 下次跟进时间 becomes a planned follow-up
of the card's owner, in the calendar and on the Today page as any other. A card that is
already there and has a follow-up at that very time gets no second one (a list imported
again); two rows of one day with different words are two visits. Each follow-up is
logged as created in the import's batch: undoing the import removes the ones still as
it made them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crm_desktop.models import Contact, Customer, FollowUp, database
from crm_desktop.models.base import new_uuid
from crm_desktop.models.db import bulk_insert
from crm_desktop.models.entities import FOLLOWUP_KINDS
from crm_desktop.models.migrations import backfill_last_contact
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.labels import KIND_LABELS
from crm_desktop.services.followups.planning import ENTITY, SUBJECT_MAX

OUTCOME_MAX = 10_000  # what a follow-up's outcome holds (`complete_followup`'s rule)
_CHUNK = 500
_COLUMNS = ("customer_id", "owner_id", "uuid", "created_at", "updated_at", "version",
            "deleted_at", "kind", "subject", "due_at", "ends_at", "status", "done_at",
            "outcome", "recurrence", "series", "reminded_on", "contact_id")  # fmt: skip


@dataclass(frozen=True)
class ListedFollowUps:
    """What one row of a list says of its customer's follow-ups."""

    last_at: datetime | None = None  # the last contact: a done follow-up
    note: str = ""  # what was said then (its outcome)
    next_at: datetime | None = None  # the next one: a planned follow-up
    kind: str = "other"  # how the last contact was made (a visit log's 拜访方式)
    person: str = ""  # whom it was with (the row's 联系人), when the card has that contact


# how a visit log writes the way a contact was made: the whole cell, then a word in it
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "call": ("电话", "电联", "致电", "来电", "去电", "通话", "phone", "call"),
    "message": ("微信", "短信", "邮件", "邮箱", "qq", "钉钉", "email", "e-mail", "wechat", "sms",
                "message"),
    "meeting": ("会议", "开会", "会谈", "meeting", "zoom"),
    "dinner": ("宴请", "吃饭", "饭局", "请客", "聚餐", "dinner", "lunch"),
    "factory_visit": ("参观工厂", "参观", "来访", "来厂", "考察", "验厂", "factory visit"),
    "complaint": ("投诉", "complaint"),
    "visit": ("拜访", "上门", "面谈", "面访", "走访", "见面", "当面", "现场", "visit", "in person",
              "on-site", "onsite"),
}  # fmt: skip


def kind_of(text: str) -> str | None:
    """The follow-up kind a visit log's 拜访方式 names (上门拜访 → visit, 电话回访 → call,
    微信 → message, 客户来访 → factory_visit); None for words it does not name (展会)."""
    words = "".join(text.split()).casefold()
    if not words:
        return None
    for kind, (zh, en) in KIND_LABELS.items():
        if words in (zh.casefold(), en.casefold()) and kind in FOLLOWUP_KINDS:
            return kind
    for kind, found in _KIND_WORDS.items():  # 电话拜访 is a call: the medium first
        if any(w in words for w in found):
            return kind
    return None


@dataclass(frozen=True)
class ListedCounts:
    done: int = 0
    planned: int = 0


def add_listed_followups(
    actor: Actor,
    items: Sequence[tuple[int, ListedFollowUps]],
    batch_id: int,
    now_text: str,
    subjects: tuple[str, str],
) -> ListedCounts:
    """Write the follow-ups of these cards (customer id, what its row said) in the
    import's transaction; `subjects`: the done and the planned ones' subject, in the
    user's language (they name the file). The cards' last contact follows."""
    if not items:
        return ListedCounts()
    ids = sorted({cid for cid, _ in items})
    owners: dict[int, int | None] = {}
    persons: dict[tuple[int, str], int] = {}  # (card, a contact's name): that contact
    wanted = {listed.person for _, listed in items if listed.person}
    done_at: set[tuple[int, datetime]] = set()  # the cards' follow-ups already there
    due_at: set[tuple[int, datetime]] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = Customer.select(Customer.id, Customer.owner).where(Customer.id.in_(chunk))
        owners.update(query.tuples())
        there = FollowUp.select(FollowUp.customer, FollowUp.status, FollowUp.due_at,
                                FollowUp.done_at).where(FollowUp.customer.in_(chunk))  # fmt: skip
        if wanted:  # whom each visit was with: the card's contact of that name, if any
            people = Contact.select(Contact.customer, Contact.name, Contact.id).where(
                Contact.customer.in_(chunk), Contact.deleted_at.is_null()
            )
            for cid, name, contact_id in people.order_by(Contact.id).tuples():
                persons.setdefault((cid, name), contact_id)
        for cid, status, due, done in there.tuples():
            if status == "done" and done is not None:
                done_at.add((cid, done.replace(second=0, microsecond=0)))
            elif status == "planned":
                due_at.add((cid, due.replace(second=0, microsecond=0)))
    rows = []
    # this import's own: two visits on one day (a call, then a visit, a date each) are
    # two, the same one named on each row of a customer's people one
    made: set[tuple[int, datetime, str]] = set()
    done_subject, planned_subject = (s[:SUBJECT_MAX] for s in subjects)
    for cid, listed in items:
        owner = owners.get(cid) or actor.id
        key = (cid, listed.last_at, listed.note) if listed.last_at is not None else None
        if key is not None and (cid, listed.last_at) not in done_at and key not in made:
            made.add(key)
            when = _raw(listed.last_at)
            note = listed.note[:OUTCOME_MAX]
            rows.append((cid, owner, listed.kind, done_subject, when, "done", when, note,
                         persons.get((cid, listed.person))))  # fmt: skip
        if listed.next_at is not None and (cid, listed.next_at) not in due_at:
            due_at.add((cid, listed.next_at))
            rows.append((cid, owner, "call", planned_subject, _raw(listed.next_at), "planned",
                         None, "", persons.get((cid, listed.person))))  # fmt: skip
    if not rows:
        return ListedCounts()
    before = database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM follow_up").fetchone()[0]
    bulk_insert(
        "follow_up",
        _COLUMNS,
        (
            (cid, owner, new_uuid(), now_text, now_text, 1, None, kind, subject, due, None,
             status, done, outcome, "", None, None, contact)
            for cid, owner, kind, subject, due, status, done, outcome, contact in rows
        ),
    )  # fmt: skip
    mark = database.param
    # the import's own rows: after `before`, stamped with its time (another user's
    # follow-up planned meanwhile is not the import's, nor undone with it)
    database.execute_sql(
        "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, at, "
        f"batch_id) SELECT {mark}, id, 'created', NULL, status, {mark}, {mark}, {mark} "
        f"FROM follow_up WHERE id > {mark} AND created_at = {mark} ORDER BY id",
        (ENTITY, actor.id, now_text, batch_id, before, now_text),
    )
    backfill_last_contact({row[0] for row in rows if row[5] == "done"})
    done = sum(1 for row in rows if row[5] == "done")
    return ListedCounts(done, len(rows) - done)


def remove_listed_followups(batch_id: int) -> int:
    """Undoing an import: its follow-ups still as it made them are deleted (a planned one
    done or moved since is the user's now and stays); the cards' last contact follows.
    How many stayed."""
    made = [
        fid
        for (fid,) in database.execute_sql(
            "SELECT entity_id FROM change_log WHERE batch_id = "
            f"{database.param} AND entity = {database.param} AND field = 'created'",
            (batch_id, ENTITY),
        ).fetchall()
    ]
    kept = 0
    customers: set[int] = set()
    for start in range(0, len(made), _CHUNK):
        chunk = made[start : start + _CHUNK]
        query = FollowUp.select(FollowUp.id, FollowUp.customer, FollowUp.version)
        gone = []
        for fid, cid, version in query.where(FollowUp.id.in_(chunk)).tuples():
            if version == 1:
                gone.append(fid)
                customers.add(cid)
            else:
                kept += 1
        if gone:
            FollowUp.delete().where(FollowUp.id.in_(gone)).execute()
    if customers:
        backfill_last_contact(customers)
    return kept


def _raw(value: datetime) -> str:
    """A wall-clock time as the database holds it (peewee's text on SQLite)."""
    return value.strftime("%Y-%m-%d %H:%M:%S")
