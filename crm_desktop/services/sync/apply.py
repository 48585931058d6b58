"""A take-back plan written through the card's own services, conflicts as decided.

Card fields go through `update_customers`, `update_customer`'s rule for many cards at
once (its validation, its ChangeLog, its version check, under one import batch that
`batch_note` names as "from workbook of <salesperson>, exported <date>"); contacts through `update_contact` / `add_contact`; new customers through
`create_customer`; credit fields through `credit.request_credit` (for the general
manager, never applied); follow-ups through `complete_followup` / `plan_followup`,
in the salesperson's name. Each record in a savepoint of its own: a row the rules
refuse is listed with the reason, the others are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from crm_desktop.errors import UserError
from crm_desktop.messages import Message, msg
from crm_desktop.models import ImportBatch, SyncTake, User, transaction
from crm_desktop.models.base import new_uuid
from crm_desktop.progress import Progress
from crm_desktop.services import credit, customers, followups
from crm_desktop.services.auth import Actor, get_actor
from crm_desktop.services.sync.merge import (
    CONTACT,
    FieldConflict,
    MissingRecord,
    RecordChange,
    RowNote,
    TakeBackPlan,
)
from crm_desktop.services.sync.notes import batch_note

TAKE, KEEP = "take", "keep"
DECISIONS = (TAKE, KEEP)


@dataclass
class TakeBackResult:
    """What was written, what was left, and why."""

    updated: int = 0  # cards and contacts changed
    fields: int = 0  # fields written
    kept: int = 0  # fields changed only in the CRM, kept
    taken: int = 0  # conflicts decided for the workbook
    kept_conflicts: int = 0  # conflicts decided for the CRM
    undecided: list[FieldConflict] = field(default_factory=list)
    created: int = 0
    contacts_added: int = 0
    credit_requests: int = 0
    completed: int = 0
    planned: int = 0
    missing: list[MissingRecord] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    batch_id: int | None = None

    def summary(self) -> Message:
        return msg(
            "sync.result_summary",
            fields=self.fields,
            records=self.updated,
            kept=self.kept + self.kept_conflicts,
            conflicts=len(self.undecided),
            new=self.created,
            missing=len(self.missing),
            credit=self.credit_requests,
            completed=self.completed,
            planned=self.planned,
            notes=len(self.notes),
        )


CARD_CHUNK = 500  # cards of a take-back updated together (`update_customers`)


def _salesperson(actor: Actor, owner_id: int | None) -> Actor:
    """The workbook's salesperson, who completes and plans the follow-ups and asks for
    credit; the one taking it back when the export was of a filtered list."""
    if owner_id is None:
        return actor
    user = User.get_or_none(User.id == owner_id)
    if user is None or not user.active or user.deleted_at is not None:
        return actor
    return get_actor(user.username)


def _refused(result: TakeBackResult, sheet: str, row: int, exc: UserError) -> None:
    result.notes.append(RowNote(sheet, row, msg("sync.row_refused", row=row, reason=exc.msg)))


def apply_take_back(
    actor: Actor,
    plan: TakeBackPlan,
    decisions: Mapping[tuple[str, str, str], str] | None = None,
    *,
    default: str | None = None,
    progress: Progress | None = None,
) -> TakeBackResult:
    """Write the plan. `decisions` (conflict key -> "take" or "keep") and `default` (for
    the conflicts not in it) decide conflicts; an undecided one is left as it is."""
    actor.require("import", "auth.action_import")
    assert plan.export is not None and not plan.foreign
    decisions = decisions or {}
    result = TakeBackResult(
        kept=plan.kept,
        missing=list(plan.missing),
        notes=list(plan.notes),
        warnings=list(plan.warnings),
    )
    # the conflicts decided for the workbook join their record's changes
    records: dict[tuple[str, int], RecordChange] = {
        (c.entity, c.record_id): RecordChange(
            c.entity, c.uuid, c.record_id, c.version, c.code, c.name, c.row, dict(c.values)
        )
        for c in plan.changes
    }
    for conflict in plan.conflicts:
        choice = decisions.get(conflict.key, default)
        if choice == TAKE:
            result.taken += 1
            key = (conflict.entity, conflict.record_id)
            if key not in records:
                records[key] = RecordChange(
                    conflict.entity,
                    conflict.uuid,
                    conflict.record_id,
                    conflict.version,
                    conflict.code,
                    conflict.name,
                    conflict.row,
                )
            records[key].values[conflict.field] = conflict.workbook
        elif choice == KEEP:
            result.kept_conflicts += 1
        else:
            result.undecided.append(conflict)
    author = _salesperson(actor, plan.export.owner_id)
    total = len(records) + len(plan.new_customers) + len(plan.new_contacts) + len(plan.credit)
    total += len(plan.completions) + len(plan.new_followups)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % 200 == 0:
            progress.step(done, total)

    sheet_of = {"customer": "customers", "contact": "contacts", "followup": "followups"}
    with transaction():
        batch = ImportBatch.create(uuid=new_uuid(), file_name=plan.path.name[:500], user=actor.id)
        SyncTake.create(export=plan.export.id, batch=batch.id)
        cards = [c for c in records.values() if c.entity != CONTACT]
        for start in range(0, len(cards), CARD_CHUNK):  # cards read and written together
            chunk = cards[start : start + CARD_CHUNK]
            outcomes = customers.update_customers(
                actor,
                [(c.record_id, c.values) for c in chunk],
                batch_id=batch.id,
                versions=[c.version if c.version >= 0 else None for c in chunk],
            )
            for change, outcome in zip(chunk, outcomes, strict=True):
                tick()
                if isinstance(outcome, UserError):
                    _refused(result, "customers", change.row, outcome)
                    continue
                result.updated += 1
                result.fields += len(change.values)
        for change in records.values():
            if change.entity != CONTACT:
                continue
            tick()
            try:
                with transaction():
                    expected = change.version if change.version >= 0 else None
                    customers.update_contact(
                        actor,
                        change.record_id,
                        change.values,
                        expected_version=expected,
                        batch_id=batch.id,
                    )
                result.updated += 1
                result.fields += len(change.values)
            except UserError as exc:
                _refused(result, sheet_of[change.entity], change.row, exc)
        owner = plan.export.owner_id
        for new in plan.new_customers:
            tick()
            values = dict(new.values)
            if owner is not None:
                values["owner"] = owner
            try:
                with transaction():
                    customers.create_customer(actor, values, batch_id=batch.id)
                result.created += 1
            except UserError as exc:
                _refused(result, "customers", new.row, exc)
        for new in plan.new_contacts:
            tick()
            try:
                with transaction():
                    customers.add_contact(actor, new.customer_id, new.values, batch_id=batch.id)
                result.contacts_added += 1
            except UserError as exc:
                _refused(result, "contacts", new.row, exc)
        reason = msg(
            "sync.credit_reason",
            salesperson=author.name,
            date=plan.export.created_at.date().isoformat(),
        ).render()
        for ask in plan.credit:
            tick()
            limit = ask.values.get("credit_limit", ask.current.get("credit_limit"))
            try:
                with transaction():
                    credit.request_credit(
                        author,
                        ask.customer_id,
                        limit=limit,
                        days=ask.values.get("collection_days", ask.current.get("collection_days")),
                        terms=ask.values.get("payment_terms", ask.current.get("payment_terms")),
                        rating=ask.values.get("credit_rating", ask.current.get("credit_rating")),
                        reason=reason,
                    )
                result.credit_requests += 1
            except UserError as exc:
                _refused(result, "customers", ask.row, exc)
        for completion in plan.completions:
            tick()
            try:
                with transaction():
                    followups.complete_followup(
                        author,
                        completion.followup_id,
                        completion.outcome,
                        expected_version=completion.version,
                    )
                result.completed += 1
            except UserError as exc:
                _refused(result, "followups", completion.row, exc)
        for new in plan.new_followups:
            tick()
            values = {k: v for k, v in new.values.items() if k != "outcome"}
            values["customer"] = new.customer_id
            if author is not actor:
                values["owner"] = author.id
            try:
                with transaction():
                    planned = followups.plan_followup(author, values)
                    if new.done:
                        followups.complete_followup(
                            author, planned.id, str(new.values.get("outcome") or "")
                        )
                        result.completed += 1
                    else:
                        result.planned += 1
            except UserError as exc:
                _refused(result, "followups", new.row, exc)
        ImportBatch.update(
            updated=result.updated, created=result.created, rejected=len(result.notes)
        ).where(ImportBatch.id == batch.id).execute()
        customers.audit(
            actor,
            "import.sync",
            entity="customer",
            count=result.updated + result.created,
            detail=f"{plan.path.name}; export {plan.export.uuid}",
        )
        result.batch_id = batch.id
    if progress is not None:
        progress.step(total, total)
    return result


__all__ = ["DECISIONS", "KEEP", "TAKE", "TakeBackResult", "apply_take_back", "batch_note"]
