"""潜在客户名册 by source: counts by stage and conversion, per salesperson or for everyone."""

from __future__ import annotations

from crm_desktop.services import customers as customer_svc
from crm_desktop.services import prospects


def test_counts_and_conversion_by_source(team):
    """Friends brought two (one now current), a publication one potential; sales2 sees only theirs."""
    m = team["manager"]
    for code, source, stage, owner in (
        ("F1", "friends", "potential", "sales1"),
        ("F2", "friends", "current", "sales1"),
        ("P1", "publication", "potential", "sales2"),
        ("N1", None, "prospective", "sales1"),
    ):
        values = {"code": code, "name": code, "stage": stage, "owner": owner}
        if source:
            values["source"] = source
        customer_svc.create_customer(m, values)
    rows = {r.source: r for r in prospects.source_summary(m)}
    assert rows["friends"].total == 2 and rows["friends"].converted == 1
    assert rows["friends"].conversion == 0.5
    assert rows["publication"].by_stage["potential"] == 1 and rows["publication"].converted == 0
    assert rows[None].total == 1 and rows[None].label.render("zh_CN") == "未填来源"
    assert rows["friends"].label.render("zh_CN") == "亲朋好友"
    own = {r.source: r.total for r in prospects.source_summary(team["sales2"])}
    assert own["publication"] == 1 and own["friends"] == 0
    listed = prospects.source_customers(m, "friends")
    assert [r[1] for r in listed] == ["F1", "F2"]
    assert [r[1] for r in prospects.source_customers(m, "friends", "current")] == ["F2"]
