"""The proof of a Verifiable Presentation: who handed the credentials over, and was it intact.

A presentation's proof says nothing about the credentials inside (each has its own proof and
its own verdict); it says that the holder put them together.  So the result is reported with
the import, not folded into any credential's verdict: "presentation proof: intact, signed by
the holder's own key" or why not.  The same rules as for credentials hold: a key counts only
when bound to the holder (:func:`~portfolio_app.verify.keys.bind_key`), and offline only.
"""

from __future__ import annotations

from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.dataintegrity import proof_list, verify_proofs
from portfolio_app.verify.documents import DocumentSource, EmptySource
from portfolio_app.verify.keys import bind_key


def presentation_proof_note(payload: str, docs: DocumentSource | None = None) -> str:
    """One clause about the presentation's own proof, for the import's message."""
    source = docs if docs is not None else EmptySource()
    try:
        document = load_json_object(payload, what="the presentation")
    except ContentError as exc:
        return f"presentation proof not checked ({exc.reason})"
    if isinstance(document.get("vp"), dict):
        return "presentation proof not checked (a VP-JWT's signature is not checked here)"
    if not proof_list(document):
        return "the presentation has no proof of its own (the holder did not sign it)"
    holder = document.get("holder")
    holder_id = holder.get("id") if isinstance(holder, dict) else holder
    result = verify_proofs(document, docs=source)
    if result.outcome == "failed":
        return f"presentation proof FAILED: {result.detail}"
    if result.outcome != "passed":
        return f"presentation proof not checked: {result.detail}"
    for proof in result.passing:
        if proof.key is None or not proof.verification_method:
            continue
        if isinstance(holder_id, str) and holder_id:
            binding = bind_key(holder_id, proof.verification_method, proof.key, source)
            if binding.outcome == "bound":
                return f"presentation proof intact, signed by the holder ({holder_id})"
            return f"presentation proof intact, but not bound to the holder: {binding.detail}"
    return "presentation proof intact, but it names no holder to tie the key to"
