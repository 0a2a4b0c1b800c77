"""Verifying a chain end to end, and the report: intact or not, the first bad seq and its kind, and what the
signed checkpoints vouch for."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.chain import GENESIS_HASH
from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.verification.checkpoints import ChainFacts, Coverage, check_checkpoints
from services.audit.domain.verification.findings import Finding, Kind
from services.audit.domain.verification.rows import ChainRow
from services.audit.domain.verification.walk import ChainWalk


@dataclass(frozen=True)
class ChainSource:
    """Where the entries come from and where they start: the whole log, or an export's range."""

    label: str
    batches: Iterable[list[ChainRow]]  # rows in seq order, in batches of any size
    previous_hash: str = GENESIS_HASH
    first_seq: int = 1
    last_seq: int | None = None  # an export's declared end; the log's own end is wherever its rows stop


@dataclass(frozen=True)
class VerificationReport:
    source: str
    entries: int
    first_seq: int | None
    last_seq: int | None
    findings: list[Finding]
    unlisted: int
    coverage: Coverage
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings and not self.unlisted

    @property
    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    def document(self) -> dict[str, Any]:
        latest = self.coverage.latest
        return {
            "source": self.source,
            "intact": self.intact,
            "entries": self.entries,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "first_problem": self.first.document() if self.first else None,
            "findings": [finding.document() for finding in self.findings],
            "unlisted_findings": self.unlisted,
            "checkpoints": {
                "checked": self.coverage.pinned_key_id is not None,
                "pinned_key_id": self.coverage.pinned_key_id,
                "applying": self.coverage.given,
                "signed_by_pinned_key": self.coverage.signed,
                "vouched_up_to": latest.document() if latest else None,
            },
            "notes": self.notes,
        }


def verify_chain(
    source: ChainSource, checkpoints: Iterable[Checkpoint], public_key: Ed25519PublicKey | None, *, limit: int = 100
) -> VerificationReport:
    checkpoints = list(checkpoints)
    walk = ChainWalk(
        previous_hash=source.previous_hash,
        first_seq=source.first_seq,
        watch={cp.seq for cp in checkpoints},
        limit=limit,
    )
    walk.walk_all(source.batches)
    findings = list(walk.findings)
    end = walk.last_seq if walk.last_seq is not None else source.first_seq - 1
    if source.last_seq is not None and end < source.last_seq:
        findings.append(
            Finding(end + 1, Kind.TAIL_TRUNCATED, f"the export declares entries up to seq {source.last_seq}")
        )
    walked = Walked(
        source.first_seq, walk.first_seq, walk.last_seq, walk.entries, findings, walk.unlisted, walk.hashes_at
    )
    return conclude(source, walked, checkpoints, public_key)


@dataclass(frozen=True)
class Walked:
    """What walking the chain found, in one piece or in segments put together."""

    start: int  # the seq the walk began at
    first_seq: int | None
    last_seq: int | None
    entries: int
    findings: list[Finding]
    unlisted: int
    hashes_at: dict[int, str]


def conclude(
    source: ChainSource, walked: Walked, checkpoints: list[Checkpoint], public_key: Ed25519PublicKey | None
) -> VerificationReport:
    """The report: the walk's findings, then what the checkpoints reveal and vouch for."""
    facts = ChainFacts(
        first_seq=walked.start,
        last_seq=walked.last_seq,
        hashes_at=walked.hashes_at,
        first_problem=min((finding.seq for finding in walked.findings), default=None),
    )
    signed_findings, coverage = check_checkpoints(checkpoints, public_key, facts, up_to=source.last_seq)
    return VerificationReport(
        source=source.label,
        entries=walked.entries,
        first_seq=walked.first_seq,
        last_seq=walked.last_seq,
        findings=sorted(walked.findings + signed_findings, key=lambda finding: finding.seq),
        unlisted=walked.unlisted,
        coverage=coverage,
        notes=_notes(coverage, walked.last_seq),
    )


def _notes(coverage: Coverage, last_seq: int | None) -> list[str]:
    if coverage.pinned_key_id is None:
        return [
            "no public key was given: the checkpoints were not checked, so a rewritten chain or a cut tail "
            "cannot be detected (pass the pinned key with --public-key)"
        ]
    latest = coverage.latest
    if latest is None:
        return ["no checkpoint signed by the pinned key vouches for any entry: a cut tail cannot be detected"]
    notes = [f"the signed checkpoints vouch for entries up to seq {latest.seq} ({latest.time})"]
    if last_seq is not None and last_seq > latest.seq:
        notes.append(
            f"entries {latest.seq + 1}–{last_seq} are after the latest checkpoint: a cut among them cannot be "
            "detected until the next checkpoint"
        )
    return notes
