"""The window paints before the work its first screen does not need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from crm_desktop.ui.first_paint import after_first_paint

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

REPO = Path(__file__).resolve().parents[2]


def test_callback_waits_for_the_first_paint(qtbot):
    """A callback runs after the widget's first paint, once, and at once when asked later."""
    label = QLabel("客户")
    qtbot.addWidget(label)
    calls: list[str] = []
    after_first_paint(label, lambda: calls.append("first"))
    after_first_paint(label, lambda: calls.append("second"))
    assert calls == []
    label.show()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=5000)
    assert calls == ["first", "second"]
    label.repaint()
    qtbot.wait(50)
    assert calls == ["first", "second"]
    after_first_paint(label, lambda: calls.append("late"))
    assert calls == ["first", "second", "late"]


def test_app_paints_before_loading_reminders_and_demo(tmp_path):
    """The first paint comes before the follow-up services, numpy, the demo and the backup load."""
    db = tmp_path / "crm.db"
    code = (
        "import sys\n"
        "from crm_desktop.ui import first_paint\n"
        "original = first_paint.after_first_paint\n"
        "def spy(widget, callback):\n"
        "    def first():\n"
        "        loaded = ('crm_desktop.services.followups', 'numpy', 'crm_desktop.demo.generator',\n"
        "                  'crm_desktop.jobs.backup')\n"
        "        print('LOADED', sorted(m for m in loaded if m in sys.modules), flush=True)\n"
        "        callback()\n"
        "    original(widget, first)\n"
        "first_paint.after_first_paint = spy\n"
        "from crm_desktop.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    env = dict(os.environ, CRM_DESKTOP_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "ready" in lines
    assert lines[0] == "LOADED []"
