"""Benchmark: ``list --json`` / ``progress`` / ``skills`` on a 10,000-credential profile.

Run: ``.venv/bin/python bench/wallet_10k.py [--quick] [--runs N] [--count N] [--keep DIR]``
(``BENCH_QUICK=1``, as ``make bench`` sets it, is ``--quick``).
Targets (issue 12, whole process, wall clock): ``list --json`` <= 0.8 s, ``progress`` <= 1.0 s,
``skills`` <= 1.0 s.

How the profile is made: written **through the repository in one transaction**
(:meth:`Repository.import_snapshot`, the restore path), not by importing signed files: the
commands measured only read what the store holds, and signing and verifying 10,000 files
would make the benchmark take minutes.  Rows are varied the way a real wallet is: eleven
formats and five containers, 300 issuers (a few with no id), titles with non-ASCII text, one
in eight undated, expiry dates, 0-3 alignments (ESCO-style URLs, framework + code, name only),
credits in several units, tags, self-reported PDFs, learner-entered facts and tags on some,
verdict histories of 0-4 runs with every status, issuer-registry facts, a second rendition on
a few.  Payloads are realistic JSON documents (about 1.5 KB), because the repository path reads
them.  Twelve qualification definitions are added beside the bundled catalogue.  The blob
writes' fsyncs are skipped while generating (a throwaway profile; durability is not measured).

Each figure is the median of RUNS fresh ``python -m portfolio_app`` processes (default 3; one
with ``--quick``) after one untimed warm-up; CPU seconds (user + system) in brackets.  The
environment's ``PYTHONDONTWRITEBYTECODE`` is dropped for the child processes so that, as in an
installed app, the project's own modules load from compiled bytecode.  The load average is
printed before and after: on a shared machine the wall clock follows it, the CPU seconds much
less, so quote both.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio_app.model import (
    Alignment,
    Container,
    Credential,
    CredentialFormat,
    CreditValue,
    LearnerFacts,
)
from portfolio_app.storage import (
    CredentialSnapshot,
    Rendition,
    Repository,
    StoredCredential,
    VerdictRecord,
)
from portfolio_app.storage.originals import sha256_hex
from portfolio_app.verify.verdict import Check, Outcome, Status

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"list --json": 0.8, "progress": 1.0, "skills": 1.0}
ESCO = "http://data.europa.eu/esco/skill/"
N_ACHIEVEMENTS = 1500
N_ISSUERS = 300
FORMATS = [
    (CredentialFormat.OB3, Container.JSON, 30),
    (CredentialFormat.OB3, Container.PNG, 10),
    (CredentialFormat.OB3, Container.SVG, 5),
    (CredentialFormat.OB2_HOSTED, Container.PNG, 15),
    (CredentialFormat.OB2_SIGNED, Container.JSON, 5),
    (CredentialFormat.OB3_JWT, Container.JWT, 5),
    (CredentialFormat.CLR2, Container.JSON, 3),
    (CredentialFormat.VC, Container.JSON, 5),
    (CredentialFormat.VC_JWT, Container.JWT, 3),
    (CredentialFormat.EUROPASS_EDC, Container.JSON, 4),
    (CredentialFormat.PDF_CERTIFICATE, Container.PDF, 8),
    (CredentialFormat.OB1_HOSTED, Container.JSON, 2),
    (CredentialFormat.BLOCKCERTS_V3, Container.JSON, 2),
    (CredentialFormat.EUROPASS_XML, Container.XML, 3),
]
STATUSES = [Status.VERIFIED] * 14 + [
    Status.UNVERIFIABLE,
    Status.UNVERIFIABLE,
    Status.EXPIRED,
    Status.TAMPERED,
    Status.REVOKED,
    Status.UNSUPPORTED,
    Status.MALFORMED,
    Status.NOT_YET_VALID,
]
WORDS = [
    "Data",
    "Analytics",
    "Cloud",
    "Security",
    "Python",
    "Nursing",
    "Welding",
    "Leadership",
    "Économie",
    "Français",
    "Café",
    "Robotics",
    "Statistics",
    "Design",
    "Ethics",
    "機械学習",
    "Ψυχολογία",
    "Marketing",
    "Finance",
]
UNITS = ["ECTS", "US credit hours", "CEU", "hours", "ECTS credits"]


def _title(rng: random.Random, achievement: int) -> str:
    words = rng.sample(WORDS, 2)
    return f"{words[0]} {words[1]} {achievement % 97}"


def _payload(index: int, issuer: str, title: str, rng: random.Random) -> str:
    """An OB 3.0-like document of realistic size (the repository path reads every payload)."""
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:00000000-0000-4000-8000-{index:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": f"Issuer of {title}"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": title,
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"https://achievements.example/{index}",
                "type": ["Achievement"],
                "name": title,
                "description": " ".join(rng.choices(WORDS, k=40)),
                "criteria": {"narrative": " ".join(rng.choices(WORDS, k=60))},
            },
        },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": f"{issuer}#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": "z" + "".join(rng.choices("123456789ABCDEFGHJKLMNPQRSTUVWXYZab", k=86)),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _alignments(rng: random.Random) -> tuple[Alignment, ...]:
    found = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        skill = rng.randrange(400)
        kind = rng.random()
        if kind < 0.6:
            found.append(Alignment(f"Skill {skill}", url=f"{ESCO}s{skill}", framework="ESCO"))
        elif kind < 0.85:
            found.append(Alignment(f"Skill {skill}", framework="O*NET", code=f"2.A.{skill}"))
        else:
            found.append(Alignment(f"skill {skill}"))
    return tuple(found)


def _verdicts(
    rng: random.Random, cid: int, imported: datetime, self_reported: bool
) -> tuple[VerdictRecord, ...]:
    """0-4 runs, newest first; PDFs are unverifiable; a fifth carry issuer-registry facts."""
    runs = rng.choice([0, 1, 1, 1, 2, 2, 3, 4])
    records = []
    for n in range(runs):
        status = Status.UNVERIFIABLE if self_reported else rng.choice(STATUSES)
        facts = {}
        if rng.random() < 0.2:
            facts = {"issuer_recognised": rng.choice(["true", "false"])}
            if facts["issuer_recognised"] == "true":
                facts |= {"issuer_registry": "Bench registry", "issuer_official_name": "Bench U"}
        checks = (
            Check("format", Outcome.PASSED, "the file is a well-formed credential"),
            Check(
                "signature",
                Outcome.PASSED if status is Status.VERIFIED else Outcome.FAILED,
                "the signature was checked",
            ),
        )
        checked = imported + timedelta(days=30 * n, seconds=rng.randrange(86_400))
        records.append(
            VerdictRecord(0, cid, checked, status, f"{status.value} (run {n})", checks, facts)
        )
    return tuple(reversed(records))


def make_items(
    count: int, seed: int = 20261201
) -> tuple[list[CredentialSnapshot], dict[str, bytes]]:
    """``count`` varied credentials with their verdict histories, and every original's bytes."""
    rng = random.Random(seed)
    kinds = [(f, c) for f, c, weight in FORMATS for _ in range(weight)]
    items, blobs = [], {}
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(1, count + 1):
        fmt, container = rng.choice(kinds)
        self_reported = fmt is CredentialFormat.PDF_CERTIFICATE
        a = rng.randrange(N_ACHIEVEMENTS)
        issuer_n = a % N_ISSUERS
        issuer = None if issuer_n % 50 == 7 else f"https://issuer{issuer_n}.example"
        title = _title(rng, a)
        issued = (
            None
            if rng.random() < 0.125
            else datetime(
                2016 + rng.randrange(10),
                1 + rng.randrange(12),
                1 + rng.randrange(28),
                rng.randrange(24),
                rng.randrange(60),
                tzinfo=UTC,
            )
        )
        extra = {"signed_digest": f"{i:064x}"} if fmt is CredentialFormat.OB3 else {}
        if fmt is CredentialFormat.OB2_HOSTED and rng.random() < 0.3:
            extra["title_provisional"] = "true"
        payload = "" if self_reported else _payload(i, issuer or "did:example:x", title, rng)
        credential = Credential(
            format=fmt,
            container=container,
            title=title,
            issuer_name=f"Issuer {issuer_n}" if issuer else "",
            payload=payload,
            credential_id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
            description=" ".join(rng.choices(WORDS, k=12)),
            achievement_id=f"urn:ach:{a}" if rng.random() < 0.8 else None,
            issuer_id=issuer,
            recipient="did:example:learner" if rng.random() < 0.7 else None,
            issued=issued,
            valid_from=issued,
            valid_until=None
            if issued is None or rng.random() < 0.7
            else issued + timedelta(days=365 * rng.randint(1, 5)),
            alignments=_alignments(rng),
            credits=(CreditValue(rng.choice([1, 2.5, 5, 6]), rng.choice(UNITS)),)
            if rng.random() < 0.4
            else (),
            evidence=("https://evidence.example/1",) if rng.random() < 0.1 else (),
            tags=tuple(f"tag{rng.randrange(150)}" for _ in range(rng.randrange(3))),
            verification_url=f"https://verify.example/{i}" if rng.random() < 0.2 else None,
            self_reported=self_reported,
            extra=extra,
        )
        original = payload.encode() if payload else f"%PDF-1.7 certificate {i}".encode()
        sha = sha256_hex(original)
        blobs[sha] = original
        imported = base + timedelta(minutes=i)
        learner = LearnerFacts()
        user_tags: tuple[str, ...] = ()
        if rng.random() < 0.1:
            learner = LearnerFacts(
                issuer_name="Coursera" if self_reported else None,
                achievement_id=f"urn:ach:{rng.randrange(N_ACHIEVEMENTS)}",
                credits=(CreditValue(3.0, "ECTS"),) if rng.random() < 0.5 else (),
                note="Part of my MSc — «important»" if rng.random() < 0.5 else "",
            )
            user_tags = (f"tag{rng.randrange(150)}",)
        stored = StoredCredential(
            id=i,
            sha256=sha,
            original_name=f"{title}.{container.value}",
            imported_at=imported,
            notes="",
            user_tags=user_tags,
            credential=credential,
            learner=learner,
        )
        verdicts = _verdicts(rng, i, imported, self_reported)
        renditions: tuple[Rendition, ...] = ()
        if rng.random() < 0.02 and payload:
            other = (payload + "\n").encode()
            blobs[sha256_hex(other)] = other
            renditions = tuple(
                Rendition(s, f"copy-{n}.json", imported, fmt.value, container.value, payload)
                for n, s in enumerate((sha, sha256_hex(other)))
            )
        items.append(CredentialSnapshot(stored, verdicts, renditions))
    return items, blobs


def make_qualification(rng: random.Random, i: int) -> dict[str, Any]:
    def leaf() -> dict[str, Any]:
        a = rng.randrange(N_ACHIEVEMENTS)
        kind = rng.random()
        if kind < 0.6:
            return {"type": "match", "achievement_id": f"urn:ach:{a}"}
        if kind < 0.8:
            return {"type": "match", "tag": f"tag{rng.randrange(150)}"}
        return {"type": "match", "alignment": {"url": f"{ESCO}s{rng.randrange(400)}"}}

    return {
        "id": f"bench.wallet.{i}",
        "name": f"Bench qualification {i}",
        "awarding_body": "Bench",
        "requirements": {
            "type": "all",
            "children": [
                {"type": "all", "children": [leaf() for _ in range(3)]},
                {"type": "any", "min": 2, "children": [leaf() for _ in range(5)]},
                {
                    "type": "credits",
                    "min": 10,
                    "unit": "ects",
                    "children": [{**leaf(), "credits": 5} for _ in range(4)],
                },
            ],
        },
    }


def generate(profile: Path, count: int) -> float:
    """Write a ``count``-credential profile; returns the seconds it took.

    The schema comes from :meth:`Repository.open`; the rows are built by the repository's
    own row builders (``row_values``, ``rendition_values``, ``verdict_values``, the codec)
    and inserted with SQLAlchemy Core through the app's engine and column types, in ONE
    transaction (the ORM restore path, ``import_snapshot``, takes minutes for 10,000).
    """
    from sqlalchemy import insert

    from portfolio_app.pathways.parse import parse_text
    from portfolio_app.storage import codec
    from portfolio_app.storage.engine import create_sqlite_engine
    from portfolio_app.storage.repository import (
        rendition_values,
        row_values,
        verdict_values,
    )
    from portfolio_app.storage.tables import CredentialRow, OriginalRow, RenditionRow, VerdictRow

    started = time.perf_counter()
    items, blobs = make_items(count)
    credentials, renditions, verdicts = [], [], []
    for item in items:
        stored = item.stored
        row = row_values(stored.credential, stored.sha256, stored.original_name,
                         stored.imported_at)  # fmt: skip
        row |= {"id": stored.id, "user_tags": list(stored.user_tags),
                "learner": codec.learner_to_json(stored.learner)}  # fmt: skip
        credentials.append(row)
        latest = item.verdicts[0].to_verdict() if item.verdicts else None
        kept = item.renditions or (None,)
        for r in kept:
            sha = stored.sha256 if r is None else r.sha256
            name = stored.original_name if r is None else r.original_name
            renditions.append(rendition_values(stored.id, stored.credential, sha, name,
                                               stored.imported_at, latest))  # fmt: skip
        verdicts.extend(verdict_values(stored.id, v.to_verdict()) for v in reversed(item.verdicts))
    rng = random.Random(7)
    originals = [{"sha256": sha, "data": data} for sha, data in blobs.items()]
    with Repository.open(profile) as repo:
        engine = create_sqlite_engine(profile / "portfolio.sqlite3")
        try:
            with engine.begin() as connection:
                tables = ((OriginalRow, originals), (CredentialRow, credentials),
                          (RenditionRow, renditions), (VerdictRow, verdicts))  # fmt: skip
                for table, rows in tables:
                    connection.execute(insert(table.__table__), rows)  # type: ignore[attr-defined]
        finally:
            engine.dispose()
        for i in range(12):
            text = json.dumps(make_qualification(rng, i))
            parse_text(text)  # a definition the app would refuse is a bench bug
            repo.put_qualification(f"bench.wallet.{i}", text)
    return time.perf_counter() - started


def timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` fresh processes (after one warm-up)."""
    subprocess.run(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timed run per command")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--count", type=int, default=10_000, help="credentials to generate")
    parser.add_argument("--keep", type=Path, help="write the profile here and keep it")
    parser.add_argument("--profile", type=Path, help="measure this existing profile instead")
    args = parser.parse_args(argv)
    quick = args.quick or os.environ.get("BENCH_QUICK") == "1"
    runs = args.runs or (1 if quick else 3)
    with tempfile.TemporaryDirectory() as scratch:
        if args.profile is not None:
            profile = args.profile
            print(f"measuring the existing profile {profile}")
        else:
            profile = args.keep or Path(scratch) / "profile"
            seconds = generate(profile, args.count)
            print(f"generated {args.count:,} credentials in {seconds:.1f} s ({profile})")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PORTFOLIO_DATA_DIR"] = str(profile)
        cli = [sys.executable, "-m", "portfolio_app"]
        commands = {
            "list --json": ["list", "--json"],
            "list": ["list"],
            "progress": ["progress"],
            "progress --json": ["progress", "--json"],
            "skills": ["skills"],
            "skills --json": ["skills", "--json"],
        }
        ok = True
        print(f"whole process, median of {runs} run(s) (wall clock; CPU seconds in brackets)")
        print(f"  load average before: {_loadavg()}")
        for label, command in commands.items():
            wall, cpu = timed([*cli, *command], env, runs)
            target = TARGETS.get(label)
            note = ""
            if target is not None:
                passed = wall <= target
                ok = ok and passed
                note = f"  (target <= {target} s: {'ok' if passed else 'MISSED'})"
            print(f"  portfolio {label:<16} {wall * 1000:7.1f} ms [{cpu * 1000:6.1f}]{note}")
        print(f"  load average after: {_loadavg()}")
    return 0 if ok else 1


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown (no /proc/loadavg)"


if __name__ == "__main__":
    raise SystemExit(main())
