"""`crm-desktop print form|card CODE… -o OUT.pdf`: pages, refusals with exit 2, no stray files."""

from __future__ import annotations

import os
import stat

import pytest
from pypdf import PdfReader

from crm_desktop.cli import main
from crm_desktop.models import AuditEvent
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def setup(team, db_path):
    create_customer(
        team["admin"], {"name": "华科商贸 <有限公司>", "code": "C1", "invoice_type": "vat"}
    )
    create_customer(team["sales1"], {"name": "王氏五金", "code": "C2"})
    create_customer(team["sales2"], {"name": "李记建材", "code": "C3"})
    return db_path


def run(db_path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_print_forms_one_page_each(setup, tmp_path, capsys):
    out = tmp_path / "forms.pdf"
    assert run(setup, "print", "form", "C1", "C2", "C3", "-o", str(out)) == 0
    assert "Printed the form of 3 customers (3 pages)" in capsys.readouterr().out
    reader = PdfReader(str(out))
    assert len(reader.pages) == 3
    texts = [p.extract_text() for p in reader.pages]
    assert "华科商贸 <有限公司>" in texts[0] and "王氏五金" in texts[1] and "李记建材" in texts[2]
    # CRM_DESKTOP_LANG=en in the tests: English labels
    assert "Customer Basic Information Form" in texts[0]
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == 1


def test_print_card_in_chinese(setup, tmp_path, capsys):
    out = tmp_path / "card.pdf"
    assert run(setup, "print", "card", "C2", "-o", str(out), "--lang", "zh_CN") == 0
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "客户资料卡" in text and "王氏五金" in text


def test_unknown_code_exit_2_names_it_no_file(setup, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run(setup, "print", "form", "C1", "NOPE", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "NOPE" in err and "Traceback" not in err
    assert not out.exists() and [f for f in os.listdir(tmp_path) if f != "crm.db"] == []


def test_unknown_code_keeps_existing_file(setup, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"previous print")
    assert run(setup, "print", "card", "NOPE", "-o", str(out)) == 2
    assert out.read_bytes() == b"previous print"


def test_unwritable_output_plain_message(setup, tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "x.pdf"
    assert run(setup, "print", "form", "C1", "-o", str(missing)) == 2
    err = capsys.readouterr().err
    assert "Cannot write" in err and "does not exist" in err and "Traceback" not in err
    assert run(setup, "print", "form", "C1", "-o", str(tmp_path)) == 2
    assert "is a folder" in capsys.readouterr().err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not bind
            return
        assert run(setup, "print", "form", "C1", "-o", str(locked / "x.pdf")) == 2
        assert "Cannot write" in capsys.readouterr().err
    finally:
        locked.chmod(stat.S_IRWXU)


def test_salesperson_cannot_print_others(setup, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert run(setup, "--user", "sales1", "print", "form", "C2", "C3", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "Unknown customer codes: C3." in err  # told as unknown: codes do not leak
    assert not out.exists()
    assert run(setup, "--user", "sales1", "print", "form", "C2", "-o", str(out)) == 0


def test_summary_and_refusal_in_chinese(setup, tmp_path, capsys, monkeypatch):
    """Under CRM_DESKTOP_LANG=zh_CN the summary line and a refusal are Chinese sentences."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    out = tmp_path / "one.pdf"
    assert run(setup, "print", "card", "C1", "-o", str(out)) == 0
    assert "已打印 1 位客户的客户资料卡（共 " in capsys.readouterr().out
    assert run(setup, "print", "form", "C1", "NOPE", "-o", str(out)) == 2
    assert "没有这些客户代号：NOPE。" in capsys.readouterr().err


def test_print_blank_form(setup, tmp_path, capsys):
    """`print form --blank` writes one blank form without codes; codes with --blank are refused."""
    out = tmp_path / "blank.pdf"
    assert run(setup, "print", "form", "--blank", "-o", str(out), "--lang", "zh_CN") == 0
    assert str(out) in capsys.readouterr().out
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1 and "客户基本资料表" in reader.pages[0].extract_text()
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == 0
    assert run(setup, "print", "card", "C1", "--blank", "-o", str(tmp_path / "x.pdf")) == 2
    assert "--blank" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


def test_print_warns_on_stderr_what_went_to_continuation_pages(setup, tmp_path, capsys):
    """Texts continued on extra pages are named on stderr; the summary stays on stdout."""
    from crm_desktop.models import Customer

    Customer.update(remarks="很长的备注。" * 2000).where(Customer.code == "C1").execute()
    out = tmp_path / "forms.pdf"
    assert run(setup, "print", "form", "C1", "C2", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert "C1" in captured.err and "continue on extra pages" in captured.err
    assert "Printed the form of 2 customers" in captured.out
    assert len(PdfReader(str(out)).pages) > 2
