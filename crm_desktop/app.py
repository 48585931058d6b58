"""GUI start-up: language, one instance per database, opening it, login, main window.

Qt lives only here and in ui/. Anything that goes wrong on the way in is told in a
dialog in plain words; nothing is overwritten.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from crm_desktop import APP_NAME, i18n
from crm_desktop.errors import DatabaseOpenError, UserError
from crm_desktop.messages import render
from crm_desktop.models.app_lock import lock_path

log = logging.getLogger(__name__)

# set (to anything): the app quits after its main window's first paint, saying "ready"
EXIT_AFTER_PAINT = "CRM_DESKTOP_EXIT_AFTER_PAINT"


class AlreadyOpen(UserError):
    """Another crm-desktop process has this database open."""


def acquire_lock(target) -> QLockFile:
    """Hold the database's lock for the life of the program; a stale one (crash) is taken over.

    Raises AlreadyOpen naming the process that holds it.
    """
    lock = QLockFile(str(lock_path(target)))
    lock.setStaleLockTime(0)  # stale only when the holder's process is gone
    if lock.tryLock(100):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()
        if isinstance(info, tuple) and len(info) == 3:
            pid, host, _app = info
            if host in ("", socket.gethostname()):
                raise AlreadyOpen("ui.already_open", pid=str(pid))
            raise AlreadyOpen("ui.already_open_on", pid=str(pid), host=host)
        raise AlreadyOpen("ui.already_open_window")
    # No permission to write the lock: go on without one rather than refuse to start.
    log.warning("cannot create the lock file %s", lock.fileName())
    return lock


class UpgradeNotice:
    """A small window saying the database is being upgraded, shown while an older
    file's backup and schema steps run before the main window exists (the upgrade
    runs in this thread: the text is painted first, then it waits)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialog: QProgressDialog | None = None

    def show(self, _version: int) -> None:
        self.dialog = QProgressDialog(render("ui.upgrading_database"), "", 0, 0, self.parent)
        self.dialog.setWindowTitle("crm-desktop")
        self.dialog.setCancelButton(None)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(420)
        self.dialog.show()
        for _ in range(3):  # shown and painted before the thread is busy
            QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def open_with_recovery(target, parent: QWidget | None = None):
    """Open the database; on failure, show OpenErrorDialog and follow the user's choice.

    Returns the target that opened, or None when the user gave up.
    """
    from crm_desktop.models import DbTarget, open_database
    from crm_desktop.models.cipher import ENV_PASSPHRASE, PassphraseNeeded
    from crm_desktop.services.encryption import open_encrypted, unlock
    from crm_desktop.ui.login_dialog import PassphraseDialog
    from crm_desktop.ui.open_error_dialog import (
        CHOOSE,
        RESTORE,
        OpenErrorDialog,
        ask_backup_file,
        ask_database_file,
        backup_start_folder,
        restore_backup,
    )

    from_env = os.environ.get(ENV_PASSPHRASE)  # kiosks and scripts, as $CRM_DESKTOP_PASSWORD
    notice = UpgradeNotice(parent)
    while True:
        try:
            if target.passphrase:  # an encrypted file: wrong tries are counted and audited
                open_encrypted(target, target.passphrase, notice.show)
            else:
                open_database(target, notice.show)
            notice.close()
            return target
        except PassphraseNeeded:
            error = None
            if from_env:  # tried once; a wrong one is counted and the dialog asks
                given, from_env = from_env, None
                try:
                    target = unlock(target, given)
                    continue
                except UserError as exc:
                    error = exc.message
            dialog = PassphraseDialog(target, parent, error=error)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            target = dialog.target
            dialog.deleteLater()
            if not accepted:
                return None
            continue
        except UserError as exc:
            message = exc.message
        except Exception as exc:  # sqlite3/peewee errors not already explained
            log.exception("opening %s failed", target.describe())
            message = str(exc) or exc.__class__.__name__
        notice.close()
        dialog = OpenErrorDialog(message, target.describe(), parent)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        start = str(target.path.parent) if target.is_sqlite else ""
        if choice == CHOOSE:
            chosen = ask_database_file(parent, start)
            if chosen:
                target = DbTarget(path=Path(chosen))
        elif choice == RESTORE and target.is_sqlite:
            backup = ask_backup_file(parent, backup_start_folder(Path(target.path)))
            if backup:
                try:
                    target = restore_backup(backup, Path(target.path), parent) or target
                except (UserError, OSError, RuntimeError) as exc:
                    QMessageBox.warning(
                        parent,
                        QApplication.translate("Startup", "Restore a backup"),
                        str(exc),
                    )
        else:
            return None


ENV_USER = "CRM_DESKTOP_USER"  # the account the window opens as with $CRM_DESKTOP_PASSWORD


def login(database: str, parent: QWidget | None = None):
    """The acting user: the login dialog when passwords are in use, else admin straight in."""
    from crm_desktop.services import auth

    if not auth.passwords_in_use():
        actor = auth.login_from_environment(None)
        accounts = len(auth.list_users())
        if accounts > 1 and actor.can("user.manage"):
            # several people and no password: the general manager sets one first
            from crm_desktop.ui.login_dialog import FirstPasswordDialog

            dialog = FirstPasswordDialog(actor, accounts, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        return actor
    if os.environ.get(auth.ENV_PASSWORD):
        # as the CLI does: the password in $CRM_DESKTOP_PASSWORD (for $CRM_DESKTOP_USER,
        # else the general manager) opens the window without the dialog; a wrong one
        # counts as a failed login and the dialog asks as usual
        try:
            return auth.login_from_environment(os.environ.get(ENV_USER) or "admin")
        except UserError:
            pass
    from crm_desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(database, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


class Application:
    """The running program: holds the lock and the window; rebuilds it on a language switch."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.lock: QLockFile | None = None
        self.window = None
        self.actor = None
        self.database = ""
        self.at_start: tuple | None = None  # the data's fingerprint, for the backup on close
        self.backup_operation = None  # the day's first backup, running off the GUI thread

    def start(self, db: str | None = None) -> int:
        """Everything before the event loop; 0 when the window is up, else an exit status."""
        from crm_desktop.models import resolve_target

        try:
            target = resolve_target(db)
        except DatabaseOpenError as exc:
            QMessageBox.critical(None, "crm-desktop", exc.message)
            return 2
        try:
            self.lock = acquire_lock(target)
        except AlreadyOpen as exc:
            QMessageBox.warning(
                None, QApplication.translate("Startup", "Already open"), exc.message
            )
            return 1
        opened = open_with_recovery(target)
        if opened is None:
            return 2
        if opened != target:
            self.lock.unlock()
            try:
                self.lock = acquire_lock(opened)
            except AlreadyOpen as exc:
                QMessageBox.warning(
                    None, QApplication.translate("Startup", "Already open"), exc.message
                )
                return 1
        self.database = opened.describe()
        try:
            self.actor = login(self.database)
        except UserError as exc:
            QMessageBox.critical(None, "crm-desktop", exc.message)
            return 2
        if self.actor is None:
            return 2
        self.show_window()
        from crm_desktop.ui.first_paint import after_first_paint

        after_first_paint(self.window, self.start_backups)  # the window first
        return 0

    def start_backups(self) -> None:
        """Off the GUI thread: clear what killed runs left, then the day's first backup.
        A damaged database is told loudly (the backup refuses it)."""
        from crm_desktop.jobs.backup import clean_after_killed_runs, daily_backup
        from crm_desktop.models import current_target, is_sqlite
        from crm_desktop.services.backup_rotation import fingerprint
        from crm_desktop.ui.operations import Operation

        if not is_sqlite():
            return
        self.at_start = fingerprint()
        live = current_target().path
        actor = self.actor

        def work(progress):
            if live is not None:
                clean_after_killed_runs(live)
            return daily_backup(actor)

        self.backup_operation = Operation(self.window, work, name="daily-backup")
        self.backup_operation.run_in_background()

    def backup_on_close(self) -> None:
        """After the window has closed: a backup when something changed since the start.
        A failure is logged; there is no window left to show it in."""
        from crm_desktop.jobs.backup import backup_on_close

        if self.at_start is None or self.actor is None:
            return
        try:
            backup_on_close(self.actor, self.at_start)
        except Exception:
            log.exception("the backup on close failed")

    def show_window(self) -> None:
        from crm_desktop.ui.main_window import MainWindow

        old = self.window
        geometry = None
        if old is not None:
            old.save_state()
            geometry = old.saveGeometry()
        self.window = MainWindow(self.actor, self.database)
        self.window.languageChangeRequested.connect(self.switch_language)
        self.window.userSwitched.connect(self.switch_user)
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        if os.environ.get(EXIT_AFTER_PAINT):
            quit_after_first_paint(self.window)
        # the reminders' services and the backup menu are not needed to show the window
        from crm_desktop.ui.first_paint import after_first_paint

        window = self.window
        after_first_paint(window, window.start_reminders)
        after_first_paint(window, lambda: self._install_backup_actions(window))
        self.window.show()
        if old is not None:
            if getattr(old, "reminders", None) is not None:
                old.reminders.stop()
            old.session_lock.stop()
            old.hide()
            old.deleteLater()

    def _install_backup_actions(self, window) -> None:
        from crm_desktop.ui.backups_dialog import install_actions

        if window is self.window:  # not a window replaced before it painted
            install_actions(window, self.actor, self.reopen)

    def reopen(self) -> None:
        """The database was replaced (a restore): the window is built again on it."""
        from crm_desktop.services.backup_rotation import fingerprint

        self.at_start = fingerprint()
        self.show_window()

    def switch_user(self, actor) -> None:
        """Another account logged in at the session lock: a new session, a new window."""
        self.actor = actor
        self.show_window()

    def switch_language(self, language: str) -> None:
        """Apply a new language now: new translators, then the window built again."""
        from crm_desktop.ui.translations import switch_language

        if self.window is not None and not self.window.close_dialogs():
            return
        switch_language(language)
        self.show_window()

    def release(self) -> None:
        operation = getattr(self, "backup_operation", None)
        if operation is not None:  # the day's backup finishes before the database closes
            operation.wait()
        if self.lock is not None:
            self.lock.unlock()


def quit_after_first_paint(window: QWidget) -> None:
    """For start-up checks and timings (EXIT_AFTER_PAINT): the first paint ends the app,
    which says "ready" on stdout."""
    from crm_desktop.ui.first_paint import after_first_paint

    def done() -> None:
        print("ready", flush=True)
        QApplication.quit()

    after_first_paint(window, done)


def make_qapplication(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("crm-desktop")
    return app


def main(db: str | None = None, argv: list[str] | None = None) -> int:
    from crm_desktop import __version__, logs, platform_check
    from crm_desktop.models.privacy import private_by_default

    private_by_default()  # the database, backups, exports and logs: the user's alone
    from crm_desktop.ui import operations
    from crm_desktop.ui.error_dialog import install_excepthook
    from crm_desktop.ui.translations import install_translations

    if not platform_check.check():  # said in plain words, instead of Qt's abort
        return 2
    log_path = logs.setup_logging()
    log.info("crm-desktop %s starting (log: %s)", __version__, log_path)
    app = make_qapplication(argv)
    install_excepthook()  # from here on a bug is logged and shown, and the app goes on
    # closing the window with work running: cancel it and wait, before the database closes
    app.aboutToQuit.connect(operations.shutdown)
    install_translations(i18n.current_language())
    program = Application(app)
    try:
        status = program.start(db)
        if status:
            return status
        status = app.exec()
        operations.shutdown()
        program.backup_on_close()
        return status
    finally:
        operations.shutdown()
        program.release()
        from crm_desktop.models import close_database

        close_database()
        log.info("crm-desktop stopped")


if __name__ == "__main__":
    sys.exit(main())
