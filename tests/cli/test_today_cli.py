"""`crm-desktop today`: the Today page's figures on stdout, read back and compared with the service."""

from __future__ import annotations

import json

import pytest

from crm_desktop.cli import main
from crm_desktop.models import open_database
from crm_desktop.services import today as T
from crm_desktop.services.auth import get_actor
from tests.overdue_demo import ROLES, TODAY, close, make_template, open_copy

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("today-cli-demo"))


@pytest.fixture
def demo(template, tmp_path):
    """A copy of the demo database, closed: the command opens it itself."""
    path = open_copy(template, tmp_path)
    close()
    return path


def _service_figures(path, username):
    """The Today page's numbers for `username`, read from the file the command used."""
    open_database(path)
    try:
        actor = get_actor(username)
        return actor.name, T.counts(actor, TODAY), T.key_figures(actor, TODAY)
    finally:
        close()


@pytest.mark.parametrize("username", ROLES)
def test_json_equals_the_service(demo, capsys, username):
    """--json gives the very numbers of services.today for the user, on the given day."""
    args = ["--db", str(demo), "today", "--user", username, "--date", TODAY.isoformat(), "--json"]
    assert main(args) == 0
    got = json.loads(capsys.readouterr().out)
    name, counts, figures = _service_figures(demo, username)
    assert got["today"] == TODAY.isoformat() and got["user"] == name
    for key in ("due_today", "overdue", "credit_pending", "birthdays"):
        assert got[key] == counts[key], key
    assert got["overdue"] > 0 and got["due_today"] > 0
    assert got["customers"] == figures.customers
    assert got["by_stage"] == figures.by_stage and got["by_class"] == figures.by_class
    assert got["sales_this_month"] == str(figures.sales_this_month)
    assert got["sales_last_month_full"] == str(figures.sales_last_month_full)


@pytest.mark.parametrize(
    ("lang", "overdue_label", "due_label"),
    [
        ("zh_CN", "逾期（含逾期未联系的客户）：", "今天到期的跟进："),
        ("en", "Overdue", "Follow-ups due today: "),
    ],
)
def test_lines_speak_the_users_language(demo, capsys, monkeypatch, lang, overdue_label, due_label):
    """The plain output is in CRM_DESKTOP_LANG and shows the overdue number of the rule."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", lang)
    assert main(["--db", str(demo), "--user", "manager", "today", "--date", TODAY.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    _name, counts, _figures = _service_figures(demo, "manager")
    overdue = next(line for line in lines if line.startswith(overdue_label))
    due = next(line for line in lines if line.startswith(due_label))
    assert overdue.endswith(f"{counts['overdue']}") and due.endswith(f"{counts['due_today']}")
    if lang == "zh_CN":
        assert "现实客户" in "\n".join(lines) and not any("Overdue" in line for line in lines)


def test_unknown_user_is_refused(demo, capsys):
    """A user that does not exist: nothing printed on stdout, exit 2."""
    assert main(["--db", str(demo), "today", "--user", "nobody"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("crm-desktop: ")
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("username", ROLES)
def test_overdue_equals_the_followups_commands_overdue_lines(demo, capsys, username):
    """`today`'s overdue number is the line count of `followups --due overdue`, on the same day."""
    assert main(["--db", str(demo), "--user", username, "today", "--json"]) == 0
    overdue = json.loads(capsys.readouterr().out)["overdue"]
    assert main(["--db", str(demo), "--user", username, "followups", "--due", "overdue"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == overdue > 0
