"""Settings and identity: the learner's name, emails, how the keys are protected (and changing
the passphrase), trust bundles, whether the network may be used, where the data lives, and the
interface language.

Every read and write goes through the runner, off the GUI thread; each change is saved as it
is made (no Apply button to forget), and the status line says what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import QFileDialog, QTreeWidgetItem, QVBoxLayout, QWidget

from portfolio_app.identity.errors import PassphraseRequired
from portfolio_app.identity.kdf import KdfLimits
from portfolio_app.identity.results import KeysStatus
from portfolio_app.services import pages_facade
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.ui.i18n import LANGUAGES
from portfolio_app.ui.pages import AskSecret, ask_new_secret, ask_secret, explain, tell, translate
from portfolio_app.ui.settings_view import SettingsView
from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

if TYPE_CHECKING:
    from portfolio_app.services.verification import TrustImportSummary

ChooseFolder = Callable[[QWidget], Path | None]


def choose_bundle_folder(parent: QWidget) -> Path | None:
    title = translate("pages", "Choose a trust bundle folder")
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


@dataclass(frozen=True)
class Bundle:
    name: str
    items: int
    as_of: str


@dataclass(frozen=True)
class SettingsState:
    name: str
    emails: tuple[str, ...]
    network: bool
    language: str
    bundles: tuple[Bundle, ...]


def read_state(portfolio: Portfolio) -> SettingsState:
    """Everything the page shows, read in one go (on a worker thread)."""
    grouped: dict[str, list[Any]] = {}
    for item in portfolio.trust_items():
        grouped.setdefault(item.bundle, []).append(item)
    bundles = []
    for name, items in sorted(grouped.items()):
        dates = [i.as_of for i in items if i.as_of is not None]
        bundles.append(Bundle(name, len(items), max(dates).date().isoformat() if dates else ""))
    return SettingsState(
        pages_facade.learner_name(portfolio),
        portfolio.learner_emails,
        portfolio.network_allowed,
        pages_facade.language(portfolio),
        tuple(bundles),
    )


class SettingsPage(QWidget):
    def __init__(
        self,
        portfolio: Portfolio,
        runner: Runner,
        *,
        ask: AskSecret = ask_secret,
        ask_new: AskSecret = ask_new_secret,
        choose_folder: ChooseFolder = choose_bundle_folder,
        kdf_limits: KdfLimits | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self._runner = runner
        self._ask = ask
        self._ask_new = ask_new
        self._choose_folder = choose_folder
        self._limits = kdf_limits
        self._filling = False
        self.state: SettingsState | None = None
        self.keys_status: KeysStatus | None = None
        self.view = v = SettingsView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(v)
        v.language.addItem(self.tr("System default"), "")
        for code, name in LANGUAGES:
            v.language.addItem(name, code)
        v.data_dir.setText(str(portfolio.data_dir))
        v.save_name.clicked.connect(self.save_name)
        v.name.returnPressed.connect(self.save_name)
        v.add_email.clicked.connect(self.add_email)
        v.new_email.returnPressed.connect(self.add_email)
        v.remove_email.clicked.connect(self.remove_email)
        v.network.toggled.connect(self.set_network)
        v.language.currentIndexChanged.connect(self._language_chosen)
        v.import_trust.clicked.connect(self.import_trust)
        v.remove_trust.clicked.connect(self.remove_trust)
        v.create_keys.clicked.connect(self.create_keys)
        v.change_passphrase.clicked.connect(self.change_passphrase)
        v.open_data_dir.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(portfolio.data_dir)))
        )
        if portfolio.read_only:
            for widget in (
                v.save_name,
                v.add_email,
                v.remove_email,
                v.network,
                v.language,
                v.import_trust,
                v.remove_trust,
                v.create_keys,
                v.change_passphrase,
            ):
                widget.setEnabled(False)
            v.status.setText(self.tr("This profile is read-only: settings cannot be changed."))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    # -- reading ------------------------------------------------------------------------------

    def load(self) -> None:
        portfolio = self._portfolio
        self._runner.start(lambda _c: read_state(portfolio), self._loaded)
        self._runner.start(lambda _c: portfolio.keys_status(), self._keys_loaded)

    def _loaded(self, result: TaskResult[SettingsState]) -> None:
        if self._failed(result):
            return
        state = result.value
        assert state is not None
        self.state = state
        v = self.view
        self._filling = True
        try:
            v.name.setText(state.name)
            v.emails.clear()
            v.emails.addItems(list(state.emails))
            v.network.setChecked(state.network)
            v.language.setCurrentIndex(max(0, v.language.findData(state.language)))
            v.trust.clear()
            for bundle in state.bundles:
                v.trust.addTopLevelItem(
                    QTreeWidgetItem([bundle.name, str(bundle.items), bundle.as_of])
                )
        finally:
            self._filling = False

    def _keys_loaded(self, result: TaskResult[KeysStatus]) -> None:
        status = result.value
        v = self.view
        if status is None:
            v.keys.setText(self.tr("Key status unknown: {why}").format(why=result.error))
            return
        self.keys_status = status
        protection = {
            "keychain": self.tr("the system keychain"),
            "passphrase": self.tr("your passphrase"),
        }.get(status.protection, status.protection)
        if not status.exists:
            text = self.tr(
                "No signing keys yet. They are made when you first export, or now with "
                "“Create signing keys…”; they would be protected by {how}."
            ).format(how=protection)
        elif status.secure and status.usable:
            text = self.tr("Protected by {how} (secure).").format(how=protection)
        elif not status.usable:
            text = self.tr("Protected by {how}, which cannot open them now.").format(how=protection)
        else:
            text = self.tr("Protected by {how}, but NOT secure.").format(how=protection)
        details = [status.reason, *status.problems]
        v.keys.setText(text + "\n" + "\n".join(d for d in details if d))
        writable = not self._portfolio.read_only
        v.create_keys.setVisible(not status.exists)
        v.create_keys.setEnabled(writable)
        v.change_passphrase.setVisible(status.exists)
        v.change_passphrase.setEnabled(writable and status.usable)

    def _failed(self, result: TaskResult[Any]) -> bool:
        if result.error is None:
            return False
        error = result.error
        fallback = self.tr("Settings could not be read or saved ({kind}).")
        self.view.status.setText(explain(error, fallback.format(kind=type(error).__name__)))
        return True

    def _saved(self, message: str) -> Callable[[TaskResult[Any]], None]:
        def done(result: TaskResult[Any]) -> None:
            if not self._failed(result):
                self.view.status.setText(message)
                self.load()

        return done

    # -- changes ------------------------------------------------------------------------------

    def save_name(self) -> None:
        name, portfolio = self.view.name.text(), self._portfolio
        self._runner.start(
            lambda _c: pages_facade.set_learner_name(portfolio, name),
            self._saved(self.tr("Name saved.")),
        )

    def add_email(self) -> None:
        email, portfolio = self.view.new_email.text().strip(), self._portfolio
        if not email:
            return
        self.view.new_email.clear()
        self._runner.start(
            lambda _c: portfolio.set_learner_emails(add=[email]),
            self._saved(self.tr("Email address added.")),
        )

    def remove_email(self) -> None:
        item = self.view.emails.currentItem()
        if item is None:
            return
        email, portfolio = item.text(), self._portfolio
        self._runner.start(
            lambda _c: portfolio.set_learner_emails(remove=[email]),
            self._saved(self.tr("Email address removed.")),
        )

    def set_network(self, allowed: bool) -> None:
        if self._filling:
            return
        portfolio = self._portfolio

        def work(_c: TaskControl) -> None:
            portfolio.network_allowed = allowed

        message = (
            self.tr("Online checks allowed when you ask for them.")
            if allowed
            else self.tr("Nothing will be fetched from the network.")
        )
        self._runner.start(work, self._saved(message))

    def _language_chosen(self, index: int) -> None:
        if self._filling:
            return
        code, portfolio = str(self.view.language.itemData(index) or ""), self._portfolio
        self._runner.start(
            lambda _c: pages_facade.set_language(portfolio, code),
            self._saved(self.tr("Language saved; it applies when the app next starts.")),
        )

    def import_trust(self) -> None:
        folder = self._choose_folder(self)
        if folder is None:
            return
        portfolio = self._portfolio

        def work(_c: TaskControl) -> TrustImportSummary:
            return portfolio.import_trust_bundle(folder)

        def done(result: TaskResult[TrustImportSummary]) -> None:
            if self._failed(result):
                return
            summary = result.value
            assert summary is not None
            self.view.status.setText(
                self.tr("{bundle}: {added} added, {replaced} replaced.").format(
                    bundle=folder.name, added=summary.added, replaced=summary.replaced
                )
            )
            self.load()

        self._runner.start(work, done)

    def remove_trust(self) -> None:
        item = self.view.trust.currentItem()
        if item is None:
            return
        bundle, portfolio = item.text(0), self._portfolio
        self._runner.start(
            lambda _c: portfolio.remove_trust(bundle),
            self._saved(self.tr("Removed the bundle “{name}”.").format(name=bundle)),
        )

    # -- keys ---------------------------------------------------------------------------------

    def create_keys(self) -> None:
        name = self.view.name.text().strip()
        if not name:
            tell(
                self,
                self.tr("Create signing keys"),
                self.tr("Enter your name first: it goes into the signing certificate."),
            )
            return
        self._create(name, None)

    def _create(self, name: str, passphrase: str | None) -> None:
        portfolio, limits = self._portfolio, self._limits

        def work(_c: TaskControl) -> str:
            pages_facade.set_learner_name(portfolio, name)
            return pages_facade.create_identity(portfolio, name, passphrase, limits=limits).did

        def done(result: TaskResult[str]) -> None:
            if isinstance(result.error, PassphraseRequired) and passphrase is None:
                chosen = self._ask_new(
                    self,
                    self.tr("Create signing keys"),
                    self.tr(
                        "No system keychain is available: choose a passphrase to protect "
                        "your keys (at least 12 characters)."
                    ),
                )
                if chosen:
                    self._create(name, chosen)
                return
            if not self._failed(result):
                self.view.status.setText(self.tr("Signing keys created."))
                self.load()

        self._runner.start(work, done)

    def change_passphrase(self) -> None:
        status = self.keys_status
        old: str | None = None
        if status is not None and status.needs_passphrase:
            old = self._ask(self, self.tr("Change passphrase"), self.tr("Current passphrase:"))
            if old is None:
                return
        new = self._ask_new(
            self, self.tr("Change passphrase"), self.tr("New passphrase (at least 12 characters):")
        )
        if not new:
            return
        portfolio, limits = self._portfolio, self._limits
        self._runner.start(
            lambda _c: pages_facade.change_passphrase(portfolio, new, old, limits=limits),
            self._saved(self.tr("Passphrase changed: your keys are sealed under the new one.")),
        )
