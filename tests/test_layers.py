"""Qt stays in the UI: services, models, reports and the CLI run without a display."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "crm_desktop"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)\b", re.MULTILINE)


def test_pyside_is_imported_only_in_ui_and_app():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("ui/") or rel == "app.py":
            continue
        if QT_IMPORT.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


def test_services_and_cli_import_without_qt():
    """Importing the headless layers must not pull PySide6 in."""
    code = (
        "import sys, importlib, pkgutil, crm_desktop\n"
        "for m in ['crm_desktop.cli', 'crm_desktop.models', 'crm_desktop.services', 'crm_desktop.reports']:\n"
        "    pkg = importlib.import_module(m)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, m + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
