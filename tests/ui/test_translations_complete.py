"""Every string the UI passes through tr() has a finished Chinese translation, compiled.

The UI's source language is English; a tr() string without a zh_CN translation would
show English in the Chinese UI. The source is read as a syntax tree, so a new label is
caught before anyone opens the window.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "crm_desktop"
TRANSLATIONS = PACKAGE / "resources" / "translations"


def _finished_sources() -> set[str]:
    """Source texts that have a finished translation in some *_zh_CN.ts."""
    done: set[str] = set()
    for ts in TRANSLATIONS.glob("*_zh_CN.ts"):
        for message in ET.parse(ts).getroot().iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                continue
            if (translation.text or "").strip() or translation.find("numerusform") is not None:
                done.add(message.findtext("source") or "")
    return done


def _tr_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each literal passed to tr() or QCoreApplication.translate()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        arg = None
        if name == "tr" and node.args:
            arg = node.args[0]
        elif name == "translate" and len(node.args) >= 2:
            arg = node.args[1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append((node.lineno, arg.value))
    return found


def test_every_tr_string_has_a_chinese_translation():
    """No tr() text of the UI is missing from the zh_CN translation files."""
    done = _finished_sources()
    missing = [
        f"{path.name}:{line} {text!r}"
        for path in sorted((PACKAGE / "ui").glob("*.py")) + [PACKAGE / "app.py"]
        for line, text in _tr_literals(path)
        if text not in done
    ]
    assert missing == []


lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(lrelease is None, reason="pyside6-lrelease is not installed")
@pytest.mark.parametrize("ts", sorted(TRANSLATIONS.glob("*.ts")), ids=lambda p: p.name)
def test_compiled_translations_match_their_sources(ts, tmp_path):
    """Each shipped .qm is what lrelease makes of its .ts today (no stale translations)."""
    out = tmp_path / (ts.stem + ".qm")
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(out)], check=True)
    assert out.read_bytes() == (TRANSLATIONS / (ts.stem + ".qm")).read_bytes()
