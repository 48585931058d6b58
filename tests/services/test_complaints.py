"""Complaint handling: recording, the path to the customer's confirmation, roles, bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, UserError, ValidationError
from crm_desktop.models import ChangeLog, Complaint, ComplaintAttachment, FollowUp
from crm_desktop.services import complaints
from crm_desktop.services.customers import create_customer
from crm_desktop.services.sales import create_product, record_sale


@pytest.fixture
def cust(team):
    """A customer of sales1."""
    return create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})


@pytest.fixture
def other(team):
    """A customer of sales2."""
    return create_customer(team["sales2"], {"name": "浦东贸易", "code": "C2"})


def _add(actor, customer, **values):
    base = {"customer": customer.id, "subject": "包装破损", "severity": "high"}
    base.update(values)
    return complaints.add_complaint(actor, base)


def _table() -> list[tuple]:
    return list(Complaint.select().order_by(Complaint.id).tuples())


def test_new_complaint_is_due_by_its_severity_and_handled_by_the_owner(team, cust):
    """Received now, a 严重 complaint is due in 72 hours and goes to the customer's owner."""
    received = datetime(2026, 5, 4, 10, 0)
    info = _add(team["manager"], cust, received_at=received, channel="电话", category="交货")
    assert info.status == "open"
    assert info.due_at == received + timedelta(hours=72)
    assert info.handled_by_id == team["sales1"].id
    assert (info.channel, info.category, info.severity) == ("phone", "delivery", "high")
    urgent = _add(team["manager"], cust, received_at=received, severity="紧急")
    assert urgent.due_at == received + timedelta(hours=24)


def test_due_hours_are_a_team_setting(team, cust):
    """Changing the hours allowed for 一般 changes the due time of new complaints."""
    complaints.set_due_hours(team["admin"], {"normal": 48})
    received = datetime(2026, 5, 4, 9, 0)
    info = _add(team["admin"], cust, severity="normal", received_at=received)
    assert info.due_at == received + timedelta(hours=48)
    with pytest.raises(ValidationError):
        complaints.set_due_hours(team["admin"], {"urgent": 0})


def test_whole_path_to_confirmation_is_in_the_timeline(team, cust):
    """Received → in progress → resolved (with compensation and a visit) → confirmed, each
    step a line of the timeline, the visit planned as a follow-up."""
    s1 = team["sales1"]
    info = _add(s1, cust, description="运输途中包装破损，三箱受潮")
    complaints.start_complaint(s1, info.id)
    visit = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    resolved = complaints.resolve_complaint(
        s1,
        info.id,
        "已补发三箱",
        compensation_kind="goods",
        compensation_amount="1,200",
        compensation_note="补发",
        followup_at=visit,
    )
    assert resolved.status == "resolved" and resolved.compensation_amount == 1200
    fu = FollowUp.get_by_id(resolved.followup_id)
    assert (fu.kind, fu.due_at, fu.status) == ("visit", visit, "planned")
    done = complaints.confirm_complaint(s1, info.id, "5")
    assert (done.status, done.satisfaction) == ("confirmed", 5)
    steps = [(e.field, e.new_value) for e in complaints.timeline(s1, info.id)]
    assert steps[0] == ("created", "包装破损")
    statuses = [new for f, new in steps if f == "status"]
    assert statuses == ["processing", "resolved", "confirmed"]
    assert ("satisfaction", "5") in steps


def test_confirming_an_unresolved_complaint_is_refused_and_writes_nothing(team, cust):
    """A complaint still in progress cannot be confirmed; the table and history stay as they were."""
    info = _add(team["sales1"], cust)
    complaints.start_complaint(team["sales1"], info.id)
    before, history = _table(), ChangeLog.select().count()
    with pytest.raises(Conflict) as exc:
        complaints.confirm_complaint(team["sales1"], info.id, 4)
    assert exc.value.code == "complaints.confirm_unresolved"
    assert "处理中" in exc.value.render("zh_CN")
    assert _table() == before and ChangeLog.select().count() == history


@pytest.mark.parametrize("score", [0, 6, "4.5", "很好", "", None, -1])
def test_satisfaction_outside_one_to_five_is_refused_and_writes_nothing(team, cust, score):
    """Satisfaction is a whole number 1-5; anything else names the field and changes nothing."""
    info = _add(team["sales1"], cust)
    complaints.resolve_complaint(team["sales1"], info.id, "已道歉并退款")
    before = _table()
    with pytest.raises(ValidationError) as exc:
        complaints.confirm_complaint(team["sales1"], info.id, score)
    assert "satisfaction" in exc.value.problems
    assert "客户满意度" in exc.value.render("zh_CN")
    assert _table() == before


def test_closing_needs_a_reason_and_ends_the_path(team, cust):
    """Closing asks why; a closed complaint cannot be resolved afterwards."""
    info = _add(team["sales1"], cust)
    with pytest.raises(ValidationError):
        complaints.close_complaint(team["sales1"], info.id, "  ")
    closed = complaints.close_complaint(team["sales1"], info.id, "客户撤回投诉")
    assert (closed.status, closed.close_reason) == ("closed", "客户撤回投诉")
    with pytest.raises(Conflict) as exc:
        complaints.resolve_complaint(team["sales1"], info.id, "x")
    assert exc.value.code == "complaints.wrong_step"


def test_salesperson_sees_and_handles_only_their_customers_complaints(team, cust, other):
    """sales2 neither lists nor touches sales1's complaint; the manager sees both."""
    mine = _add(team["sales1"], cust)
    theirs = _add(team["sales2"], other)
    ids = complaints.complaint_ids(team["sales1"])
    assert ids == [mine.id]
    assert set(complaints.complaint_ids(team["manager"])) == {mine.id, theirs.id}
    with pytest.raises(PermissionDenied):
        complaints.start_complaint(team["sales1"], theirs.id)
    with pytest.raises(PermissionDenied):
        complaints.get_complaint(team["sales1"], theirs.id)
    with pytest.raises(PermissionDenied):
        _add(team["sales1"], other)
    assert complaints.complaint_rows(team["sales1"], [theirs.id, mine.id]) == [
        complaints.complaint_rows(team["sales1"], [mine.id])[0]
    ]


def test_salesperson_assigns_only_to_themselves_managers_to_anyone(team, cust):
    """A salesperson may not hand a complaint to a colleague; the sales manager may."""
    info = _add(team["manager"], cust, handled_by="manager")
    with pytest.raises(PermissionDenied):
        complaints.assign_complaint(team["sales1"], info.id, "sales2")
    assert complaints.assign_complaint(team["sales1"], info.id, "sales1").handled_by == "张伟"
    assert complaints.assign_complaint(team["manager"], info.id, "王芳").handled_by_id == (
        team["sales2"].id
    )
    steps = [e.field for e in complaints.timeline(team["manager"], info.id)]
    assert steps.count("handled_by") == 2


def test_list_filters_and_open_ones_come_by_due_time(team, cust):
    """The default list holds the unresolved ones, soonest due first; filters narrow it."""
    at = datetime(2026, 6, 1, 9, 0)
    a = _add(team["admin"], cust, severity="normal", received_at=at, category="quality")
    b = _add(team["admin"], cust, severity="urgent", received_at=at, category="price")
    c = _add(team["admin"], cust, severity="high", received_at=at, category="quality")
    complaints.resolve_complaint(team["admin"], c.id, "已处理")
    assert complaints.complaint_ids(team["admin"]) == [b.id, a.id]
    q = complaints.ComplaintQuery(open_only=False, category="quality")
    assert set(complaints.complaint_ids(team["admin"], q)) == {a.id, c.id}
    q = complaints.ComplaintQuery(severity="urgent")
    assert complaints.complaint_ids(team["admin"], q) == [b.id]
    overdue = complaints.ComplaintQuery(overdue_only=True)
    assert complaints.complaint_ids(team["admin"], overdue) == [b.id, a.id]  # 2026-06 is past
    row = complaints.complaint_rows(team["admin"], [b.id])[0]
    assert row.is_overdue(datetime(2026, 6, 3)) and not row.is_overdue(datetime(2026, 6, 1, 12))


def test_product_and_sales_line_are_recorded_and_filterable(team, cust):
    """A complaint about a sales line records the line and its product; the list filters by product."""
    product = create_product(team["admin"], "P1", "A4 复印纸")
    sale = record_sale(
        team["admin"], cust.id, sale_date=date(2026, 3, 1), quantity=2, unit_price=100,
        product_id=product.id,
    )  # fmt: skip
    info = _add(team["admin"], cust, sale=sale.id)
    assert (info.sale_id, info.product_id, info.product_name) == (sale.id, product.id, "A4 复印纸")
    q = complaints.ComplaintQuery(product=product.id)
    assert complaints.complaint_ids(team["admin"], q) == [info.id]
    with pytest.raises(ValidationError):
        _add(team["admin"], cust, sale=sale.id + 99)


def test_unresolved_serious_complaint_flags_the_customer(team, cust):
    """Only an unresolved 严重 or 紧急 complaint flags the card; resolving it clears the flag."""
    normal = _add(team["sales1"], cust, severity="normal")
    assert complaints.unresolved_serious(team["sales1"], cust.id) is None
    serious = _add(team["sales1"], cust, subject="发错货")
    flag = complaints.unresolved_serious(team["sales1"], cust.id)
    assert flag is not None and (flag.count, flag.subjects) == (1, ["发错货"])
    complaints.resolve_complaint(team["sales1"], serious.id, "已换货")
    assert complaints.unresolved_serious(team["sales1"], cust.id) is None
    assert [c.id for c in complaints.customer_complaints(team["sales1"], cust.id)] == [
        serious.id,
        normal.id,
    ]


def test_attachment_is_copied_beside_the_database_and_opened_from_there(team, cust, tmp_path):
    """An attached file is copied into the attachments folder; its copy has the same bytes."""
    info = _add(team["sales1"], cust)
    photo = tmp_path / "破损照片.jpg"
    photo.write_bytes(b"\xff\xd8jpeg" * 100)
    att = complaints.add_attachment(team["sales1"], info.id, photo)
    assert (att.file_name, att.size) == ("破损照片.jpg", 600)
    kept = complaints.attachment_path(team["sales1"], att.id)
    assert kept.read_bytes() == photo.read_bytes() and kept.parent != photo.parent
    assert [a.id for a in complaints.get_complaint(team["sales1"], info.id).attachments] == [att.id]
    complaints.remove_attachment(team["sales1"], att.id)
    assert complaints.get_complaint(team["sales1"], info.id).attachments == []


@pytest.mark.sqlite_only
def test_attachment_over_20_mb_or_unreadable_is_refused_and_writes_nothing(team, cust, tmp_path):
    """Too big, missing or a folder: a message each; no row, no file in the attachments folder."""
    info = _add(team["sales1"], cust)
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(complaints.MAX_BYTES + 1)
    folder = complaints.attachments_folder()
    cases = {
        big: "complaints.attachment_too_big",
        tmp_path / "missing.jpg": "complaints.attachment_unreadable",
        tmp_path: "complaints.attachment_unreadable",
    }
    for path, code in cases.items():
        with pytest.raises(UserError) as exc:
            complaints.add_attachment(team["sales1"], info.id, path)
        assert exc.value.code == code
        assert path.name in exc.value.render("zh_CN")
    assert ComplaintAttachment.select().count() == 0
    assert not folder.exists() or list(folder.iterdir()) == []


def test_unknown_complaint_and_editing_after_confirmation(team, cust):
    """An unknown id is NotFound; a confirmed complaint cannot be edited any more."""
    with pytest.raises(NotFound):
        complaints.get_complaint(team["admin"], 999)
    info = _add(team["admin"], cust)
    edited = complaints.update_complaint(team["admin"], info.id, {"severity": "urgent"})
    assert edited.due_at == info.received_at + timedelta(hours=24)
    complaints.resolve_complaint(team["admin"], info.id, "ok")
    complaints.confirm_complaint(team["admin"], info.id, 3)
    with pytest.raises(Conflict):
        complaints.update_complaint(team["admin"], info.id, {"subject": "x"})


def test_stale_version_is_refused(team, cust):
    """Two people on the same complaint: the second write with the old version is refused."""
    info = _add(team["admin"], cust)
    complaints.start_complaint(team["admin"], info.id, expected_version=info.version)
    with pytest.raises(Conflict) as exc:
        complaints.resolve_complaint(team["admin"], info.id, "x", expected_version=info.version)
    assert exc.value.code == "complaints.changed_meanwhile"


def test_figures_of_a_period(team, cust, other):
    """Counts by category, the median time to resolve, share in time and mean satisfaction."""
    admin = team["admin"]
    t0 = datetime(2026, 3, 2, 9, 0)
    a = _add(admin, cust, received_at=t0, severity="urgent", category="quality")  # due +24h
    b = _add(admin, other, received_at=t0, severity="normal", category="quality")  # due +168h
    _add(admin, other, received_at=t0, category="price")  # stays open
    _add(admin, cust, received_at=datetime(2025, 1, 1), category="price")  # outside
    for cid, hours, score in ((a.id, 48, 2), (b.id, 24, 4)):
        Complaint.update(status="confirmed", resolved_at=t0 + timedelta(hours=hours),
                         satisfaction=score).where(Complaint.id == cid).execute()  # fmt: skip
    f = complaints.complaint_figures(admin, date(2026, 1, 1), date(2026, 12, 31))
    assert (f.total, f.resolved, f.in_time, f.unresolved) == (3, 2, 1, 1)
    assert f.median_hours == 36 and f.satisfaction == 3 and f.in_time_share == 0.5
    assert [(c.category, c.count, c.resolved) for c in f.by_category] == [
        ("quality", 2, 2),
        ("price", 1, 0),
    ]
    assert f.by_customer == {cust.id: (1, 0), other.id: (2, 1)}
    mine = complaints.complaint_figures(team["sales1"], date(2026, 1, 1), date(2026, 12, 31))
    assert mine.total == 1
    assert complaints.counts_by_customer(admin) == {cust.id: (2, 1), other.id: (2, 1)}


def test_timeline_of_a_complaint_without_history_comes_from_its_own_times(team, cust):
    """A complaint loaded in bulk (no history rows) still shows its path from its times."""
    t0 = datetime(2026, 2, 1, 9, 0)
    row = Complaint.create(customer=cust.id, subject="数量短缺", received_at=t0, status="confirmed",
                           started_at=t0 + timedelta(hours=1), resolved_at=t0 + timedelta(days=1),
                           confirmed_at=t0 + timedelta(days=2), due_at=t0)  # fmt: skip
    steps = [(e.at, e.field, e.new_value) for e in complaints.timeline(team["sales1"], row.id)]
    assert steps == [
        (t0, "created", "数量短缺"),
        (t0 + timedelta(hours=1), "status", "processing"),
        (t0 + timedelta(days=1), "status", "resolved"),
        (t0 + timedelta(days=2), "status", "confirmed"),
    ]


def test_reminders_name_due_complaints_to_their_handler_once_a_day(team, cust):
    """Due within a day or overdue, to the handler, once a day; resolved ones never."""
    now = datetime(2026, 6, 10, 9, 0)
    late = _add(team["sales1"], cust, severity="urgent", received_at=now - timedelta(days=2))
    soon = _add(team["sales1"], cust, severity="urgent", received_at=now - timedelta(hours=2))
    _add(team["sales1"], cust, severity="normal", received_at=now)  # due in 7 days
    done = _add(team["sales1"], cust, severity="urgent", received_at=now - timedelta(days=3))
    complaints.resolve_complaint(team["sales1"], done.id, "已处理")
    rows = complaints.complaint_reminders(team["sales1"], now)
    assert [r.id for r in rows] == [late.id, soon.id]
    assert complaints.complaint_reminders(team["sales1"], now + timedelta(hours=1)) == []
    assert complaints.complaint_reminders(team["sales2"], now) == []
    again = complaints.complaint_reminders(team["sales1"], now + timedelta(days=1))
    assert [r.id for r in again] == [late.id, soon.id]


def test_a_deleted_customers_complaints_leave_the_managers_lists(team, cust, other):
    """Deleting a card takes its complaints off every list; restoring it brings them back."""
    from crm_desktop.services.customers import delete_customer, restore_customer

    mine, theirs = _add(team["sales1"], cust), _add(team["sales2"], other)
    manager = team["manager"]
    open_list = complaints.ComplaintQuery(open_only=True)
    assert set(complaints.complaint_ids(manager, open_list)) == {mine.id, theirs.id}
    delete_customer(team["admin"], other.id)
    for query in (open_list, complaints.ComplaintQuery()):
        assert complaints.complaint_ids(manager, query) == [mine.id]
        assert complaints.count_complaints(manager, query) == 1
    restore_customer(team["admin"], other.id)
    assert set(complaints.complaint_ids(manager, open_list)) == {mine.id, theirs.id}
