"""What the letters will be: their law and name, their dates and the standstill that
follows from them, their formats, the folder they go into, the templates they use and
the logo at their head."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from svdesk.domain.model import Holidays, LetterLanguage, Regime
from svdesk.domain.standstill import holiday_choices, long_date, standstill
from svdesk.ui.folders import documents_folder
from svdesk.ui.formatting import count
from svdesk.ui.plain_text import literal, rich_label
from svdesk.ui.theme import BAD_COLOUR, MARGIN, SPACING, muted_label, value_label

DATE_FORMAT = "d MMMM yyyy"
_LANGUAGES = {
    LetterLanguage.BILINGUAL: "Bilingual: Welsh, then English",
    LetterLanguage.WELSH: "Welsh",
    LetterLanguage.ENGLISH: "English",
}


def letters_name(regime: Regime) -> str:
    """``Assessment summaries (Procurement Act 2023)``: what the letters are under ``regime``."""
    from svdesk.documents.letter_terms import bundled_terms

    document = bundled_terms(regime).document
    plural = document[:-1] + "ies" if document.endswith("y") else document + "s"
    where = ", devolved Welsh authority" if regime is Regime.PROCUREMENT_ACT_2023_WALES else ""
    return f"{plural} ({regime.law}{where})"


def default_folder(reference: str) -> Path:
    return documents_folder() / f"{reference} letters"


class LetterOptions(QWidget):
    """The form of the Letters dialog; ``changed`` is emitted whenever a choice changes."""

    changed = Signal()

    def __init__(
        self,
        regime: Regime,
        reference: str,
        letters: int,
        lots: int,
        today: dt.date,
        parent: QWidget | None = None,
        holidays: Holidays | None = None,
    ) -> None:
        super().__init__(parent)
        self._regime = regime
        self._today = today
        self._act = regime.under_act
        self._reference = reference
        self._notice_follows = True  # until the user picks a notice date of their own
        self._standstill_ok = True
        self.regime_label = value_label(regime.law, self)
        self.kind_label = value_label(letters_name(regime), self)
        what = f"{count(letters, 'letter')}: one for each bid in {count(lots, 'lot')}"
        self.count_label = muted_label(what, self, wrap=False)
        self.letter_date = self._date_edit(QDate(today.year, today.month, today.day))
        self.letter_date.setToolTip("The date the letters carry and are sent on")
        self.notice_date = self._date_edit(self.letter_date.date())
        self.notice_date.setMinimumDate(self.letter_date.date())
        self.notice_date.setToolTip(
            "The day the contract award notice is to be published; the standstill period "
            "begins with it. It cannot be before the letters are sent."
        )
        self.send_date = self._date_edit(self.letter_date.date())
        self.send_date.setMinimumDate(self.letter_date.date())
        self.send_date.setToolTip(
            "The day the notices are sent by email; the standstill period runs from it"
        )
        # Whose bank holidays count: the tender's setting, kept on the tender when written.
        self.holidays_box = QComboBox(self)
        for choice in holiday_choices(regime):
            self.holidays_box.addItem(_holiday_text(choice), choice.value)
        chosen = self.holidays_box.findData((holidays or holiday_choices(regime)[0]).value)
        self.holidays_box.setCurrentIndex(max(chosen, 0))
        self.holidays_box.setEnabled(self.holidays_box.count() > 1)
        self.holidays_box.setToolTip(
            "Which bank holidays are not working days when the standstill period is counted"
        )
        # The language of the letters: offered where the bundled templates have Welsh.
        self.language_box = QComboBox(self)
        for language, text in _LANGUAGES.items():
            self.language_box.addItem(text, language.value)
        self.language_box.setCurrentIndex(
            self.language_box.findData(LetterLanguage.default_for(regime).value)
        )
        self.language_box.setToolTip(
            "A bilingual letter gives the Welsh first, then the English, in one file"
        )
        self.standstill_label = rich_label(self)  # every value in it escaped
        self.pdf_box = QCheckBox("PDF", self)
        self.pdf_box.setChecked(True)
        self.docx_box = QCheckBox("Word (.docx)", self)
        self.docx_box.setToolTip("An editable copy of each letter, for teams that finish in Word")
        self.folder_edit = QLineEdit(str(default_folder(reference)), self)
        self.folder_edit.setCursorPosition(0)
        self.folder_edit.setToolTip("The folder the letters and index.csv are written into")
        self.browse_button = QPushButton("Browse…", self)
        self.templates_box = QCheckBox("Use my own letter templates…", self)
        self.templates_box.setToolTip(
            "Write the letters from a folder of edited copies of the letter templates"
        )
        self.templates_edit = QLineEdit(self)
        self.templates_edit.setPlaceholderText("A folder holding <regime>/letter.md.j2")
        self.templates_button = QPushButton("Browse…", self)
        self.templates_row = _row(self, self.templates_edit, self.templates_button)
        self.templates_row.hide()
        self.logo_box = QCheckBox("Add a letterhead logo…", self)
        self.logo_box.setToolTip("Print your organisation's logo at the top of each letter")
        self.logo_edit = QLineEdit(self)
        self.logo_edit.setPlaceholderText("A PNG or JPEG image")
        self.logo_button = QPushButton("Browse…", self)
        self.logo_row = _row(self, self.logo_edit, self.logo_button)
        self.logo_row.hide()
        self._lay_out()

        self.letter_date.dateChanged.connect(self._on_letter_date_date_changed)
        self.notice_date.dateChanged.connect(self._on_notice_date_date_changed)
        self.send_date.dateChanged.connect(self._on_send_date_date_changed)
        self.holidays_box.currentIndexChanged.connect(self._on_holidays_box_current_index_changed)
        self.language_box.currentIndexChanged.connect(self.changed)
        for box in (self.pdf_box, self.docx_box, self.templates_box, self.logo_box):
            box.toggled.connect(self.changed)
        for edit in (self.folder_edit, self.templates_edit, self.logo_edit):
            edit.textChanged.connect(self.changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.templates_box.toggled.connect(self._on_templates_box_toggled)
        self.templates_button.clicked.connect(self._on_templates_button_clicked)
        self.logo_box.toggled.connect(self._on_logo_box_toggled)
        self.logo_button.clicked.connect(self._on_logo_button_clicked)
        self._update_standstill()

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(MARGIN * 2)
        form.setVerticalSpacing(SPACING + 2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        formats = QHBoxLayout()
        formats.setSpacing(MARGIN * 2)
        formats.addWidget(self.pdf_box)
        formats.addWidget(self.docx_box)
        formats.addStretch(1)
        notice_note = muted_label("the day it is to be published", self, wrap=False)
        notice_row = _row(self, self.notice_date, notice_note, stretch=True)

        form.addRow(self._caption("Regime"), self.regime_label)
        form.addRow(self._caption("Letters"), self.kind_label)
        form.addRow("", self.count_label)
        form.addRow(self._caption("Letter date"), _row(self, self.letter_date, stretch=True))
        form.addRow(self._caption("Contract award notice"), notice_row)
        form.setRowVisible(notice_row, self._act)
        send_row = _row(self, self.send_date, stretch=True)
        form.addRow(self._caption("Sent on"), send_row)
        form.setRowVisible(send_row, not self._act)
        form.addRow(self._caption("Working days"), _row(self, self.holidays_box, stretch=True))
        form.addRow("", self.standstill_label)
        language_row = _row(self, self.language_box, stretch=True)
        form.addRow(self._caption("Language"), language_row)
        form.setRowVisible(language_row, self._regime is Regime.PROCUREMENT_ACT_2023_WALES)
        form.addRow(self._caption("Formats"), formats)
        form.addRow(self._caption("Save in"), _row(self, self.folder_edit, self.browse_button))
        form.addRow("", self.templates_box)
        form.addRow("", self.templates_row)
        form.addRow("", self.logo_box)
        form.addRow("", self.logo_row)

    def _caption(self, text: str) -> QLabel:
        return muted_label(text, self, wrap=False)

    def _date_edit(self, date: QDate) -> QDateEdit:
        edit = QDateEdit(date, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("30 September 2026") + 60)
        return edit

    # -- what the user chose ---------------------------------------------------------------
    def dates(self) -> tuple[dt.date, dt.date | None]:
        """The letter date, and the notice date (the Act's; None under the regulations)."""
        letter = self.letter_date.date().toPython()
        notice = self.notice_date.date().toPython()
        # QDate.toPython() is typed as object in PySide6's stubs; a QDate is always a date.
        assert isinstance(letter, dt.date)
        assert isinstance(notice, dt.date)
        return letter, notice if self._act else None

    def sent_on(self) -> dt.date | None:
        """The day the notices are sent (the 2015 regulations; None under the Act)."""
        sent = self.send_date.date().toPython()
        assert isinstance(sent, dt.date)  # typed as object in PySide6's stubs
        return None if self._act else sent

    def holidays(self) -> Holidays:
        return Holidays(self.holidays_box.currentData())

    def language(self) -> LetterLanguage:
        return LetterLanguage(self.language_box.currentData())

    def formats(self) -> tuple[str, ...]:
        chosen = (("pdf", self.pdf_box), ("docx", self.docx_box))
        return tuple(name for name, box in chosen if box.isChecked())

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def template_folder(self) -> Path | None:
        text = self.templates_edit.text().strip()
        return Path(text).expanduser() if self.templates_box.isChecked() and text else None

    def logo(self) -> Path | None:
        text = self.logo_edit.text().strip()
        return Path(text).expanduser() if self.logo_box.isChecked() and text else None

    def standstill_ok(self) -> bool:
        """Whether the dates give a standstill period (a notice before the letters does not)."""
        return self._standstill_ok

    def set_editable(self, editable: bool) -> None:
        for widget in (
            self.letter_date,
            self.notice_date,
            self.send_date,
            self.pdf_box,
            self.docx_box,
            self.folder_edit,
            self.browse_button,
            self.templates_box,
            self.templates_row,
            self.logo_box,
            self.logo_row,
        ):
            widget.setEnabled(editable)

    # -- keeping it up to date ----------------------------------------------------------------
    def _update_standstill(self) -> None:
        letter, notice = self.dates()
        sent = self.sent_on()
        label = self.standstill_label
        try:
            period = standstill(self._regime, letter, notice, self.holidays(), sent)
        except ValueError as exc:
            label.setWordWrap(True)
            label.setText(html.escape(str(exc)))
            label.setStyleSheet(f"color: {BAD_COLOUR};")
            label.setToolTip("")
            self._standstill_ok = False
        else:
            text = f"Standstill ends at <b>{html.escape(period.describe())}</b>"
            late = sent is not None and sent < self._today
            if sent is not None and late:
                text += html.escape(
                    f". These letters say they are sent on {long_date(sent)}, which has "
                    "passed: sent later, the standstill period ends later than they state."
                )
            label.setWordWrap(late)
            label.setText(text)
            label.setStyleSheet(f"color: {BAD_COLOUR};" if late else "")
            label.setToolTip(literal(period.basis))
            self._standstill_ok = True
        self.changed.emit()

    @Slot(QDate)
    def _on_letter_date_date_changed(self, date: QDate) -> None:
        follows = self._notice_follows
        sent_follows = self.send_date.date() == self.send_date.minimumDate()
        self.notice_date.setMinimumDate(date)  # moves a notice date before it up to it
        self.send_date.setMinimumDate(date)
        if follows:
            self.notice_date.setDate(date)
        if sent_follows:
            self.send_date.setDate(date)
        self._notice_follows = follows
        self._update_standstill()

    @Slot(QDate)
    def _on_send_date_date_changed(self, _date: QDate) -> None:
        self._update_standstill()

    @Slot(int)
    def _on_holidays_box_current_index_changed(self, _index: int) -> None:
        self._update_standstill()

    @Slot(QDate)
    def _on_notice_date_date_changed(self, date: QDate) -> None:
        self._notice_follows = date == self.letter_date.date()
        self._update_standstill()

    @Slot(bool)
    def _on_templates_box_toggled(self, checked: bool) -> None:
        self.templates_row.setVisible(checked)
        if checked and not self.templates_edit.text():
            self._on_templates_button_clicked()

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        start = self.folder() or default_folder(self._reference)
        while not start.exists() and start.parent != start:
            start = start.parent
        path = QFileDialog.getExistingDirectory(self, "Save the letters in", str(start))
        if path:
            self.folder_edit.setText(path)
            self.folder_edit.setCursorPosition(0)

    @Slot()
    def _on_templates_button_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, "Choose your letter templates folder", self.templates_edit.text()
        )
        if path:
            self.templates_edit.setText(path)

    @Slot(bool)
    def _on_logo_box_toggled(self, checked: bool) -> None:
        self.logo_row.setVisible(checked)
        if checked and not self.logo_edit.text():
            self._on_logo_button_clicked()

    @Slot()
    def _on_logo_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose the letterhead logo",
            self.logo_edit.text(),
            "Images (*.png *.jpg *.jpeg);;All files (*)",
        )
        if path:
            self.logo_edit.setText(path)
            self.logo_edit.setCursorPosition(0)


def _holiday_text(holidays: Holidays) -> str:
    if holidays is Holidays.UNITED_KINGDOM:
        return "Bank holidays anywhere in the United Kingdom"
    return f"Working days in {holidays.place}"


def _row(parent: QWidget, *widgets: QWidget, stretch: bool = False) -> QWidget:
    """``widgets`` side by side: the first one grows, or (``stretch``) all keep their width."""
    holder = QWidget(parent)
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(SPACING + 4 if stretch else SPACING)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 0 if stretch or i else 1)
    if stretch:
        layout.addStretch(1)
    return holder
