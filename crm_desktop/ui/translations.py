"""Installing the UI's translations: every `*_zh_CN.qm` of ours plus Qt's own qtbase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

_installed: list[QTranslator] = []


def install_translations(language: str) -> list[str]:
    """Replace the installed translators with those of `language`; returns the files loaded.

    English is the source language, so it needs no file. Each UI area ships its own
    `<area>_zh_CN.qm`; all of them are loaded.
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded: list[str] = []
    if language.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [Path(qt_dir) / "qtbase_zh_CN.qm"]
        candidates += sorted(TRANSLATIONS_DIR.glob("*_zh_CN.qm"))
        for path in candidates:
            translator = QTranslator(app)
            if path.is_file() and translator.load(str(path)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(path.name)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        # English is the source text; these files only hold plural forms ("1 customer").
        for path in sorted(TRANSLATIONS_DIR.glob("*_en.qm")):
            translator = QTranslator(app)
            if translator.load(str(path)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(path.name)
    return loaded


def switch_language(language: str) -> list[str]:
    """Switch the running program: translators, and `i18n.current_language()` for every module."""
    import os

    from crm_desktop import i18n

    os.environ[i18n.ENV_LANG] = language
    return install_translations(language)
