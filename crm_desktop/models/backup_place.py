"""Where automatic copies of a database go: the folder chosen in Settings (a USB stick,
a synced folder), else `backups` beside the database.

Kept below the services because the schema upgrade, which runs while the database
opens, puts its copy there too; services.backup_rotation asks here as well.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.i18n import load_local_settings

SETTING_FOLDER = "backup_folder"  # per computer: where this computer's copies go
BACKUP_FOLDER = "backups"


def auto_backup_folder(db_path: Path) -> Path:
    """The chosen folder for automatic backups, else backups/ beside the database."""
    chosen = str(load_local_settings().get(SETTING_FOLDER) or "").strip()
    return Path(chosen).expanduser() if chosen else Path(db_path).parent / BACKUP_FOLDER
