"""The ``<data_dir>/keys/`` folder: one sealed file, the rest public.

* ``secrets.sealed`` (0600) — both private keys, sealed (:mod:`.sealed`).
* ``public_keys.json`` — the learner's name and every public key the profile ever had, newest
  last, with when it was retired.  Rotation appends instead of replacing, so a portfolio
  exported last year still verifies against the key that signed it.
* ``pdf_certificate.pem`` — the current PDF-signing certificate (and chain, if imported).

The folder is 0700: lab machines are shared.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from portfolio_app.fsutil import PUBLIC_MODE, atomic_write
from portfolio_app.identity.errors import IdentityError, NoIdentity, SealedFileDamaged
from portfolio_app.identity.identity import (
    KeyMaterial,
    certificate_pem,
    certificate_summary,
    pdf_public_jwk,
    public_summary,
)
from portfolio_app.identity.kek import DEFAULT_TIMEOUT
from portfolio_app.identity.sealed import SealingKey, unlock, write_sealed
from portfolio_app.paths import ensure_private_dir

KEYS_DIR = "keys"
SEALED_FILE = "secrets.sealed"
HISTORY_FILE = "public_keys.json"
CERT_FILE = "pdf_certificate.pem"
_HISTORY_VERSION = 1


def public_record(
    material: KeyMaterial, certs: tuple[x509.Certificate, ...], created: dt.datetime
) -> dict[str, Any]:
    """One history entry: public keys only (a test scans for private material)."""
    return {
        **public_summary(material),
        "created": created.isoformat(),
        "retired": None,
        "pdf_source": material.pdf_source,
        "pdf_certificate": certificate_summary(certs[0]),
        "pdf_public_jwk": pdf_public_jwk(certs[0]),
        "pdf_certificate_pem": certificate_pem(certs).decode("ascii"),
    }


@dataclass(frozen=True)
class KeyFolder:
    """Paths and public-file I/O of one profile's keys folder."""

    data_dir: Path

    @property
    def path(self) -> Path:
        return self.data_dir / KEYS_DIR

    @property
    def sealed_path(self) -> Path:
        return self.path / SEALED_FILE

    @property
    def history_path(self) -> Path:
        return self.path / HISTORY_FILE

    @property
    def cert_path(self) -> Path:
        return self.path / CERT_FILE

    def exists(self) -> bool:
        return self.sealed_path.is_file()

    def ensure(self) -> Path:
        return ensure_private_dir(self.path)

    def read_sealed(self) -> bytes:
        if not self.exists():
            raise NoIdentity("this profile has no identity yet (portfolio keys create)")
        return self.sealed_path.read_bytes()

    @contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Put the keys folder back as it was if the block fails (a full disk, a refused write).

        Creating or rotating keys rewrites three files one after another; failing on the
        second must not leave new sealed keys beside an old history (an identity that no longer
        opens).  The old files are kept as hard links, so undoing is a rename and needs no free
        space; where hard links are not supported (FAT) a copy is kept instead.
        """
        targets = (self.sealed_path, self.cert_path, self.history_path)
        kept: dict[Path, Path] = {}
        try:
            for path in targets:
                if path.is_file():
                    undo = path.with_name(f".{path.name}.undo")
                    undo.unlink(missing_ok=True)
                    try:
                        os.link(path, undo)
                    except OSError:
                        shutil.copy2(path, undo)
                    kept[path] = undo
        except OSError:
            for undo in kept.values():
                undo.unlink(missing_ok=True)
            raise
        try:
            yield
        except BaseException:
            for path in targets:
                with suppress(OSError):
                    if path in kept and _same_file(kept[path], path):
                        kept[path].unlink()  # never replaced (rename() of a link is a no-op)
                    elif path in kept:
                        os.replace(kept[path], path)
                    else:
                        path.unlink(missing_ok=True)
            raise
        for undo in kept.values():
            with suppress(OSError):
                undo.unlink()

    def write_sealed(self, blob: bytes) -> None:
        self.ensure()
        write_sealed(self.sealed_path, blob)

    def read_history(self) -> dict[str, Any]:
        if not self.history_path.is_file():
            raise NoIdentity("this profile has no identity yet (portfolio keys create)")
        try:
            data = json.loads(self.history_path.read_text("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
                raise ValueError("no keys list")
        except (OSError, ValueError) as exc:
            raise SealedFileDamaged(
                f"{HISTORY_FILE} is damaged", detail=f"{type(exc).__name__}: {exc}"
            ) from None
        return data

    def current(self) -> dict[str, Any]:
        """The newest public-key record (the one not retired)."""
        keys = self.read_history()["keys"]
        if not keys:
            raise SealedFileDamaged(f"{HISTORY_FILE} lists no keys")
        record: dict[str, Any] = keys[-1]
        return record

    def write_history(self, name: str, keys: list[dict[str, Any]]) -> None:
        self.ensure()
        data = {"version": _HISTORY_VERSION, "name": name, "keys": keys}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.history_path, text.encode("utf-8"), mode=PUBLIC_MODE)

    def write_certificate(self, certs: tuple[x509.Certificate, ...]) -> None:
        self.ensure()
        atomic_write(self.cert_path, certificate_pem(certs), mode=PUBLIC_MODE)

    def read_certificates(self) -> tuple[x509.Certificate, ...]:
        try:
            return tuple(x509.load_pem_x509_certificates(self.cert_path.read_bytes()))
        except FileNotFoundError:
            raise NoIdentity("this profile has no PDF-signing certificate yet") from None
        except ValueError:
            raise SealedFileDamaged(f"{CERT_FILE} is damaged") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def unlock_material(
    folder: KeyFolder, passphrase: str | None, timeout: float = DEFAULT_TIMEOUT
) -> tuple[SealingKey, KeyMaterial]:
    """Open the sealed keys and check they are the identity the public files name."""
    key, payload = unlock(folder.read_sealed(), passphrase=passphrase, keychain_timeout=timeout)
    material = KeyMaterial.from_payload(payload)
    current = folder.current()
    if current.get("did") != material.did:
        raise IdentityError(
            f"the sealed keys and {HISTORY_FILE} name different identities; "
            "restore the keys folder from a backup",
            detail=f"sealed={material.did} history={current.get('did')}",
        )
    return key, material
