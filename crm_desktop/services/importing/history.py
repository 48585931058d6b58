"""The imports made so far, and undoing one as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.messages import render
from crm_desktop.models import (
    ChangeLog,
    Contact,
    Customer,
    ImportBatch,
    User,
    bulk_insert,
    transaction,
    utcnow,
)
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.changelog import as_text
from crm_desktop.services.fields import (
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.followups.listed import remove_listed_followups
from crm_desktop.services.importing.results import BatchInfo


def import_history(actor: Actor, limit: int = 100) -> list[BatchInfo]:
    """The most recent imports, newest first."""
    actor.require("import", "see the import history")
    query = (
        ImportBatch.select(ImportBatch, User.username, User.display_name)
        .join(
            User, on=(ImportBatch.user == User.id), join_type=__import__("peewee").JOIN.LEFT_OUTER
        )
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    out = []
    for b in query.objects():
        who = getattr(b, "display_name", None) or getattr(b, "username", None) or ""
        out.append(
            BatchInfo(
                b.id,
                b.file_name,
                who,
                b.started_at,
                b.created,
                b.updated,
                b.skipped,
                b.rejected,
                b.undone_at,
            )
        )
    return out


@dataclass(frozen=True)
class UndoResult:
    deleted: int
    restored_fields: int
    kept: list[str]  # fields changed again since the import, left as they are now
    followups_kept: int = 0  # follow-ups the import made, done or moved since: they stay

    def summary(self, lang: str | None = None) -> str:
        """What the undo did, in one line in the user's language."""
        params = {"deleted": self.deleted, "restored": self.restored_fields}
        text = render("importing.undo_summary", params, lang)
        if self.kept:
            text += render("importing.undo_kept", {"count": len(self.kept)}, lang)
        if self.followups_kept:
            count = {"count": self.followups_kept}
            text += render("importing.undo_followups_kept", count, lang)
        return text


def undo_import(actor: Actor, batch_id: int) -> UndoResult:
    """Undo an import as a whole: its new cards soft-deleted, the fields it changed
    restored, the follow-ups its rows named removed (unless done or moved since).

    A field changed again after the import keeps its newer value (and is named in `kept`).
    """
    actor.require("import", "undo an import")
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise UserError("importing.no_batch", id=batch_id)
    if batch.undone_at is not None:
        raise UserError("importing.already_undone", id=batch_id, file=batch.file_name)
    entries = list(
        ChangeLog.select()
        .where(ChangeLog.batch == batch.id, ChangeLog.entity == "customer")
        .order_by(ChangeLog.id)
    )
    created = [e.entity_id for e in entries if e.field == "created"]
    people = [
        cid
        for (cid,) in ChangeLog.select(ChangeLog.entity_id)
        .where(
            ChangeLog.batch == batch.id,
            ChangeLog.entity == "contact",
            ChangeLog.field == "created",
        )
        .tuples()
    ]
    first_old: dict[tuple[int, str], str | None] = {}
    last_new: dict[tuple[int, str], str | None] = {}
    custom_old: dict[tuple[int, str], str | None] = {}  # custom fields the import filled
    custom_new: dict[tuple[int, str], str | None] = {}
    created_ids = set(created)  # their values go with them
    for e in entries:
        if e.field.startswith("custom.") and e.entity_id not in created_ids:
            custom_old.setdefault((e.entity_id, e.field), e.old_value)
            custom_new[(e.entity_id, e.field)] = e.new_value
            continue
        if e.field == "created" or e.field not in CUSTOMER_FIELD_MAP:
            continue
        first_old.setdefault((e.entity_id, e.field), e.old_value)
        last_new[(e.entity_id, e.field)] = e.new_value
    now = utcnow()
    kept: list[str] = []
    restored = 0
    with transaction():
        deleted = 0
        for i in range(0, len(created), 500):
            chunk = created[i : i + 500]
            live = [
                cid
                for (cid,) in Customer.select(Customer.id)
                .where(Customer.id.in_(chunk), Customer.deleted_at.is_null())
                .tuples()
            ]
            if not live:
                continue
            Customer.update(deleted_at=now, updated_at=now, version=Customer.version + 1).where(
                Customer.id.in_(live)
            ).execute()
            bulk_insert(
                "change_log",
                ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at"),
                [
                    ("customer", cid, "deleted", None, now.isoformat(), actor.id, str(now))
                    for cid in live
                ],
            )
            deleted += len(live)
        by_customer: dict[int, dict[str, Any]] = {}
        for (cid, name), old in first_old.items():
            customer = Customer.get_or_none(Customer.id == cid)
            if customer is None or customer.deleted_at is not None:
                continue
            current = getattr(customer, "owner_id" if name == "owner" else name)
            if (as_text(current) or "") != (last_new[(cid, name)] or ""):
                kept.append(f"{customer.code} {CUSTOMER_FIELD_MAP[name].zh}")
                continue
            by_customer.setdefault(cid, {})[name] = _from_text(name, old)
        for cid, changes in by_customer.items():
            customer_service.update_customer(actor, cid, changes)
            restored += len(changes)
        if custom_old:
            from crm_desktop.services.importing import custom

            done, custom_kept = custom.undo_values(actor, custom_old, custom_new)
            restored += done
            kept += custom_kept
        followups_kept = remove_listed_followups(batch.id)  # the follow-ups its rows named
        for i in range(0, len(people), 500):  # the people it added to cards it did not create
            Contact.update(deleted_at=now, version=Contact.version + 1).where(
                Contact.id.in_(people[i : i + 500]), Contact.deleted_at.is_null()
            ).execute()
        touched: set[int] = set()
        for i in range(0, len(people), 500):
            query = Contact.select(Contact.customer).where(Contact.id.in_(people[i : i + 500]))
            touched.update(cid for (cid,) in query.tuples())
        if touched:
            reindex_customers(sorted(touched))
        batch.undone_at = now
        batch.save()
        customer_service.audit(
            actor,
            "import.undo",
            entity="import_batch",
            entity_id=batch.id,
            count=deleted + restored,
            detail=batch.file_name,
        )
    return UndoResult(deleted, restored, kept, followups_kept)


def _from_text(name: str, text: str | None) -> Any:
    """A ChangeLog text back to a value the card's rule accepts."""
    if text is None or text == "":
        return ""
    if CUSTOMER_FIELD_MAP[name].kind == "user":
        from crm_desktop.services.auth import Actor as _A

        user = User.get_or_none(User.id == int(text))
        return _A(user.id, user.username, user.display_name, user.role) if user else ""
    return text
