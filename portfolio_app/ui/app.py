"""Start the GUI: one QApplication, one Portfolio, one main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from portfolio_app.errors import PortfolioError
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.main_window import MainWindow


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Learner Portfolio")
    app.setOrganizationName("LearnerPortfolio")
    try:
        portfolio = Portfolio()
    except PortfolioError as exc:
        QMessageBox.critical(None, "Cannot open your portfolio", str(exc))
        return 1
    with portfolio:
        window = MainWindow(portfolio)
        window.show()
        return int(app.exec())
