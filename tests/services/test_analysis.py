"""Sales analysis figures on a hand-made dataset (see sales_dataset.py for the table)."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sales_dataset import NOW, build  # noqa: E402

from crm_desktop.errors import PermissionDenied, UserError  # noqa: E402
from crm_desktop.models import ChangeLog, Customer  # noqa: E402
from crm_desktop.progress import Cancelled, Progress  # noqa: E402
from crm_desktop.services import analysis as an  # noqa: E402
from crm_desktop.services import receivables  # noqa: E402
from crm_desktop.services.settings import set_setting  # noqa: E402

Y2025 = an.Period(date(2025, 1, 1), date(2025, 12, 31))
D = Decimal


@pytest.fixture
def data(team):
    return build(team)


def by_code(figures):
    return {f.code: f for f in figures}


def test_periods_previous_and_default():
    """Whole months step back by months (2024 is a leap year), other spans by days."""
    assert Y2025.previous() == an.Period(date(2024, 1, 1), date(2024, 12, 31))
    feb = an.Period(date(2024, 2, 1), date(2024, 2, 29))
    assert feb.previous() == an.Period(date(2024, 1, 1), date(2024, 1, 31))
    odd = an.Period(date(2025, 3, 5), date(2025, 3, 14))
    assert odd.previous() == an.Period(date(2025, 2, 23), date(2025, 3, 4))
    assert an.default_period(date(2025, 8, 20)) == an.Period(date(2024, 9, 1), date(2025, 8, 31))
    assert an.make_period(date(2025, 3, 1), None) == an.Period(date(2025, 3, 1), date(2026, 2, 28))
    assert Y2025.months()[0] == "2025-01" and len(Y2025.months()) == 12
    with pytest.raises(UserError, match="before it starts"):
        an.Period(date(2025, 2, 1), date(2025, 1, 1))


def test_classify_abc_boundaries():
    """The customer that reaches 80 % is still A; exactly 95 % before makes C; no sales is D."""
    t = (Fraction(80), Fraction(95))
    assert an.classify_abc([800, 150, 50, 0, -5], t) == ["A", "B", "C", "D", "D"]
    assert an.classify_abc([900, 100], t) == ["A", "B"]
    assert an.classify_abc([500, 300, 200], t) == ["A", "A", "B"]
    assert an.classify_abc([], t) == []


def test_customer_figures(admin, data):
    """Sales, shares, ABC, previous period and last order per customer, largest first."""
    figures = an.customer_figures(admin, Y2025)
    assert [f.code for f in figures] == ["C1", "C2", "C3", "C4", "C5"]  # C6 is deleted
    f = by_code(figures)
    assert [f[c].abc_class for c in ("C1", "C2", "C3", "C4", "C5")] == ["A", "B", "C", "D", "D"]
    assert f["C1"].sales == D("800.00") and f["C1"].previous_sales == D("500.00")
    assert f["C1"].change == D("300.00") and f["C1"].change_pct == pytest.approx(0.6)
    assert f["C1"].share == pytest.approx(0.8) and f["C1"].cumulative_share == pytest.approx(0.8)
    assert f["C2"].cumulative_share == pytest.approx(0.95) and f["C2"].change_pct is None
    assert f["C3"].sales == D("50.00") and f["C3"].cumulative_share == pytest.approx(1.0)
    assert f["C3"].change_pct == pytest.approx((50 - 300) / 300)
    assert f["C4"].sales == 0 and f["C4"].share is None and f["C4"].rank is None
    assert [f[c].rank for c in ("C1", "C2", "C3")] == [1, 2, 3]
    assert f["C1"].last_order == date(2025, 3, 10)  # the deleted 05-05 line does not count
    assert f["C2"].last_order == date(2025, 6, 15)  # the 2026 sale is after the period
    assert f["C4"].last_order == date(2024, 2, 2)
    assert f["C5"].last_order is None
    assert f["C3"].stored_class is None and f["C4"].stored_class == "C"


def test_abc_thresholds_from_settings(admin, data):
    """The thresholds come from the team setting."""
    set_setting(admin, "abc_thresholds", {"A": 85, "B": 99})
    f = by_code(an.customer_figures(admin, Y2025))
    assert [f[c].abc_class for c in ("C1", "C2", "C3", "C4")] == ["A", "A", "B", "D"]
    set_setting(admin, "abc_thresholds", {"A": 99, "B": 50})
    with pytest.raises(UserError, match="thresholds"):
        an.customer_figures(admin, Y2025)


def test_abc_counts(admin, data):
    counts = {c.cls: c for c in an.abc_counts(an.customer_figures(admin, Y2025))}
    assert [counts[k].customers for k in "ABCD"] == [1, 1, 1, 2]
    assert counts["B"].sales == D("150.00") and counts["B"].share == pytest.approx(0.15)


def test_period_summary(admin, data):
    """1000 against 1800 last year; 5 lines in 4 orders (an unnumbered line is its own)."""
    s = an.period_summary(admin, Y2025)
    assert s.sales == D("1000.00") and s.previous_sales == D("1800.00")
    assert s.change_pct == pytest.approx(-800 / 1800)
    assert (s.lines, s.orders) == (5, 4)
    assert (s.customers_bought, s.new_customers, s.lost_customers) == (3, 1, 1)
    assert s.customers_total == 5
    assert [t.code for t in s.top] == ["C1", "C2", "C3"]


def test_salesperson_figures(team, data):
    rows = {r.name: r for r in an.salesperson_figures(team["admin"], Y2025, NOW)}
    z, w = rows["张伟"], rows["王芳"]
    assert (z.sales, z.customers, z.orders) == (D("950.00"), 2, 2)
    assert (w.sales, w.customers, w.orders) == (D("50.00"), 1, 2)
    assert z.share == pytest.approx(0.95)
    assert (z.followups_planned, z.followups_done) == (3, 1)
    assert (w.followups_planned, w.followups_done) == (1, 1)


def test_product_figures(admin, data):
    rows = {r.code: r for r in an.product_figures(admin, Y2025)}
    assert rows["P1"].quantity == D("7.5") and rows["P1"].sales == D("750.00")
    assert rows["P1"].customers == 2 and rows["P1"].share == pytest.approx(0.75)
    assert rows["P2"].quantity == D("7") and rows["P2"].sales == D("250.00")
    assert rows["P2"].customers == 2 and rows["P2"].category == "包装"


def test_monthly_sales(admin, data):
    by_sp = an.monthly_sales(admin, Y2025, "salesperson")
    assert by_sp.columns == ["张伟", "王芳"]
    assert by_sp.values[2] == [D("800.00"), D("0.00")]  # March
    assert by_sp.values[5] == [D("150.00"), D("0.00")]
    assert by_sp.values[6] == [D("0.00"), D("30.00")]
    assert by_sp.values[7] == [D("0.00"), D("20.00")]
    assert by_sp.column_totals() == [D("950.00"), D("50.00")]
    assert sum(by_sp.month_totals()) == D("1000.00")
    by_cat = an.monthly_sales(admin, Y2025, "category")
    assert by_cat.columns == ["五金", "包装"]
    assert by_cat.values[2] == [D("600.00"), D("200.00")]
    with pytest.raises(UserError):
        an.monthly_sales(admin, Y2025, "weather")


def test_aging_buckets_boundaries():
    """Days past due fall into not due, 0–30, 31–60, 61–90 and over 90, limits included."""
    days = (-1, 0, 30, 31, 60, 61, 90, 91)
    assert [receivables.aging_bucket(d) for d in days] == [0, 1, 1, 2, 2, 3, 3, 4]


def test_receivables_aging(admin, data):
    """FIFO: payments settle the oldest sales; the open rest is aged past its due date."""
    rows = {r.code: r for r in an.receivables_aging(admin, date(2025, 12, 31))}
    assert set(rows) == {"C1", "C2", "C3", "C4", "C5"}
    c1, c2, c3, c4, c5 = (rows[c] for c in ("C1", "C2", "C3", "C4", "C5"))
    assert c1.balance == D("300.00") and c1.d90_plus == D("300.00")
    assert c2.balance == D("150.00") and c2.not_due == D("150.00")  # due 2026-01-01
    assert c3.balance == D("50.00")
    assert (c3.d31_60, c3.d61_90) == (D("20.00"), D("30.00"))  # due 11-29 and 10-29
    assert c4.balance == D("600.00") and c4.d90_plus == D("600.00")
    assert c4.credit_limit == D("500.00") and c4.over_limit and c4.exposure == pytest.approx(1.2)
    assert c5.balance == D("-100.00") and sum(c5.buckets_fen) == 0
    assert sum(r.balance for r in rows.values()) == D("1000.00")
    earlier = {r.code: r for r in an.receivables_aging(admin, date(2025, 8, 20))}
    # on 2025-08-20 C3 owes 50, due 2025-10-29 / 11-29: not yet due
    assert earlier["C3"].not_due == D("50.00")


def test_followup_activity(admin, data):
    """Planned, done and overdue per salesperson and class, and the customers outside cadence."""
    act = an.followup_activity(admin, Y2025, NOW)
    assert act.as_of == date(2025, 12, 15)
    sp = {c.key: c for c in act.by_salesperson}
    assert (sp["张伟"].planned, sp["张伟"].done, sp["张伟"].overdue) == (3, 1, 1)
    assert (sp["王芳"].planned, sp["王芳"].done, sp["王芳"].overdue) == (1, 1, 0)
    cls = {c.key: c for c in act.by_class}
    assert [c.key for c in act.by_class] == ["A", "B", "C", ""]
    assert (cls["A"].planned, cls["A"].done, cls["A"].overdue, cls["A"].outside_cadence) == (
        2,
        1,
        1,
        0,
    )
    assert (cls[""].planned, cls[""].done, cls[""].outside_cadence) == (1, 1, 1)
    gaps = {g.code: g for g in act.outside_cadence}
    # C1: 14 days since, interval 14; C5 (D) never contacted, created after the day
    assert set(gaps) == {"C2", "C3", "C4"}
    assert gaps["C2"].last_contact is None and gaps["C2"].interval_days == 30
    assert gaps["C2"].days_since is None and gaps["C2"].days_over == 348 - 30  # from creation
    assert gaps["C3"].interval_days == 10 and gaps["C3"].days_since == 196
    assert gaps["C3"].days_over == 186
    assert gaps["C4"].days_since == 379 and gaps["C4"].interval_days == 90


def test_salesperson_sees_only_own_customers(team, data):
    """A salesperson's figures cover their own customers, ranked among themselves."""
    figures = an.customer_figures(team["sales1"], Y2025)
    assert [(f.code, f.abc_class) for f in figures] == [("C1", "A"), ("C2", "B")]
    aging = an.receivables_aging(team["sales1"], date(2025, 12, 31))
    assert {r.code for r in aging} == {"C1", "C2"}
    report = an.sales_report(team["sales1"], Y2025, now=NOW)
    assert report.summary.sales == D("950.00") and report.scope_label == "张伟"


def test_sales_report_progress_and_cancel(admin, data):
    """A progress callable hears every step; returning False stops the report."""
    seen = []
    report = an.sales_report(admin, Y2025, progress=lambda *a: seen.append(a), now=NOW)
    assert report.sheets == an.SHEETS and seen[-1][0] == seen[-1][1]
    with pytest.raises(an.Cancelled):
        an.sales_report(admin, Y2025, progress=lambda *a: False)
    with pytest.raises(UserError, match="Unknown sheet"):
        an.sales_report(admin, Y2025, sheets=["bogus"])


def test_sales_report_steps_a_progress_and_stops_when_cancelled(admin, data):
    """With a Progress, each sheet is a step named in the user's language; cancelling it
    stops the report with the one Cancelled (also caught by its former name)."""
    steps = []
    progress = Progress(lambda done, total, text: steps.append((done, total, text)))
    an.sales_report(admin, Y2025, progress=progress, now=NOW)
    assert [done for done, _, _ in steps] == list(range(1, len(an.SHEETS) + 1))
    assert {total for _, total, _ in steps} == {len(an.SHEETS)}
    assert steps[0][2].render("zh_CN") == "正在计算：按客户"
    assert steps[-1][2].render("en") == "Computing: Summary"
    stopping = Progress(lambda done, total, text: stopping.cancel())
    with pytest.raises(Cancelled) as stopped:
        an.sales_report(admin, Y2025, progress=stopping, now=NOW)
    assert isinstance(stopped.value, an.Cancelled) and stopped.value.code == "common.cancelled"


@pytest.mark.parametrize(
    ("make", "code", "zh"),
    [
        (lambda: an.Period(date(2025, 2, 1), date(2025, 1, 1)), "analysis.period_reversed", "早于"),
        (lambda: an.monthly_sales(None, Y2025, "weather"), "analysis.month_by", "“weather”"),
        (lambda: an.sales_report(None, Y2025, sheets=[]), "analysis.no_sheets", "至少选择"),
    ],
)
def test_refusals_are_codes_rendered_in_chinese(make, code, zh):
    """The analysis refuses with a catalogue code that renders in Chinese, not an English sentence."""
    with pytest.raises(UserError) as refused:
        make()
    assert refused.value.code == code and zh in refused.value.render("zh_CN")


def test_bad_thresholds_setting_is_named(admin, data):
    """A threshold setting out of order is refused with both values shown."""
    set_setting(admin, "abc_thresholds", {"A": 96, "B": 90})
    with pytest.raises(UserError) as refused:
        an.abc_thresholds()
    assert refused.value.code == "analysis.thresholds_order"
    assert "A=96，B=90" in refused.value.render("zh_CN")


def test_apply_abc_classes(team, data):
    """Only changed customers are written, with one ChangeLog row each, versions bumped."""
    manager = team["manager"]
    preview = an.preview_abc_classes(manager, Y2025)
    assert preview.changes == {(None, "C"): 1, ("C", "D"): 1} and preview.changed == 2
    before = Customer.get_by_id(data["C3"]).version
    result = an.apply_abc_classes(manager, Y2025)
    assert result.changed == 2 and result.by_class == {"C": 1, "D": 1}
    assert Customer.get_by_id(data["C3"]).abc_class == "C"
    assert Customer.get_by_id(data["C3"]).version == before + 1
    assert Customer.get_by_id(data["C4"]).abc_class == "D"
    logs = list(ChangeLog.select().where(ChangeLog.field == "abc_class").order_by(ChangeLog.id))
    assert [(x.entity_id, x.old_value, x.new_value, x.user_id) for x in logs] == [
        (data["C3"], None, "C", manager.id),
        (data["C4"], "C", "D", manager.id),
    ]
    assert an.preview_abc_classes(manager, Y2025).changed == 0


def test_apply_abc_refused_for_salesperson(team, data):
    """A salesperson may neither apply nor preview classes; the refusal speaks Chinese too."""
    with pytest.raises(PermissionDenied) as refused:
        an.apply_abc_classes(team["sales1"], Y2025)
    assert refused.value.code == "analysis.abc_not_allowed"
    assert refused.value.render("zh_CN").startswith("张伟 无权把 ABC 分类写入客户资料")
    with pytest.raises(PermissionDenied):
        an.preview_abc_classes(team["sales1"], Y2025)
    assert Customer.get_by_id(data["C3"]).abc_class is None


def test_lines_without_salesperson_or_product(admin, data):
    """Such lines are collected under an empty salesperson / product, counted once."""
    from crm_desktop.models import Sale

    Sale.create(customer=data["C5"], date=date(2025, 9, 9), amount=D("40"), quantity=D("4"))
    people = {p.user_id: p for p in an.salesperson_figures(admin, Y2025, NOW)}
    assert people[None].sales == D("40.00") and people[None].customers == 1
    assert people[None].orders == 1 and people[None].name == ""
    products = {p.product_id: p for p in an.product_figures(admin, Y2025)}
    assert products[None].quantity == D("4") and products[None].customers == 1
    assert an.monthly_sales(admin, Y2025).columns == ["张伟", "王芳", ""]
