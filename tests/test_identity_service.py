"""The learner's keys from create to backup, as the CLI and GUI use them."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import nacl.signing
import pytest
from _identity_support import (
    PASSPHRASE,
    MemoryKeyring,
    fast_kdf,
    find_leaks,
    private_material,
    use_keyring,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from keyring.backends import fail

from portfolio_app.identity import kdf, service
from portfolio_app.identity.backup_crypto import decrypt_with_passphrase, encrypt_with_passphrase
from portfolio_app.identity.errors import (
    CertificateImportError,
    IdentityExists,
    SealedFileDamaged,
    WrongPassphrase,
)
from portfolio_app.identity.store import KeyFolder
from portfolio_app.verify.didkey import ed25519_public_key_from_did_key

__all__ = ["fast_kdf", "use_keyring"]
LOW = kdf.TEST_LIMITS


@pytest.fixture
def no_keychain(use_keyring) -> None:
    use_keyring(fail.Keyring())


@pytest.fixture
def profile(tmp_path: Path, no_keychain: None, fast_kdf: kdf.KdfLimits) -> Path:
    data_dir = tmp_path / "profile"
    service.create_identity(data_dir, name="Ada Lovelace", passphrase=PASSPHRASE)
    return data_dir


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_create_gives_a_did_key_and_a_pdf_certificate_in_the_learners_name(
    profile: Path,
) -> None:
    keys = service.load_signing_keys(profile, passphrase=PASSPHRASE)
    assert keys.did.startswith("did:key:z6Mk")
    assert ed25519_public_key_from_did_key(keys.did) == bytes(keys.ed25519.verify_key)
    cert = keys.pdf_certificate
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Ada Lovelace"
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=365 * 5) <= lifetime <= dt.timedelta(days=365 * 5 + 2)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert keys.did in san.get_values_for_type(x509.UniformResourceIdentifier)
    # The key and the certificate belong together and can sign.
    signature = keys.pdf_key.sign(b"pdf bytes", ec.ECDSA(hashes.SHA256()))  # type: ignore[call-arg, arg-type]
    cert.public_key().verify(signature, b"pdf bytes", ec.ECDSA(hashes.SHA256()))  # type: ignore[call-arg, arg-type]


def test_keys_folder_is_private_and_only_the_sealed_file_holds_secrets(profile: Path) -> None:
    folder = KeyFolder(profile)
    assert folder.path.stat().st_mode & 0o777 == 0o700
    assert folder.sealed_path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in folder.path.iterdir()) == [
        "pdf_certificate.pem", "public_keys.json", "secrets.sealed"]


def test_create_twice_is_refused(profile: Path) -> None:
    with pytest.raises(IdentityExists, match="rotate"):
        service.create_identity(profile, name="Ada", passphrase=PASSPHRASE)


@pytest.mark.parametrize("protection", ["passphrase", "keychain"])
def test_no_private_key_material_on_disk_after_create_export_rotate_and_backup(
    tmp_path: Path, use_keyring, fast_kdf, protection: str
) -> None:
    memory = use_keyring(MemoryKeyring()) if protection == "keychain" else None
    if memory is None:
        use_keyring(fail.Keyring())
    data_dir = tmp_path / "profile"
    service.create_identity(data_dir, name="Ada Lovelace", passphrase=PASSPHRASE)
    secrets = {f"first {k}": v for k, v in private_material(data_dir, PASSPHRASE, memory).items()}
    status = service.keys_status(data_dir)
    service.export_public(data_dir, out_dir=data_dir / "export-1")
    service.rotate(data_dir, passphrase=PASSPHRASE)
    secrets.update({f"rotated {k}": v
                    for k, v in private_material(data_dir, PASSPHRASE, memory).items()})
    service.export_public(data_dir, out_dir=data_dir / "export-2")
    for_backup = service.keys_for_backup(data_dir, "backup passphrase", passphrase=PASSPHRASE,
                                         limits=LOW)
    bundle = json.dumps({k: v.hex() for k, v in for_backup.files.items()}).encode()
    (data_dir / "backup.lpbak").write_bytes(
        encrypt_with_passphrase(bundle, "backup passphrase", limits=LOW))
    for name, data in for_backup.files.items():  # the unencrypted inner files, too
        (data_dir / "inner" / name).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / "inner" / name).write_bytes(data)
    (data_dir / "status.json").write_text(json.dumps(status.to_json()))

    assert len(secrets) >= 16
    assert find_leaks(data_dir, secrets) == []


def test_the_scanner_does_find_a_leak(profile: Path) -> None:
    """Guard against a scanner that can never fail."""
    import base64

    secrets = private_material(profile, PASSPHRASE)
    seed = secrets["ed25519 seed"]
    (profile / "leak.txt").write_bytes(b"xx" + base64.b64encode(b"q" + seed) + b"yy")
    assert find_leaks(profile, secrets) == ["leak.txt: ed25519 seed"]


def test_nothing_prints_a_private_key(profile: Path) -> None:
    keys = service.load_signing_keys(profile, passphrase=PASSPHRASE)
    seed_hex = bytes(keys.ed25519).hex()
    texts = [repr(keys), str(keys), json.dumps(keys.to_json()),
             repr(service.keys_status(profile))]
    for text in texts:
        assert seed_hex not in text and "PRIVATE KEY" not in text
    assert "private keys hidden" in repr(keys)


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(profile: Path) -> None:
    before = _snapshot(profile)
    time.sleep(0.01)
    with pytest.raises(WrongPassphrase, match="passphrase does not open the keys"):
        service.rotate(profile, passphrase="not my passphrase")
    with pytest.raises(WrongPassphrase):
        service.change_passphrase(profile, old_passphrase="not my passphrase",
                                  new_passphrase="a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        service.load_signing_keys(profile, passphrase="not my passphrase")
    assert _snapshot(profile) == before


@pytest.mark.parametrize("offset", [-1, -40, 70])
def test_tampered_sealed_file_is_a_clear_error(profile: Path, offset: int) -> None:
    sealed = KeyFolder(profile).sealed_path
    blob = bytearray(sealed.read_bytes())
    blob[offset] ^= 0x40
    sealed.write_bytes(bytes(blob))
    with pytest.raises(SealedFileDamaged, match="damaged or altered"):
        service.load_signing_keys(profile, passphrase=PASSPHRASE)


def test_rotation_keeps_old_public_keys_so_earlier_exports_still_verify(profile: Path) -> None:
    old = service.load_signing_keys(profile, passphrase=PASSPHRASE)
    signed_last_year = old.ed25519.sign(b"presentation")
    rotated = service.rotate(profile, passphrase=PASSPHRASE)
    assert rotated.previous_did == old.did and rotated.did != old.did and rotated.pdf_rotated

    exported = service.export_public(profile).to_json()
    assert exported["did"] == rotated.did
    first, second = exported["history"]
    assert first["did"] == old.did and first["retired"] and second["retired"] is None
    old_key = nacl.signing.VerifyKey(ed25519_public_key_from_did_key(first["did"]))
    assert old_key.verify(signed_last_year) == b"presentation"
    old_cert = x509.load_pem_x509_certificate(first["pdf_certificate_pem"].encode())
    assert old_cert == old.pdf_certificate


def test_export_public_writes_public_files(profile: Path, tmp_path: Path) -> None:
    result = service.export_public(profile, out_dir=tmp_path / "out")
    doc = json.loads((tmp_path / "out" / "identity-public.json").read_text())
    assert doc["did"] == result.did
    assert doc["publicKeyJwk"]["kty"] == "OKP" and doc["publicKeyJwk"]["crv"] == "Ed25519"
    assert doc["pdfPublicJwk"]["crv"] == "P-256"
    assert doc["publicKeyMultibase"] == result.did.removeprefix("did:key:")
    pem = (tmp_path / "out" / "pdf-certificate.pem").read_bytes()
    assert x509.load_pem_x509_certificate(pem)


def test_change_passphrase_reseals(profile: Path) -> None:
    did = service.load_signing_keys(profile, passphrase=PASSPHRASE).did
    changed = service.change_passphrase(profile, old_passphrase=PASSPHRASE,
                                        new_passphrase="a brand new passphrase")
    assert changed.did == did
    with pytest.raises(WrongPassphrase):
        service.load_signing_keys(profile, passphrase=PASSPHRASE)
    assert service.load_signing_keys(profile, passphrase="a brand new passphrase").did == did


def test_backup_from_one_profile_restores_into_another_with_the_same_did(
    profile: Path, tmp_path: Path
) -> None:
    did = service.load_signing_keys(profile, passphrase=PASSPHRASE).did
    for_backup = service.keys_for_backup(profile, "the backup passphrase",
                                         passphrase=PASSPHRASE, limits=LOW)
    bundle = json.dumps({k: v.hex() for k, v in for_backup.files.items()}).encode()
    blob = encrypt_with_passphrase(bundle, "the backup passphrase", limits=LOW)

    with pytest.raises(WrongPassphrase):
        decrypt_with_passphrase(blob, PASSPHRASE)
    files = {k: bytes.fromhex(v)
             for k, v in json.loads(decrypt_with_passphrase(blob, "the backup passphrase")).items()}
    other = tmp_path / "other-machine"
    restored = service.restore_keys(other, files, "the backup passphrase")
    assert restored.did == did and restored.restored and restored.protection == "passphrase"
    again = service.load_signing_keys(other, passphrase="the backup passphrase")
    assert again.did == did
    assert service.export_public(other).document["history"] == \
        service.export_public(profile).document["history"]


def test_restore_moves_keys_under_the_keychain_when_there_is_one(
    profile: Path, tmp_path: Path, use_keyring
) -> None:
    files = service.keys_for_backup(profile, "the backup passphrase", passphrase=PASSPHRASE,
                                    limits=LOW).files
    use_keyring(MemoryKeyring())
    restored = service.restore_keys(tmp_path / "other", files, "the backup passphrase")
    assert restored.protection == "keychain"
    assert service.load_signing_keys(tmp_path / "other").did == restored.did


def test_restore_refuses_to_replace_a_different_identity(profile: Path, tmp_path: Path) -> None:
    files = service.keys_for_backup(profile, "the backup passphrase", passphrase=PASSPHRASE,
                                    limits=LOW).files
    other = tmp_path / "other"
    service.create_identity(other, name="Someone Else", passphrase=PASSPHRASE)
    with pytest.raises(IdentityExists, match="another identity"):
        service.restore_keys(other, files, "the backup passphrase")


def _institution_p12(password: bytes, *, key: object | None = None) -> bytes:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    user_key = key or ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Career Centre CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ada (Career Centre)")]))
        .issuer_name(ca_name)
        .public_key(user_key.public_key())  # type: ignore[attr-defined]
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"ada", user_key, cert, None,  # type: ignore[arg-type]
        serialization.BestAvailableEncryption(password))


def test_institution_certificate_replaces_the_self_signed_one(profile: Path) -> None:
    did = service.load_signing_keys(profile, passphrase=PASSPHRASE).did
    imported = service.import_institution_certificate(
        profile, _institution_p12(b"p12-pass"), "p12-pass", passphrase=PASSPHRASE)
    assert "Career Centre" in imported.pdf_certificate["subject"]
    keys = service.load_signing_keys(profile, passphrase=PASSPHRASE)
    assert keys.did == did
    assert "Career Centre CA" in keys.pdf_certificate.issuer.rfc4514_string()
    rotated = service.rotate(profile, passphrase=PASSPHRASE)
    assert not rotated.pdf_rotated  # the institution's certificate is kept
    assert service.load_signing_keys(profile, passphrase=PASSPHRASE).pdf_certificate == \
        keys.pdf_certificate


def test_pkcs12_with_wrong_password_or_ed25519_key_is_refused(profile: Path) -> None:
    before = _snapshot(profile)
    with pytest.raises(CertificateImportError, match="wrong password"):
        service.import_institution_certificate(
            profile, _institution_p12(b"p12-pass"), "nope", passphrase=PASSPHRASE)
    with pytest.raises(CertificateImportError, match="RSA and ECDSA"):
        service.import_institution_certificate(
            profile, _institution_p12(b"p", key=ed25519.Ed25519PrivateKey.generate()), "p",
            passphrase=PASSPHRASE)
    assert _snapshot(profile) == before


@pytest.mark.slow
def test_real_passphrase_fallback_with_default_limits(
    tmp_path: Path, no_keychain: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real thing: default Argon2id limits, no keychain.  Prints how long it takes.

    The bound is on CPU time (``time.process_time``): Argon2id runs on one thread, so its CPU
    time is the work the limits ask for, while the wall clock also counts every other process
    on a shared machine (this assertion on wall time failed under load).
    """
    assert kdf.default_limits() == kdf.MODERATE
    started = time.perf_counter()
    created = service.create_identity(tmp_path, name="Ada Lovelace", passphrase=PASSPHRASE)
    t_create = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.thread_time()
    keys = service.load_signing_keys(tmp_path, passphrase=PASSPHRASE)
    t_unlock = time.perf_counter() - started
    cpu_unlock = time.thread_time() - cpu_started
    status = service.keys_status(tmp_path)
    with capsys.disabled():
        print(f"\n[argon2id {kdf.MODERATE.describe()}] create {t_create:.2f} s, "
              f"unlock {t_unlock:.2f} s wall, {cpu_unlock:.2f} s CPU")
    assert keys.did == created.did
    assert status.secure and status.kdf == kdf.MODERATE.describe()
    assert cpu_unlock < 5
