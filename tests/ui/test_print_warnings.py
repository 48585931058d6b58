"""The print dialog tells what the PDF could not hold as typed (texts continued on extra pages)."""

from __future__ import annotations

from crm_desktop.models import Customer
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.print_preview import print_forms


def test_continued_texts_are_said_over_the_preview(qtbot, team):
    """A customer whose remark is too long for the form: the preview opens with a warning."""
    long = create_customer(team["admin"], {"name": "长备注客户", "code": "L1"})
    Customer.update(remarks="很长的备注。" * 2000).where(Customer.id == long.id).execute()
    job = print_forms(None, team["admin"], [long.id], kind="form", lang="zh_CN")
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert job.preview is not None and job.preview.document.pageCount() > 1
    assert job.message_box is not None and "L1" in job.message_box.text()
    job.message_box.close()
    job.preview.close()


def test_no_warning_for_an_ordinary_form(qtbot, team):
    """A form that fits shows the preview alone."""
    short = create_customer(team["admin"], {"name": "普通客户", "code": "S1"})
    job = print_forms(None, team["admin"], [short.id], kind="form")
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert job.preview is not None and job.message_box is None
    job.preview.close()
