"""The letterhead part of the Settings dialog: what it saves, who may change it."""

from __future__ import annotations

from crm_desktop import i18n
from crm_desktop.services.settings import get_setting


def test_letterhead_and_confidential_mark_are_saved(qtbot, team, monkeypatch, tmp_path):
    """The general manager's address, phone, tax ID, logo and mark are stored as team settings."""
    from crm_desktop.ui.settings_dialog import SettingsDialog

    monkeypatch.setenv(i18n.ENV_LANG, "zh_CN")
    monkeypatch.setattr(i18n, "settings_path", lambda: tmp_path / "settings.json")
    dialog = SettingsDialog(team["admin"])
    qtbot.addWidget(dialog)
    assert (
        dialog.confidential.text() == "每页标注“内部资料”" and not dialog.confidential.isChecked()
    )
    dialog.letterhead["company_address"].setText("上海市浦东新区世纪大道100号")
    dialog.letterhead["company_phone"].setText("021-12345678")
    dialog.letterhead["company_tax_id"].setText(" 91310000MA1FL0XY2K ")
    dialog.letterhead["company_logo"].setText(str(tmp_path / "logo.png"))
    dialog.confidential.setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_setting("company_address") == "上海市浦东新区世纪大道100号"
    assert get_setting("company_phone") == "021-12345678"
    assert get_setting("company_tax_id") == "91310000MA1FL0XY2K"
    assert get_setting("company_logo") == str(tmp_path / "logo.png")
    assert get_setting("print_confidential") is True
    again = SettingsDialog(team["admin"])
    qtbot.addWidget(again)
    assert again.confidential.isChecked()
    assert again.letterhead["company_tax_id"].text() == "91310000MA1FL0XY2K"


def test_salesperson_cannot_change_the_letterhead(qtbot, team):
    """Only the general manager edits the letterhead."""
    from crm_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(team["sales1"])
    qtbot.addWidget(dialog)
    assert not dialog.letterhead["company_address"].isEnabled()
    assert not dialog.confidential.isEnabled()
