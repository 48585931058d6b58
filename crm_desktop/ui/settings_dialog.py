"""The Settings dialog: language and PDF font (this computer), company, cadence and the
letterhead of printouts (team)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import i18n
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.services import settings as team_settings
from crm_desktop.services.auth import Actor

FONT_KEY = "pdf_font"
CLASSES = ("A", "B", "C", "D")
LETTERHEAD = ("company_address", "company_phone", "company_tax_id", "company_logo")


class SettingsDialog(QDialog):
    """Edits settings; after accept(), `language_changed` says whether to rebuild the window.

    A new language applies at once: the main window is rebuilt in that language.
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Settings"))
        self.language_changed = False
        local = i18n.load_local_settings()
        self._start_language = i18n.current_language()

        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self._start_language)))
        language_note = QLabel(self.tr("A new language applies at once: the window is rebuilt."))
        language_note.setWordWrap(True)
        language_note.setObjectName("hint")

        self.font_file = QLineEdit(local.get(FONT_KEY, ""))
        self.font_file.setObjectName("fontFile")
        self.font_file.setPlaceholderText(self.tr("Automatic (WenQuanYi Micro Hei when installed)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_font)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_file, 1)
        font_row.addWidget(browse)

        mine = QGroupBox(self.tr("This computer"))
        mine_form = QFormLayout(mine)
        mine_form.addRow(self.tr("Language:"), self.language)
        mine_form.addRow("", language_note)
        mine_form.addRow(self.tr("PDF font file:"), font_row)

        values = team_settings.all_settings()
        self.company = QLineEdit(values.get("company_name") or "")
        self.company.setObjectName("companyName")
        self.cadence: dict[str, QSpinBox] = {}
        cadence_row = QHBoxLayout()
        cadence_values = values.get("cadence_days") or {}
        for klass in CLASSES:
            spin = QSpinBox()
            spin.setObjectName(f"cadence{klass}")
            spin.setRange(1, 3650)
            spin.setSuffix(self.tr(" days"))
            spin.setValue(int(cadence_values.get(klass, 30)))
            self.cadence[klass] = spin
            cadence_row.addWidget(QLabel(self.tr("Class %1").replace("%1", klass)))
            cadence_row.addWidget(spin)
        cadence_row.addStretch(1)
        team = QGroupBox(self.tr("The team (stored in the database)"))
        team_form = QFormLayout(team)
        team_form.addRow(self.tr("Company name:"), self.company)
        team_form.addRow(self.tr("Follow up every:"), cadence_row)
        self.idle_lock = QSpinBox()  # 0: never (the special value's text)
        self.idle_lock.setObjectName("idleLockMinutes")
        self.idle_lock.setRange(0, team_settings.MAX_IDLE_LOCK_MINUTES)
        self.idle_lock.setSpecialValueText(render("session.setting_never"))
        self.idle_lock.setSuffix(render("session.setting_suffix"))
        self.idle_lock.setValue(team_settings.idle_lock_minutes())
        team_form.addRow(render("session.setting_label"), self.idle_lock)
        letterhead = self._letterhead_group(values)
        editable = actor.can("settings.edit")
        team.setEnabled(editable)
        letterhead.setEnabled(editable)
        if not editable:
            team.setToolTip(self.tr("Only the general manager changes team settings."))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(mine)
        layout.addWidget(team)
        layout.addWidget(letterhead)
        self.lifecycle_rules = QPushButton(msg("lifecycle.dlg_open").render())
        self.lifecycle_rules.setObjectName("lifecycleRules")
        self.lifecycle_rules.clicked.connect(self._edit_lifecycle_rules)
        layout.addWidget(self.lifecycle_rules, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _edit_lifecycle_rules(self) -> None:
        from crm_desktop.ui.lifecycle_rules_dialog import open_rules_dialog

        open_rules_dialog(self.actor, self)

    def _letterhead_group(self, values: dict) -> QGroupBox:
        """Address, phone, tax ID, logo and the confidential mark printed on forms and cards."""
        group = QGroupBox(msg("printing.settings_letterhead").render())
        form = QFormLayout(group)
        self.letterhead: dict[str, QLineEdit] = {}
        labels = {
            "company_address": "printing.settings_address",
            "company_phone": "printing.settings_phone",
            "company_tax_id": "printing.settings_tax_id",
        }
        for key, code in labels.items():
            edit = QLineEdit(str(values.get(key) or ""))
            edit.setObjectName(key)
            self.letterhead[key] = edit
            form.addRow(msg(code).render(), edit)
        logo = QLineEdit(str(values.get("company_logo") or ""))
        logo.setObjectName("company_logo")
        logo.setPlaceholderText(msg("printing.settings_logo_none").render())
        self.letterhead["company_logo"] = logo
        browse = QPushButton(msg("printing.settings_browse").render())
        browse.clicked.connect(self._browse_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(logo, 1)
        logo_row.addWidget(browse)
        form.addRow(msg("printing.settings_logo").render(), logo_row)
        self.confidential = QCheckBox(msg("printing.settings_confidential").render())
        self.confidential.setObjectName("printConfidential")
        self.confidential.setChecked(bool(values.get("print_confidential")))
        form.addRow("", self.confidential)
        return group

    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            msg("printing.settings_choose_logo").render(),
            "",
            msg("printing.settings_images").render(),
        )
        if path:
            self.letterhead["company_logo"].setText(path)

    def _browse_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a font file"), "", self.tr("Fonts (*.ttf *.ttc *.otf *.otc)")
        )
        if path:
            self.font_file.setText(path)

    def selected_language(self) -> str:
        return self.language.currentData()

    def save(self) -> None:
        """Write local settings, then team settings (the latter only for the general manager)."""
        language = self.selected_language()
        i18n.save_local_settings({"language": language, FONT_KEY: self.font_file.text().strip()})
        self.language_changed = language != self._start_language
        if self.actor.can("settings.edit"):
            try:
                team_settings.set_setting(self.actor, "company_name", self.company.text().strip())
                team_settings.set_setting(
                    self.actor,
                    "cadence_days",
                    {k: spin.value() for k, spin in self.cadence.items()},
                )
                if self.idle_lock.value() != team_settings.idle_lock_minutes():
                    team_settings.set_setting(
                        self.actor, "idle_lock_minutes", self.idle_lock.value()
                    )
                for key in LETTERHEAD:
                    value = self.letterhead[key].text().strip()
                    if value != (team_settings.get_setting(key) or ""):
                        team_settings.set_setting(self.actor, key, value)
                if self.confidential.isChecked() != bool(
                    team_settings.get_setting("print_confidential")
                ):
                    team_settings.set_setting(
                        self.actor, "print_confidential", self.confidential.isChecked()
                    )
            except UserError as exc:
                QMessageBox.warning(self, self.tr("Settings"), exc.message)
                return
        self.accept()
