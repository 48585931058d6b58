"""The demo's opportunities: open, won and lost ones for every salesperson, consistent."""

from __future__ import annotations

from datetime import date

from crm_desktop.demo import generate_demo
from crm_desktop.models import (
    Opportunity,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
    User,
    database,
)
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import get_actor

TODAY = date(2026, 6, 15)


def test_every_salesperson_has_open_won_and_lost_opportunities(admin):
    """Each salesperson owns open, won and lost ones; amounts are their lines' sums; each
    history starts in the first stage and ends where the opportunity is."""
    generate_demo(admin, customers=300, seed=5, today=TODAY)
    kinds = database.execute_sql(
        "SELECT u.username, s.kind, COUNT(*) FROM opportunity o JOIN opportunity_stage s "
        'ON s.id = o.stage_id JOIN "user" u ON u.id = o.owner_id GROUP BY 1, 2'
    ).fetchall()
    seen = {(user, kind) for user, kind, n in kinds if n > 0}
    for user in ("sales1", "sales2", "sales3"):
        assert {(user, "open"), (user, "won"), (user, "lost")} <= seen
    mismatched = database.execute_sql(
        "SELECT COUNT(*) FROM opportunity o WHERE o.amount != "
        "(SELECT SUM(l.amount) FROM opportunity_line l WHERE l.opportunity_id = o.id)"
    ).fetchone()[0]
    assert mismatched == 0 and OpportunityLine.select().count() >= Opportunity.select().count()
    first = OpportunityStage.select().order_by(OpportunityStage.position).first().id
    for opp in Opportunity.select().limit(50):
        steps = list(
            OpportunityStageChange.select()
            .where(OpportunityStageChange.opportunity == opp.id)
            .order_by(OpportunityStageChange.at, OpportunityStageChange.id)
        )
        assert steps[0].to_stage_id == first and steps[-1].to_stage_id == opp.stage_id
        assert steps[0].from_stage_id is None
    lost = Opportunity.select().join(OpportunityStage).where(OpportunityStage.kind == "lost")
    assert all(o.lost_reason_id is not None for o in lost)
    manager = get_actor("manager")
    assert opps.forecast(manager, TODAY).total_weighted > 0
    assert User.select().count() == 5
