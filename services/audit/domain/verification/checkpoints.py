"""Holding the chain to its signed checkpoints: what only a signature can reveal.

A chain rebuilt from some entry on holds together link by link; only a checkpoint signed by the pinned key shows
that it is not the chain that was signed. A cut tail leaves a valid chain too; only a signed checkpoint naming a
later entry shows the cut, so a cut after the latest checkpoint cannot be detected (the report says up to where
the checkpoints vouch). A rewrite is located between the last checkpoint that still agrees and the first that does
not: the named seq is the first one no agreeing checkpoint vouches for.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.checkpoints import Checkpoint, key_id, signature_holds
from services.audit.domain.verification.findings import Finding, Kind


@dataclass(frozen=True)
class Coverage:
    """What the checkpoints vouch for."""

    given: int  # checkpoints that apply to the entries checked
    signed: int  # of them, signed by the pinned key
    latest: Checkpoint | None  # the latest signed one the chain agrees with
    pinned_key_id: str | None  # None: no public key was given, so no checkpoint was checked


@dataclass(frozen=True)
class ChainFacts:
    """What the walk saw, as far as the checkpoints need it."""

    first_seq: int  # the first seq the entries checked begin at
    last_seq: int | None  # the last seq seen; None when there was none
    hashes_at: dict[int, str]  # stored hashes at the checkpoints' seqs
    first_problem: int | None  # the first seq the walk found wrong


def check_checkpoints(
    checkpoints: Iterable[Checkpoint], public_key: Ed25519PublicKey | None, facts: ChainFacts, *, up_to: int | None
) -> tuple[list[Finding], Coverage]:
    """Findings the checkpoints reveal, and what they vouch for. Checkpoints outside `facts.first_seq`..`up_to`
    (an export's range) do not apply."""
    applying = sorted(
        (cp for cp in checkpoints if cp.seq >= facts.first_seq and (up_to is None or cp.seq <= up_to)),
        key=lambda cp: cp.seq,
    )
    if public_key is None:
        return [], Coverage(len(applying), 0, None, None)
    pinned = key_id(public_key)
    signed = [cp for cp in applying if signature_holds(cp, public_key)]
    forged = [cp for cp in applying if cp not in signed]
    findings: list[Finding] = []
    vouched, latest = facts.first_seq - 1, None
    for cp in signed:
        if facts.first_problem is not None and facts.first_problem <= cp.seq:
            break  # the walk has named what went wrong before this checkpoint
        if facts.last_seq is None or cp.seq > facts.last_seq:
            end = "holds no entry" if facts.last_seq is None else f"ends at seq {facts.last_seq}"
            detail = f"the checkpoint of {cp.time} signed seq {cp.seq}, but the log {end}"
            findings.append(Finding((facts.last_seq or facts.first_seq - 1) + 1, Kind.TAIL_TRUNCATED, detail))
            break
        if facts.hashes_at.get(cp.seq) != cp.entry_hash:
            detail = (
                f"the chain holds together, but entry {cp.seq} is not the one the checkpoint of {cp.time} signed: "
                f"rewritten at a seq in {vouched + 1}–{cp.seq}"
            )
            findings.append(Finding(vouched + 1, Kind.REWRITTEN_CHAIN, detail))
            break
        vouched, latest = cp.seq, cp
    if forged:
        first = forged[0]
        before = max((cp.seq for cp in signed if cp.seq < first.seq), default=facts.first_seq - 1)
        detail = (
            f"{len(forged)} checkpoint(s) are not signed by the pinned key {pinned}, the first at seq {first.seq} "
            f"(it names key {first.key_id}): nothing after seq {before} is vouched for by them"
        )
        findings.append(Finding(before + 1, Kind.REWRITTEN_CHAIN, detail))
    return findings, Coverage(len(applying), len(signed), latest, pinned)
