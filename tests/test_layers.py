"""The layers' arrows, read from the source: ui/cli → jobs → services + reports → models.

Every `import`/`from … import` in crm_desktop (also inside functions, and
`importlib.import_module("crm_desktop.…")` with a literal name) is checked against the
layer it comes from. Qt is imported only in ui/ and app.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "crm_desktop"

# Plain, Qt-free helpers that anything may import; they import only each other.
BASE = {
    "",  # crm_desktop/__init__.py (version, app name)
    "errors",
    "messages",
    "i18n",
    "progress",
    "textutil",
    "search_text",
    "search_codes",  # a search document's codes (numpy), for the helper process too
    "offload",
    "dates",  # date helpers (Qt-free)
    "logs",  # the log file's set-up (Qt-free)
    "platform_check",  # the system libraries Qt needs, checked before Qt loads
}
DATA = {"fields"}  # the field catalogue: plain data over the models' enumerations

# layer -> the layers it may import besides itself ("base": BASE, "data": DATA)
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "models": {"base"},
    "data": {"base", "models"},
    "services": {"base", "data", "models"},
    "reports": {"base", "data", "models"},
    "jobs": {"base", "data", "models", "services", "reports"},
    "demo": {"base", "data", "models", "services"},  # the demo generator, a use case
    "cli": {"base", "data", "models", "services", "jobs", "demo", "app"},  # app: the GUI
    "ui": {"base", "data", "models", "services", "jobs", "demo"},  # demo: first-run panel
    "app": {"base", "data", "models", "services", "jobs", "ui"},
    "__main__": {"cli", "app"},
}
QT_LAYERS = {"ui", "app"}
QT_MODULES = {"PySide6", "shiboken6"}

# ui/ modules allowed to do file work themselves instead of calling a job (importing a
# report builder): none. An entry here is a debt, and the test below fails on a stale one.
UI_FILE_WORK_ALLOWED: dict[str, set[str]] = {}


def layer_of(rel: str) -> str:
    """The layer of a file, by its path inside crm_desktop/."""
    top = rel.split("/", 1)[0].removesuffix(".py")
    if top == "__init__" or top in BASE:
        return "base"
    if top in DATA:
        return "data"
    return top


def target_layer(module: str) -> str | None:
    """The layer of an imported crm_desktop module (None: not ours)."""
    parts = module.split(".")
    if parts[0] != "crm_desktop":
        return None
    top = parts[1] if len(parts) > 1 else ""
    if top in BASE:
        return "base"
    if top in DATA:
        return "data"
    return top


def imports(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, including literal dynamic imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from crm_desktop import jobs` names a module, not only the package
            if node.module == "crm_desktop":
                found += [
                    (node.lineno, f"crm_desktop.{a.name}")
                    for a in node.names
                    if (package / a.name).is_dir() or (package / f"{a.name}.py").is_file()
                ]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("crm_desktop.")
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def violations(package: Path = PACKAGE) -> tuple[list[str], dict[str, set[str]]]:
    """(arrows against the layers, allow-list entries actually used) in a source tree."""
    bad: list[str] = []
    used: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        source = layer_of(rel)
        allowed = ALLOWED.get(source)
        for line, module in imports(path, package):
            if module.split(".")[0] in QT_MODULES:
                if source not in QT_LAYERS:
                    bad.append(f"{rel}:{line} imports {module} (Qt only in ui/ and app.py)")
                continue
            target = target_layer(module)
            if target is None or target == source:
                continue
            if allowed is None:
                bad.append(f"{rel}: a new layer '{source}'; add it to ALLOWED in {__file__}")
                break
            if target in allowed:
                continue
            short = module.removeprefix("crm_desktop.")
            entries = UI_FILE_WORK_ALLOWED.get(rel, set())
            matched = {e for e in entries if short == e or short.startswith(e + ".")}
            if matched:
                used.setdefault(rel, set()).update(matched)
            else:
                bad.append(f"{rel}:{line} ({source}) imports {module} ({target})")
    return bad, used


def test_every_import_follows_the_arrows():
    """No module imports a layer above it or beside it (services ↔ reports, cli → reports…)."""
    bad, _used = violations()
    assert bad == []


def test_allow_lists_hold_only_what_is_still_needed():
    """An allow-list entry no longer used must go, so the lists only ever shrink."""
    _bad, used = violations()
    stale = [
        f"{rel}: {entry}"
        for rel, entries in UI_FILE_WORK_ALLOWED.items()
        for entry in entries
        if entry not in used.get(rel, set())
    ]
    assert stale == []
    assert all(rel.startswith("ui/") for rel in UI_FILE_WORK_ALLOWED)


def test_the_scan_sees_every_kind_of_import(tmp_path):
    """Imports inside functions and importlib.import_module("crm_desktop.x") count too."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import importlib\n"
        "from crm_desktop.reports import pdf_form\n"
        "def f():\n"
        "    import crm_desktop.jobs.export\n"
        "    return importlib.import_module('crm_desktop.ui.pages')\n"
        "from crm_desktop import jobs, __version__\n",
        encoding="utf-8",
    )
    names = sorted(m for _line, m in imports(sample))
    assert names == [
        "crm_desktop",
        "crm_desktop.jobs",
        "crm_desktop.jobs.export",
        "crm_desktop.reports",
        "crm_desktop.ui.pages",
        "importlib",
    ]
    assert target_layer("crm_desktop.ui.pages") == "ui"
    assert target_layer("crm_desktop.fields") == "data"
    assert "reports" not in ALLOWED["services"] and "services" not in ALLOWED["reports"]


def test_a_wrong_arrow_is_reported(tmp_path):
    """A service importing a report, a report a service, models a service, Qt in jobs: each named."""
    package = tmp_path / "crm_desktop"
    files = {
        "services/printing.py": "from crm_desktop.reports.pdf_form import build_forms\n",
        "reports/pdf_form.py": "def f():\n    from crm_desktop.services import fields\n",
        "models/db.py": "import crm_desktop.services.auth\n",
        "jobs/export.py": "from PySide6.QtCore import QThread\n",
        "cli/cmd_print.py": "from crm_desktop.reports import pdf_form\n",
        "jobs/report.py": "import crm_desktop.services.analysis\nimport crm_desktop.reports\n",
    }
    for rel, text in files.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text, encoding="utf-8")
    bad, _used = violations(package)
    assert bad == [
        "cli/cmd_print.py:1 (cli) imports crm_desktop.reports (reports)",
        "jobs/export.py:1 imports PySide6.QtCore (Qt only in ui/ and app.py)",
        "models/db.py:1 (models) imports crm_desktop.services.auth (services)",
        "reports/pdf_form.py:2 (reports) imports crm_desktop.services (services)",
        "services/printing.py:1 (services) imports crm_desktop.reports.pdf_form (reports)",
    ]


def test_services_and_cli_import_without_qt():
    """Importing the headless layers must not pull PySide6 in."""
    code = (
        "import sys, importlib, pkgutil, crm_desktop\n"
        "for m in ['crm_desktop.cli', 'crm_desktop.models', 'crm_desktop.services',\n"
        "          'crm_desktop.reports', 'crm_desktop.jobs']:\n"
        "    pkg = importlib.import_module(m)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, m + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
