"""Layout of the first-run welcome: what the app does, in four lines, and two ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Learner Portfolio"))
        self.setMinimumWidth(520)
        text = QLabel(
            self.tr(
                "<h2>Welcome</h2>"
                "<p>Learner Portfolio keeps the badges and certificates you have earned in one "
                "place on this computer, and checks each one: who issued it, whether it was "
                "changed, whether it has expired or been revoked.</p>"
                "<p>It shows how far you are towards a qualification, and makes a signed PDF "
                "portfolio for an employer or a university.</p>"
                "<p>Nothing leaves this computer unless you ask.</p>"
            )
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.samples = QPushButton(self.tr("Add sample credentials"))
        self.samples.setDefault(True)
        self.samples.setAccessibleName(self.tr("Add a few real public sample credentials"))
        self.empty = QPushButton(self.tr("Start with an empty wallet"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.empty)
        buttons.addWidget(self.samples)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(text)
        layout.addLayout(buttons)
