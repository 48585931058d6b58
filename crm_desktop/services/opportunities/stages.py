"""The pipeline's stages (销售漏斗的阶段) and the list of lost reasons, kept by the sales manager.

Opportunities and their history point at a stage's id: renaming or reordering a stage
never touches them. A stage's `kind` says what reaching it means: open, won or lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.errors import Conflict, NotFound, ValidationError
from crm_desktop.i18n import is_chinese
from crm_desktop.messages import Text, msg
from crm_desktop.models import LostReason, Opportunity, OpportunityStage, transaction, utcnow
from crm_desktop.models.entities import STAGE_KINDS
from crm_desktop.services.auth import Actor
from crm_desktop.services.validation import labelled, parse_int
from crm_desktop.textutil import clean_text

STAGE_NAME = Text("阶段名称", "Stage name")
PROBABILITY = Text("赢单概率", "Win probability")


@dataclass(frozen=True)
class StageInfo:
    """One column of the pipeline."""

    id: int
    name: str
    name_en: str
    kind: str  # open / won / lost
    probability: int
    position: int

    def label(self, lang: str | None = None) -> str:
        """The name in the reader's language (the team's own name when it has no English one)."""
        if is_chinese(lang) or not self.name_en:
            return self.name
        return self.name_en

    def text(self) -> Text:
        return Text(self.name, self.name_en or self.name)

    @property
    def is_open(self) -> bool:
        return self.kind == "open"


@dataclass(frozen=True)
class LostReasonInfo:
    id: int
    name: str
    name_en: str

    def label(self, lang: str | None = None) -> str:
        if is_chinese(lang) or not self.name_en:
            return self.name
        return self.name_en


def _info(s: OpportunityStage) -> StageInfo:
    return StageInfo(s.id, s.name, s.name_en, s.kind, s.probability, s.position)


def list_stages() -> list[StageInfo]:
    """Every live stage in pipeline order."""
    query = (
        OpportunityStage.select()
        .where(OpportunityStage.deleted_at.is_null())
        .order_by(OpportunityStage.position, OpportunityStage.id)
    )
    return [_info(s) for s in query]


def get_stage(stage_id: int) -> StageInfo:
    stage = OpportunityStage.get_or_none(
        (OpportunityStage.id == stage_id) & OpportunityStage.deleted_at.is_null()
    )
    if stage is None:
        raise NotFound("opportunities.no_stage", stage=str(stage_id))
    return _info(stage)


def find_stage(text: object) -> StageInfo:
    """A stage by its id, its name or its English name (case and width ignored)."""
    wanted = clean_text(text).casefold()
    stages = list_stages()
    for s in stages:
        if wanted in (str(s.id), s.name.casefold(), s.name_en.casefold()):
            return s
    raise NotFound(
        "opportunities.no_stage_named", stage=str(text), stages=[s.text() for s in stages]
    )


def stage_of_kind(kind: str) -> StageInfo:
    """The first won (or lost) stage: where `win` and `lose` put an opportunity."""
    for s in list_stages():
        if s.kind == kind:
            return s
    raise NotFound("opportunities.no_stage_kind", kind=KIND_LABELS[kind])


KIND_LABELS = {
    "open": Text("进行中", "open"),
    "won": Text("赢单", "won"),
    "lost": Text("输单", "lost"),
}


def _require_manager(actor: Actor) -> None:
    if not actor.sees_all_customers:
        raise actor.denied("opportunities.action_stages")


def _clean_probability(value: object) -> int:
    try:
        number = parse_int(value)
    except ValueError as exc:
        raise ValidationError({"probability": labelled(PROBABILITY, exc)}) from None
    if number is None:
        raise ValidationError({"probability": labelled(PROBABILITY, msg("validation.required"))})
    if not 0 <= number <= 100:
        raise ValidationError(
            {"probability": labelled(PROBABILITY, msg("opportunities.percent_range", value=number))}
        )
    return number


def save_stage(
    actor: Actor,
    stage_id: int | None,
    *,
    name: object,
    probability: object,
    name_en: object = "",
    kind: str = "open",
) -> StageInfo:
    """Add a stage (at the end of the open ones) or rename one / change its probability."""
    _require_manager(actor)
    clean_name = clean_text(name)
    if not clean_name or len(clean_name) > 50:
        problem = (
            msg("validation.required")
            if not clean_name
            else msg("validation.too_long", length=str(len(clean_name)), limit=50)
        )
        raise ValidationError({"name": labelled(STAGE_NAME, problem)})
    prob = _clean_probability(probability)
    if kind not in STAGE_KINDS:
        kind = "open"
    with transaction():
        clash = OpportunityStage.select().where(
            OpportunityStage.deleted_at.is_null(), OpportunityStage.name == clean_name
        )
        if stage_id is not None:
            clash = clash.where(OpportunityStage.id != stage_id)
        if clash.exists():
            raise Conflict("opportunities.stage_exists", stage=clean_name)
        now = utcnow()
        values = {
            "name": clean_name,
            "name_en": clean_text(name_en)[:50],
            "probability": prob,
            "updated_at": now,
        }
        if stage_id is None:
            last_open = max((s.position for s in list_stages() if s.is_open), default=-1)
            OpportunityStage.update(position=OpportunityStage.position + 1).where(
                OpportunityStage.position > last_open
            ).execute()
            stage = OpportunityStage.create(kind=kind, position=last_open + 1, **values)
            return _info(stage)
        get_stage(stage_id)
        OpportunityStage.update(version=OpportunityStage.version + 1, **values).where(
            OpportunityStage.id == stage_id
        ).execute()
    return get_stage(stage_id)


def reorder_stages(actor: Actor, stage_ids: list[int]) -> list[StageInfo]:
    """Put the stages in this order (every live stage, each once)."""
    _require_manager(actor)
    live = {s.id for s in list_stages()}
    if sorted(stage_ids) != sorted(live):
        raise ValidationError({"stages": msg("opportunities.reorder_all")})
    with transaction():
        for position, stage_id in enumerate(stage_ids):
            OpportunityStage.update(position=position, updated_at=utcnow()).where(
                OpportunityStage.id == stage_id
            ).execute()
    return list_stages()


def delete_stage(actor: Actor, stage_id: int) -> None:
    """Remove an open stage no live opportunity is in (its history keeps pointing at it)."""
    _require_manager(actor)
    stage = get_stage(stage_id)
    used = Opportunity.select().where(
        Opportunity.stage == stage_id, Opportunity.deleted_at.is_null()
    )
    if used.exists():
        raise Conflict("opportunities.stage_in_use", stage=stage.text(), count=used.count())
    if not stage.is_open:
        raise Conflict("opportunities.stage_needed", stage=stage.text())
    OpportunityStage.update(deleted_at=utcnow()).where(OpportunityStage.id == stage_id).execute()


def list_lost_reasons() -> list[LostReasonInfo]:
    query = (
        LostReason.select()
        .where(LostReason.deleted_at.is_null(), LostReason.active == True)  # noqa: E712
        .order_by(LostReason.position, LostReason.id)
    )
    return [LostReasonInfo(r.id, r.name, r.name_en) for r in query]


def find_lost_reason(text: object) -> LostReasonInfo:
    """A lost reason by id or either name; an unknown text is refused with the list."""
    wanted = clean_text(text).casefold()
    reasons = list_lost_reasons()
    for r in reasons:
        if wanted in (str(r.id), r.name.casefold(), r.name_en.casefold()):
            return r
    raise ValidationError(
        {
            "lost_reason": labelled(
                Text("输单原因", "Lost reason"),
                msg(
                    "opportunities.no_reason",
                    reason=str(text),
                    reasons=[Text(r.name, r.name_en or r.name) for r in reasons],
                ),
            )
        }
    )
