"""Screenshots of the real windows on a given screen, for checking the layout by eye.

Run under a virtual X server of the size to check, e.g.
    xvfb-run -s "-screen 0 1366x768x24" python docs/screenshots/take.py demo.db empty.db 1366x768
It grabs the whole screen (so a window too large for it shows cut off): the welcome
panel, every page of the side bar, the customer list while searching, the print
preview and Qt's file dialog; and prints the texts of Qt's own dialogs' buttons, which
must be Chinese in the Chinese UI.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

from crm_desktop.app import make_qapplication
from crm_desktop.models import close_database, database, open_database
from crm_desktop.reports.pdf_form import FormData, FormHeader, build_forms
from crm_desktop.services.auth import get_actor
from crm_desktop.ui.translations import install_translations

OUT = Path(__file__).resolve().parent


def settle(app, ms: int = 600) -> None:
    """Let the window paint (pages and the PDF view render in the background)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(app, name: str) -> None:
    settle(app)
    shot = QGuiApplication.primaryScreen().grabWindow(0)
    shot.save(str(OUT / name), "PNG")
    print("saved", name, shot.width(), "x", shot.height())


def main(demo_db: str, empty_db: str, tag: str) -> None:
    os.environ["CRM_DESKTOP_LANG"] = "zh_CN"
    app = make_qapplication()
    QSettings().clear()
    install_translations("zh_CN")
    from crm_desktop.ui import pages as page_registry
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.print_preview import PrintPreviewDialog

    open_database(empty_db)
    win = MainWindow(get_actor("admin"), empty_db)
    win.show()
    save(app, f"welcome-{tag}.png")
    win.close()
    close_database()
    database.initialize(None)

    open_database(demo_db)
    win = MainWindow(get_actor("admin"), demo_db)
    win.show()
    for key in [p[0] for p in page_registry.PAGES]:  # every page of the side bar
        win.show_page(key)
        save(app, f"{key}-{tag}.png")
    win.show_page("customers")
    page = win.page("customers")
    page.search.setText("王")  # a search: the 匹配 column says what was found
    page.apply_filters()
    save(app, f"customers-search-{tag}.png")
    page.search.setText("")
    page.apply_filters()
    sample = Path("/tmp/crm-screenshot-form.pdf")
    build_forms([FormData({"name": "上海华科商贸有限公司", "code": "C00001"})],
                FormHeader("华科商贸", date.today(), "zh_CN"), sample)  # fmt: skip
    preview = PrintPreviewDialog(sample, win)
    preview.show()
    save(app, f"print-preview-{tag}.png")
    preview.close()

    box = QMessageBox(QMessageBox.Icon.Question, "crm-desktop", "删除所选客户？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel, win)  # fmt: skip
    box.show()
    settle(app)
    print("message box buttons:", [b.text() for b in box.findChildren(QPushButton)])
    box.close()
    dialog = QFileDialog(win, "导出", str(Path.home()), "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    save(app, f"file-dialog-{tag}.png")
    texts = [b.text() for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    print("file dialog buttons:", texts)
    dialog.close()
    win.close()
    close_database()


if __name__ == "__main__":
    main(*sys.argv[1:4])
