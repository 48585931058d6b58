"""Print preview (Qt's PDF view) with Print and Save as PDF, and batch printing off the GUI thread.

Other pages call `print_forms(parent, actor, customer_ids, kind="form"|"card")`: it checks
access at once (a UserError for the caller to show), builds the PDF in the background
behind a progress dialog that can cancel, then opens the preview.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.progress import Progress
from crm_desktop.services.auth import Actor
from crm_desktop.ui.operations import Operation, show_failure
from crm_desktop.ui.sizing import fit_to_screen

MAX_PRINT_DPI = 300  # pages are rendered at most this fine: an A4 page stays ~35 MB


class PrintPreviewDialog(QDialog):
    """Shows a PDF; prints it on a system printer or saves a copy.

    Signals: none beyond QDialog's. With `temporary=True` the PDF's folder is removed
    when the dialog closes (batch prints go to a private temporary folder).
    """

    def __init__(self, pdf_path: str | os.PathLike, parent: QWidget | None = None, *,
                 temporary: bool = False) -> None:  # fmt: skip
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self._temporary = temporary
        self.setWindowTitle(self.tr("Print preview — %s") % self.pdf_path.name)
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages_label = QLabel(self.tr("%n page(s)", "", self.document.pageCount()), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.clicked.connect(self.save_as)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.reject)
        ok = self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ok)
        self.save_button.setEnabled(ok)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 820, 960)
        self.finished.connect(self._cleanup)
        self.message_box: QMessageBox | None = None

    # --- printing ------------------------------------------------------------------------

    def print_document(self) -> None:
        """The system print dialog, then every chosen page rendered to the printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render the chosen pages (all when none chosen) onto `printer`; returns pages sent."""
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, last) if first > 0 and last >= first else range(count)
        pages = [p for p in pages if 0 <= p < count]
        painter = QPainter()
        if not painter.begin(printer):
            self._show_message(self.tr("Print"), self.tr("The printer could not be started."))
            return 0
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(page)
                image = self.document.render(
                    page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                )
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                x = target.x() + (target.width() - scaled.width()) // 2
                painter.drawImage(QRect(x, target.y(), scaled.width(), scaled.height()), image)
        finally:
            painter.end()
        return len(pages)

    # --- saving ----------------------------------------------------------------------------

    def save_as(self) -> None:
        start = str(Path.home() / self.pdf_path.name)
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), start, self.tr("PDF files (*.pdf)")
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_to(path)

    def save_to(self, path: str | os.PathLike) -> bool:
        """Copy the PDF to `path` (complete or not at all); a plain message on failure."""
        target = Path(path)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            os.close(fd)
            try:
                shutil.copyfile(self.pdf_path, tmp)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            self._show_message(
                self.tr("Save as PDF"),
                self.tr("Cannot write %1: %2")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc)),
            )
            return False
        return True

    def _show_message(self, title: str, text: str) -> None:
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        self.message_box.open()

    def _cleanup(self) -> None:
        self.document.close()
        if self._temporary:
            shutil.rmtree(self.pdf_path.parent, ignore_errors=True)


def print_pdf(actor: Actor, ids: list[int], kind: str, out: Path, lang: str | None,
              progress: Progress) -> tuple[str, str]:  # fmt: skip
    """The printing itself, off the GUI thread (ui/operations.py runs it): the PDF's path and
    its warnings (characters no font has, texts continued on extra pages), one a line."""
    from crm_desktop.jobs.printing import print_customers

    result = print_customers(actor, out, ids=ids, kind=kind, lang=lang, progress=progress)
    return str(out), "\n".join(w.render() for w in result.warnings)


class PrintJob(QObject):
    """One batch print: progress dialog, the PDF built in the background, then the preview.

    Signals: finished(pdf path) with the preview open, failed(message), cancelled().
    """

    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None, actor: Actor, customer_ids: list[int], kind: str,
                 lang: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        from crm_desktop.services.printing import check_printable, default_file_name

        codes = check_printable(actor, customer_ids, kind)  # UserError before anything starts
        self.parent_widget = parent
        self.folder = Path(tempfile.mkdtemp(prefix="crm-print-"))
        self.path = self.folder / default_file_name(kind, codes, lang=lang)
        self.preview: PrintPreviewDialog | None = None
        self.message_box: QMessageBox | None = None
        ids, total, out = list(customer_ids), len(customer_ids), self.path
        # The operation keeps this job alive until it has ended, whoever dropped it.
        self.operation = (
            Operation(
                parent,
                lambda progress: print_pdf(actor, ids, kind, out, lang, progress),
                name=f"print {kind}",
            )
            .success(self._done)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(
                self.tr("Printing %n customer(s)…", "", total),
                title=self.tr("Print"),
                maximum=total,
                min_duration_ms=400,
            )
            .run_in_background()
        )
        self.progress = self.operation.dialog

    @property
    def last_step(self) -> tuple[int, int]:
        return self.operation.last_step

    def cancel(self) -> None:
        self.operation.cancel()

    def _done(self, done: tuple[str, str]) -> None:
        path, warnings = done
        self.preview = PrintPreviewDialog(path, self.parent_widget, temporary=True)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()
        if warnings:  # said over the preview: what could not be drawn as typed
            self.message_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Print"), warnings, parent=self.preview
            )
            self.message_box.open()
        self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if isinstance(exc, UserError):
            self.message_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Print"), exc.message, parent=self.parent_widget
            )
            self.message_box.open()
        else:
            show_failure(self.parent_widget, exc, logged=True)
        self.failed.emit(exc.message if isinstance(exc, UserError) else str(exc))

    def _cancelled(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.cancelled.emit()


def print_forms(
    parent: QWidget | None,
    actor: Actor,
    customer_ids: list[int],
    kind: str = "form",
    *,
    lang: str | None = None,
) -> PrintJob:
    """Print the form (or profile card) of customers in the background, then preview it.

    Raises UserError at once when a customer is unknown or not the actor's to print.
    """
    return PrintJob(parent, actor, list(customer_ids), kind, lang)


__all__ = ["PrintJob", "PrintPreviewDialog", "print_forms"]
