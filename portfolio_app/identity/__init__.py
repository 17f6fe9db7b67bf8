"""The learner's identity and secrets (no Qt).

* :mod:`.service` — the use cases the CLI and GUI call (status, create, rotate, export,
  change passphrase, signing keys for export, keys for backup/restore).
* :mod:`.backup_crypto` — passphrase encryption of whole backups.
* Below them: :mod:`.identity` (key material, certificates), :mod:`.store` (the ``keys/``
  folder), :mod:`.sealed` and :mod:`.envelope` (the encrypted file format), :mod:`.kek`
  (keychain vetting and timeouts), :mod:`.kdf` (Argon2id limits).

Private keys, seeds and KEKs exist unsealed only in memory.
"""
