"""One overdue rule: the Today figures, the overdue list, the by-owner table and the badge agree."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm_desktop.services import followups as F
from crm_desktop.services import today as T
from crm_desktop.services.auth import get_actor
from tests.overdue_demo import NOW, ROLES, TODAY, close, make_template, open_copy

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("overdue-demo"))


@pytest.fixture
def demo(template, tmp_path):
    open_copy(template, tmp_path)
    yield
    close()


@pytest.mark.parametrize("username", ROLES)
def test_every_overdue_figure_is_the_same_number(demo, username):
    """For each role the Today tile, the overdue list, the by-owner table and the badge
    numbers agree, and the demo has both late follow-ups and customers out of cadence."""
    actor = get_actor(username)
    rows = F.list_followups(actor, F.FollowUpQuery(due="overdue"), NOW)
    tile = T.today_summary(actor, TODAY).counts["overdue"]
    by_owner = sum(s.overdue for s in F.owner_summary(actor, NOW))
    badge = T.counts(actor, TODAY)["overdue"]
    assert tile == len(rows) == by_owner == badge == F.overdue_count(actor, TODAY)
    assert any(r.is_cadence for r in rows) and any(not r.is_cadence for r in rows)
    # every row is overdue by the rule: due before today, planned, or out of cadence
    start = F.overdue_before(TODAY)
    assert all(r.due_at < start and (r.is_cadence or r.status == "planned") for r in rows)


@pytest.mark.parametrize("username", ROLES)
def test_due_today_and_the_today_list_agree(demo, username):
    """Due today is the Today tab's list; the Today page lists the due and the overdue ones."""
    actor = get_actor(username)
    counts = T.counts(actor, TODAY)
    assert counts["due_today"] == len(F.list_followups(actor, F.FollowUpQuery(due="today"), NOW))
    items = T.followups_due(actor, TODAY)
    assert sum(not i.overdue for i in items) == counts["due_today"] > 0
    assert sum(i.overdue for i in items) == counts["overdue"]
    assert {i.kind for i in items if i.id is None} == {F.CADENCE_KIND}


def test_per_owner_counts_split_the_team(demo):
    """The managers' per-owner counts are the salespeople's own totals, owner by owner."""
    manager = get_actor("manager")
    team = F.overdue_by_owner(manager, TODAY)
    for username in ("sales1", "sales2", "sales3"):
        seller = get_actor(username)
        own = F.overdue_by_owner(seller, TODAY)
        # a salesperson's customers carry only their own follow-ups in the demo
        assert own.get(seller.id, 0) == team.get(seller.id, 0) > 0


def test_todays_follow_ups_become_overdue_tomorrow(demo):
    """A follow-up due today is not overdue today, whatever its hour, and is overdue tomorrow."""
    actor = get_actor("manager")
    today_ids = {r.id for r in F.list_followups(actor, F.FollowUpQuery(due="today"), NOW)}
    late_now = {r.id for r in F.overdue_rows(actor, TODAY, cadence=False)}
    assert today_ids and not today_ids & late_now
    tomorrow = TODAY + timedelta(days=1)
    late_tomorrow = {r.id for r in F.overdue_rows(actor, tomorrow, cadence=False)}
    assert late_tomorrow == late_now | today_ids


@pytest.mark.parametrize("limit", [1, 10, 1000])
def test_latest_overdue_is_the_end_of_the_list(demo, limit):
    """The Today page's short list is the overdue list's most recent items, newest first."""
    for username in ROLES:
        actor = get_actor(username)
        assert F.latest_overdue(actor, TODAY, limit) == F.overdue_rows(actor, TODAY)[::-1][:limit]
