"""The import job: the importer's run, the rejected rows saved to fix, cancel, one audit entry."""

from __future__ import annotations

import openpyxl
import pytest
from import_samples import write_xlsx

from crm_desktop.jobs.importing import import_customers, write_template
from crm_desktop.models import AuditEvent, Customer
from crm_desktop.progress import Cancelled, Progress


def _count() -> int:
    return Customer.select().where(Customer.deleted_at.is_null()).count()


def test_rejected_rows_are_saved_with_reasons(admin, tmp_path):
    """Two good rows go in, the two bad ones land in the errors workbook with a reason each."""
    source = write_xlsx(tmp_path / "list.xlsx")
    out = tmp_path / "rejected.xlsx"
    done = import_customers(admin, source, errors_out=out)
    assert (done.result.created, done.result.rejected) == (2, 2)
    assert done.errors_path == out and done.warnings == ()
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Reason", "Row in file")
    assert [r[-1] for r in rows[1:]] == [4, 5] and all(r[-2] for r in rows[1:])
    [event] = AuditEvent.select().where(AuditEvent.action == "import")
    assert event.user_id == admin.id and event.count == 2


def test_unwritable_errors_file_is_a_warning_not_a_failure(admin, tmp_path):
    """The import is done even when its rejected rows cannot be saved; the job says so."""
    source = write_xlsx(tmp_path / "list.xlsx")
    done = import_customers(admin, source, errors_out=tmp_path / "no" / "rejected.xlsx")
    assert done.result.created == 2 and done.errors_path is None
    [warning] = done.warnings
    assert warning.code == "jobs.cannot_write" and "rejected.xlsx" in warning.render("en")


def test_cancel_rolls_the_whole_import_back(admin, tmp_path):
    """A cancel from the progress stops the import with nothing written."""
    source = write_xlsx(tmp_path / "list.xlsx")
    progress = Progress()
    progress.cancel()  # asked before the importer's first step: it stops there
    with pytest.raises(Cancelled):
        import_customers(admin, source, progress=progress)
    assert _count() == 0
    assert not AuditEvent.select().where(AuditEvent.action == "import").exists()


def test_blank_template_imports_its_sample_row(admin, tmp_path):
    """The template the job writes is read back by the importer: its sample row goes in."""
    path = write_template(tmp_path / "template.xlsx", "zh_CN")
    done = import_customers(admin, path)
    assert (done.result.created, done.result.rejected) == (1, 0)
