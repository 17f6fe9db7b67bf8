"""Key-encryption keys (KEKs): from the OS keychain when it is a real one, else a passphrase.

The private keys are sealed under a 32-byte KEK.  Where it comes from decides how safe the
keys are at rest, so this module is strict about the keychain:

* ``keyring`` happily returns backends that are not keychains at all: ``fail`` (nothing
  available — the default on headless Linux and on this project's lab images), ``null``
  (disabled), and the ``keyrings.alt`` file backends, which ``keyring`` picks *silently* when
  that package is installed and which write secrets to a file in plaintext (or under their
  own interactive password).  All of these are refused, each with a reason the UI shows.
* A chainer backend is looked through: the first acceptable backend in it is used directly,
  so a write can never fall through to a plaintext backend further down the chain.
* Every keychain call runs in a daemon thread with a timeout: a locked Secret Service on a
  machine without a desktop session waits forever for an unlock prompt nobody can see.
  Daemon, not a ``ThreadPoolExecutor`` worker, because those are joined at interpreter exit
  and a hung one would stop the app from quitting.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

import keyring
from keyring.backends.chainer import ChainerBackend

from portfolio_app.identity.envelope import KEK_ID_BYTES, KdfKind
from portfolio_app.identity.errors import KeychainUnavailable
from portfolio_app.identity.kdf import KEY_BYTES

#: What the learner asked for: the keychain when acceptable, the keychain only, a passphrase.
ProtectionMode = Literal["auto", "keychain", "passphrase"]
KEYCHAIN_SERVICE = "LearnerPortfolio"
DEFAULT_TIMEOUT = 10.0
_PROBE_USER = "probe"

T = TypeVar("T")


def run_with_timeout(fn: Callable[[], T], timeout: float, doing: str) -> T:
    """Run ``fn`` in a daemon thread; :class:`KeychainUnavailable` on timeout or error.

    The error names what we were doing and the exception *type*; the exception text goes to
    ``detail`` only, as a backend could in principle echo what it was given.
    """
    result: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            result.append(fn())
        except BaseException as exc:
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=work, name=f"keychain: {doing}", daemon=True).start()
    if not done.wait(timeout):
        raise KeychainUnavailable(
            f"the keychain did not answer within {timeout:g} s while {doing} "
            "(it may be locked, or waiting for an unlock prompt that cannot be shown)"
        )
    if failure:
        exc = failure[0]
        raise KeychainUnavailable(
            f"the keychain failed while {doing} ({type(exc).__name__})", detail=str(exc)
        ) from None
    return result[0]


def backend_label(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def refusal_reason(backend: object) -> str | None:
    """Why ``backend`` cannot hold a KEK, or ``None`` when it is an acceptable keychain."""
    cls = type(backend)
    module, name, label = cls.__module__, cls.__name__.lower(), backend_label(backend)
    if module.startswith("keyring.backends.fail"):
        return "no OS keychain is available on this machine (keyring offers only its fail backend)"
    if module.startswith("keyring.backends.null"):
        return "the keychain is switched off (keyring's null backend)"
    if module.startswith("keyrings.alt") or "plaintext" in name or "unencrypted" in name:
        return (
            f"the keyring backend {label} keeps secrets in a file on disk "
            "(plaintext or its own password prompt), not in an OS keychain; refused"
        )
    try:
        priority = float(getattr(backend, "priority", 0))
    except Exception:
        priority = 0.0
    if priority <= 0:
        return f"the keyring backend {label} reports itself as not usable (priority {priority:g})"
    return None


@dataclass(frozen=True)
class KeychainChoice:
    """The backend to use (or ``None``) and every reason a candidate was refused."""

    backend: Any | None
    refusals: tuple[str, ...]


def find_keychain(timeout: float = DEFAULT_TIMEOUT) -> KeychainChoice:
    """Vet ``keyring``'s backend (looking inside a chainer) and probe it with a timeout."""
    backend = run_with_timeout(keyring.get_keyring, timeout, "looking for the keychain")
    if isinstance(backend, ChainerBackend):
        candidates = list(backend.backends)
        if not candidates:
            return KeychainChoice(None, ("keyring found no keychain backend to use",))
    else:
        candidates = [backend]
    refusals: list[str] = []
    for candidate in candidates:
        reason = refusal_reason(candidate)
        if reason is None:
            _probe(candidate, timeout)
            return KeychainChoice(candidate, tuple(refusals))
        refusals.append(reason)
    return KeychainChoice(None, tuple(refusals))


def _probe(backend: Any, timeout: float) -> None:
    """One harmless read, so a locked or hanging keychain is found before we rely on it."""

    def read() -> object:
        return backend.get_password(KEYCHAIN_SERVICE, _PROBE_USER)

    run_with_timeout(read, timeout, "checking that the keychain answers")


class KeychainKek:
    """Random KEKs stored in an (already vetted) keychain backend, one entry per KEK id."""

    def __init__(self, backend: Any, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._backend = backend
        self.timeout = timeout
        self.label = backend_label(backend)

    def __repr__(self) -> str:
        return f"KeychainKek({self.label}, timeout={self.timeout:g})"

    @staticmethod
    def _user(kek_id: bytes) -> str:
        if len(kek_id) != KEK_ID_BYTES:
            raise ValueError("a KEK id has 16 bytes")
        return f"kek-{kek_id.hex()}"

    def store(self, kek_id: bytes, kek: bytes) -> None:
        """Save ``kek`` and read it back: some backends accept a write and keep nothing."""
        user, text = self._user(kek_id), base64.b64encode(kek).decode("ascii")
        run_with_timeout(
            lambda: self._backend.set_password(KEYCHAIN_SERVICE, user, text),
            self.timeout,
            "saving the key-encryption key",
        )
        if self.load(kek_id) != kek:
            raise KeychainUnavailable("the keychain did not keep the key-encryption key")

    def load(self, kek_id: bytes) -> bytes:
        user = self._user(kek_id)
        text = run_with_timeout(
            lambda: self._backend.get_password(KEYCHAIN_SERVICE, user),
            self.timeout,
            "reading the key-encryption key",
        )
        if text is None:
            raise KeychainUnavailable(
                "the keychain has no key for this profile's keys (made on another machine or "
                "user account?); restore them from a backup with its passphrase"
            )
        try:
            kek = base64.b64decode(str(text), validate=True)
        except (binascii.Error, ValueError):
            kek = b""
        if len(kek) != KEY_BYTES:
            raise KeychainUnavailable("the keychain entry for this profile's keys is damaged")
        return kek

    def delete(self, kek_id: bytes) -> None:
        """Forget a KEK that no longer seals anything; failures are ignored (nothing leaks)."""
        user = self._user(kek_id)
        with contextlib.suppress(KeychainUnavailable):
            run_with_timeout(
                lambda: self._backend.delete_password(KEYCHAIN_SERVICE, user),
                self.timeout,
                "removing an old key-encryption key",
            )


@dataclass(frozen=True)
class Protection:
    """Which protection new keys get, and why.

    ``secure`` is true for both kinds: keys are never stored unsealed.  It turns false only in
    :func:`portfolio_app.identity.service.keys_status` for what it finds on disk (weak limits,
    files other users can read).
    """

    kind: KdfKind
    reason: str
    refusals: tuple[str, ...] = ()
    keychain: KeychainKek | None = field(default=None, compare=False)
    secure: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "secure": self.secure,
            "reason": self.reason,
            "backend": self.keychain.label if self.keychain else None,
            "refused": list(self.refusals),
        }


def effective_mode(requested: ProtectionMode = "auto") -> tuple[ProtectionMode, str]:
    """The protection mode in force, and who decided it.

    The machine config's ``key_protection`` (a lab without a usable keychain says
    ``passphrase``, so nobody waits for a keychain that never answers) applies when the
    learner asks ``auto``, and always when the machine locks it; asking otherwise than a
    locked mode raises :class:`~portfolio_app.config.SettingLocked`.
    """
    from portfolio_app import config  # noqa: PLC0415

    layers = config.current()
    resolved = layers.resolve("key_protection")
    machine_mode = cast("ProtectionMode", resolved.value)
    if requested != "auto" and not resolved.locked:
        return requested, "as asked"
    if resolved.locked and requested not in ("auto", machine_mode):
        layers.ensure_changeable("key_protection")
    if resolved.layer == config.MACHINE:
        return machine_mode, f"as this machine's configuration says ({layers.machine.file})"
    return machine_mode, "as asked" if requested != "auto" else "the default"


def choose_protection(
    *, timeout: float = DEFAULT_TIMEOUT, mode: ProtectionMode = "auto"
) -> Protection:
    """The OS keychain when an acceptable one answers in time, else a passphrase (Argon2id);
    a passphrase without asking the keychain when the mode in force says so."""
    chosen_mode, who = effective_mode(mode)
    if chosen_mode == "passphrase":
        return Protection(
            KdfKind.PASSPHRASE,
            reason=f"keys are sealed under a passphrase (Argon2id), {who}",
        )
    try:
        choice = find_keychain(timeout)
    except KeychainUnavailable as exc:
        return Protection(
            KdfKind.PASSPHRASE,
            reason=f"keys are sealed under a passphrase (Argon2id) because {exc}",
            refusals=(str(exc),),
        )
    if choice.backend is None:
        why = "; ".join(choice.refusals)
        return Protection(
            KdfKind.PASSPHRASE,
            reason=f"keys are sealed under a passphrase (Argon2id) because {why}",
            refusals=choice.refusals,
        )
    kek = KeychainKek(choice.backend, timeout=timeout)
    return Protection(
        KdfKind.KEYCHAIN,
        reason=f"keys are sealed under a random key kept in the OS keychain ({kek.label})",
        refusals=choice.refusals,
        keychain=kek,
    )
