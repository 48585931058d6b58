"""Opportunities: validation, the pipeline's moves, roles, version conflicts, the forecast."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_desktop.errors import Conflict, PermissionDenied, ValidationError
from crm_desktop.models import Customer, Opportunity, OpportunityStageChange, Sale
from crm_desktop.services import opportunities as opps
from crm_desktop.services.customers import create_customer
from crm_desktop.services.opportunities.forecast import add_months
from crm_desktop.services.settings import set_setting


@pytest.fixture
def pipeline(team):
    """Two customers, one for each salesperson, and the default stages by name."""
    c1 = create_customer(team["admin"], {"name": "华鑫科技有限公司", "owner": team["sales1"].id})
    c2 = create_customer(team["admin"], {"name": "重庆山城物流", "owner": team["sales2"].id})
    stages = {s.name: s for s in opps.list_stages()}
    return {"c1": c1.id, "c2": c2.id, "stages": stages, **team}


def _add(actor, customer_id, title="年度采购", amount="5万", close=None, **extra):
    values = {"title": title, "amount": amount, "close_date": close or date.today(), **extra}
    return opps.create_opportunity(actor, customer_id, values)


def test_new_database_has_the_default_stages_and_reasons(db):
    """A new database starts with 初步接洽 10% … 谈判 70%, 赢单 100%, 输单 0% and a reason list."""
    stages = opps.list_stages()
    assert [(s.name, s.probability, s.kind) for s in stages] == [
        ("初步接洽", 10, "open"),
        ("需求确认", 30, "open"),
        ("方案/报价", 50, "open"),
        ("谈判", 70, "open"),
        ("赢单", 100, "won"),
        ("输单", 0, "lost"),
    ]
    assert "价格" in [r.name for r in opps.list_lost_reasons()]


def test_create_reads_amounts_and_takes_the_stage_probability(pipeline):
    """5万 is 50,000 yuan; without its own probability an opportunity weighs by its stage's."""
    detail = _add(pipeline["sales1"], pipeline["c1"])
    assert detail.row.amount == Decimal("50000.00")
    assert detail.row.probability == 10
    assert detail.row.weighted == Decimal("5000.00")
    assert detail.row.owner_id == pipeline["sales1"].id
    assert [h.to_stage for h in detail.history] == ["初步接洽"]


def test_bad_input_names_each_field(pipeline):
    """An amount or probability out of range and a close date before creation are each named."""
    with pytest.raises(ValidationError) as caught:
        _add(
            pipeline["admin"],
            pipeline["c1"],
            amount="200亿",
            close=date.today() - timedelta(days=1),
            probability="150",
        )
    problems = caught.value.problems
    assert set(problems) == {"amount", "close_date", "probability"}
    assert problems["amount"].render("en").startswith("Amount:")
    assert problems["close_date"].render("zh_CN").startswith("预计成交日期")
    assert "0 到 100" in problems["probability"].render("zh_CN")


def test_lines_sum_into_the_amount_with_discount(pipeline):
    """Lines cost quantity × price less the discount, and sum into an empty amount."""
    detail = opps.create_opportunity(
        pipeline["admin"],
        pipeline["c1"],
        {"title": "设备", "close_date": date.today()},
        lines=[
            {"description": "传感器", "quantity": "10", "unit_price": "1200", "discount": "10"},
            {"description": "安装", "quantity": 1, "unit_price": "800"},
        ],
    )
    assert [ln.amount for ln in detail.lines] == [Decimal("10800.00"), Decimal("800.00")]
    assert detail.row.amount == Decimal("11600.00")


def test_move_records_history_and_a_closed_one_needs_reopening(pipeline):
    """Moves are kept in the history; a lost one needs a reason and moves only after reopening."""
    actor, s = pipeline["sales1"], pipeline["stages"]
    opp = _add(actor, pipeline["c1"])
    opps.move_opportunity(actor, opp.id, s["谈判"].id)
    with pytest.raises(ValidationError) as caught:
        opps.move_opportunity(actor, opp.id, s["输单"].id)
    assert set(caught.value.problems) == {"lost_reason"}
    opps.lose_opportunity(actor, opp.id, "price", note="对方报价低两成")
    with pytest.raises(ValidationError) as caught:
        opps.move_opportunity(actor, opp.id, s["初步接洽"].id)
    assert "reopen" in caught.value.render("en")
    row = opps.reopen_opportunity(actor, opp.id)
    assert row.stage_id == s["谈判"].id
    history = opps.get_opportunity(actor, opp.id).history
    assert [h.to_stage for h in history] == ["初步接洽", "谈判", "输单", "谈判"]


def test_two_people_moving_the_same_card_one_gets_a_conflict(pipeline):
    """Both saw version 1: the first move wins, the second is refused and nothing is lost."""
    s = pipeline["stages"]
    opp = _add(pipeline["sales1"], pipeline["c1"])
    seen = opp.version
    opps.move_opportunity(pipeline["sales1"], opp.id, s["需求确认"].id, expected_version=seen)
    with pytest.raises(Conflict):
        opps.move_opportunity(pipeline["manager"], opp.id, s["谈判"].id, expected_version=seen)
    row = opps.get_row(pipeline["admin"], opp.id)
    assert row.stage_id == s["需求确认"].id
    assert (
        OpportunityStageChange.select().where(OpportunityStageChange.opportunity == opp.id).count()
        == 2
    )


def test_salesperson_sees_and_moves_only_their_own(pipeline):
    """sales2 neither lists nor moves sales1's opportunity; the manager sees both."""
    mine = _add(pipeline["sales1"], pipeline["c1"])
    _add(pipeline["sales2"], pipeline["c2"], title="仓储")
    assert [r.id for r in opps.list_opportunities(pipeline["sales1"])] == [mine.id]
    with pytest.raises(PermissionDenied):
        opps.move_opportunity(pipeline["sales2"], mine.id, pipeline["stages"]["谈判"].id)
    with pytest.raises(PermissionDenied):
        _add(pipeline["sales2"], pipeline["c1"])  # not their customer
    assert len(opps.list_opportunities(pipeline["manager"])) == 2


def test_renaming_a_stage_keeps_its_opportunities(pipeline):
    """A stage renamed by the manager still holds its cards; a salesperson may not rename."""
    s = pipeline["stages"]["需求确认"]
    opp = _add(pipeline["sales1"], pipeline["c1"])
    opps.move_opportunity(pipeline["sales1"], opp.id, s.id)
    with pytest.raises(PermissionDenied):
        opps.save_stage(pipeline["sales1"], s.id, name="需求分析", probability=25)
    opps.save_stage(pipeline["manager"], s.id, name="需求分析", probability=25)
    row = opps.get_row(pipeline["sales1"], opp.id)
    assert (row.stage_id, row.probability) == (s.id, 25)
    assert opps.get_opportunity(pipeline["sales1"], opp.id).history[-1].to_stage == "需求分析"


def test_board_sums_each_column(pipeline):
    """Each column counts its cards and sums amount and weighted amount."""
    s = pipeline["stages"]
    a = _add(pipeline["admin"], pipeline["c1"], amount="100000")
    _add(pipeline["admin"], pipeline["c2"], amount="20000")
    opps.move_opportunity(pipeline["admin"], a.id, s["谈判"].id)
    board = opps.board(pipeline["admin"])
    first, talks = board.column_of(s["初步接洽"].id), board.column_of(s["谈判"].id)
    assert (first.count, first.total, first.weighted) == (
        1,
        Decimal("20000.00"),
        Decimal("2000.00"),
    )
    assert (talks.count, talks.total, talks.weighted) == (
        1,
        Decimal("100000.00"),
        Decimal("70000.00"),
    )
    only_c2 = opps.board(pipeline["admin"], opps.PipelineFilter(owner_id=pipeline["admin"].id))
    assert sum(c.count for c in only_c2.columns) == 2


def test_forecast_weighs_months_beside_last_year_and_target(pipeline):
    """Weighted pipeline per month, last year's sales of the month, the target, win rate."""
    admin = pipeline["admin"]
    today = date.today()
    first = today.replace(day=1)
    nxt = add_months(first, 1)
    _add(admin, pipeline["c1"], amount="100000", close=max(today, first))
    b = _add(admin, pipeline["c2"], amount="40000", close=nxt, probability="50")
    lost = _add(admin, pipeline["c2"], amount="1000", close=nxt)
    won = _add(admin, pipeline["c1"], amount="3000", close=nxt)
    opps.win_opportunity(admin, won.id)
    opps.lose_opportunity(admin, lost.id, "timing")
    Sale.create(
        customer=pipeline["c1"],
        date=add_months(first, -12),
        amount=Decimal("777.00"),
    )
    set_setting(admin, "sales_targets", {f"{nxt.year}-{nxt.month:02d}": 90000})
    fc = opps.forecast(admin, today)
    assert len(fc.months) == 6
    m0, m1 = fc.months[0], fc.months[1]
    assert (m0.pipeline, m0.weighted, m0.count) == (Decimal("100000.00"), Decimal("10000.00"), 1)
    assert (m1.weighted, m1.target) == (Decimal("20000.00"), Decimal("90000.00"))
    assert m0.actual_last_year == Decimal("777.00")
    person = fc.salespeople[0]
    assert (person.won, person.lost, person.win_rate) == (1, 1, 0.5)
    assert person.total == Decimal("30000.00")
    reached = {c.stage.name: c.reached for c in fc.conversion}
    assert reached["初步接洽"] == 4 and reached["赢单"] == 1
    assert b.id in [r.id for r in opps.list_opportunities(admin)]


def test_deleted_customer_drops_out_of_the_board(pipeline):
    """An opportunity of a deleted card is not on the board."""
    _add(pipeline["admin"], pipeline["c1"])
    Customer.update(deleted_at=date.today()).where(Customer.id == pipeline["c1"]).execute()
    assert sum(c.count for c in opps.board(pipeline["admin"]).columns) == 0
    assert Opportunity.select().count() == 1


def test_today_lists_closing_this_month_and_idle_ones(pipeline):
    """Closing this month lists the month's open ones; idle ones had no move for 14 days."""
    from datetime import datetime

    from crm_desktop.services.opportunities.attention import opportunity_attention

    today = date.today()
    soon = _add(pipeline["sales1"], pipeline["c1"], close=today)
    later = _add(pipeline["sales1"], pipeline["c1"], title="明年", close=today + timedelta(days=70))
    Opportunity.update(updated_at=datetime.now() - timedelta(days=20)).where(
        Opportunity.id == later.id
    ).execute()
    seen = opportunity_attention(pipeline["sales1"], today)
    assert [r.id for r in seen.closing] == [soon.id] and seen.closing_count == 1
    assert [r.id for r in seen.idle] == [later.id] and seen.idle_count == 1
    assert opportunity_attention(pipeline["sales2"], today).closing_count == 0
    Customer.update(last_contact_at=datetime.now()).where(Customer.id == pipeline["c1"]).execute()
    assert opportunity_attention(pipeline["sales1"], today).idle_count == 0


def test_won_with_sales_records_the_lines_or_nothing(pipeline):
    """Won with sales: each line becomes a sale of today (order OPP<id>); over the credit
    limit the sales are refused and the opportunity stays open."""
    from crm_desktop.services.sales import OverCreditLimit

    admin = pipeline["admin"]
    opp = opps.create_opportunity(
        admin,
        pipeline["c1"],
        {"title": "设备", "close_date": date.today()},
        lines=[
            {"description": "传感器", "quantity": "10", "unit_price": "1200", "discount": "10"},
            {"description": "安装", "quantity": 1, "unit_price": "800"},
        ],
    )
    opps.win_opportunity(admin, opp.id, record_sales=True)
    sales = list(Sale.select().where(Sale.order_no == f"OPP{opp.id}").order_by(Sale.id))
    assert [s.amount for s in sales] == [Decimal("10800.00"), Decimal("800.00")]
    assert all(s.date == date.today() and s.salesperson_id == admin.id for s in sales)

    Customer.update(credit_limit=Decimal("100.00")).where(Customer.id == pipeline["c2"]).execute()
    big = _add(admin, pipeline["c2"], amount="5000")
    with pytest.raises(OverCreditLimit):
        opps.win_opportunity(admin, big.id, record_sales=True)
    assert opps.get_opportunity(admin, big.id).stage.is_open
    assert not Sale.select().where(Sale.order_no == f"OPP{big.id}").exists()


def test_monthly_targets_are_set_by_the_general_manager_and_checked(pipeline):
    """Targets take amounts as people write them; a wrong one names its month; only the GM."""
    from crm_desktop.services.opportunities.forecast import sales_targets, set_sales_targets

    year = date.today().year
    with pytest.raises(PermissionDenied):
        set_sales_targets(pipeline["manager"], year, {1: "5万"})
    with pytest.raises(ValidationError) as caught:
        set_sales_targets(pipeline["admin"], year, {1: "5万", 2: "lots"})
    assert caught.value.render("en").startswith(f"Target {year}-02:")
    set_sales_targets(pipeline["admin"], year, {1: "5万", 3: "120,000"})
    targets = sales_targets(year)
    assert (targets[1], targets[2], targets[3]) == (Decimal("50000.00"), None, Decimal("120000.00"))


def test_a_board_column_reads_its_first_cards_in_order_from_an_index(pipeline):
    """On PostgreSQL a column's page walks the live opportunities' index by stage and close
    date (won and lost: by closing day) with the id last, as SQLite's end with the rowid:
    the same order, the first cards read without sorting the stage's every card."""
    from conftest import PG_URL

    from crm_desktop.models import database
    from crm_desktop.services.opportunities.board import _base, stage_rows

    if not PG_URL:
        pytest.skip("needs CRM_TEST_DB_URL (PostgreSQL)")
    s = pipeline["stages"]
    first = s["初步接洽"]
    made = [
        _add(pipeline["admin"], pipeline["c1"], title=f"机会{i}", close=date(2027, 1, 1 + i % 3))
        for i in range(9)
    ]
    rows = stage_rows(pipeline["admin"], opps.PipelineFilter(), first, 0, 4)
    expected = sorted((d.row.close_date, d.row.id) for d in made)[:4]
    assert [r.id for r in rows] == [i for _day, i in expected]
    query = _base(pipeline["admin"], opps.PipelineFilter(), first, None)
    sql, params = query.order_by(Opportunity.close_date, Opportunity.id).limit(4).sql()
    with database.atomic():
        database.execute_sql("SET LOCAL enable_seqscan = off")  # a table this small is scanned
        plan = "\n".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))
    assert "opportunity_live_open_order" in plan and "Sort" not in plan.split("Index")[0]
