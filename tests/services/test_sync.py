"""Salesperson workbooks out and back: a real workbook written, edited with openpyxl,
taken back field by field (SQLite, and PostgreSQL with CRM_TEST_DB_URL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest

from crm_desktop.jobs.sync import plan, send_for_update, take_back
from crm_desktop.models import ChangeLog, CreditRequest, FollowUp, SyncExportRow
from crm_desktop.services import customers, followups
from crm_desktop.services.sync.apply import KEEP, TAKE, apply_take_back, batch_note
from crm_desktop.services.sync.workbook import is_for_update


@pytest.fixture
def book(team, admin, tmp_path):
    """Three customers of 张伟 (one with a contact and a planned follow-up), one of 王芳."""
    sales1 = team["sales1"]
    made = [
        customers.create_customer(
            admin,
            {"name": name, "phone": phone, "owner": sales1.id, "org_type": "individual"},
        )
        for name, phone in (
            ("北京华科技术有限公司", "010-62345678"),
            ("上海浦东贸易有限公司", "021-58881234"),
            ("广州白云商行", "020-88886666"),
        )
    ]
    customers.create_customer(admin, {"name": "王芳的客户", "owner": team["sales2"].id})
    customers.add_contact(admin, made[0].id, {"name": "刘晓梅", "mobile": "13912345678"})
    followups.plan_followup(
        admin,
        {
            "customer": made[0].id,
            "kind": "visit",
            "due_at": datetime.now() + timedelta(days=2),
            "owner": sales1.id,
        },
    )
    out = tmp_path / "张伟.xlsx"
    sent = send_for_update(admin, out, owner_id=sales1.id, lang="zh_CN")
    return {"cards": made, "path": out, "sent": sent, "sales1": sales1}


def _edit(path, target, sheet="客户", edits=None, add=None, drop_columns=()):
    """Change cells (the row by one of its first three cells, the column by its header),
    add rows, drop columns; saved as `target`."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    for (key, header), value in (edits or {}).items():
        for row in ws.iter_rows(min_row=2):
            if key in (row[0].value, row[1].value, row[2].value):
                row[headers.index(header)].value = value
                break
        else:
            raise AssertionError(key)
    for values in add or ():
        r = ws.max_row + 1
        for header, value in values.items():
            ws.cell(r, headers.index(header) + 1).value = value
    for header in drop_columns:
        ws.delete_cols(headers.index(header) + 1)
        headers = [c.value for c in ws[1]]
    wb.save(target)
    return target


def test_workbook_layout(book):
    """The workbook has the three sheets, a hidden identity sheet, hidden ID columns, grey
    read-only columns and the salesperson's customers only."""
    wb = openpyxl.load_workbook(book["path"])
    assert wb.sheetnames == ["客户", "联系人", "跟进", "_crm_sync"]
    assert wb["_crm_sync"].sheet_state == "hidden"
    ws = wb["客户"]
    headers = [c.value for c in ws[1]]
    names = sorted(r[0].value for r in ws.iter_rows(min_row=2))
    assert names == sorted(c.name for c in book["cards"])
    uuid_col = openpyxl.utils.get_column_letter(headers.index("记录编号（请勿修改）") + 1)
    assert ws.column_dimensions[uuid_col].hidden
    code = ws.cell(1, headers.index("客户代号") + 1)
    assert code.comment is not None and code.fill.fgColor.rgb.endswith("BFBFBF")
    assert ws.freeze_panes == "B2"
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("个体" in (f or "") for f in lists)  # 企业组织形式 offers its labels
    assert is_for_update(book["path"])
    assert SyncExportRow.select().count() == 3 + 1 + 1  # customers, contact, follow-up


def test_change_only_in_workbook_is_applied_with_note(book, admin, tmp_path):
    """A field changed only in the workbook is written through the card's service, with
    the ChangeLog tied to a note naming the salesperson and the export date."""
    back = _edit(
        book["path"], tmp_path / "back.xlsx", edits={("广州白云商行", "地址"): "天河路 1 号"}
    )
    done = take_back(admin, back)
    card = customers.get_customer(admin, book["cards"][2].id)
    assert card["address"] == "天河路 1 号"
    assert done.result.fields == 1 and not done.result.undecided
    entry = ChangeLog.get(ChangeLog.entity == "customer", ChangeLog.field == "address")
    note = batch_note(entry.batch_id)
    assert note is not None and "张伟" in note.render("zh_CN")


def test_change_only_in_crm_is_kept(book, admin, tmp_path):
    """A field changed in the CRM after the export, untouched in the workbook, stays."""
    customers.update_customer(admin, book["cards"][1].id, {"phone": "021-00000000"})
    back = _edit(book["path"], tmp_path / "back.xlsx", edits={("广州白云商行", "地址"): "x"})
    result = take_back(admin, back).result
    assert customers.get_customer(admin, book["cards"][1].id)["phone"] == "021-00000000"
    assert result.kept == 1


def test_both_changed_is_a_conflict_until_decided(book, admin, tmp_path):
    """Changed in both to different values: a conflict with who changed the CRM; nothing
    applied until decided, then take writes the workbook's value."""
    card = book["cards"][0]
    customers.update_customer(admin, card.id, {"phone": "010-11111111"})
    back = _edit(book["path"], tmp_path / "back.xlsx", edits={(card.name, "电话"): "010-22222222"})
    planned = plan(admin, back)
    [conflict] = planned.conflicts
    assert (conflict.base, conflict.workbook, conflict.crm) == (
        "010-62345678",
        "010-22222222",
        "010-11111111",
    )
    assert conflict.changed_by == "Administrator" and conflict.changed_at is not None
    assert conflict.label.render("zh_CN") == "电话"
    result = apply_take_back(admin, planned)
    assert customers.get_customer(admin, card.id)["phone"] == "010-11111111"
    assert len(result.undecided) == 1
    again = plan(admin, back)
    apply_take_back(admin, again, {again.conflicts[0].key: TAKE})
    assert customers.get_customer(admin, card.id)["phone"] == "010-22222222"


def test_keep_decision_keeps_crm(book, admin, tmp_path):
    """Deciding keep for all leaves the CRM's value and no undecided conflict."""
    card = book["cards"][0]
    customers.update_customer(admin, card.id, {"phone": "010-11111111"})
    back = _edit(book["path"], tmp_path / "back.xlsx", edits={(card.name, "电话"): "010-3"})
    done = take_back(admin, back, default=KEEP)
    assert customers.get_customer(admin, card.id)["phone"] == "010-11111111"
    assert done.result.kept_conflicts == 1 and done.conflicts_path is None


def test_credit_change_becomes_request(book, admin, tmp_path):
    """A credit limit changed in the workbook is a pending request by the salesperson,
    never written to the card."""
    card = book["cards"][1]
    back = _edit(book["path"], tmp_path / "back.xlsx", edits={(card.name, "信用额度"): 50000})
    result = take_back(admin, back).result
    assert result.credit_requests == 1
    assert customers.get_customer(admin, card.id)["credit_limit"] is None
    req = CreditRequest.get(CreditRequest.customer == card.id)
    assert req.status == "pending" and req.proposed_limit == Decimal("50000.00")
    assert req.requested_by_id == book["sales1"].id


def test_followups_done_and_planned(book, admin, tmp_path):
    """A follow-up marked 完成 is completed with its outcome by the salesperson; a new row
    is planned for the customer named by its code."""
    code = book["cards"][2].code
    due = datetime.now().replace(second=0, microsecond=0) + timedelta(days=5)
    path = _edit(
        book["path"],
        tmp_path / "a.xlsx",
        sheet="跟进",
        edits={
            (book["cards"][0].code, "完成"): "是",
            (book["cards"][0].code, "结果"): "谈妥二季度订单",
        },
        add=[{"客户代号": code, "方式": "电话", "主题": "回访", "时间": due}],
    )
    result = take_back(admin, path).result
    assert (result.completed, result.planned) == (1, 1)
    done = FollowUp.get(FollowUp.customer == book["cards"][0].id)
    assert done.status == "done" and done.outcome == "谈妥二季度订单"
    new = FollowUp.get(FollowUp.customer == book["cards"][2].id)
    assert new.status == "planned" and new.kind == "call" and new.owner_id == book["sales1"].id


def test_new_rows_go_through_duplicate_check_and_missing_rows_are_listed(book, admin, tmp_path):
    """A new row becomes a customer of the salesperson; a new row that repeats a known
    name is refused; a row deleted from the workbook is listed, not deleted."""
    wb = openpyxl.load_workbook(book["path"])
    ws = wb["客户"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "广州白云商行":
            ws.delete_rows(r)
            break
    headers = [c.value for c in ws[1]]
    for name in ("深圳新客户有限公司", "北京华科技术有限公司"):
        r = ws.max_row + 1
        ws.cell(r, headers.index("客户名称") + 1).value = name
    wb.save(tmp_path / "b.xlsx")
    result = take_back(admin, tmp_path / "b.xlsx").result
    assert result.created == 1
    assert [m.name for m in result.missing] == ["广州白云商行"]
    assert customers.get_customer(admin, book["cards"][2].id).deleted_at is None
    [note] = result.notes
    assert "北京华科" in note.message.render("zh_CN") or "已存在" in note.message.render("zh_CN")
    new = customers.list_customers(admin, customers.CustomerQuery(text="深圳新客户")).rows
    assert new and new[0].owner_name == "张伟"


def test_copied_uuid_second_row_refused(book, admin, tmp_path):
    """A record ID copied onto another row: the second row is refused, naming both rows."""
    wb = openpyxl.load_workbook(book["path"])
    ws = wb["客户"]
    headers = [c.value for c in ws[1]]
    col = headers.index("记录编号（请勿修改）") + 1
    ws.cell(3, col).value = ws.cell(2, col).value
    wb.save(tmp_path / "c.xlsx")
    planned = plan(admin, tmp_path / "c.xlsx")
    [note] = planned.notes
    assert note.row == 3 and "第 3 行" in note.message.render("zh_CN")
    assert "第 2 行" in note.message.render("zh_CN")


def test_tampered_version_refused(book, admin, tmp_path):
    """A version newer than the CRM's refuses that row only."""
    card = book["cards"][0]
    path = _edit(
        book["path"],
        tmp_path / "d.xlsx",
        edits={(card.name, "版本（请勿修改）"): 99, (card.name, "地址"): "改过"},
    )
    done = take_back(admin, path)
    assert customers.get_customer(admin, card.id)["address"] == ""
    assert any("99" in n.message.render("en") for n in done.result.notes)


def test_identity_columns_dropped_falls_back_to_code(book, admin, tmp_path):
    """Without the hidden ID columns the rows are matched by code, and the user is told."""
    card = book["cards"][2]
    path = _edit(
        book["path"],
        tmp_path / "e.xlsx",
        edits={(card.name, "地址"): "天河路 2 号"},
        drop_columns=("记录编号（请勿修改）", "版本（请勿修改）"),
    )
    done = take_back(admin, path)
    assert done.plan.identity_missing
    assert any(w.code == "sync.identity_missing" for w in done.plan.warnings)
    assert customers.get_customer(admin, card.id)["address"] == "天河路 2 号"
    assert not done.result.missing


def test_foreign_workbook_is_a_plain_import(book, admin, tmp_path):
    """A workbook of another database is imported as a plain list, with a warning."""
    wb = openpyxl.load_workbook(book["path"])
    meta = wb["_crm_sync"]
    for row in meta.iter_rows():
        if row[0].value == "database":
            row[1].value = "another-database"
    headers = [c.value for c in wb["客户"][1]]
    wb["客户"].cell(wb["客户"].max_row + 1, headers.index("客户名称") + 1).value = "外来客户"
    wb.save(tmp_path / "f.xlsx")
    done = take_back(admin, tmp_path / "f.xlsx")
    assert done.plan.foreign and done.imported is not None
    assert any(w.code == "sync.foreign_workbook" for w in done.warnings)
    assert customers.list_customers(admin, customers.CustomerQuery(text="外来客户")).total == 1


def test_contact_change_applied_and_new_contact_added(book, admin, tmp_path):
    """A contact's field changed in the workbook is written to that contact, in the
    take-back's batch; a row without an ID adds a contact to the customer of its code."""
    path = _edit(
        book["path"],
        tmp_path / "g.xlsx",
        sheet="联系人",
        edits={("刘晓梅", "爱好"): "羽毛球"},
        add=[{"客户代号": book["cards"][1].code, "姓名": "陈刚", "手机": "13800001111"}],
    )
    result = take_back(admin, path).result
    [contact] = customers.list_contacts(admin, book["cards"][0].id)
    assert contact["hobbies"] == "羽毛球"
    entry = ChangeLog.get(ChangeLog.entity == "contact", ChangeLog.field == "hobbies")
    assert entry.batch_id == result.batch_id
    [added] = customers.list_contacts(admin, book["cards"][1].id)
    assert added["name"] == "陈刚" and result.contacts_added == 1


def test_dates_that_lost_their_format_are_still_dates(book, admin, tmp_path):
    """A date cell saved back as a bare number is read as that date, not as a change."""
    card = book["cards"][0]
    customers.update_customer(admin, card.id, {"founded": "2015-03-01"})
    out = tmp_path / "h.xlsx"
    send_for_update(admin, out, owner_id=book["sales1"].id, lang="zh_CN")
    wb = openpyxl.load_workbook(out)
    ws = wb["客户"]
    headers = [c.value for c in ws[1]]
    col = headers.index("成立时间") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == card.name:
            ws.cell(r, col).value = 42064  # 2015-03-01 as a serial number, no date format
            ws.cell(r, col).number_format = "General"
    wb.save(out)
    planned = plan(admin, out)
    assert not planned.changes and not planned.conflicts


def test_plain_list_is_not_taken_back(book, admin, tmp_path):
    """A plain customer export is refused by the take-back with a message naming it."""
    from crm_desktop.errors import UserError
    from crm_desktop.jobs.export import export_customers

    out = export_customers(admin, tmp_path / "plain.xlsx").path
    with pytest.raises(UserError) as caught:
        plan(admin, out)
    assert caught.value.code == "sync.not_for_update" and "plain.xlsx" in caught.value.render("en")
