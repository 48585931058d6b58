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


def load_local_settings() -> dict:
    """Per-user settings that are not the team's (language, font file)."""
    try:
        return json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


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
