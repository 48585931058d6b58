"""Qt's own dialogs speak Chinese in the Chinese UI: file dialog labels, file kinds, buttons."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QFileIconProvider,
    QLabel,
    QMessageBox,
)

from crm_desktop.ui.translations import install_translations

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ENGLISH = re.compile("[A-Za-z]{3}")
CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    install_translations("zh_CN")
    yield
    install_translations("en")


def english_texts(widget) -> list[str]:
    """The visible texts of labels and buttons that have English words and no Chinese."""
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]
    return [t for t in texts if ENGLISH.search(t) and not CHINESE.search(t)]


@pytest.mark.parametrize(
    "mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave]
)
def test_file_dialog_has_no_english_label(qtbot, chinese, tmp_path, mode):
    """Qt's file dialog (as used where no native one exists) has Chinese labels and buttons."""
    dialog = QFileDialog(None, "导出", str(tmp_path), "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(mode)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_texts(dialog) == []
    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == "文件夹"


def test_message_box_standard_buttons_are_chinese(qtbot, chinese):
    """Every standard button of a message box reads in Chinese."""
    buttons = QMessageBox.StandardButton.NoButton
    for button in (
        QMessageBox.StandardButton.Ok,
        QMessageBox.StandardButton.Save,
        QMessageBox.StandardButton.Yes,
        QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Close,
        QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Help,
        QMessageBox.StandardButton.Retry,
    ):
        buttons |= button
    box = QMessageBox(QMessageBox.Icon.Question, "crm-desktop", "删除所选客户？", buttons)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert len(texts) == 9
    assert all(CHINESE.search(t) for t in texts), texts
