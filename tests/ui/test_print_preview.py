"""Print preview and batch printing: real PDFs, a real background thread, dialogs never exec()'d."""

from __future__ import annotations

import gc
import weakref
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from crm_desktop.errors import PermissionDenied
from crm_desktop.models import AuditEvent
from crm_desktop.reports.pdf_form import FormData, FormHeader, build_forms
from crm_desktop.services.customers import create_customer
from crm_desktop.ui import operations, print_preview
from crm_desktop.ui.print_preview import PrintPreviewDialog, print_forms

# The offscreen platform cannot size top-level windows; that warning is not ours.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def pdf(tmp_path):
    out = tmp_path / "forms.pdf"
    build_forms(
        [
            FormData({"name": "华科商贸", "code": "C1"}),
            FormData({"name": "王氏五金", "code": "C2"}),
        ],
        FormHeader("公司", date(2026, 11, 22), "zh_CN"),
        out,
    )
    return out


def test_preview_shows_the_pdf(qtbot, pdf):
    dialog = PrintPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == 2
    assert "2" in dialog.pages_label.text()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.view.document() is dialog.document


def test_print_to_renders_every_page(qtbot, pdf, tmp_path):
    """What Print sends to a printer: here a PDF printer, read back page by page."""
    dialog = PrintPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert dialog.print_to(printer) == 2
    assert len(PdfReader(str(out)).pages) == 2


def test_save_as_copies_the_pdf(qtbot, pdf, tmp_path, monkeypatch):
    dialog = PrintPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    target = tmp_path / "saved"
    monkeypatch.setattr(
        print_preview.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    dialog.save_button.click()
    assert (tmp_path / "saved.pdf").read_bytes() == pdf.read_bytes()
    assert dialog.message_box is None


def test_save_to_unwritable_folder_says_so(qtbot, pdf, tmp_path):
    dialog = PrintPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    assert not dialog.save_to(tmp_path / "missing" / "x.pdf")
    assert dialog.message_box is not None and "Cannot write" in dialog.message_box.text()
    dialog.message_box.close()


@pytest.fixture
def customers(team):
    return [
        create_customer(team["sales1"], {"name": f"客户{i}", "code": f"C{i:03d}"}).id
        for i in range(3)
    ]


def test_batch_print_in_background_then_preview(qtbot, team, customers):
    job = print_forms(None, team["admin"], customers, kind="form")
    with qtbot.waitSignal(job.finished, timeout=30000) as blocker:
        pass
    path = blocker.args[0]
    assert job.preview is not None and job.preview.isVisible()
    assert job.preview.document.pageCount() == 3
    assert len(PdfReader(path).pages) == 3
    assert job.last_step == (3, 3) and not job.progress.isVisible()
    assert AuditEvent.select().where(AuditEvent.action == "print").get().count == 3
    folder = job.folder
    job.preview.close()
    qtbot.waitUntil(lambda: not folder.exists())


def test_batch_print_cards(qtbot, team, customers):
    job = print_forms(None, team["admin"], customers[:2], kind="card", lang="zh_CN")
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert job.preview.document.pageCount() >= 2
    job.preview.close()


def test_cancel_from_progress_dialog_writes_nothing(qtbot, team, customers):
    job = print_forms(None, team["admin"], customers * 100, kind="form")
    cancel_button = job.progress.findChild(QPushButton)
    qtbot.waitUntil(lambda: job.last_step[0] >= 1, timeout=30000)
    cancel_button.click()
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        pass
    assert 1 <= job.last_step[0] < 300
    assert job.preview is None
    assert not job.folder.exists()
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == 0


def test_refused_before_any_work(qtbot, team, customers):
    """A salesperson's selection with another's customer is refused at once."""
    with pytest.raises(PermissionDenied):
        print_forms(None, team["sales2"], customers, kind="form")


def test_chinese_labels(qtbot, pdf):
    """The print area ships its own translations (print_zh_CN.qm)."""
    from crm_desktop.ui.translations import install_translations

    assert "print_zh_CN.qm" in install_translations("zh_CN")
    try:
        dialog = PrintPreviewDialog(pdf)
        qtbot.addWidget(dialog)
        assert dialog.print_button.text() == "打印…"
        assert dialog.save_button.text() == "另存为 PDF…"
        assert dialog.pages_label.text() == "共 2 页"
    finally:
        install_translations("en")


def test_job_lives_on_when_the_caller_keeps_no_reference(qtbot, team, customers):
    """Pages call print_forms and drop the result; the job still ends with its preview."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    job = weakref.ref(print_forms(widget, team["admin"], customers[:1]))
    gc.collect()
    assert job() is not None
    with qtbot.waitSignal(job().finished, timeout=30000):
        pass
    assert job().preview is not None and job().preview.document.pageCount() == 1
    assert operations.running() == []
    job().preview.close()


def test_english_plurals(qtbot, pdf):
    from crm_desktop.ui.translations import install_translations

    assert "print_en.qm" in install_translations("en")
    dialog = PrintPreviewDialog(pdf)
    qtbot.addWidget(dialog)
    assert dialog.pages_label.text() == "2 pages"
