"""潜在客户名册 page: counts by source, conversion, and the chosen source's customers."""

from __future__ import annotations

import pytest

from crm_desktop.services import customers as cs
from crm_desktop.ui.prospects_page import ProspectsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_summary_and_list(qtbot, team):
    """Friends shows 2 customers, 50 % converted; choosing it lists both, filtered by stage."""
    m = team["manager"]
    for code, stage in (("F1", "potential"), ("F2", "current")):
        cs.create_customer(m, {"code": code, "name": code, "stage": stage, "source": "friends"})
    page = ProspectsPage(m)
    qtbot.addWidget(page)
    first = page.summary_model.rows[0]
    assert first[0] == "Friends and relatives" and first[1] == "2" and first[-1] == "50%"
    page.summary_view.selectRow(0)
    assert [r[0] for r in page.list_model.rows] == ["F1", "F2"]
    page.stage.setCurrentIndex(page.stage.findData("current"))
    assert [r[0] for r in page.list_model.rows] == ["F2"]
