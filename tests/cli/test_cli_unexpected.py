"""An unexpected error in a CLI command: one plain line naming the log file, exit 2."""

from __future__ import annotations

import pytest

from crm_desktop import logs
from crm_desktop.cli import main
from crm_desktop.services import followups

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(folder))
    logs.close_logging()
    yield folder
    logs.close_logging()


@pytest.fixture
def broken(monkeypatch):
    """A bug inside the service the command calls."""

    def list_followups(*args, **kwargs):
        raise RuntimeError("index out of step")

    monkeypatch.setattr(followups, "list_followups", list_followups)


@pytest.mark.parametrize(
    ("lang", "start"),
    [("en", "crm-desktop: An unexpected error occurred"), ("zh_CN", "crm-desktop: 发生了意外错误")],
)
def test_bug_is_one_line_and_the_log_holds_the_traceback(
    admin, db_path, log_dir, broken, capsys, monkeypatch, lang, start
):
    """The user reads one line in their language naming the log; the log has the traceback."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", lang)
    status = main(["--db", str(db_path), "followups"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(start) and err.count("\n") == 1
    assert "index out of step" in err and str(log_dir / logs.LOG_NAME) in err
    assert "Traceback" not in err
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "crm-desktop followups" in text and "RuntimeError: index out of step" in text
    assert "in list_followups" in text


def test_user_error_is_not_logged_as_a_bug(admin, db_path, log_dir, capsys):
    """A refusal the user can act on stays a plain message and leaves no traceback."""
    status = main(["--db", str(db_path), "followups", "--owner", "nobody"])
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err
    log = log_dir / logs.LOG_NAME
    assert not log.exists() or "Traceback" not in log.read_text(encoding="utf-8")
