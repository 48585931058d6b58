"""GUI start-up: language, database, login, main window. Qt lives only here and in ui/."""

from __future__ import annotations

import sys


def main(db: str | None = None, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from crm_desktop.errors import UserError
    from crm_desktop.models import open_database
    from crm_desktop.services.auth import get_actor
    from crm_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("crm-desktop")
    app.setOrganizationName("crm-desktop")
    try:
        open_database(db)
        actor = get_actor("admin")
    except UserError as exc:
        QMessageBox.critical(None, "crm-desktop", exc.message)
        return 2
    window = MainWindow(actor)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
