"""Use cases for the learner's keys, called by the CLI (``portfolio keys …``) and the GUI.

Each function takes the profile folder and what the user typed, and returns a frozen result
from :mod:`.results`.  Passphrases arrive as arguments (the shells decide how to ask);
``limits`` and ``keychain_timeout`` are injectable so tests run fast and never hang.
Errors are :class:`~portfolio_app.identity.errors.IdentityError` subclasses with one sentence.

Nothing is written until every check has passed, so a wrong passphrase changes no file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from portfolio_app.fsutil import PUBLIC_MODE, atomic_write
from portfolio_app.identity.envelope import KdfKind
from portfolio_app.identity.errors import (
    IdentityError,
    IdentityExists,
    KeychainUnavailable,
    PassphraseRequired,
)
from portfolio_app.identity.identity import (
    INSTITUTION,
    KeyMaterial,
    certificate_for,
    certificate_pem,
    certificate_summary,
    load_institution_pkcs12,
    pdf_public_jwk,
)
from portfolio_app.identity.kdf import KdfLimits, check_new_passphrase, default_limits
from portfolio_app.identity.kek import (
    DEFAULT_TIMEOUT,
    Protection,
    ProtectionMode,
    choose_protection,
    effective_mode,
)
from portfolio_app.identity.results import (
    CertificateImported,
    IdentityCreated,
    KeysForBackup,
    KeysRestored,
    KeysRotated,
    KeysStatus,
    PassphraseChanged,
    PublicKeys,
    SigningKeys,
)
from portfolio_app.identity.sealed import (
    SealingKey,
    keychain_holds_key,
    new_keychain_key,
    new_passphrase_key,
    sealed_spec,
)
from portfolio_app.identity.store import (
    SEALED_FILE,
    KeyFolder,
    public_record,
    unlock_material,
)
from portfolio_app.identity.transfer import keys_for_backup, restore_keys
from portfolio_app.verify.didkey import did_key_verification_method

__all__ = [
    "CertificateImported",
    "IdentityCreated",
    "KeysForBackup",
    "KeysRestored",
    "KeysRotated",
    "KeysStatus",
    "PassphraseChanged",
    "PublicKeys",
    "SigningKeys",
    "change_passphrase",
    "create_identity",
    "export_public",
    "import_institution_certificate",
    "keys_for_backup",
    "keys_status",
    "load_signing_keys",
    "restore_keys",
    "rotate",
]

PUBLIC_EXPORT_FILE = "identity-public.json"
PUBLIC_CERT_FILE = "pdf-certificate.pem"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


# ----------------------------------------------------------------------------- status


def keys_status(data_dir: Path, *, keychain_timeout: float = DEFAULT_TIMEOUT) -> KeysStatus:
    """Say which protection is (or would be) in use, whether it is secure, and why."""
    folder = KeyFolder(data_dir)
    keychain = choose_protection(timeout=keychain_timeout)
    if not folder.exists():
        return KeysStatus(
            exists=False,
            did=None,
            name=None,
            protection=keychain.kind.value,
            secure=True,
            usable=True,
            reason=f"no identity yet; {keychain.reason}",
            problems=(),
            keychain=keychain.to_json(),
            kdf=None,
            needs_passphrase=keychain.kind is KdfKind.PASSPHRASE,
            pdf_source=None,
            pdf_certificate=None,
            key_count=0,
        )
    blob = folder.read_sealed()
    spec = sealed_spec(blob)
    problems: list[str] = []
    try:
        history = folder.read_history()
    except IdentityError as exc:
        history = {"keys": []}
        problems.append(str(exc))
    current = history["keys"][-1] if history["keys"] else {}
    usable = True
    if spec.kind is KdfKind.KEYCHAIN:
        reason = f"keys are sealed under a random key kept in the OS keychain ({keychain.reason})"
        kdf = None
        try:
            if keychain.keychain is None:
                raise KeychainUnavailable("; ".join(keychain.refusals))
            keychain_holds_key(blob, keychain.keychain)
        except KeychainUnavailable as exc:
            usable = False
            reason = f"keys are kept with the OS keychain, which cannot open them now: {exc}"
    else:
        assert spec.limits is not None  # guaranteed by the envelope parser
        kdf = spec.limits.describe()
        reason = f"keys are sealed under your passphrase ({kdf})"
        if keychain.kind is KdfKind.PASSPHRASE and keychain.refusals:
            reason += "; no keychain is used: " + "; ".join(keychain.refusals)
        if spec.limits.weak:
            problems.append(f"the passphrase key derivation is weaker than recommended ({kdf})")
    problems.extend(_permission_problems(folder))
    return KeysStatus(
        exists=True,
        did=current.get("did"),
        name=history.get("name"),
        protection=spec.kind.value,
        secure=not problems,
        usable=usable,
        reason=reason,
        problems=tuple(problems),
        keychain=keychain.to_json(),
        kdf=kdf,
        needs_passphrase=spec.kind is KdfKind.PASSPHRASE,
        pdf_source=current.get("pdf_source"),
        pdf_certificate=current.get("pdf_certificate"),
        key_count=len(history["keys"]),
    )


def _permission_problems(folder: KeyFolder) -> list[str]:
    """On shared lab machines other users must not be able to read the keys folder."""
    if os.name != "posix":
        return []
    problems = []
    if folder.path.stat().st_mode & 0o077:
        problems.append(f"the keys folder {folder.path} can be opened by other users")
    if folder.sealed_path.stat().st_mode & 0o077:
        problems.append(f"{SEALED_FILE} can be read by other users")
    return problems


# ----------------------------------------------------------------------------- create


def _new_sealing_key(
    mode: ProtectionMode, passphrase: str | None, limits: KdfLimits | None, timeout: float
) -> tuple[SealingKey, Protection]:
    """Pick the protection for new keys (and store a new KEK if it is the keychain)."""
    mode, who = effective_mode(mode)  # the machine config may decide (kek.effective_mode)
    if mode == "passphrase":
        chosen = Protection(
            KdfKind.PASSPHRASE, reason=f"keys are sealed under your passphrase (Argon2id), {who}"
        )
    else:
        chosen = choose_protection(timeout=timeout, mode=mode)
        if mode == "keychain" and chosen.keychain is None:
            raise KeychainUnavailable(f"the OS keychain cannot be used: {chosen.reason}")
    if chosen.keychain is not None:
        return new_keychain_key(chosen.keychain), chosen
    if passphrase is None:
        raise PassphraseRequired(f"a passphrase is needed to protect the keys ({chosen.reason})")
    check_new_passphrase(passphrase)
    return new_passphrase_key(passphrase, limits or default_limits()), chosen


def create_identity(
    data_dir: Path,
    *,
    name: str,
    passphrase: str | None = None,
    protection: ProtectionMode = "auto",
    limits: KdfLimits | None = None,
    keychain_timeout: float = DEFAULT_TIMEOUT,
    now: dt.datetime | None = None,
) -> IdentityCreated:
    """Make the learner's Ed25519 identity and self-signed PDF certificate, sealed.

    ``auto`` uses the OS keychain when an acceptable one answers, else the passphrase.
    """
    folder = KeyFolder(data_dir)
    name = name.strip()
    if not name:
        raise IdentityError("a name is needed for the PDF-signing certificate")
    if folder.exists():
        raise IdentityExists(
            "this profile already has an identity; use 'portfolio keys rotate' for new keys"
        )
    when = _now(now)
    material = KeyMaterial.generate()
    cert = certificate_for(material, name, now=when)
    key, chosen = _new_sealing_key(protection, passphrase, limits, keychain_timeout)
    with folder.all_or_nothing():  # a full disk midway leaves no half identity
        folder.write_sealed(key.seal(material.to_payload()))
        folder.write_certificate((cert,))
        folder.write_history(name, [public_record(material, (cert,), when)])
    return IdentityCreated(
        material.did, name, key.spec.kind.value, chosen.reason, certificate_summary(cert)
    )


# ----------------------------------------------------------------------------- unlock


def load_signing_keys(
    data_dir: Path, *, passphrase: str | None = None, keychain_timeout: float = DEFAULT_TIMEOUT
) -> SigningKeys:
    """Open the keys for signing an export (PDF signature + embedded presentation)."""
    folder = KeyFolder(data_dir)
    _key, material = unlock_material(folder, passphrase, keychain_timeout)
    certs = folder.read_certificates()
    return SigningKeys(
        did=material.did,
        verification_method=did_key_verification_method(material.ed25519_public),
        ed25519=material.ed25519,
        pdf_key=material.pdf_key,
        pdf_certificate=certs[0],
        pdf_chain=certs[1:],
    )


# ----------------------------------------------------------------------------- rotate


def _reseal(folder: KeyFolder, old: SealingKey, material: KeyMaterial) -> None:
    """Seal ``material`` with the same kind of protection: a new KEK in the keychain (the old
    entry is removed once the new file is in place), or the same passphrase-derived key."""
    if old.keychain is not None:
        new = new_keychain_key(old.keychain)
        try:
            folder.write_sealed(new.seal(material.to_payload()))
        except BaseException:
            old.keychain.delete(new.spec.kek_id)
            raise
        old.keychain.delete(old.spec.kek_id)
    else:
        folder.write_sealed(old.seal(material.to_payload()))


def rotate(
    data_dir: Path,
    *,
    passphrase: str | None = None,
    keychain_timeout: float = DEFAULT_TIMEOUT,
    now: dt.datetime | None = None,
) -> KeysRotated:
    """New keys; the old public keys stay in the history so earlier exports still verify.

    A self-signed PDF key is rotated with the identity; an institution certificate is kept
    (the career centre issues its replacement).
    """
    folder = KeyFolder(data_dir)
    key, old = unlock_material(folder, passphrase, keychain_timeout)
    history = folder.read_history()
    when = _now(now)
    keep_pdf = old.pdf_source == INSTITUTION
    new = old.with_new_identity(keep_pdf_key=keep_pdf)
    if keep_pdf:
        certs = folder.read_certificates()
    else:
        certs = (certificate_for(new, str(history.get("name") or "Learner"), now=when),)
    keys: list[dict[str, Any]] = history["keys"]
    keys[-1]["retired"] = when.isoformat()
    keys.append(public_record(new, certs, when))
    # A full disk midway keeps the old keys usable: the public files are put back, and the
    # sealed file goes last because resealing drops the old keychain entry once it is written.
    with folder.all_or_nothing():
        folder.write_certificate(certs)
        folder.write_history(str(history.get("name") or ""), keys)
        _reseal(folder, key, new)
    return KeysRotated(new.did, old.did, not keep_pdf, len(keys))


# ----------------------------------------------------------------------------- export


def export_public(data_dir: Path, *, out_dir: Path | None = None) -> PublicKeys:
    """The public keys (did:key, multibase, JWK), certificate and key history; no unlock.

    With ``out_dir``, also writes ``identity-public.json`` and ``pdf-certificate.pem`` there.
    """
    folder = KeyFolder(data_dir)
    history = folder.read_history()
    current = folder.current()
    certs = folder.read_certificates()
    document: dict[str, Any] = {
        "name": history.get("name"),
        "did": current["did"],
        "verificationMethod": current["verificationMethod"],
        "publicKeyMultibase": current["publicKeyMultibase"],
        "publicKeyJwk": current["publicKeyJwk"],
        "pdfSource": current.get("pdf_source"),
        "pdfPublicJwk": pdf_public_jwk(certs[0]),
        "pdfCertificate": certificate_summary(certs[0]),
        "pdfCertificatePem": certificate_pem(certs).decode("ascii"),
        "history": history["keys"],
    }
    files: tuple[str, ...] = ()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        doc_path, pem_path = out_dir / PUBLIC_EXPORT_FILE, out_dir / PUBLIC_CERT_FILE
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        atomic_write(doc_path, text.encode("utf-8"), mode=PUBLIC_MODE)
        atomic_write(pem_path, certificate_pem(certs), mode=PUBLIC_MODE)
        files = (str(doc_path), str(pem_path))
    return PublicKeys(document, files)


# ----------------------------------------------------------------------------- passphrase


def change_passphrase(
    data_dir: Path,
    *,
    new_passphrase: str,
    old_passphrase: str | None = None,
    limits: KdfLimits | None = None,
    keychain_timeout: float = DEFAULT_TIMEOUT,
) -> PassphraseChanged:
    """Re-seal the keys under ``new_passphrase`` (fresh salt).

    Keys kept with the keychain move to the passphrase (the keychain entry is removed), which
    is how a profile is prepared for a machine without a keychain.
    """
    check_new_passphrase(new_passphrase)
    folder = KeyFolder(data_dir)
    old_key, material = unlock_material(folder, old_passphrase, keychain_timeout)
    new_key = new_passphrase_key(new_passphrase, limits or default_limits())
    folder.write_sealed(new_key.seal(material.to_payload()))
    if old_key.keychain is not None:
        old_key.keychain.delete(old_key.spec.kek_id)
    assert new_key.spec.limits is not None
    return PassphraseChanged(material.did, KdfKind.PASSPHRASE.value, new_key.spec.limits.describe())


# ----------------------------------------------------------------------------- institution


def import_institution_certificate(
    data_dir: Path,
    p12: bytes,
    p12_password: str | None,
    *,
    passphrase: str | None = None,
    keychain_timeout: float = DEFAULT_TIMEOUT,
    now: dt.datetime | None = None,
) -> CertificateImported:
    """Use a career centre's certificate (PKCS#12) for PDF signatures instead of our own."""
    when = _now(now)
    imported = load_institution_pkcs12(p12, p12_password, now=when)
    folder = KeyFolder(data_dir)
    key, material = unlock_material(folder, passphrase, keychain_timeout)
    updated = KeyMaterial(material.ed25519, imported.key, INSTITUTION)
    certs = (imported.certificate, *imported.chain)
    history = folder.read_history()
    keys: list[dict[str, Any]] = history["keys"]
    keys[-1]["retired"] = when.isoformat()
    keys.append(public_record(updated, certs, when))
    with folder.all_or_nothing():
        folder.write_sealed(key.seal(updated.to_payload()))
        folder.write_certificate(certs)
        folder.write_history(str(history.get("name") or ""), keys)
    return CertificateImported(material.did, certificate_summary(imported.certificate))
