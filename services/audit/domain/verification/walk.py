"""The chain walk: every link and every payload re-computed in one pass, and what broke named by its first seq.

The walk follows the stored hashes (entry n+1 must chain from the hash stored in entry n), so one modified entry
is one finding, not a cascade. When a link does not hold, the rows around it tell what happened:

- the row chains from the entry two back, one seq lower: the row before it was **inserted** (and the rest
  renumbered, which the walk then allows for);
- the row and the next chain in each other's place: they were **reordered**;
- the next row chains from this one, one seq higher: an entry before this row was **deleted** and the rest
  renumbered; a plain gap in the seqs is a deletion too;
- otherwise the row's header (or its stored hash) was **modified**.

A payload that no longer hashes to its header's `payload_sha256` is a **modified payload**.
"""

import hashlib
from collections.abc import Collection, Iterable
from json.encoder import encode_basestring

from services.audit.domain.chain import GENESIS_HASH
from services.audit.domain.verification.findings import Finding, Kind
from services.audit.domain.verification.rows import ACTORS, ChainRow, header_bytes

LOOKAHEAD = 1  # rows a classification may look at beyond the one that broke
_sha256 = hashlib.sha256
_PAYLOAD_DETAIL = "the payload does not hash to the header's payload_sha256"


def raw_hash(text: str) -> bytes:
    """A stored hash as the 32 bytes the next entry chains from; one that is not hex still yields bytes, which
    simply chain to nothing (and the row holding it is reported)."""
    try:
        return bytes.fromhex(text)
    except (TypeError, ValueError):
        return b"\x00not-a-hash:" + str(text).encode()


def link_holds(row: ChainRow, previous: bytes, seq: int) -> bool:
    """Whether `row`, hashed with `seq` as its seq onto `previous`, gives its stored hash."""
    try:
        return _sha256(previous + header_bytes(row, seq)).hexdigest() == row[8]
    except (TypeError, UnicodeEncodeError):
        return False


class ChainWalk:
    """Feed rows in seq order with `walk`; read `findings`, `entries` and `hashes_at` afterwards."""

    def __init__(
        self, *, previous_hash: str = GENESIS_HASH, first_seq: int = 1, watch: Collection[int] = (), limit: int = 100
    ) -> None:
        self.previous = raw_hash(previous_hash)  # what the next row must chain from
        self.before_previous: bytes | None = None
        self.alternative: bytes | None = None  # the re-computed hash of the last row, when its stored one failed
        self.expected = first_seq
        self.shift = 0  # seqs renumbered after an insertion (+1) or deletion (-1) seen earlier
        self.entries = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.findings: list[Finding] = []
        self.unlisted = 0  # findings beyond `limit`
        self.hashes_at: dict[int, str] = {}  # stored hashes at the watched seqs (the checkpoints')
        self._watch = frozenset(watch)
        self._limit = limit

    def walk_all(self, batches: Iterable[list[ChainRow]]) -> None:
        """Walk every row of `batches`, of any size, carrying the lookahead across them."""
        carried: list[ChainRow] = []
        for batch in batches:
            rows = carried + batch if carried else batch
            carried = rows[self.walk(rows, final=False) :]
        self.walk(carried, final=True)

    def walk(self, rows: list[ChainRow], *, final: bool) -> int:
        """Check rows[0:n] and return n: all of them when `final`, else all but the last LOOKAHEAD, which the
        caller passes again at the head of the next batch."""
        end = len(rows) if final else len(rows) - LOOKAHEAD
        i = 0
        while i < end:
            i = self._slow_until_regular(rows, i, end)
            if i < end:
                i = self._fast(rows, i, end)
            if i < end:
                i = self._irregular(rows, i) if rows[i][0] != self.expected else self._broken(rows, i)
        return end

    def _fast(self, rows: list[ChainRow], i: int, end: int) -> int:
        """Ordinary links, with the walk's state in locals: the loop a million entries go through. Stops at the
        first row that is not an ordinary link, for the slow paths to look at."""
        sha256, watch, q, actors = _sha256, self._watch, encode_basestring, ACTORS
        previous, expected, shift, start = self.previous, self.expected, self.shift, i
        while i < end:
            row = rows[i]
            seq = row[0]
            if seq != expected:
                break
            tender_id = row[3]
            try:
                digest = sha256(
                    previous
                    + f'{{"actor":{actors[row[4]]},"event_id":{q(row[1])},"event_type":{q(row[2])},'
                    f'"occurred_at":{q(row[5])},"payload_sha256":{q(row[7])},"recorded_at":{q(row[6])},'
                    f'"seq":{seq - shift},"tender_id":{"null" if tender_id is None else q(tender_id)}}}'.encode()
                ).digest()
            except (TypeError, UnicodeEncodeError):
                break
            if digest.hex() != row[8]:
                break
            payload = row[9]
            if payload is not None and (payload.__class__ is not bytes or sha256(payload).hexdigest() != row[7]):
                self._find(seq, Kind.PAYLOAD_MODIFIED, _PAYLOAD_DETAIL)
            if seq in watch:
                self.hashes_at[seq] = row[8]
            self.before_previous, previous, expected = previous, digest, seq + 1
            i += 1
        if i > start:
            self.previous, self.expected = previous, expected
            self.entries += i - start
            self.last_seq = expected - 1
            if self.first_seq is None:
                self.first_seq = rows[start][0]
        return i

    def _slow_until_regular(self, rows: list[ChainRow], i: int, end: int) -> int:
        """Rows right after a problem take the slow path until the walk is back on an ordinary link."""
        while i < end and self.alternative is not None:
            i = self._irregular(rows, i)
        return i

    # The slow paths: only rows around a problem come here.

    def _irregular(self, rows: list[ChainRow], i: int) -> int:
        row = rows[i]
        seq = row[0]
        if self.alternative is not None and seq == self.expected:
            alternative, self.alternative = self.alternative, None
            if link_holds(row, alternative, seq - self.shift):
                return self._accept(row, i)  # chains from the true hash of the row whose stored hash was changed
            if link_holds(row, self.previous, seq - self.shift):
                return self._accept(row, i)
            return self._broken(rows, i)
        self.alternative = None
        if seq > self.expected:
            missing = f"{self.expected}" if seq == self.expected + 1 else f"{self.expected}–{seq - 1}"
            self._find(self.expected, Kind.DELETED, f"entry {missing} is missing: the seqs jump to {seq}")
            return self._accept(row, i)  # its link is broken by the deletion itself: no second finding
        self._find(seq, Kind.INSERTED, f"a second entry claims seq {seq}")
        return i + 1  # skipped: the chain goes on from the entry that held the seq first

    def _broken(self, rows: list[ChainRow], i: int) -> int:
        row, following = rows[i], rows[i + 1] if i + 1 < len(rows) else None
        seq, shifted = row[0], row[0] - self.shift
        if self.before_previous is not None and link_holds(row, self.before_previous, shifted - 1):
            self._replace(seq - 1, Kind.INSERTED, f"entry {seq - 1} was not in the chain: entry {seq} chains past it")
            self.shift += 1
            return self._accept(row, i)
        if following is not None and self._swapped(row, following):
            self._find(seq, Kind.REORDERED, f"entries {seq} and {following[0]} changed places")
            return self._accept_swapped(row, following, i)
        if following is not None and link_holds(following, raw_hash(row[8]), following[0] - self.shift + 1):
            self._find(seq, Kind.DELETED, f"an entry before {seq} was deleted and the entries after it renumbered")
            self.shift -= 1
            return self._accept(row, i)
        self._find(seq, Kind.HEADER_MODIFIED, "the header does not hash to the stored entry_hash")
        chained_from = self.previous
        accepted = self._accept(row, i)
        try:
            # The row's true hash: the next row may chain from it, if only the stored hash was changed.
            self.alternative = _sha256(chained_from + header_bytes(row, shifted)).digest()
        except (TypeError, UnicodeEncodeError):
            self.alternative = None
        return accepted

    def _swapped(self, row: ChainRow, following: ChainRow) -> bool:
        shifted = row[0] - self.shift
        return link_holds(following, self.previous, shifted) and link_holds(row, raw_hash(following[8]), shifted + 1)

    def _accept_swapped(self, row: ChainRow, following: ChainRow, i: int) -> int:
        """Both rows of a swapped pair, taken in their original order: `following`, then `row`."""
        self._accept(following, i)
        self._accept(row, i)
        self.expected = max(row[0], following[0]) + 1
        self.last_seq = self.expected - 1
        return i + 2

    def _accept(self, row: ChainRow, i: int) -> int:
        self._check_payload(row)
        seq = row[0]
        self.before_previous, self.previous = self.previous, raw_hash(row[8])
        self.expected = seq + 1
        self.entries += 1
        self.last_seq = seq
        self.first_seq = seq if self.first_seq is None else min(self.first_seq, seq)
        if seq in self._watch:
            self.hashes_at[seq] = row[8]
        return i + 1

    def _check_payload(self, row: ChainRow) -> None:
        payload = row[9]
        if payload is not None and (not isinstance(payload, bytes) or _sha256(payload).hexdigest() != row[7]):
            self._find(row[0], Kind.PAYLOAD_MODIFIED, _PAYLOAD_DETAIL)

    def _find(self, seq: int, kind: Kind, detail: str) -> None:
        if len(self.findings) < self._limit:
            self.findings.append(Finding(seq, kind, detail))
        else:
            self.unlisted += 1

    def _replace(self, seq: int, kind: Kind, detail: str) -> None:
        """A finding that explains one already made at `seq` (an inserted entry first looks modified)."""
        self.findings = [finding for finding in self.findings if finding.seq != seq]
        self._find(seq, kind, detail)
