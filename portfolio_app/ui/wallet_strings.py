"""Text the window shows that is chosen at run time (status words, field labels, advice).

``lupdate`` finds only literal strings, so each such text is listed here once with
``QT_TRANSLATE_NOOP`` in the ``Wallet`` context, and shown through :func:`tr_wallet`.
``tests/test_gui_translations.py`` checks that every status word, field label and piece of
advice the services hand out is listed, so none can slip past the translators.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "Wallet"


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation (``lupdate`` reads the call); return it unchanged."""
    return text


def tr_wallet(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


DYNAMIC: tuple[str, ...] = (
    # column headers
    QT_TRANSLATE_NOOP("Wallet", "Title"),
    QT_TRANSLATE_NOOP("Wallet", "Issuer"),
    QT_TRANSLATE_NOOP("Wallet", "Issued"),
    QT_TRANSLATE_NOOP("Wallet", "Format"),
    QT_TRANSLATE_NOOP("Wallet", "Status"),
    # status words
    QT_TRANSLATE_NOOP("Wallet", "verified"),
    QT_TRANSLATE_NOOP("Wallet", "tampered"),
    QT_TRANSLATE_NOOP("Wallet", "expired"),
    QT_TRANSLATE_NOOP("Wallet", "revoked"),
    QT_TRANSLATE_NOOP("Wallet", "unverifiable"),
    QT_TRANSLATE_NOOP("Wallet", "self-reported"),
    QT_TRANSLATE_NOOP("Wallet", "malformed"),
    QT_TRANSLATE_NOOP("Wallet", "unsupported"),
    QT_TRANSLATE_NOOP("Wallet", "not yet valid"),
    QT_TRANSLATE_NOOP("Wallet", "not checked"),
    # what each status means
    QT_TRANSLATE_NOOP("Wallet", "The issuer's signature checks out and ties to the issuer."),
    QT_TRANSLATE_NOOP(
        "Wallet", "The credential was changed after it was issued, or the key is wrong."
    ),
    QT_TRANSLATE_NOOP("Wallet", "The credential is past its expiry date."),
    QT_TRANSLATE_NOOP("Wallet", "The issuer has revoked this credential."),
    QT_TRANSLATE_NOOP("Wallet", "Something needed to check it is missing; see the details."),
    QT_TRANSLATE_NOOP("Wallet", "Nothing cryptographic backs it (a PDF certificate)."),
    QT_TRANSLATE_NOOP("Wallet", "The credential cannot be read as its format requires."),
    QT_TRANSLATE_NOOP("Wallet", "This kind of credential is kept but not verified by this app."),
    QT_TRANSLATE_NOOP("Wallet", "The credential is not valid yet."),
    QT_TRANSLATE_NOOP("Wallet", "Not checked yet."),
    QT_TRANSLATE_NOOP("Wallet", "recognised issuer"),
    QT_TRANSLATE_NOOP("Wallet", "self-described issuer"),
    # check outcomes
    QT_TRANSLATE_NOOP("Wallet", "passed"),
    QT_TRANSLATE_NOOP("Wallet", "failed"),
    # field labels (services/results.py)
    QT_TRANSLATE_NOOP("Wallet", "Issuer id"),
    QT_TRANSLATE_NOOP("Wallet", "Valid from"),
    QT_TRANSLATE_NOOP("Wallet", "Valid until"),
    QT_TRANSLATE_NOOP("Wallet", "Recipient"),
    QT_TRANSLATE_NOOP("Wallet", "Credential id"),
    QT_TRANSLATE_NOOP("Wallet", "Achievement id"),
    QT_TRANSLATE_NOOP("Wallet", "Verify at"),
    QT_TRANSLATE_NOOP("Wallet", "Original file"),
    QT_TRANSLATE_NOOP("Wallet", "Imported"),
    QT_TRANSLATE_NOOP("Wallet", "Issuer name"),
    QT_TRANSLATE_NOOP("Wallet", "Achievement name"),
    QT_TRANSLATE_NOOP("Wallet", "Credits"),
    QT_TRANSLATE_NOOP("Wallet", "Note"),
    # what the learner can do (services/results.py)
    QT_TRANSLATE_NOOP(
        "Wallet",
        "Add the email address this badge was issued to (Settings → emails), then re-verify.",
    ),
    QT_TRANSLATE_NOOP(
        "Wallet",
        "Import your career centre's or issuer's trust bundle (Tools → trust bundles), or "
        "check online if you allow the network.",
    ),
    QT_TRANSLATE_NOOP(
        "Wallet", "Import a trust bundle holding the issuer's profile, or check online."
    ),
    QT_TRANSLATE_NOOP(
        "Wallet",
        "Check online (the issuer's hosted copy is needed), or import a trust bundle that "
        "holds it.",
    ),
    QT_TRANSLATE_NOOP(
        "Wallet",
        "Check online to see whether the issuer has revoked it, or import a trust bundle with "
        "the issuer's status list.",
    ),
    QT_TRANSLATE_NOOP("Wallet", "Check online to see whether the issuer has revoked it."),
    QT_TRANSLATE_NOOP(
        "Wallet",
        "Import a registry of recognised issuers (a trust bundle from your career centre) to "
        "see whether this issuer is recognised.",
    ),
    QT_TRANSLATE_NOOP("Wallet", "Import the EU trust list in a trust bundle, or check online."),
    QT_TRANSLATE_NOOP(
        "Wallet", "Check online to fetch the issuer's key, or import a trust bundle that holds it."
    ),
    QT_TRANSLATE_NOOP(
        "Wallet", "Import a trust bundle that holds what is missing, or check online."
    ),
    # the file dialog's filter
    QT_TRANSLATE_NOOP(
        "Wallet", "Credentials (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;All files (*)"
    ),
)
