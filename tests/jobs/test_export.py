"""Exporting customers to .xlsx: read back with openpyxl and calamine, compared with the database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from crm_desktop.errors import PermissionDenied, UserError, ValidationError
from crm_desktop.jobs.export import export_customers
from crm_desktop.models import AuditEvent, Customer
from crm_desktop.progress import Cancelled, Progress
from crm_desktop.services.customers import CustomerQuery, create_customer, get_customer
from crm_desktop.services.fields import CUSTOMER_FIELDS, choice_label
from crm_desktop.services.validation import uscc_check_char

EVIL = '=HYPERLINK("http://x","y")'
TAX_ID = "91330106MA2B00001" + uscc_check_char("91330106MA2B00001")


@pytest.fixture
def customers(team):
    """Three customers: one with every kind of value, one named like a formula, one sparse."""
    admin = team["admin"]
    full = create_customer(
        admin,
        {
            "name": "杭州华信电子有限公司",
            "code": "C000001",
            "legal_rep": "王建国",
            "address": "浙江省杭州市西湖区文三路1号",
            "tax_id": TAX_ID,
            "phone": "0571-88886666",
            "invoice_type": "vat",
            "org_type": "joint_venture",
            "registered_capital": "5000000",
            "founded": "2008-03-05",
            "annual_turnover": "12345678.90",
            "shop_ownership": "rented",
            "shop_lease_start": "2024-01-01",
            "shop_lease_end": "2026-12-31",
            "warehouse_area": "350.5",
            "payment_terms": "other",
            "payment_terms_note": "月结30天",
            "credit_rating": "A",
            "abc_class": "A",
            "credit_limit": "200000",
            "collection_days": 30,
            "business_scope": "电子元器件\n集成电路",
            "owner": team["sales1"].id,
            "stage": "current",
            "loyalty": "loyal",
            "reputation": "-好评如潮",
        },
    )
    evil = create_customer(admin, {"name": EVIL, "code": "C000002", "remarks": "+1 @mention"})
    sparse = create_customer(
        admin,
        {"name": "Sparse Ltd", "code": "C000003", "stage": "lost", "owner": team["sales2"].id},
    )
    return [full, evil, sparse]


@pytest.fixture
def out_dir(tmp_path):
    """A folder for workbooks only (tmp_path also holds the database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _expected(card, spec, lang="en"):
    value = card.values[spec.name]
    if spec.kind == "user":
        return card.owner_name or None
    if spec.kind == "choice":
        return choice_label(spec.choices, value, lang) or None
    if isinstance(value, Decimal):
        return float(value)
    if value == "":
        return None
    return value


def _read_openpyxl(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return wb, ws, rows


def test_every_field_round_trips(customers, team, tmp_path):
    """Every catalogue field is a column; openpyxl and calamine read back the database's values."""
    out = tmp_path / "customers.xlsx"
    result = export_customers(team["manager"], out, lang="en")
    assert result.rows == 3 and result.columns == len(CUSTOMER_FIELDS)
    _wb, ws, rows = _read_openpyxl(out)
    assert rows[0] == [f.en for f in CUSTOMER_FIELDS]
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert list(cal[0]) == [f.en for f in CUSTOMER_FIELDS]
    by_code = {r[1]: r for r in rows[1:]}
    cal_by_code = {r[1]: r for r in cal[1:]}
    for customer in customers:
        card = get_customer(team["admin"], customer.id)
        row, crow = by_code[card.code], cal_by_code[card.code]
        for col, spec in enumerate(CUSTOMER_FIELDS):
            want = _expected(card, spec)
            got, cgot = row[col], crow[col]
            if isinstance(want, date):
                assert got == datetime(want.year, want.month, want.day), spec.name
                assert cgot in (want, datetime(want.year, want.month, want.day)), spec.name
            elif isinstance(want, (int, float)) and not isinstance(want, bool):
                assert got == pytest.approx(want) and cgot == pytest.approx(want), spec.name
            elif want is None:
                assert got is None and cgot == "", spec.name
            else:
                assert got == want and cgot == want, spec.name


def test_formula_looking_text_stays_text(customers, team, tmp_path):
    """A customer named =HYPERLINK(...) reads back as that text, never as a formula."""
    out = tmp_path / "c.xlsx"
    export_customers(team["admin"], out, lang="en")
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    cells = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    r = cells["C000002"]
    cell = ws.cell(r, 1)
    assert cell.value == EVIL and cell.data_type == "s"
    remarks_col = [f.name for f in CUSTOMER_FIELDS].index("remarks") + 1
    assert ws.cell(r, remarks_col).value == "+1 @mention"
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in cal if row[1] == "C000002"] == [EVIL]


def test_chinese_headers_labels_and_formats(customers, team, tmp_path):
    """zh_CN: Chinese headers and labels; money and dates carry number formats; header frozen."""
    out = tmp_path / "zh.xlsx"
    export_customers(team["admin"], out, lang="zh_CN")
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.title == "客户"
    headers = [c.value for c in ws[1]]
    assert headers == [f.zh for f in CUSTOMER_FIELDS]
    col = {f.name: i + 1 for i, f in enumerate(CUSTOMER_FIELDS)}
    row = next(r for r in range(2, 5) if ws.cell(r, 2).value == "C000001")
    assert ws.cell(row, col["invoice_type"]).value == "增值税发票"
    assert ws.cell(row, col["org_type"]).value == "中外合资、合作"
    assert ws.cell(row, col["stage"]).value == "现实客户"
    assert ws.cell(row, col["owner"]).value == "张伟"
    assert ws.cell(row, col["credit_limit"]).number_format == "#,##0.00"
    assert ws.cell(row, col["founded"]).number_format == "yyyy-mm-dd"
    assert ws.cell(1, 1).font.b
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}4"
    assert ws.column_dimensions["A"].width >= 10


def test_query_and_columns(customers, team, tmp_path):
    """A filter and a column list export just those customers and columns, in that order."""
    out = tmp_path / "lost.xlsx"
    result = export_customers(
        team["admin"], out, CustomerQuery(stage="lost"), ["code", "name", "owner"], lang="en"
    )
    assert result.rows == 1
    _wb, _ws, rows = _read_openpyxl(out)
    assert rows == [
        ["Customer code", "Customer name", "Owner (salesperson)"],
        ["C000003", "Sparse Ltd", "王芳"],
    ]


def test_unknown_column_is_named(customers, team, out_dir):
    with pytest.raises(ValidationError, match="no_such_field"):
        export_customers(team["admin"], out_dir / "x.xlsx", columns=["name", "no_such_field"])
    assert not list(out_dir.iterdir())


def test_salesperson_may_not_bulk_export(customers, team, tmp_path):
    """Salespeople get 'not allowed' and no file; nothing is audited."""
    out = tmp_path / "s.xlsx"
    with pytest.raises(PermissionDenied, match="Not allowed"):
        export_customers(team["sales1"], out)
    assert not out.exists()
    assert not AuditEvent.select().where(AuditEvent.action == "export.customers").exists()


def test_export_is_audited(customers, team, tmp_path):
    """Who exported how many customers to which file is recorded."""
    export_customers(team["manager"], tmp_path / "a.xlsx", CustomerQuery(abc_class="A"))
    event = AuditEvent.get(AuditEvent.action == "export.customers")
    assert event.user_id == team["manager"].id and event.count == 1
    assert "a.xlsx" in event.detail and "class=A" in event.detail


def test_bad_output_paths(customers, team, out_dir):
    """A missing folder, a folder, or a name not ending in .xlsx: plain messages, no file."""
    with pytest.raises(UserError, match="does not exist"):
        export_customers(team["admin"], out_dir / "nope" / "x.xlsx")
    (out_dir / "dir.xlsx").mkdir()
    with pytest.raises(UserError, match="folder"):
        export_customers(team["admin"], out_dir / "dir.xlsx")
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_customers(team["admin"], out_dir / "x.csv")
    assert sorted(p.name for p in out_dir.iterdir()) == ["dir.xlsx"]


def test_existing_file_replaced_whole(customers, team, out_dir):
    """Exporting over an old file replaces it; no temporary file is left beside it."""
    out = out_dir / "c.xlsx"
    out.write_bytes(b"old")
    export_customers(team["admin"], out)
    assert openpyxl.load_workbook(out).active.max_row == 4
    assert [p.name for p in out_dir.iterdir()] == ["c.xlsx"]


def test_cancel_from_progress_leaves_no_file(db, admin, out_dir):
    """Cancelling the Progress (the UI's Cancel) stops the export; no file, no audit."""
    Customer.insert_many(
        [{"code": f"K{i:05d}", "name": f"客户{i}", "uuid": f"u{i}"} for i in range(1100)]
    ).execute()
    seen = []

    def listener(done, total, _text):
        seen.append((done, total))
        progress.cancel()

    progress = Progress(listener)
    out = out_dir / "big.xlsx"
    with pytest.raises(Cancelled):
        export_customers(admin, out, progress=progress)
    assert seen == [(1000, 1100)]  # cancelled at the first step: no second one
    assert list(out_dir.iterdir()) == []
    assert not AuditEvent.select().where(AuditEvent.action == "export.customers").exists()
