"""The log file: in the per-user log folder, set up once, rotated at 1 MB keeping five."""

from __future__ import annotations

import logging

import pytest

from crm_desktop import logs


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(folder))
    logs.close_logging()
    yield folder
    logs.close_logging()


def test_default_folder_is_the_per_user_log_folder(monkeypatch, tmp_path):
    """Without an override the log lives in platformdirs' user log folder for crm-desktop."""
    from platformdirs import user_log_dir

    monkeypatch.delenv(logs.ENV_LOG_DIR, raising=False)
    assert logs.log_file() == logs.log_folder() / "crm-desktop.log"
    assert logs.log_folder() == type(logs.log_folder())(
        user_log_dir("crm-desktop", appauthor=False)
    )


def test_set_up_twice_writes_each_line_once(log_dir):
    """Setting up again (a second window, a test) keeps one handler."""
    assert logs.setup_logging() == log_dir / logs.LOG_NAME
    assert logs.setup_logging() == log_dir / logs.LOG_NAME
    logging.getLogger("crm_desktop.test").warning("only once")
    assert (log_dir / logs.LOG_NAME).read_text(encoding="utf-8").count("only once") == 1


def test_the_file_rotates_and_keeps_five(log_dir):
    """Past 1 MB the file is rotated; at most five old files stay beside it."""
    logs.setup_logging()
    line = "x" * 1000
    for _ in range(7 * 1100):
        logging.getLogger("crm_desktop.test").info(line)
    files = sorted(p.name for p in log_dir.iterdir())
    assert files == [logs.LOG_NAME] + [f"{logs.LOG_NAME}.{n}" for n in range(1, 6)]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in log_dir.iterdir())


def test_unexpected_error_goes_to_the_file_with_its_traceback(log_dir):
    """log_unexpected sets the file up if need be and writes the traceback there."""
    try:
        int("abc")
    except ValueError as exc:
        path = logs.log_unexpected(exc, "a test", console=False)
    text = path.read_text(encoding="utf-8")
    assert "unexpected error in a test" in text and "Traceback" in text
    assert "ValueError: invalid literal" in text


def test_details_name_version_system_and_traceback():
    """The details copied for a bug report start with the version and end with the error."""
    try:
        raise LookupError("gone")
    except LookupError as exc:
        text = logs.details(type(exc), exc, exc.__traceback__, "Qt 6")
        summary = logs.describe(exc)
    assert text.startswith("crm-desktop ") and "Python " in text and "Qt 6" in text
    assert text.rstrip().endswith("LookupError: gone")
    assert summary == "LookupError: gone"


def test_unwritable_folder_runs_without_a_log(tmp_path, monkeypatch, capsys):
    """A log folder that cannot be made: no log file, one line on stderr, no crash."""
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(blocker / "logs"))
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    logs.close_logging()
    assert logs.setup_logging() is None
    assert logs.active_log_file() is None
    assert "无法在" in capsys.readouterr().err
