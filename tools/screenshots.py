"""Render the window's main views offscreen into PNGs (``make screenshots``) for the README.

A temporary profile gets the bundled sample credentials, signing keys (a throwaway passphrase,
no keychain touched) and a small definition the samples partly meet, so every page shows real
content.  Usage: ``QT_QPA_PLATFORM=offscreen python tools/screenshots.py docs/screenshots [de]``
(a language code renders the translated pages, to check that longer text still fits).
"""

# ruff: noqa: PLC0415 - Qt is imported inside main(), after QT_QPA_PLATFORM is set
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1120, 720)
PASSPHRASE = "screenshots only, thrown away"  # noqa: S105 - a throwaway temp profile
DEMO_DEFINITION = {
    "id": "demo.career-centre.open-badges-starter",
    "name": "Open Badges Starter (demo)",
    "awarding_body": "Career Centre (demo)",
    "example": True,
    "requirements": {
        "type": "all",
        "label": "Starter",
        "children": [
            {"type": "match", "label": "Teamwork badge", "achievement_id":
             "https://example.com/achievements/21st-century-skills/teamwork"},
            {"type": "match", "label": "Capstone project", "achievement_id":
             "https://career-centre.example/achievements/capstone"},
        ],
    },
}



def _skill(name: str, code: str) -> dict[str, object]:
    return {"type": ["Alignment"], "targetName": name, "targetFramework": "ESCO (demo)",
            "targetCode": code, "targetUrl": f"https://esco.example/skill/{code}"}


# An unsigned demo credential (self-reported: it shows as not verified) that names skills, so
# the Skills page has something to show; the samples name none.
DEMO_CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2",
                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "id": "urn:uuid:5d1c7a52-9f0e-4a8e-8d0b-2b7f3c9e0a11",
    "issuer": {"id": "https://career-centre.example/issuer", "type": ["Profile"],
               "name": "Career Centre (demo)"},
    "validFrom": "2026-03-01T00:00:00Z",
    "name": "Data Analysis Basics (demo)",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://career-centre.example/achievements/data-basics",
            "type": ["Achievement"],
            "name": "Data Analysis Basics (demo)",
            "description": "A demo credential for the screenshots.",
            "criteria": {"narrative": "Complete the workshop."},
            "alignment": [_skill("Data analysis", "S1.2.3"), _skill("Teamwork", "T2.1"),
                          _skill("Presenting results", "S1.4.0")],
        },
    },
}


def main(out: Path, language: str = "en") -> int:
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from portfolio_app.services import pages_facade
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.ui.export_wizard import ExportWizard
    from portfolio_app.ui.main_window import MainWindow
    from portfolio_app.ui.tasks import SynchronousRunner
    from portfolio_app.ui.welcome_dialog import show_welcome

    keyring.set_keyring(fail.Keyring())  # never the real keychain
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Learner Portfolio")
    from portfolio_app.ui.i18n import install_translations

    install_translations(language)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    with tempfile.TemporaryDirectory(prefix="portfolio-shots-") as tmp:
        data_dir = Path(tmp) / "profile"
        definition = Path(tmp) / "starter.json"
        definition.write_text(json.dumps(DEMO_DEFINITION), encoding="utf-8")
        demo = Path(tmp) / "data-analysis-basics-demo.json"
        demo.write_text(json.dumps(DEMO_CREDENTIAL), encoding="utf-8")
        with Portfolio(data_dir) as portfolio:
            portfolio.import_paths([*portfolio.sample_paths(), demo])
            pages_facade.add_definition_file(portfolio, definition)
            pages_facade.set_learner_name(portfolio, "Alex Example")
            portfolio.set_learner_emails(add=["alex@example.org"])
            pages_facade.create_identity(portfolio, "Alex Example", PASSPHRASE)
            pages_facade.set_welcomed(portfolio)
            window = MainWindow(portfolio, SynchronousRunner())
            window.resize(*SIZE)
            window.show()
            for key in ("wallet", "qualifications", "skills", "settings"):
                window.show_page(key)
                if key == "qualifications":
                    tree = window.stack.currentWidget().view.tree  # type: ignore[attr-defined]
                    for row in range(tree.topLevelItemCount()):
                        item = tree.topLevelItem(row)
                        item.setExpanded(item.text(0) == DEMO_DEFINITION["name"])
                shoot(window, key)

            welcome = show_welcome(window)
            shoot(welcome, "welcome")
            welcome.reject()

            wizard = ExportWizard(
                portfolio,
                SynchronousRunner(),
                ask=lambda _parent, _title, _label: PASSPHRASE,
                check_portfolio=lambda: None,
                parent=window,
            )
            wizard.include.include_unverified.setChecked(True)
            wizard.show()
            shoot(wizard, "export-choose")
            for _ in range(3):
                wizard.next()
            shoot(wizard, "export-preview")
            wizard.next()
            shoot(wizard, "export-save")
            wizard.reject()
            window.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"),
            sys.argv[2] if len(sys.argv) > 2 else "en",
        )
    )
