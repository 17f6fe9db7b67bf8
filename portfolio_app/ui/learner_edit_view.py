"""The "What you know about it" dialog: the learner's own tags and fields for one credential.

What the learner types is kept apart from what the original says and marked learner-entered
everywhere (``portfolio edit`` is the same use case on the command line). Layout only: the
details controller turns the answers into a :class:`~portfolio_app.services.originals.
LearnerEdit` and saves it off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class LearnerAnswers:
    """What the dialog was told: ``None`` for a field left empty (kept as it was)."""

    tags: tuple[str, ...]
    issuer_name: str | None
    achievement_name: str | None
    note: str | None


class LearnerEditDialog(QDialog):
    def __init__(self, title: str, tags: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What you know about “%1”").replace("%1", title))
        self.setAccessibleName(self.tr("Your own tags and fields"))
        intro = QLabel(
            self.tr(
                "What you enter here is yours: it is kept apart from what the issuer signed and "
                "always shown as entered by you. Leave a field empty to keep what you said before."
            )
        )
        intro.setWordWrap(True)
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setAccessibleName(self.tr("Your tags, separated by commas"))
        self.issuer = QLineEdit()
        self.issuer.setAccessibleName(self.tr("The issuer's name, as you know it"))
        self.achievement = QLineEdit()
        self.achievement.setAccessibleName(self.tr("The achievement's name, as you know it"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("A note for yourself"))
        form = QFormLayout()
        form.addRow(self.tr("&Tags"), self.tags)
        form.addRow(self.tr("&Issuer name"), self.issuer)
        form.addRow(self.tr("&Achievement name"), self.achievement)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def answers(self) -> LearnerAnswers:
        def given(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        tags = tuple(dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip()))
        return LearnerAnswers(tags, given(self.issuer), given(self.achievement), given(self.note))


def ask_learner_edit(parent: QWidget, title: str, tags: tuple[str, ...]) -> LearnerAnswers | None:
    """Show the dialog; ``None`` when the learner cancels."""
    dialog = LearnerEditDialog(title, tags, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answers()
