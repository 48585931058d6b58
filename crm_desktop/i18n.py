"""Which language the UI, the printed forms and the workbooks speak.

`CRM_DESKTOP_LANG` (zh_CN or en) wins; then the language saved in Settings; then the
system locale. Qt-free, so the CLI and the report builders use the same answer.
"""

from __future__ import annotations

import json
import locale
import os
from pathlib import Path

from platformdirs import user_config_dir

from crm_desktop import APP_NAME

ENV_LANG = "CRM_DESKTOP_LANG"
SUPPORTED = ("zh_CN", "en")


def settings_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


# the settings file last read, by path: (inode, mtime, size) -> its values. Every message
# rendered asks for the language, and reading the file each time cost an import of a
# list imported again 0.6 ms a row.
_READ: dict[Path, tuple[tuple[int, int, int], dict]] = {}


def load_local_settings() -> dict:
    """Per-user settings that are not the team's (language, font file)."""
    path = settings_path()
    try:
        stat = path.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        known = _READ.get(path)
        if known is not None and known[0] == stamp:
            return dict(known[1])
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(values, dict):
        return {}
    _READ[path] = (stamp, values)
    return dict(values)


def save_local_settings(values: dict) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = {**load_local_settings(), **values}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def normalize(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.replace("-", "_").lower()
    if lang.startswith("zh"):
        return "zh_CN"
    if lang.startswith("en"):
        return "en"
    return None


def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalize(os.environ.get(var))
        if found:
            return found
    try:
        found = normalize(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or "zh_CN"


def current_language() -> str:
    """zh_CN or en."""
    return (
        normalize(os.environ.get(ENV_LANG))
        or normalize(load_local_settings().get("language"))
        or system_language()
    )


def is_chinese(lang: str | None = None) -> bool:
    return (lang or current_language()).startswith("zh")
