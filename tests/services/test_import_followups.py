"""Another CRM's export names each customer's last follow-up (最后跟进时间, 跟进记录) and
its next one (下次跟进时间): they become a done and a planned follow-up of the card, the
card's last contact is the real one, and undoing the import takes them away again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Customer, FollowUp
from crm_desktop.services import followups, importing
from crm_desktop.services.importing.headers import auto_map

HEADERS = ["客户名称*", "客户编号", "客户状态", "客户级别", "负责人", "最后跟进时间", "跟进记录",
           "下次跟进时间", "标签", "备注"]  # fmt: skip
NOTE = "电话沟通报价，客户要求下周发合同。" + "对方采购说年底前要定下来，" * 40  # a long record


def _rows():
    return [
        ["杭州华夏科技有限公司", "KH001", "成交客户", "重点客户", "sales1",
         datetime(2024, 11, 2, 15, 30), NOTE, "2099-12-10", "VIP", "年底有扩产计划"],
        ["宁波海港贸易有限公司", "KH002", "意向客户", "普通客户", "sales2",
         None, "", "2024/12/1 14:00", "", ""],
        ["温州东方鞋业有限公司", "KH003", "流失客户", "一般", "", "2023-06-01", "", "", "", ""],
        ["台州明远机械有限公司", "KH004", "意向客户", "一般", "sales1", "", "只打过一次电话", "", "",
         ""],
    ]  # fmt: skip


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _by_code(code: str) -> Customer:
    return Customer.get(Customer.code == code)


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["客户名称", "最近跟进时间", "最新跟进记录", "下次回访时间"],
         ["name", "followup_last_at", "followup_note", "followup_next_at"]),
        (["Account Name", "Last Activity Date", "Next Activity Date"],
         ["name", "followup_last_at", "followup_next_at"]),
        (["单位名称", "上次拜访日期", "拜访记录", "计划跟进日期"],
         ["name", "followup_last_at", "followup_note", "followup_next_at"]),
    ],
)  # fmt: skip
def test_the_headers_of_crm_exports_are_follow_ups(headers, fields):
    assert [c.field for c in auto_map(headers)] == fields


def test_last_and_next_follow_ups_come_in_with_their_cards(team, tmp_path):
    admin = team["admin"]
    result = _import(admin, write_xlsx(tmp_path / "钉钉导出.xlsx", _rows(), HEADERS))
    assert (result.created, result.rejected) == (4, 0)
    assert (result.followups_done, result.followups_planned) == (2, 2)
    first = _by_code("KH001")
    assert first.last_contact_at == datetime(2024, 11, 2, 15, 30)  # the real last contact
    assert first.planned_followups == 1
    assert first.remarks == "年底有扩产计划\n标签: VIP"  # the follow-up columns are not here
    history = followups.customer_followups(admin, first.id)
    done = next(f for f in history if f.status == "done")
    assert done.outcome == NOTE and done.done_at == datetime(2024, 11, 2, 15, 30)
    assert done.subject == "Follow-up record (imported from 钉钉导出.xlsx)"
    planned = next(f for f in history if f.status == "planned")
    assert planned.due_at == datetime(2099, 12, 10, 9, 0)  # a date alone: at 9:00
    assert planned.owner_id == team["sales1"].id  # the card's owner plans it
    second = _by_code("KH002")
    assert second.last_contact_at is None
    (past,) = followups.customer_followups(admin, second.id)
    assert (past.status, past.due_at, past.owner_id) == (
        "planned",
        datetime(2024, 12, 1, 14, 0),
        team["sales2"].id,
    )  # due before today: overdue, as it was in the old CRM
    overdue_ids = {r.id for r in followups.overdue(admin)}
    assert past.id in overdue_ids
    third = _by_code("KH003")
    assert third.last_contact_at == datetime(2023, 6, 1, 9, 0)
    # a record without the time it was written stays in the remarks, as the list had it
    fourth = _by_code("KH004")
    assert fourth.remarks == "跟进记录: 只打过一次电话"
    assert followups.customer_followups(admin, fourth.id) == []
    message = (
        "2 done and 2 planned follow-up(s) added from the columns '最后跟进时间', '下次跟进时间'."
    )
    assert message in result.warnings


def test_a_time_that_is_none_is_kept_in_the_remarks_with_a_warning(admin, tmp_path):
    tomorrow = datetime.now() + timedelta(days=2)
    rows = [
        ["甲公司", "A1", "", "", "", "上周", "谈了价格", "下个月", "", ""],
        ["乙公司", "A2", "", "", "", tomorrow, "", 45000, "", ""],  # an Excel serial: a day
    ]
    result = _import(admin, write_xlsx(tmp_path / "bad.xlsx", rows, HEADERS))
    assert (result.created, result.rejected) == (2, 0)
    first = _by_code("A1")
    assert first.remarks.split("\n") == [
        "最后跟进时间: 上周",
        "下次跟进时间: 下个月",
        "跟进记录: 谈了价格",
    ]
    noted = sorted((n.row_number, n.column, n.value) for n in result.notes)
    assert noted[:2] == [(2, "下次跟进时间", "下个月"), (2, "最后跟进时间", "上周")]
    future = next(n for n in result.notes if n.row_number == 3)
    assert "晚于现在，不是已经发生的跟进" in future.render("zh_CN")
    second = _by_code("A2")
    (planned,) = followups.customer_followups(admin, second.id)
    assert planned.due_at == datetime(2023, 3, 15, 9, 0)  # serial 45000
    assert second.last_contact_at is None
    assert FollowUp.select().count() == 1


def test_a_list_imported_again_adds_no_second_follow_up(admin, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", _rows(), HEADERS)
    _import(admin, path)
    before = FollowUp.select().count()
    again = _import(admin, path, on_duplicate="update")
    assert (again.created, again.rejected) == (0, 0)  # the same cards, as they are
    assert (again.followups_done, again.followups_planned) == (0, 0)
    assert FollowUp.select().count() == before


def test_undo_takes_the_follow_ups_away_but_not_one_done_since(team, tmp_path):
    admin = team["admin"]
    result = _import(admin, write_xlsx(tmp_path / "list.xlsx", _rows(), HEADERS))
    batch = importing.import_history(admin)[0]
    assert batch.created == result.created
    first = _by_code("KH001")
    planned = next(
        f for f in followups.customer_followups(admin, first.id) if f.status == "planned"
    )
    followups.complete_followup(admin, planned.id, "已签合同")  # the user's work now
    undone = importing.undo_import(admin, batch.id)
    assert undone.followups_kept == 1
    assert "1 条导入的跟进在导入后已完成或改期，保留" in undone.summary("zh_CN")
    left = list(FollowUp.select())
    assert [(f.id, f.status, f.outcome) for f in left] == [(planned.id, "done", "已签合同")]
    assert _by_code("KH003").last_contact_at is None  # its imported contact is gone


def test_a_dry_run_writes_no_follow_up(admin, tmp_path):
    result = _import(admin, write_xlsx(tmp_path / "list.xlsx", _rows(), HEADERS), dry_run=True)
    assert result.created == 4
    assert FollowUp.select().count() == 0


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_columns_read_as_what_they_become(lang):
    from crm_desktop.services.importing.headers import target_label

    label = target_label("followup_next_at", lang)
    assert label == ("下次跟进时间（导入为一条计划跟进）" if lang == "zh_CN" else
                     "Next follow-up (a planned follow-up)")  # fmt: skip


def test_in_chinese_the_follow_ups_and_the_message_read_in_chinese(admin, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    result = _import(admin, write_xlsx(tmp_path / "钉钉导出.xlsx", _rows(), HEADERS))
    subjects = {f.subject for f in FollowUp.select()}
    assert subjects == {"跟进记录（导入自 钉钉导出.xlsx）", "下次跟进（导入自 钉钉导出.xlsx）"}
    assert (
        "已按“最后跟进时间”“下次跟进时间”列添加 2 条已完成的跟进、2 条计划跟进。" in result.warnings
    )


@pytest.mark.parametrize(
    ("keep", "said"),
    [
        ((0, 5), "已按“最后跟进时间”列添加 2 条已完成的跟进。"),
        ((0, 7), "已按“下次跟进时间”列添加 2 条计划跟进。"),
    ],
)
def test_a_list_with_one_follow_up_column_is_told_of_that_one(
    admin, tmp_path, monkeypatch, keep, said
):
    """A list with 最后跟进时间 alone (or 下次跟进时间 alone) names only the column it has."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [[row[k] for k in keep] for row in _rows()]
    headers = [HEADERS[k] for k in keep]
    result = _import(admin, write_xlsx(tmp_path / "list.xlsx", rows, headers))
    assert said in result.warnings
    assert not [w for w in result.warnings if "—" in w]


def test_a_time_of_day_written_in_chinese_is_the_follow_ups(admin, tmp_path):
    """最后跟进时间 written as people write it: 下午3点 is 15:00, 上午10点半 10:30, 下午3:30
    15:30, and 下午 alone the afternoon (14:00); 2024年5月6号 the day, at 9:00."""
    rows = [
        ["杭州新华贸易有限公司", "2024年5月6日 下午3点"],
        ["宁波港城物流股份有限公司", "2024-05-07 上午10点半"],
        ["苏州精工机械有限公司", "2024年5月8日下午3:30"],
        ["南京天成电子有限公司", "2024年5月9日 下午"],
        ["无锡华光机电有限公司", "2024年5月10号"],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", rows, ["客户名称", "最后跟进时间"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 5 and not result.rejected
    done = {f.customer.name: f.done_at for f in FollowUp.select()}
    assert done == {
        "杭州新华贸易有限公司": datetime(2024, 5, 6, 15, 0),
        "宁波港城物流股份有限公司": datetime(2024, 5, 7, 10, 30),
        "苏州精工机械有限公司": datetime(2024, 5, 8, 15, 30),
        "南京天成电子有限公司": datetime(2024, 5, 9, 14, 0),
        "无锡华光机电有限公司": datetime(2024, 5, 10, 9, 0),
    }
