"""A visit log (客户拜访记录表), the sheet many salespeople keep instead of a customer list:
a row a visit, with its day, the customer, how (上门拜访, 电话, 微信), what was said and the
next step. Each row becomes a done follow-up of its customer; a customer visited again
further down gets each visit, not only the first, and a customer already in the CRM
gets them too, its card left as it is."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from crm_desktop.models import Customer, FollowUp
from crm_desktop.services import importing
from crm_desktop.services.followups.listed import kind_of
from crm_desktop.services.importing.headers import auto_map

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
HEADERS = ["日期", "客户名称", "联系人", "联系电话", "拜访方式", "拜访内容", "下一步计划", "备注"]
LONG = "客户介绍了今年的扩产计划，新厂房预计九月投产，" * 40  # 1,000 characters, as written


def _visit_log(path: Path) -> Path:
    """The log as WPS keeps it: a merged title, a line of who and when, the headers, the
    visits (a customer visited three times, a day typed as 2024.5.20, a way no kind
    names, a row whose day was not written) and the signature under them."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "5月拜访记录"
    sheet.append(["华东销售部客户拜访记录表"])
    sheet.merge_cells("A1:H1")
    sheet.append(["业务员：张伟", None, None, None, "月份：2024年5月"])
    sheet.append(HEADERS)
    sheet.append([date(2024, 5, 6), "杭州华夏科技有限公司", "张三", "13800138000", "上门拜访",
                  LONG, "5月10日前发报价单", None])  # fmt: skip
    sheet.append([date(2024, 5, 8), "宁波海天贸易有限公司", "李四", "0574-86881234", "电话",
                  "确认上批货款已付", "跟进第二季度订单", "老客户"])  # fmt: skip
    sheet.append([datetime(2024, 5, 10, 15, 30), "杭州华夏科技有限公司", "张三", "13800138000",
                  "微信", "已发报价单，客户在比价", "下周再联系", None])  # fmt: skip
    sheet.append(["2024.5.20", "杭州华夏科技有限公司", "王五", "13700137000", "客户来访",
                  "采购经理王五来厂参观，价格可再谈5%", "准备合同", None])  # fmt: skip
    sheet.append([date(2024, 5, 22), "温州东方鞋业有限公司", "赵六", "13600136000", "展会",
                  "广交会上认识，要样品", None, None])  # fmt: skip
    sheet.append([None, "台州明远机械有限公司", "钱七", "13500135000", "电话",
                  "只打过一次电话", None, None])  # fmt: skip
    sheet.append(["制表人：张伟", None, None, None, "审核：李经理"])
    for row in sheet.iter_rows(min_row=4, max_row=8, max_col=1):
        for cell in row:
            if not isinstance(cell.value, str):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def _import(actor, path: Path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _visits(name: str) -> list[tuple[str, datetime, str]]:
    """The done follow-ups of a card: kind, when, what was said."""
    card = Customer.get(Customer.name == name)
    query = FollowUp.select().where(FollowUp.customer == card, FollowUp.status == "done")
    return [(f.kind, f.done_at, f.outcome) for f in query.order_by(FollowUp.done_at)]


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["日期", "客户名称", "拜访方式", "拜访内容", "下一步计划"],
         ["followup_last_at", "name", "followup_kind", "followup_note", "followup_plan"]),
        (["拜访日期", "客户名称", "沟通方式", "沟通内容", "后续计划"],
         ["followup_last_at", "name", "followup_kind", "followup_note", "followup_plan"]),
        (["回访时间", "单位名称", "回访方式", "回访记录", "下次回访日期"],
         ["followup_last_at", "name", "followup_kind", "followup_note", "followup_next_at"]),
        # a bare 日期 beside no visit's words is not a visit's day
        (["日期", "客户名称", "联系人"], [None, "name", "contact_name"]),
    ],
)  # fmt: skip
def test_a_visit_logs_headers_are_its_follow_ups(headers, fields):
    from crm_desktop.services.importing.choices import decide_by_values

    assert [c.field for c in decide_by_values(auto_map(headers), [])] == fields


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("上门拜访", "visit"), ("拜访", "visit"), ("面谈", "visit"), ("电话", "call"),
        ("电话拜访", "call"), ("电话回访", "call"), ("微信", "message"), ("邮件/微信", "message"),
        ("QQ", "message"), ("视频会议", "meeting"), ("宴请", "dinner"), ("客户来访", "factory_visit"),
        ("Phone call", "call"), ("投诉处理", "complaint"), ("展会", None), ("", None),
    ],
)  # fmt: skip
def test_the_way_of_a_visit_reads_as_its_kind(words, kind):
    assert kind_of(words) == kind


@pytest.mark.parametrize("name", ["built.xlsx", "visit_log.xls"])
def test_every_visit_of_a_log_becomes_a_follow_up_of_its_customer(admin, tmp_path, name):
    """Four customers, five visits. Each row is a done follow-up at its day (9:00 when no
    time is written), of the kind its 拜访方式 names, its outcome what was said and the
    next step. 展会 names no kind: the follow-up is 其他 and keeps the word. The row
    without a day keeps its words in the remarks. The .xls is the .xlsx saved by
    LibreOffice."""
    path = _visit_log(tmp_path / name) if name == "built.xlsx" else DATA / name
    result = _import(admin, path)
    assert (result.created, result.rejected) == (4, 0)
    assert result.followups_done == 5
    assert _visits("杭州华夏科技有限公司") == [
        ("visit", datetime(2024, 5, 6, 9, 0), LONG + "\n下一步计划: 5月10日前发报价单"),
        ("message", datetime(2024, 5, 10, 15, 30), "已发报价单，客户在比价\n下一步计划: 下周再联系"),
        ("factory_visit", datetime(2024, 5, 20, 9, 0), "采购经理王五来厂参观，价格可再谈5%\n下一步计划: 准备合同"),
    ]  # fmt: skip
    assert _visits("宁波海天贸易有限公司") == [
        ("call", datetime(2024, 5, 8, 9, 0), "确认上批货款已付\n下一步计划: 跟进第二季度订单")
    ]
    assert _visits("温州东方鞋业有限公司") == [
        ("other", datetime(2024, 5, 22, 9, 0), "广交会上认识，要样品\n拜访方式: 展会")
    ]
    east = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert east.last_contact_at == datetime(2024, 5, 20, 9, 0)  # the last visit, not the first
    assert east.remarks == ""  # the visits' words are in the visits
    assert {c.name for c in east.contacts} == {"张三", "王五"}
    once = Customer.get(Customer.name == "台州明远机械有限公司")
    assert once.remarks == "拜访内容: 只打过一次电话\n拜访方式: 电话"
    assert not _visits("台州明远机械有限公司")
    assert Customer.get(Customer.name == "宁波海天贸易有限公司").remarks == "老客户"
    # the rows of a customer visited before say where their visit went
    reasons = dict(result.skipped_rows)
    assert "this row's follow-up is filed under that customer" in reasons[6]
    assert "this row's follow-up is filed under that customer" in reasons[7]


def test_in_chinese_the_rows_say_their_visit_went_under_the_customer(admin, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    result = _import(admin, _visit_log(tmp_path / "拜访记录.xlsx"))
    reasons = dict(result.skipped_rows)
    assert (
        reasons[6]
        == "与本文件第4行的名称相同；本行的联系人（张三）归入该客户；本行的跟进记录归入该客户"
    )
    assert (
        reasons[7]
        == "与本文件第4行的名称相同；本行的联系人（王五）归入该客户；本行的跟进记录归入该客户"
    )
    once = Customer.get(Customer.name == "台州明远机械有限公司")
    assert once.remarks == "拜访内容：只打过一次电话\n拜访方式：电话"


def test_a_log_of_customers_already_there_adds_their_visits_and_leaves_the_cards(admin, tmp_path):
    """The customers came in from their list first; the log's rows are skipped as
    customers (their cards unchanged) but each visit goes under its card. The same log
    imported again adds no second visit; undo takes the visits away."""
    from import_samples import write_xlsx

    write_xlsx(tmp_path / "客户.xlsx", [["杭州华夏科技有限公司", "陈总", "0571-88886666"]],
               ["客户名称", "联系人", "电话"])  # fmt: skip
    _import(admin, tmp_path / "客户.xlsx")
    log = _visit_log(tmp_path / "log.xlsx")
    result = _import(admin, log)
    assert result.created == 3 and result.followups_done == 5
    east = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert (east.contact_name, east.phone) == ("陈总", "0571-88886666")  # left as it was
    assert len(_visits("杭州华夏科技有限公司")) == 3
    reasons = dict(result.skipped_rows)
    assert reasons[4].startswith("same name as an existing customer")
    assert reasons[4].endswith("this row's follow-up is filed under that customer")
    again = _import(admin, log)
    assert again.followups_done == 0 and len(_visits("杭州华夏科技有限公司")) == 3
    importing.undo_import(admin, result.batch_id)
    assert _visits("杭州华夏科技有限公司") == [] and east.id == Customer.get_by_id(east.id).id


def test_the_preview_says_a_visit_of_a_customer_above_goes_under_it(admin, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    source = importing.open_source(admin, _visit_log(tmp_path / "拜访记录.xlsx"))
    checks = importing.preview(admin, source)
    assert [c.status for c in checks] == ["new", "new", "visit", "visit", "new", "new"]
    assert checks[2].duplicate_reason == "与本文件第4行的名称相同；本行的跟进记录归入该客户"


TEMPLATE = ["序号", "拜访日期", "客户名称", "客户类型", "联系人", "职务", "联系方式", "拜访目的",
            "拜访内容", "客户需求", "拜访结果", "下一步计划", "陪同人员"]  # fmt: skip


def test_a_templates_many_columns_of_the_visit_all_go_with_it(admin, tmp_path):
    """The 客户拜访记录表 of template sites: besides what was said, 拜访目的, 客户需求,
    拜访结果 and 陪同人员, columns of the visit each. Each visit keeps all of them, in the
    file's order; the customer's own column (客户类型) stays on the card."""
    from import_samples import write_xlsx

    rows = [
        [1, date(2024, 3, 4), "苏州精工机械有限公司", "新客户", "周敏", "采购经理", "13912345678",
         "首次拜访", "介绍公司与产品", "需要耐高温的型号", "同意试用", "寄样品", "李工"],
        [2, date(2024, 3, 18), "苏州精工机械有限公司", "新客户", "周敏", "采购经理", "13912345678",
         "回访试用情况", "样品已装机", "/", "小批量下单意向", "报价", None],
    ]  # fmt: skip
    result = _import(admin, write_xlsx(tmp_path / "拜访.xlsx", rows, TEMPLATE))
    assert (result.created, result.followups_done) == (1, 2)
    assert _visits("苏州精工机械有限公司") == [
        ("other", datetime(2024, 3, 4, 9, 0), "介绍公司与产品\n拜访目的: 首次拜访\n"
         "客户需求: 需要耐高温的型号\n拜访结果: 同意试用\n陪同人员: 李工\n下一步计划: 寄样品"),
        ("other", datetime(2024, 3, 18, 9, 0), "样品已装机\n拜访目的: 回访试用情况\n"
         "拜访结果: 小批量下单意向\n下一步计划: 报价"),
    ]  # fmt: skip
    card = Customer.get(Customer.name == "苏州精工机械有限公司")
    assert card.remarks == "客户类型: 新客户"


def test_several_columns_may_feed_the_visits_details(admin, tmp_path):
    """The wizard may send any number of columns to the visit's details, as to "do not
    import"; a second column of a field that holds one is still refused."""
    from import_samples import write_xlsx

    from crm_desktop.errors import UserError

    path = write_xlsx(tmp_path / "拜访.xlsx", [[date(2024, 3, 4), "苏州精工", "a", "b", "c"]],
                      ["日期", "客户名称", "备忘一", "备忘二", "拜访内容"])  # fmt: skip
    source = importing.open_source(admin, path)
    importing.set_mapping(source, {2: "followup_detail", 3: "followup_detail"})
    result = importing.run_import(admin, source)
    assert _visits("苏州精工") == [("other", datetime(2024, 3, 4, 9, 0), "c\n备忘一: a\n备忘二: b")]
    with pytest.raises(UserError):
        importing.set_mapping(source, {2: "followup_note"})
    assert result.created == 1


def test_two_visits_on_one_day_are_two_and_a_log_imported_again_adds_none(admin, tmp_path):
    """A call in the morning and a visit in the afternoon, a date each: two follow-ups.
    The same log imported again finds both there."""
    from import_samples import write_xlsx

    rows = [
        [date(2024, 5, 6), "杭州华夏科技有限公司", "电话", "约了下午见面"],
        [date(2024, 5, 6), "杭州华夏科技有限公司", "上门拜访", "看了样品，要报价"],
        [date(2024, 5, 6), "杭州华夏科技有限公司", "上门拜访", "看了样品，要报价"],  # twice
    ]
    path = write_xlsx(tmp_path / "log.xlsx", rows, ["日期", "客户名称", "拜访方式", "拜访内容"])
    assert _import(admin, path).followups_done == 2
    assert sorted(v[0] for v in _visits("杭州华夏科技有限公司")) == ["call", "visit"]
    assert _import(admin, path).followups_done == 0


def test_each_visit_is_with_the_person_its_row_names(admin, tmp_path):
    """The row's 联系人 is whom the visit met: the follow-up is with that contact of the
    card (张三 twice, 王五 once), on a card the log made as on one already there."""
    _import(admin, _visit_log(tmp_path / "log.xlsx"))
    card = Customer.get(Customer.name == "杭州华夏科技有限公司")
    query = FollowUp.select().where(FollowUp.customer == card).order_by(FollowUp.done_at)
    assert [f.contact.name for f in query] == ["张三", "张三", "王五"]
    once = Customer.get(Customer.name == "宁波海天贸易有限公司")
    (visit,) = FollowUp.select().where(FollowUp.customer == once)
    assert visit.contact.customer_id == once.id


def _merged_log(path: Path, at: str = "A") -> Path:
    """客户名称 merged down over each customer's visits, as offices keep a log."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "联系人", "拜访日期", "拜访方式", "拜访内容"])
    sheet.append(["杭州华夏科技有限公司", "张三", date(2024, 5, 6), "上门拜访", "介绍产品"])
    sheet.append([None, "张三", date(2024, 5, 10), "微信", "发报价"])
    sheet.append([None, "王五", date(2024, 5, 20), "客户来访", "参观工厂"])
    sheet.merge_cells("A2:A4")
    sheet.append(["宁波海天贸易有限公司", "李四", date(2024, 5, 8), "电话", "确认货款"])
    sheet.append([None, None, date(2024, 5, 28), "电话", "催款"])
    sheet.merge_cells("A5:A6")
    book.save(path)
    return path


def test_a_name_merged_down_over_a_customers_visits_gives_it_each_visit(admin, tmp_path):
    """The rows under a merged 客户名称 are that customer's visits, not rows refused for
    want of a name: each a follow-up of the card, with its person."""
    result = _import(admin, _merged_log(tmp_path / "merged.xlsx"))
    assert (result.created, result.rejected, result.followups_done) == (2, 0, 5)
    assert [v[2] for v in _visits("杭州华夏科技有限公司")] == ["介绍产品", "发报价", "参观工厂"]
    assert [v[2] for v in _visits("宁波海天贸易有限公司")] == ["确认货款", "催款"]
    assert result.visit_rows == [3, 4, 6]
    east = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert {c.name for c in east.contacts} == {"张三", "王五"}
    source = importing.open_source(admin, _merged_log(tmp_path / "again.xlsx"))
    checks = importing.preview(admin, source)
    assert [c.status for c in checks] == ["visit"] * 5  # the cards are there: visits, all
    assert checks[1].duplicate_reason == "another follow-up of the customer of row 2"


def test_a_merged_log_of_customers_already_there_files_every_visit(admin, tmp_path):
    from import_samples import write_xlsx

    rows = [["杭州华夏科技有限公司"], ["宁波海天贸易有限公司"]]
    _import(admin, write_xlsx(tmp_path / "客户.xlsx", rows, ["客户名称"]))
    result = _import(admin, _merged_log(tmp_path / "merged.xlsx"))
    assert (result.created, result.rejected, result.followups_done) == (0, 0, 5)
    assert result.visit_rows == [3, 4, 6]


def test_a_work_logs_visits_are_dated_by_when_they_were_written(admin, tmp_path):
    """钉钉's 日志 export of visit reports: 提交人, 提交时间, 客户名称, 拜访目的, 拜访总结,
    下一步计划. The time it was written is the visit's; who wrote it, the owner."""
    from import_samples import write_csv

    headers = ["提交人", "提交时间", "客户名称", "拜访目的", "拜访总结", "下一步计划"]
    rows = [
        [
            "admin",
            "2024-05-06 18:20",
            "杭州华夏科技有限公司",
            "新品推广",
            "客户对B系列感兴趣",
            "发报价",
        ],
        [
            "admin",
            "2024-05-09 17:45",
            "杭州华夏科技有限公司",
            "报价跟进",
            "客户在比价",
            "下周再联系",
        ],
    ]
    result = _import(admin, write_csv(tmp_path / "日志.csv", rows, headers))
    assert (result.created, result.followups_done) == (1, 2)
    assert _visits("杭州华夏科技有限公司") == [
        (
            "other",
            datetime(2024, 5, 6, 18, 20),
            "客户对B系列感兴趣\n拜访目的: 新品推广\n下一步计划: 发报价",
        ),
        (
            "other",
            datetime(2024, 5, 9, 17, 45),
            "客户在比价\n拜访目的: 报价跟进\n下一步计划: 下周再联系",
        ),
    ]
    assert Customer.get().owner_id == admin.id and Customer.get().remarks == ""


def test_a_months_log_reads_its_days_in_the_year_its_title_says(admin, tmp_path):
    """A month's log writes 5月6日, 5/20: the title above the headers says the year. The
    result says how the days were read."""
    from import_samples import write_xlsx

    rows = [
        ["5月6日", "杭州华夏科技有限公司", "介绍产品"],
        ["5/20 14:30", "杭州华夏科技有限公司", "发报价"],
    ]
    path = write_xlsx(tmp_path / "5月.xlsx", rows, ["日期", "客户名称", "拜访内容"],
                      title="2024年5月客户拜访记录")  # fmt: skip
    result = _import(admin, path)
    assert [v[1] for v in _visits("杭州华夏科技有限公司")] == [
        datetime(2024, 5, 6, 9, 0), datetime(2024, 5, 20, 14, 30),
    ]  # fmt: skip
    assert "Dates in '日期' have no year: read in 2024" in " ".join(result.warnings)


def test_days_without_a_year_anywhere_are_their_nearest(admin, tmp_path):
    """No year in the title, the sheet or the file name: a visit done is on or before
    today, a visit planned on or after."""
    from datetime import timedelta

    from import_samples import write_xlsx

    today = date.today()
    ahead, before = today + timedelta(days=40), today - timedelta(days=40)
    if (ahead.month, ahead.day) == (2, 29):  # a day every year has
        ahead += timedelta(days=1)
    if (before.month, before.day) == (2, 29):
        before -= timedelta(days=1)
    rows = [[f"{ahead.month}月{ahead.day}日", "杭州华夏科技有限公司", "谈了报价",
             f"{before.month}月{before.day}日"]]  # fmt: skip
    path = write_xlsx(tmp_path / "log.xlsx", rows, ["日期", "客户名称", "拜访内容", "下次拜访日期"])
    _import(admin, path)
    done = FollowUp.get(FollowUp.status == "done").done_at.date()
    planned = FollowUp.get(FollowUp.status == "planned").due_at.date()
    assert done == ahead.replace(year=ahead.year - 1) and done <= today
    assert planned == before.replace(year=before.year + 1) and planned >= today


def test_a_logs_time_of_day_in_a_column_of_its_own_joins_its_day(admin, tmp_path):
    """日期 | 时间 | 客户单位 | 拜访对象 | 拜访形式 | 拜访事由 | 洽谈内容 | 客户意见 | 处理结果,
    another template's columns: the time joins its day (a time cell, 9:15 typed), 上午
    is kept with the visit, 拜访对象 is the person met."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "日期", "时间", "客户单位", "拜访对象", "拜访形式", "拜访事由", "洽谈内容",
                  "客户意见", "处理结果"])  # fmt: skip
    sheet.append([1, date(2024, 5, 6), time(14, 30), "杭州华夏科技有限公司", "张三", "上门",
                  "新品推广", "介绍B系列", "价格偏高", "申请特价"])  # fmt: skip
    sheet.append([2, date(2024, 5, 8), "上午", "杭州华夏科技有限公司", "张三", "电话", "报价跟进",
                  "特价已批", "同意下单", None])  # fmt: skip
    sheet.append([3, "2024-05-10", "9:15", "宁波海天贸易有限公司", "李四", "微信", "催款",
                  "确认付款日期", None, None])  # fmt: skip
    sheet["C2"].number_format = "hh:mm"
    book.save(tmp_path / "拜访.xlsx")
    result = _import(admin, tmp_path / "拜访.xlsx")
    assert (result.created, result.followups_done) == (2, 3)
    assert _visits("杭州华夏科技有限公司") == [
        ("visit", datetime(2024, 5, 6, 14, 30),
         "介绍B系列\n拜访事由: 新品推广\n客户意见: 价格偏高\n处理结果: 申请特价"),
        ("call", datetime(2024, 5, 8, 9, 0), "特价已批\n拜访事由: 报价跟进\n客户意见: 同意下单\n时间: 上午"),
    ]  # fmt: skip
    assert _visits("宁波海天贸易有限公司") == [
        ("message", datetime(2024, 5, 10, 9, 15), "确认付款日期\n拜访事由: 催款")
    ]
    visit = FollowUp.get(FollowUp.done_at == datetime(2024, 5, 10, 9, 15))
    assert visit.contact.name == "李四"


def test_a_time_column_with_no_day_is_kept_in_the_remarks(admin, tmp_path):
    from import_samples import write_xlsx

    path = write_xlsx(
        tmp_path / "t.xlsx", [["杭州华夏科技有限公司", "14:30"]], ["客户名称", "时段"]
    )
    source = importing.open_source(admin, path)
    importing.set_mapping(source, {1: "followup_time"})
    result = importing.run_import(admin, source)
    assert result.created == 1 and FollowUp.select().count() == 0
    assert Customer.get().remarks == "时段: 14:30"


def test_a_visit_without_its_day_of_a_customer_above_is_named_not_lost(admin, tmp_path):
    """A later visit of a customer whose day was not written cannot be a follow-up, and
    its row makes no card: the row's reason names what was said, so it is not lost
    without a word (the same customer's first such row keeps it in the remarks)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([date(2024, 5, 6), "无锡华新纺织有限公司", "周敏", "13800138000", "上门拜访",
                  "介绍新品", None, None])  # fmt: skip
    sheet.append([None, "无锡华新纺织有限公司", "周敏", "13800138000", "邮件",
                  "发送合同草稿", "等客户回复", None])  # fmt: skip
    path = tmp_path / "log.xlsx"
    book.save(path)
    result = _import(admin, path)
    assert (result.created, result.skipped) == (1, 1)
    reasons = dict(result.skipped_rows)
    assert "has no date and was not imported" in reasons[3]
    assert "发送合同草稿" in reasons[3] and "等客户回复" in reasons[3]
    assert [v[2] for v in _visits("无锡华新纺织有限公司")] == ["介绍新品"]
