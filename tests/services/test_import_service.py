"""The import service: reading every format, mapping, cleaning, duplicates, policies, undo."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from import_samples import DATA, write_csv, write_xlsx
from python_calamine import CalamineWorkbook

from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.models import AuditEvent, ChangeLog, Customer, ImportBatch
from crm_desktop.services import importing
from crm_desktop.services.customers import (
    CustomerQuery,
    list_contacts,
    list_customers,
    update_customer,
)
from crm_desktop.services.importing import writing


def _counts() -> tuple[int, int, int]:
    return Customer.select().count(), ChangeLog.select().count(), ImportBatch.select().count()


def _by_name(fragment: str) -> Customer:
    return Customer.get(Customer.name.contains(fragment))


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


SAMPLE_FILES = {
    "xlsx": lambda tmp: write_xlsx(tmp / "list.xlsx"),
    "xlsm": lambda tmp: write_xlsx(tmp / "list.xlsm"),
    "csv-utf8-bom": lambda tmp: write_csv(tmp / "list.csv", encoding="utf-8-sig"),
    "csv-utf8": lambda tmp: write_csv(tmp / "list.csv", encoding="utf-8"),
    "csv-gbk": lambda tmp: write_csv(tmp / "list.csv", encoding="gbk"),
    "csv-gb18030": lambda tmp: write_csv(tmp / "list.csv", encoding="gb18030"),
    "ods": lambda tmp: DATA / "import_sample.ods",
    "xls": lambda tmp: DATA / "import_sample.xls",
}


@pytest.mark.parametrize("kind", list(SAMPLE_FILES))
def test_every_format_imports_the_same_customers(admin, tmp_path, kind):
    """xlsx, csv (UTF-8 with/without BOM, GBK, GB18030), ods and xls give the same cards."""
    result = _import(admin, SAMPLE_FILES[kind](tmp_path))
    assert (result.created, result.updated, result.skipped, result.rejected) == (3, 0, 1, 1)
    first = _by_name("华夏")
    assert first.name == "北京华夏科技有限公司"
    assert first.contact_phone == "13812345678"  # a float/int in the sheet, text in the card
    assert first.registered_capital == Decimal("5000000.00")  # 500 万元
    assert first.founded == date(2019, 3, 5)
    assert first.abc_class == "A" and first.credit_rating == "A"
    assert first.tax_id.startswith("91110108MA01ABCD3")
    second = _by_name("东方")
    assert second.name == "上海东方贸易（有限公司）"  # trimmed; a Chinese name keeps its （）
    assert second.code == "k002"
    assert second.contact_name == "李娜"
    assert second.registered_capital == Decimal("125000.00")  # 12.5 万元
    assert second.founded == date(2019, 3, 5)  # 2019年3月5日
    assert second.abc_class == "B" and second.credit_rating == "B"
    reasons = {(r.row_number, r.column): r.reason for r in result.rejections}
    assert "ambiguous" in reasons[(4, "成立日期")]
    # a class that is no choice does not reject the customer: kept in the remarks, warned
    [note] = result.notes
    assert (note.row_number, note.column, note.value) == (5, "客户分类", "Z")
    fourth = _by_name("鑫源")
    assert fourth.abc_class is None and "客户分类 (original): Z" in fourth.remarks
    assert result.skipped_rows[0][0] == 6 and "name" in result.skipped_rows[0][1]
    assert any("自定义列" in w for w in result.warnings)
    assert "自定义列: x" in first.remarks  # a column without a field is kept, not dropped


def test_import_writes_batch_changelog_audit_and_search(admin, tmp_path):
    """One ImportBatch, a 'created' ChangeLog row per card with the batch, an audit event, search."""
    result = _import(admin, write_xlsx(tmp_path / "list.xlsx"))
    batch = ImportBatch.get_by_id(result.batch_id)
    assert (batch.created, batch.skipped, batch.rejected, batch.file_name) == (3, 1, 1, "list.xlsx")
    created = ChangeLog.select().where(
        ChangeLog.batch == batch.id, ChangeLog.field == "created", ChangeLog.entity == "customer"
    )
    assert sorted(c.new_value for c in created) == ["K001", "K004", "k002"]
    assert AuditEvent.select().where(AuditEvent.action == "import").count() == 1
    page = list_customers(admin, CustomerQuery(text="华夏"))
    assert [r.name for r in page.rows] == ["北京华夏科技有限公司"]


def test_codes_are_generated_for_rows_without_one(admin, tmp_path):
    rows = [["甲公司", ""], ["乙公司", "C000002"], ["丙公司", None]]
    _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "客户代号"]))
    codes = {c.name: c.code for c in Customer.select()}
    assert codes["乙公司"] == "C000002"
    assert codes["甲公司"] != codes["丙公司"]
    assert "C000002" not in (codes["甲公司"], codes["丙公司"])


def test_formula_cells_import_the_value_excel_shows(admin, tmp_path):
    import xlsxwriter

    path = tmp_path / "formula.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Company", "Credit limit"])
    ws.write_formula(1, 0, '="华南"&"五金行"', None, "华南五金行")
    ws.write_formula(1, 1, "=1000*5", None, 5000)
    wb.close()
    result = _import(admin, path)
    assert result.created == 1
    card = Customer.get()
    assert (card.name, card.credit_limit) == ("华南五金行", Decimal("5000.00"))
    assert card.credit_approved_by_id == admin.id  # a limit set by the GM is approved by them


def test_only_a_card_given_a_limit_has_it_approved(admin, tmp_path):
    rows = [["甲公司", 5000], ["乙公司", None], ["丙公司", 0]]
    path = write_xlsx(tmp_path / "limits.xlsx", rows, ["客户名称", "信用额度"])
    assert _import(admin, path).created == 3
    approved = {c.name: (c.credit_approved_by_id, c.credit_approved_at) for c in Customer.select()}
    assert approved["甲公司"][0] == approved["丙公司"][0] == admin.id
    assert approved["甲公司"][1] is not None and approved["丙公司"][1] is not None
    assert approved["乙公司"] == (None, None)


def test_title_row_above_headers_is_skipped(admin, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", title="2024年客户名单（华东区）")
    source = importing.open_source(admin, path)
    assert source.header_row_number == 2
    assert source.columns[0].field == "name"


def test_excel_date_serials_and_compact_dates(admin, tmp_path):
    rows = [["甲", 43529], ["乙", 20190305], ["丙", "2019.3.5"], ["丁", "2019/3/5"]]
    result = _import(admin, write_xlsx(tmp_path / "d.xlsx", rows, ["客户名称", "成立时间"]))
    assert result.created == 4
    assert {c.founded for c in Customer.select()} == {date(2019, 3, 5)}


def test_preview_marks_errors_per_cell_and_flags_ambiguous_dates(admin, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx")
    source = importing.open_source(admin, path, preview_rows=200)
    rows = importing.preview(admin, source)
    assert [r.status for r in rows] == ["new", "new", "error", "new", "duplicate"]
    ambiguous = rows[2].problems[0]
    assert ambiguous.ambiguous and ambiguous.column == 5 and ambiguous.field == "founded"
    assert [(n.column, n.value) for n in rows[3].notes] == [("客户分类", "Z")]
    assert "row 2" in rows[4].duplicate_reason
    assert _counts() == (0, 0, 0)  # a preview writes nothing


def test_chinese_messages_name_the_column_once_and_flag_ambiguous_dates(
    admin, tmp_path, monkeypatch
):
    """In Chinese as in English: a rejected value's reason follows the column as written,
    without the card's label repeated after it, and an ambiguous date is marked as such
    in the preview, not as an error (the flag came from the English wording)."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [
        ["甲公司", "03/05/2019", "5万"],
        ["乙公司", "2019-02-30", "-500"],
        ["丙公司", "2019-03-05", "1000万以上"],
    ]
    path = write_xlsx(tmp_path / "zh.xlsx", rows, ["客户名称", "成立时间", "信用额度"])
    source = importing.open_source(admin, path, preview_rows=20)
    checks = importing.preview(admin, source)
    first = checks[0].problems[0]
    assert first.ambiguous and first.field == "founded"
    assert first.message.startswith("“03/05/2019”有歧义")
    wrong = {p.field: p for p in checks[1].problems}
    assert not wrong["founded"].ambiguous
    assert wrong["founded"].message == "“2019-02-30”不是真实存在的日期"
    assert wrong["credit_limit"].message == "“-500”是负数，不能小于 0"
    result = _import(admin, path)
    assert result.created == 1  # 丙公司: the range is kept in its remarks
    reasons = dict(row[::2] for row in result.rejected_rows)
    assert (
        reasons[3] == "成立时间：“2019-02-30”不是真实存在的日期；信用额度：“-500”是负数，不能小于 0"
    )
    assert reasons[2].startswith("成立时间：“03/05/2019”有歧义")
    [note] = result.notes
    assert note.render() == (
        "第4行，信用额度“1000万以上”：“1000万以上”是一个范围或估计，不是一个确切的数；"
        "该项留空，原值已写入备注。"
    )


def test_preview_finds_duplicates_in_the_database(admin, tmp_path):
    _import(admin, write_xlsx(tmp_path / "list.xlsx"))
    source = importing.open_source(admin, tmp_path / "list.xlsx", preview_rows=200)
    rows = importing.preview(admin, source)
    assert rows[0].status == "duplicate" and rows[0].duplicate_of == _by_name("华夏").id


@pytest.mark.parametrize(
    "row, reason",
    [
        (["北京华夏科技有限公司"], "name"),  # same name
        (["北京 华夏科技（有限公司）"], "name"),  # spaces, full-width, bracketed 有限公司
        (["另一个名字", "K001"], "customer code"),
        (["又一个名字", "", "91110108MA01ABCD3L"], "unified social credit code"),
        (["第三个名字", "", "", "(010) 6234-5678"], "phone"),
    ],
)
def test_duplicates_are_found_by_code_tax_id_name_and_phone(admin, tmp_path, row, reason):
    _import(admin, write_xlsx(tmp_path / "a.xlsx"))
    headers = ["客户名称", "客户代号", "税号", "电话"]
    result = _import(admin, write_xlsx(tmp_path / "b.xlsx", [row], headers))
    assert (result.created, result.skipped) == (0, 1)
    assert reason in result.skipped_rows[0][1]


def test_update_policy_changes_cards_through_the_service_and_undo_restores(admin, tmp_path):
    first = _import(admin, write_xlsx(tmp_path / "a.xlsx"))
    headers = ["客户名称", "联系人", "客户分类", "备注"]
    rows = [["北京华夏科技有限公司", "刘洋", "B", ""], ["新客户有限公司", "陈晨", "C", ""]]
    result = _import(admin, write_xlsx(tmp_path / "b.xlsx", rows, headers), on_duplicate="update")
    assert (result.created, result.updated) == (1, 1)
    card = _by_name("华夏")
    assert (card.contact_name, card.abc_class, card.remarks) == ("刘洋", "B", "老客户\n自定义列: x")
    logged = {
        c.field: (c.old_value, c.new_value)
        for c in ChangeLog.select().where(ChangeLog.batch == result.batch_id)
        if c.entity_id == card.id and c.entity == "customer"
    }
    assert logged == {"contact_name": ("张伟", "刘洋"), "abc_class": ("A", "B")}
    assert [c["name"] for c in list_contacts(admin, card.id)] == ["张伟", "刘洋"]  # one more person
    undo = importing.undo_import(admin, result.batch_id)
    assert (undo.deleted, undo.restored_fields, undo.kept) == (1, 2, [])
    card = _by_name("华夏")
    assert (card.contact_name, card.abc_class) == ("张伟", "A")
    assert [c["name"] for c in list_contacts(admin, card.id)] == ["张伟"]  # the import's went too
    assert _by_name("新客户").deleted_at is not None
    assert ImportBatch.get_by_id(result.batch_id).undone_at is not None
    with pytest.raises(UserError, match="already undone"):
        importing.undo_import(admin, result.batch_id)
    # the first import can be undone too: its cards are soft-deleted
    assert importing.undo_import(admin, first.batch_id).deleted == 3
    assert Customer.select().where(Customer.deleted_at.is_null()).count() == 0


def test_undo_keeps_fields_changed_after_the_import(admin, tmp_path):
    _import(admin, write_xlsx(tmp_path / "a.xlsx"))
    rows = [["北京华夏科技有限公司", "刘洋"]]
    result = _import(
        admin, write_xlsx(tmp_path / "b.xlsx", rows, ["客户名称", "联系人"]), on_duplicate="update"
    )
    card = _by_name("华夏")
    update_customer(admin, card.id, {"contact_name": "周杰"})
    undo = importing.undo_import(admin, result.batch_id)
    assert undo.restored_fields == 0 and len(undo.kept) == 1
    assert _by_name("华夏").contact_name == "周杰"
    # what the import page says after an undo, in the user's language
    assert undo.summary("zh_CN") == (
        "删除了导入新建的 0 个客户，恢复了 0 个字段；1 个字段在导入后又被修改过，保留现值"
    )
    assert undo.summary("en") == (
        "deleted 0 created card(s), restored 0 field(s); kept 1 field(s) changed since the import"
    )


def test_new_policy_creates_lookalikes_but_never_reuses_a_code(admin, tmp_path):
    _import(admin, write_xlsx(tmp_path / "a.xlsx"))
    rows = [["北京华夏科技有限公司", ""], ["别的公司", "K001"]]
    result = _import(
        admin,
        write_xlsx(tmp_path / "b.xlsx", rows, ["客户名称", "客户代号"]),
        on_duplicate="new",
    )
    assert (result.created, result.rejected) == (1, 1)
    assert "already used" in result.rejections[0].reason
    assert Customer.select().where(Customer.name == "北京华夏科技有限公司").count() == 2


def test_strict_refuses_the_whole_file(admin, tmp_path):
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx"), strict=True)
    assert result.refused and result.rejected == 1 and result.created == 0
    assert _counts() == (0, 0, 0)


def test_dry_run_writes_nothing_but_reports_everything(admin, tmp_path):
    result = _import(admin, write_xlsx(tmp_path / "a.xlsx"), dry_run=True)
    assert (result.created, result.skipped, result.rejected) == (3, 1, 1)
    assert _counts() == (0, 0, 0)
    assert AuditEvent.select().count() == 0


@pytest.mark.parametrize("helper", [True, False], ids=["helper-process", "in-process"])
def test_cancel_leaves_the_database_as_it_was(admin, tmp_path, monkeypatch, helper):
    from import_samples import write_many

    monkeypatch.setattr(writing, "BULK_ROWS", 0 if helper else 10**9)
    monkeypatch.setattr("crm_desktop.offload.second_core", lambda: True)
    helpers = []

    class Watched(writing.Offload):
        def _start(self) -> None:
            super()._start()
            helpers.append(self.process)

    monkeypatch.setattr(writing, "Offload", Watched)
    path = write_many(tmp_path / "many.xlsx", 5000)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 4000

    switch = sys.getswitchinterval()
    with pytest.raises(importing.ImportCancelled):
        _import(admin, path, progress=progress)
    assert seen[0] == (2000, 5000)
    assert _counts() == (0, 0, 0)
    assert sys.getswitchinterval() == switch  # as it was before the import
    if helper:  # on either database: PostgreSQL's search rows are coded there too
        assert len(helpers) == 1 and helpers[0].poll() is not None  # ended with the import
    else:
        assert helpers == []


def test_mapping_override_is_remembered_per_header_set(admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx")
    source = importing.open_source(admin, path)
    assert not source.remembered
    custom = source.headers.index("自定义列")
    remarks = source.headers.index("备注")
    importing.set_mapping(source, {custom: "industry", remarks: "ignore"})
    importing.run_import(admin, source)
    assert _by_name("华夏").industry == "x" and _by_name("华夏").remarks == ""
    again = importing.open_source(admin, path)
    assert again.remembered
    assert again.columns[custom].field == "industry" and again.columns[remarks].field == "ignore"


def test_two_columns_for_one_field_are_refused(admin, tmp_path):
    source = importing.open_source(admin, write_xlsx(tmp_path / "a.xlsx"))
    with pytest.raises(UserError, match="both feed"):
        importing.set_mapping(source, {11: "name"})


def test_salesperson_may_not_import(team, tmp_path):
    with pytest.raises(PermissionDenied):
        importing.open_source(team["sales1"], write_xlsx(tmp_path / "a.xlsx"))


def test_credit_columns_are_left_out_for_a_sales_manager(team, tmp_path):
    rows = [["甲公司", 50000, "A"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "信用额度(元)", "信用等级"])
    result = _import(team["manager"], path)
    assert result.created == 1
    card = Customer.get()
    assert card.credit_limit is None and card.credit_rating is None
    assert sum("信用额度金额由总经理核定" in w for w in result.warnings) == 2


def test_rejected_rows_workbook_has_the_original_rows_and_reasons(admin, tmp_path):
    from crm_desktop.reports.import_errors import write_rejected_rows

    result = _import(admin, write_xlsx(tmp_path / "a.xlsx"))
    out = write_rejected_rows(tmp_path / "rejected.xlsx", result.headers, result.rejected_rows)
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][: len(result.headers)] == result.headers
    assert rows[0][-2:] == ["Reason", "Row in file"]
    assert [r[0] for r in rows[1:]] == ["广州宏达电子有限公司"]
    assert "ambiguous" in rows[1][-2] and rows[1][-1] == 4
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert cal[1][5] == "03/05/2019" and "成立日期: '03/05/2019' is ambiguous" in cal[1][-2]
    # the fixed file imports again: the extra columns are left out, not kept in the remarks
    source = importing.open_source(admin, out)
    fields = {c.header: c.field for c in source.columns}
    assert fields["Reason"] == fields["Row in file"] == "ignore"


def test_blank_template_maps_itself_and_imports_its_sample_row(admin, tmp_path):
    from crm_desktop.reports.import_template import TEMPLATE_FIELDS, write_template

    for lang in ("zh_CN", "en"):
        path = write_template(tmp_path / f"template-{lang}.xlsx", lang)
        source = importing.open_source(admin, path)
        assert [c.field for c in source.columns] == list(TEMPLATE_FIELDS), lang
        assert not source.unmapped
        rows = importing.preview(admin, source)
        assert [r.problems for r in rows] == [[]], lang
    result = _import(admin, tmp_path / "template-zh_CN.xlsx")
    assert (result.created, result.rejected) == (1, 0)
    card = Customer.get()
    assert card.registered_capital == Decimal("5000000.00")  # 500 in the (万元) column
    assert card.tax_id == "91110108MA01ABCD3L" and card.org_type == "joint_venture"


@pytest.mark.parametrize(
    "header, field, multiplier",
    [
        ("客户名称", "name", 1),
        ("公司名称", "name", 1),
        ("Company", "name", 1),
        ("CUSTOMER NAME", "name", 1),
        ("联系人", "contact_name", 1),
        ("联络人", "contact_name", 1),
        ("Contact", "contact_name", 1),
        ("信用额度", "credit_limit", 1),
        ("信用额度(元)", "credit_limit", 1),
        ("信用额度（万元）", "credit_limit", 10_000),
        ("Credit limit (10k yuan)", "credit_limit", 10_000),
        ("注册资本 [万元]", "registered_capital", 10_000),
        ("收款期限(天)", "collection_days", 1),
        ("联系周期(天)", "contact_interval_days", 1),
        ("统一社会信用代码", "tax_id", 1),
        ("ｅｍａｉｌ", "email", 1),
        ("颜色", None, 1),
        # as other offices' lists and CRMs' exports word them
        ("税务登记证号", "tax_id", 1),
        ("座机号码", "phone", 1),
        ("开始合作日期", "trading_since", 1),
        ("首次合作时间", "trading_since", 1),
        ("客户分级", "abc_class", 1),
        ("联系人手机号", "contact1_mobile", 1),
        ("地市", "address_city", 1),
        ("收件地址", "delivery_address", 1),
        ("添加人", "owner", 1),  # 企业微信: who added the customer
        ("所属员工", "owner", 1),
    ],
)
def test_headers_are_matched_by_synonym_and_unit(header, field, multiplier):
    from crm_desktop.services.importing.headers import auto_map

    column = auto_map([header])[0]
    assert (column.field, column.multiplier) == (field, multiplier)


def test_thousands_separators_and_wan_units_in_text(admin, tmp_path):
    rows = [["甲公司", "1,234.5", "12,000"]]
    path = write_csv(tmp_path / "m.csv", rows, ["客户名称", "注册资本（万元）", "年营业额"])
    assert _import(admin, path).created == 1
    card = Customer.get()
    assert card.registered_capital == Decimal("12345000.00")
    assert card.annual_turnover == Decimal("12000.00")


@pytest.mark.parametrize(
    ("typed", "yuan"),
    [
        (5, "50000.00"),  # a number: in the heading's 万元
        ("5", "50000.00"),
        ("1.5", "15000.00"),
        ("50万", "500000.00"),  # its own 万: not 万 again (5 billion)
        ("50万元", "500000.00"),
        ("1.2亿", "120000000.00"),
        ("伍拾万元整", "500000.00"),
        ("8,000元", "8000.00"),  # yuan, as written
        ("5w", "50000.00"),
    ],
)
def test_an_amount_with_its_own_unit_under_a_wan_heading_is_scaled_once(
    admin, tmp_path, typed, yuan
):
    path = write_xlsx(
        tmp_path / "units.xlsx",
        [["甲公司", typed], ["乙公司", 3]],
        ["客户名称", "授信额度（万元）"],
    )
    assert _import(admin, path).created == 2
    assert Customer.get(Customer.name == "甲公司").credit_limit == Decimal(yuan)
    assert Customer.get(Customer.name == "乙公司").credit_limit == Decimal("30000.00")


def test_long_sheet_is_streamed_with_true_row_numbers(admin, tmp_path):
    """Past the first rows a sheet is read row by row; blank rows keep the numbering right."""
    import xlsxwriter

    path = tmp_path / "long.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(1, 1, ["客户名称", "客户分类"])  # starts at B2, like many hand-made lists
    r = 2
    for n in range(3000):
        if n == 700:
            r += 3  # three blank rows
        ws.write_row(r, 1, [f"客户{n}", "A", "2019-02-30" if n == 2500 else "2019-02-28"])
        r += 1
    ws.write(1, 3, "成立日期")
    wb.close()
    source = importing.open_source(admin, path)
    assert source.data.stream is not None and len(source.data.rows) < 3000
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (2999, 1)
    assert result.rejections[0].row_number == 2500 + 3 + 3  # header on row 2, 3 blank rows
    assert result.rejections[0].raw == ("客户2500", "A", "2019-02-30")


def test_a_list_imported_again_names_each_customer_it_already_has(admin, tmp_path):
    """Every row of a list imported a second time is skipped with the code and name of
    the card it matches, in row order, across several blocks of rows (and a row that
    repeats an earlier row of the file names that row)."""
    rows = [[f"重复测试{i:04d}贸易有限公司", f"R{i:04d}"] for i in range(2_600)]
    first = _import(admin, write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "客户代号"]))
    assert first.created == 2_600
    again = rows + [["新来的客户有限公司", ""], ["新来的客户有限公司", ""]]
    result = _import(admin, write_xlsx(tmp_path / "b.xlsx", again, ["客户名称", "客户代号"]))
    assert (result.created, result.skipped) == (1, 2_601)
    codes = dict(Customer.select(Customer.name, Customer.code).tuples())
    for (number, reason), (name, _code) in zip(result.skipped_rows, rows, strict=False):
        assert f"{codes[name]} {name}" in reason, (number, reason)
    assert [n for n, _r in result.skipped_rows] == sorted(n for n, _r in result.skipped_rows)
    last_number, last_reason = result.skipped_rows[-1]
    assert str(last_number - 1) in last_reason  # the same as the row before it


@pytest.mark.parametrize(
    ("dates", "founded", "said"),
    [
        # a Hong Kong office's list: 25/03/2019 tells the column is day first
        (["25/03/2019", "03/05/2015", "12/11/2008 09:30"],
         [date(2019, 3, 25), date(2015, 5, 3), date(2008, 11, 12)],
         "Dates in 'Date Established' were read day first"),
        # an American CRM's: 03/25/2019 tells it is month first
        (["03/25/2019", "03/05/2015", "12/11/2008"],
         [date(2019, 3, 25), date(2015, 3, 5), date(2008, 12, 11)],
         "Dates in 'Date Established' were read month first"),
    ],
)  # fmt: skip
def test_a_columns_day_order_reads_its_ambiguous_dates(admin, tmp_path, dates, founded, said):
    """03/05/2015 is ambiguous alone, not in a column whose 25/03/2019 can only be read day
    first: the customers come in with their days, and the result says how they were read."""
    rows = [[f"客户{i}", d] for i, d in enumerate(dates)]
    path = write_csv(tmp_path / "hk.csv", rows, ["Customer Name", "Date Established"])
    result = _import(admin, path)
    assert (result.created, result.rejected) == (3, 0)
    assert [c.founded for c in Customer.select().order_by(Customer.name)] == founded
    assert any(w.startswith(said) for w in result.warnings)


def test_a_column_of_both_orders_still_refuses_its_ambiguous_dates(admin, tmp_path):
    rows = [["甲", "25/03/2019"], ["乙", "03/25/2019"], ["丙", "03/05/2019"]]
    result = _import(admin, write_csv(tmp_path / "mixed.csv", rows, ["客户名称", "成立日期"]))
    assert (result.created, result.rejected) == (2, 1)
    assert "ambiguous" in result.rejections[0].reason
