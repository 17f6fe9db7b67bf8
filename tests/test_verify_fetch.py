"""The explicit online step: fetch what a credential needs into a cache folder, then verify.

A local ``http.server`` on 127.0.0.1 stands in for the issuer; the internet is never used.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from verify_jose_support import NOW, pem, rsa_key, sign_compact

from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.verify.documents import FolderSource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.fetch import FetchError, download, fetch_for, initial_urls
from portfolio_app.verify.ob2 import hash_identity
from portfolio_app.verify.verdict import Status

OB2 = "https://w3id.org/openbadges/v2"


class _Issuer(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, bytes, dict[str, str]]]] = {}
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        status, body, headers = self.routes.get(self.path, (404, b"not found", {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hanging up early (size cap) is expected


@pytest.fixture
def issuer(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    _Issuer.routes = {}
    _Issuer.hits = []
    server = _QuietServer(("127.0.0.1", 0), _Issuer)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve(path: str, value: Any, status: int = 200, **headers: str) -> None:
    body = value if isinstance(value, bytes) else json.dumps(value).encode()
    _Issuer.routes[path] = (status, body, {"Content-Type": "application/json", **headers})


def hosted_graph(base: str) -> dict[str, Any]:
    assertion = {"@context": OB2, "type": "Assertion", "id": f"{base}/assertions/1.json",
                 "recipient": {"type": "email", "hashed": True, "salt": "s",
                               "identity": hash_identity("ada@example.org", "s")},
                 "issuedOn": "2026-03-01T12:00:00Z", "badge": f"{base}/badges/1.json",
                 "verification": {"type": "HostedBadge"}}
    serve("/assertions/1.json", assertion)
    serve("/badges/1.json", {"@context": OB2, "type": "BadgeClass", "id": f"{base}/badges/1.json",
                             "name": "Welding", "issuer": f"{base}/issuer.json"})
    serve("/issuer.json", {"@context": OB2, "type": "Issuer", "id": f"{base}/issuer.json",
                           "name": "Local College"})
    return assertion


def hosted(assertion: dict[str, Any]) -> Credential:
    return Credential(format=CredentialFormat.OB2_HOSTED, container=Container.JSON,
                      title="Welding", issuer_name="Local College", payload=json.dumps(assertion))


def test_hosted_badge_flips_from_unverifiable_to_verified(issuer: str, tmp_path: Path) -> None:
    assertion = hosted_graph(issuer)
    badge = hosted(assertion)
    assert verify_credential(badge, now=NOW).status is Status.UNVERIFIABLE

    cache = tmp_path / "cache"
    fetched = fetch_for(badge, cache, timeout=5, allow_hosts={"127.0.0.1"})
    assert {d.url for d in fetched} == {assertion["id"], assertion["badge"],
                                        f"{issuer}/issuer.json"}
    index = json.loads((cache / "index.json").read_text())
    assert set(index["documents"]) == {d.url for d in fetched}
    assert all("fetched_at" in entry and "file" in entry for entry in index["documents"].values())

    verdict = verify_credential(badge, docs=FolderSource(cache), now=NOW,
                                learner_emails=["ada@example.org"])
    assert verdict.status is Status.VERIFIED, verdict.summary
    hosted_check = next(c for c in verdict.checks if c.name == "hosted")
    assert hosted_check.as_of is not None


def test_issuer_changes_the_hosted_copy_then_revokes_it(issuer: str, tmp_path: Path) -> None:
    assertion = hosted_graph(issuer)
    serve("/assertions/1.json", {**assertion, "issuedOn": "2020-01-01T00:00:00Z"})
    fetch_for(hosted(assertion), tmp_path, allow_hosts={"127.0.0.1"})
    assert verify_credential(hosted(assertion), docs=FolderSource(tmp_path),
                             now=NOW).status is Status.TAMPERED

    serve("/assertions/1.json", b"gone", status=410)
    fetch_for(hosted(assertion), tmp_path, allow_hosts={"127.0.0.1"})
    index = json.loads((tmp_path / "index.json").read_text())
    assert index["documents"][assertion["id"]]["status"] == 410
    assert verify_credential(hosted(assertion), docs=FolderSource(tmp_path),
                             now=NOW).status is Status.REVOKED


def test_signed_ob2_graph_is_followed_key_profile_and_revocation_list(
    issuer: str, tmp_path: Path
) -> None:
    key = rsa_key()
    serve("/key.json", {"@context": OB2, "type": "CryptographicKey", "id": f"{issuer}/key.json",
                        "owner": f"{issuer}/issuer.json", "publicKeyPem": pem(key)})
    serve("/badges/1.json", {"@context": OB2, "type": "BadgeClass", "id": f"{issuer}/badges/1.json",
                             "name": "Welding", "issuer": f"{issuer}/issuer.json"})
    serve("/issuer.json", {"@context": OB2, "type": "Issuer", "id": f"{issuer}/issuer.json",
                           "name": "Local College", "publicKey": f"{issuer}/key.json",
                           "revocationList": f"{issuer}/revoked.json"})
    serve("/revoked.json", {"@context": OB2, "type": "RevocationList",
                            "revokedAssertions": ["urn:uuid:signed-1"]})
    assertion = {"@context": OB2, "type": "Assertion", "id": "urn:uuid:signed-1",
                 "recipient": {"type": "email", "hashed": False, "identity": "ada@example.org"},
                 "issuedOn": "2026-03-01T12:00:00Z", "badge": f"{issuer}/badges/1.json",
                 "verification": {"type": "signed", "creator": f"{issuer}/key.json"}}
    badge = Credential(format=CredentialFormat.OB2_SIGNED, container=Container.JWT, title="W",
                       issuer_name="L", payload=sign_compact({"alg": "RS256"}, assertion, key))
    assert verify_credential(badge, now=NOW).status is Status.UNVERIFIABLE
    fetched = fetch_for(badge, tmp_path, allow_hosts={"127.0.0.1"})
    assert len(fetched) == 4
    assert verify_credential(badge, docs=FolderSource(tmp_path),
                             now=NOW).status is Status.REVOKED


def test_hosts_outside_the_allow_list_are_not_contacted(issuer: str, tmp_path: Path) -> None:
    assertion = hosted_graph(issuer)
    assert fetch_for(hosted(assertion), tmp_path, allow_hosts={"issuer.example"}) == []
    assert _Issuer.hits == []
    assert json.loads((tmp_path / "index.json").read_text()) == {"documents": {}}
    assert FolderSource(tmp_path).urls == ()


def test_redirect_to_another_scheme_is_refused(issuer: str) -> None:
    serve("/redirect", b"", status=302, Location="file:///etc/passwd")
    with pytest.raises(FetchError, match="redirect"):
        download(f"{issuer}/redirect", timeout=5)


def test_redirect_within_http_is_followed(issuer: str) -> None:
    serve("/old", b"", status=301, Location=f"{issuer}/new")
    serve("/new", {"ok": True})
    assert json.loads(download(f"{issuer}/old", timeout=5).body) == {"ok": True}


def test_documents_over_5_mb_are_refused(issuer: str) -> None:
    serve("/big", b"x" * (5 * 1024 * 1024 + 1))
    with pytest.raises(FetchError, match="5 MB"):
        download(f"{issuer}/big", timeout=5)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "data:,hi", "x"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        download(url)


def test_what_is_needed_for_each_kind_of_credential() -> None:
    did_web_jwt = sign_compact({"alg": "RS256", "kid": "did:web:college.example#key-1"},
                               {"type": ["VerifiableCredential"], "credentialSubject": {}},
                               rsa_key())
    jwt = Credential(format=CredentialFormat.VC_JWT, container=Container.JWT, title="t",
                     issuer_name="i", payload=did_web_jwt)
    assert initial_urls(jwt) == ["https://college.example/.well-known/did.json"]
    ld = {"type": ["VerifiableCredential"], "issuer": "did:key:z6Mk",
          "proof": {"verificationMethod": "https://college.example/keys#1"},
          "credentialStatus": {"type": "BitstringStatusListEntry",
                               "statusListCredential": "https://college.example/status/1"}}
    vc = Credential(format=CredentialFormat.OB3, container=Container.JSON, title="t",
                    issuer_name="i", payload=json.dumps(ld))
    assert initial_urls(vc) == ["https://college.example/keys",
                                "https://college.example/status/1"]
    # An https issuer of a VC-JWT binds its header key only through its own document.
    https_jwt = sign_compact({"alg": "RS256", "jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}},
                             {"iss": "https://college.example/issuer",
                              "vc": {"type": ["VerifiableCredential"],
                                     "issuer": "https://college.example/issuer",
                                     "credentialSubject": {}}},
                             rsa_key())
    jwt = Credential(format=CredentialFormat.VC_JWT, container=Container.JWT, title="t",
                     issuer_name="i", payload=https_jwt)
    assert initial_urls(jwt) == ["https://college.example/issuer"]
    pdf = Credential(format=CredentialFormat.PDF_CERTIFICATE, container=Container.PDF, title="t",
                     issuer_name="i", payload="")
    assert initial_urls(pdf) == []
