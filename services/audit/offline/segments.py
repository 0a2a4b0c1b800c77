"""Verifying a large SQLite log on every CPU at once.

The walk checks each entry against the hash stored in the entry before it, so the chain splits into segments that
are walked on their own, each from the stored hash before its first seq, and together check exactly the links one
walk would. That is the answer for an intact log, the common case. When any segment finds anything, the log is
walked again in one piece, so that every finding is named exactly as a single walk names it.
"""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain import GENESIS_HASH
from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.verification import ChainSource, ChainWalk, VerificationReport, Walked, conclude
from services.audit.offline.database import SqliteLog


@dataclass(frozen=True)
class Segment:
    first: int
    last: int
    previous_hash: str


@dataclass(frozen=True)
class SegmentWalked:
    entries: int
    last_seq: int | None
    problems: int
    hashes_at: dict[int, str]


def verify_in_segments(
    log: SqliteLog, checkpoints: list[Checkpoint], public_key: Ed25519PublicKey | None, *, workers: int
) -> VerificationReport | None:
    """The report when every segment walks clean; None when the log is not plainly intact (a gap, a finding), and
    the caller walks it in one piece."""
    first, last, count = log.bounds()
    segments = _segments(log, last, workers) if first == 1 and count == last else None
    if not segments:
        return None
    watch = [cp.seq for cp in checkpoints]
    # Forked when this process runs one thread (the command line): nothing to import again, so it starts at once.
    # With other threads about (an event loop, a test runner) a fork could copy a lock mid-use: spawned then.
    method = "fork" if threading.active_count() == 1 else "spawn"
    with ProcessPoolExecutor(len(segments), mp_context=multiprocessing.get_context(method)) as pool:
        walked = list(pool.map(_walk_segment, [log.path] * len(segments), segments, [watch] * len(segments)))
    clean = all(
        w.problems == 0 and w.last_seq == s.last and w.entries == s.last - s.first + 1
        for w, s in zip(walked, segments, strict=True)
    )
    if not clean:
        return None
    hashes_at = {seq: entry_hash for w in walked for seq, entry_hash in w.hashes_at.items()}
    whole = Walked(1, 1, last, count, [], 0, hashes_at)
    return conclude(ChainSource(log.label, []), whole, checkpoints, public_key)


def _segments(log: SqliteLog, last: int, workers: int) -> list[Segment] | None:
    size = -(-last // workers)
    segments = []
    for first in range(1, last + 1, size):
        previous = GENESIS_HASH if first == 1 else log.entry_hash(first - 1)
        if previous is None:
            return None
        segments.append(Segment(first, min(first + size - 1, last), previous))
    return segments


def _walk_segment(path: Path, segment: Segment, watch: list[int]) -> SegmentWalked:
    walk = ChainWalk(previous_hash=segment.previous_hash, first_seq=segment.first, watch=watch)
    walk.walk_all(SqliteLog(path).chain_batches(segment.first, segment.last))
    return SegmentWalked(walk.entries, walk.last_seq, len(walk.findings) + walk.unlisted, walk.hashes_at)
