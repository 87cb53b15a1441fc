"""The main window's commands: its actions, menus (File, View, Help) and toolbar.

Shortcuts and icons are set by ``finish()``, once the window has painted: the first
key sequence builds Qt's key enums and the first standard icon loads the style's
icons, and both take longer than painting the whole window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QMainWindow, QToolBar

from svdesk.ui.plain_text import plain_label
from svdesk.ui.text_size import TextSize

Shortcut = QKeySequence.StandardKey | str
SIZE_LABELS = ("&Normal", "&Large", "La&rger", "Lar&gest")  # one access key each


class WindowActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._shortcuts: list[tuple[QAction, Shortcut]] = []
        self.import_action = self._action("&Import pack…", "Ctrl+I")
        self.import_action.setToolTip("Import a tender pack: .xlsx, .zip or OCDS .json (Ctrl+I)")
        self.import_folder_action = self._action("Import pack &folder…")
        self.template_action = self._action("&New pack template…")
        self.template_action.setToolTip(
            "An empty tender pack to fill in, with instructions and drop-down lists"
        )
        self.tender_template_action = self._action("Pack &template of this tender…")
        self.tender_template_action.setToolTip(
            "A pack pre-filled with what is known of this tender (from OCDS, say), to complete"
        )
        self.open_database_action = self._action("&Open database…")
        self.letters_action = self._action("&Letters…", "Ctrl+L")
        self.letters_action.setToolTip(
            "Write the award letters for this tender, or preview one (Ctrl+L)"
        )
        self.review_action = self._action("&Confidentiality review…")
        self.review_action.setToolTip(
            "Before letters: approve, edit or redact what they quote of the winners' tenders"
        )
        self.export_action = self._action("&Export evaluation workbook…", "Ctrl+E")
        self.export_action.setToolTip(
            "Write the evaluation workbook: every score, reason and the ranking, with live "
            "formulas (Ctrl+E)"
        )
        self.report_action = self._action("Evaluation &report…")
        self.report_action.setToolTip(
            "Write the evaluation report (PDF): method, panel, scores, moderation and result"
        )
        self.evaluator_pack_action = self._action("Export e&valuator pack…")
        self.evaluator_pack_action.setToolTip(
            "One evaluator's pack (.zip): their score sheet with the answers and attached "
            "files, to score in svdesk on another computer, without this database"
        )
        self.panel_action = self._action("&Panel…")
        self.panel_action.setToolTip("Who evaluates and who moderates; add a panel member")
        self.score_action = self._action("Sc&ore as a panel member…", "Ctrl+Shift+S")
        self.score_action.setToolTip(
            "Score in the window as one of the panel's evaluators: declarations, then each "
            "answer, kept as you type (Ctrl+Shift+S)"
        )
        self.score_sheet_action = self._action("Write a &score sheet…")
        self.score_sheet_action.setToolTip(
            "An evaluator's workbook: their declarations and a score and justification for "
            "each answer, to fill in Excel or LibreOffice"
        )
        self.import_scores_action = self._action("&Import score sheets…")
        self.import_scores_action.setToolTip(
            "Record the panel's filled score sheets and returned evaluator packs, one or "
            "several at once: each all or none"
        )
        self.consensus_action = self._action("Write the &consensus workbook…")
        self.consensus_action.setToolTip(
            "Opens moderation: the panel's scores side by side, for the agreed scores"
        )
        self.import_consensus_action = self._action("I&mport the consensus workbook…")
        self.import_consensus_action.setToolTip(
            "Record the agreed scores, rationales and reconciliations: all of them, or none"
        )
        self.audit_action = self._action("Check the &audit trail…")
        self.audit_action.setToolTip(
            "Is the record complete and untouched? Every entry, and every figure of the award "
            "against it"
        )
        self.audit_tip_action = self._action("Check against a recorded &tip…")
        self.audit_tip_action.setToolTip(
            "Prove that the trail still extends the tip printed on a document (letters' "
            "index, evaluation workbook, report): that nothing was rewritten since"
        )
        self.who_action = self._action("C&hange who is working…")
        self.who_action.setToolTip(
            "Say who is working on this tender: what they change is recorded in their name"
        )
        self.quit_action = self._action("&Quit", "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = self._action("&About svdesk")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.go_actions = {
            "summary": self._action("Tender &summary", "Ctrl+1"),
            "criteria": self._action("&Criteria", "Ctrl+2"),
            "bidders": self._action("&Bidders", "Ctrl+3"),
            "responses": self._action("&Responses", "Ctrl+4"),
            "results": self._action("Res&ults", "Ctrl+5"),
        }
        for key, action in self.go_actions.items():
            action.setData(key)
        # The whole window's text size (every page, table, dialog), and the answer's own.
        self.text_size_actions = {
            size: self._action(label) for size, label in zip(TextSize, SIZE_LABELS, strict=True)
        }
        self.text_size_group = QActionGroup(window)
        for size, action in self.text_size_actions.items():
            action.setCheckable(True)
            action.setData(size)
            self.text_size_group.addAction(action)
        self.larger_action = self._action("Larg&er text", QKeySequence.StandardKey.ZoomIn)
        self.smaller_action = self._action("S&maller text", QKeySequence.StandardKey.ZoomOut)
        self.normal_size_action = self._action("Normal si&ze", "Ctrl+0")
        self.larger_answer_action = self._action("Larger &answer text", "Ctrl+Alt+=")
        self.smaller_answer_action = self._action("Smaller a&nswer text", "Ctrl+Alt+-")
        self.present_action = self._action("&Present to the room", "Ctrl+Shift+P")
        self.present_action.setCheckable(True)
        self.present_action.setToolTip(
            "Show the response in moderation full screen, in large type, for the room: on the "
            "second screen when there is one (Ctrl+Shift+P; Esc leaves)"
        )
        self.anonymity_action = self._action("Anon&ymity choices…")
        self.anonymity_action.setToolTip(
            "Whether the shared screen hides bidders' names, and whether the consensus "
            "workbook names evaluators as Evaluator A, B, C"
        )
        self.tolerance_action = self._action("Moderation tole&rance…")
        self.tolerance_action.setToolTip(
            "How many steps of the scale the evaluators' scores may lie apart before a "
            "response is discussed first"
        )
        self.navigator_action = self._action("Show na&vigator")
        self.navigator_action.setCheckable(True)
        self.navigator_action.setChecked(True)
        self._make_menus()
        self._make_toolbar()
        self.set_tender_actions_enabled(False)

    def _action(self, text: str, shortcut: Shortcut | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))
        return action

    def _make_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.import_action, self.import_folder_action])
        file_menu.addActions([self.template_action, self.tender_template_action])
        file_menu.addSeparator()
        file_menu.addActions([self.letters_action, self.review_action])
        file_menu.addActions([self.export_action, self.report_action])
        file_menu.addAction(self.evaluator_pack_action)
        file_menu.addSeparator()
        file_menu.addAction(self.open_database_action)
        file_menu.addAction(self.who_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        evaluation_menu = bar.addMenu("&Evaluation")
        evaluation_menu.addActions([self.panel_action, self.score_action])
        evaluation_menu.addSeparator()
        evaluation_menu.addActions([self.score_sheet_action, self.import_scores_action])
        evaluation_menu.addSeparator()
        evaluation_menu.addActions([self.consensus_action, self.import_consensus_action])
        evaluation_menu.addActions([self.anonymity_action, self.tolerance_action])
        evaluation_menu.addSeparator()
        evaluation_menu.addActions([self.audit_action, self.audit_tip_action])
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions(list(self.go_actions.values()))
        self.view_menu.addSeparator()
        self._reading_separator = self.view_menu.addSeparator()
        self.text_size_menu = self.view_menu.addMenu("&Text size")
        self.text_size_menu.addActions(list(self.text_size_actions.values()))
        self.text_size_menu.addSeparator()
        self.text_size_menu.addActions(
            [self.larger_action, self.smaller_action, self.normal_size_action]
        )
        self.view_menu.addActions([self.larger_answer_action, self.smaller_answer_action])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.present_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.navigator_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        toolbar = QToolBar("Tender", self._window)
        toolbar.setObjectName("tenderToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.letters_action)
        toolbar.addSeparator()
        self.tender_chooser = QComboBox(toolbar)
        self.tender_chooser.setMinimumContentsLength(40)
        self.tender_chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tender_chooser.setToolTip("Choose which tender to show")
        self.tender_chooser_actions = (
            toolbar.addWidget(plain_label("  Tender: ", toolbar)),
            toolbar.addWidget(self.tender_chooser),
        )
        self.show_tender_chooser(False)
        self._window.addToolBar(toolbar)
        self.toolbar = toolbar

    def show_text_size(self, size: TextSize) -> None:
        self.text_size_actions[size].setChecked(True)
        self.larger_action.setEnabled(size is not TextSize.LARGEST)
        self.smaller_action.setEnabled(size is not TextSize.NORMAL)

    def add_reading_actions(self, actions: list[QAction]) -> None:
        """The reader's moves (next bidder…) in the View menu, above the text sizes."""
        self.view_menu.insertActions(self._reading_separator, actions)

    def show_tender_chooser(self, visible: bool) -> None:
        for action in self.tender_chooser_actions:
            action.setVisible(visible)

    def set_tender_actions_enabled(self, enabled: bool) -> None:
        for action in self.go_actions.values():
            action.setEnabled(enabled)
        for action in (
            self.tender_template_action,
            self.who_action,
            self.letters_action,
            self.review_action,
            self.export_action,
            self.report_action,
            self.evaluator_pack_action,
            self.panel_action,
            self.score_action,
            self.score_sheet_action,
            self.import_scores_action,
            self.consensus_action,
            self.import_consensus_action,
            self.audit_action,
            self.audit_tip_action,
            self.anonymity_action,
            self.tolerance_action,
            self.present_action,
        ):
            action.setEnabled(enabled)

    def finish(self) -> None:
        """Shortcuts and icons, once the window is on screen."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QStyle

        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._shortcuts.clear()
        icon = self._window.style().standardIcon
        self.import_action.setIcon(icon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.import_folder_action.setIcon(icon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.letters_action.setIcon(icon(QStyle.StandardPixmap.SP_FileDialogContentsView))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
