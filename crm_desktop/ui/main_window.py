"""The main window: a side bar of pages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from crm_desktop.services.auth import Actor


class MainWindow(QMainWindow):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.setWindowTitle(self.tr("crm-desktop"))
        self.setCentralWidget(QLabel(self.tr("Welcome, %s") % actor.name))
        self.resize(1200, 800)
