"""The card's history and timeline name the salesperson's workbook a change came from."""

from __future__ import annotations

import openpyxl
import pytest

from crm_desktop import i18n
from crm_desktop.jobs import sync as sync_job
from crm_desktop.models import SyncExport
from crm_desktop.services import customers as customer_service
from crm_desktop.services.changelog import history
from crm_desktop.services.followups.timeline import customer_timeline
from crm_desktop.ui.history_tab import HistoryTab

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def taken_back(team, tmp_path):
    """A card of 张伟's whose phone came back changed in his workbook; its address was
    then edited by hand. Returns (card id, export date as text)."""
    admin = team["admin"]
    card = customer_service.create_customer(
        admin, {"name": "北京华科技术有限公司", "phone": "010-1", "owner": team["sales1"].id}
    )
    out = tmp_path / "zw.xlsx"
    sync_job.send_for_update(admin, out, owner_id=team["sales1"].id)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("Phone") + 1).value = "010-2"
    wb.save(out)
    done = sync_job.take_back(admin, out)
    assert done.result is not None and done.result.fields == 1
    customer_service.update_customer(admin, card.id, {"address": "天河路 1 号"})
    exported = SyncExport.select().get().created_at.date().isoformat()
    return card.id, exported


def test_history_entries_carry_the_take_back_note(taken_back):
    """The changed field's entry carries the note (zh and en); a hand edit carries none."""
    card_id, exported = taken_back
    entries = {e.field: e for e in history([("customer", [card_id])])}
    note = entries["phone"].note
    assert note.render("zh_CN") == f"来自业务员 张伟 的表格（{exported} 导出）"
    assert note.render("en") == f"from the workbook of 张伟, exported {exported}"
    assert entries["address"].note is None and entries["created"].note is None


@pytest.mark.parametrize(
    ("lang", "expected", "phone"),
    [
        ("zh_CN", "来自业务员 张伟 的表格（{date} 导出）", "电话"),
        ("en", "from the workbook of 张伟, exported {date}", "Phone"),
    ],
)
def test_history_tab_opens_the_step_with_the_note(
    qtbot, monkeypatch, team, taken_back, lang, expected, phone
):
    """The History tab shows the note as the first line of the take-back's step, then the
    field it changed; the hand edit after it has no such line."""
    monkeypatch.setenv(i18n.ENV_LANG, lang)
    card_id, exported = taken_back
    tab = HistoryTab(team["admin"], card_id)
    qtbot.addWidget(tab)
    tab.refresh()
    model = tab.model
    texts = [[model.index(r, c).data() or "" for c in range(5)] for r in range(model.rowCount())]
    whats = [row[2] for row in texts]
    note_at = whats.index(expected.format(date=exported))
    assert texts[note_at][0] != "" and texts[note_at][1] != ""  # the step's when and who
    assert whats[note_at + 1] == phone and texts[note_at + 1][0] == ""
    assert texts[note_at + 1][3:] == ["010-1", "010-2"]
    assert sum("张伟" in w for w in whats) == 1  # the hand edit has no note
    assert note_at > whats.index("地址" if lang == "zh_CN" else "Address")  # newest first


def test_timeline_change_line_names_the_workbook(team, taken_back):
    """The timeline's field-change line ends with the note, in zh and in en."""
    card_id, exported = taken_back
    changes = [e for e in customer_timeline(team["admin"], card_id, kinds=["change"])]
    phone = [e for e in changes if "010-2" in e.text("en")]
    assert len(phone) == 1
    assert phone[0].text("zh_CN").endswith(f"，来自业务员 张伟 的表格（{exported} 导出）")
    assert phone[0].text("en").endswith(f", from the workbook of 张伟, exported {exported}")
    address = [e for e in changes if "天河路" in e.text("en")]
    assert len(address) == 1 and "张伟" not in address[0].text("zh_CN")
