"""Taking checkpoints: every N entries or T seconds, the tip signed and written to the table, a file and the log.

The writer tells the checkpointer of each append, so deciding costs nothing; only a due checkpoint touches the
database. Three copies, because the database's own copy is only as trustworthy as whoever runs the database: the
file and the log lines are what a deployment ships elsewhere (see the README on anchoring).
"""

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain import Entry
from services.audit.domain.checkpoints import Cadence, Checkpoint, checkpoint_due, key_id, sign_checkpoint
from services.audit.store import AuditLog, CheckpointStore
from shared.clock import Clock
from shared.database import Sessions

log = structlog.get_logger(__name__)


class Checkpointer:
    def __init__(
        self,
        sessions: Sessions,
        audit_log: AuditLog,
        *,
        key: Ed25519PrivateKey,
        cadence: Cadence,
        file: Path,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._audit_log = audit_log
        self._store = CheckpointStore()
        self._key = key
        self._cadence = cadence
        self._file = file
        self._clock = clock
        self._loaded = False
        self._tip_seq = 0
        self._checkpointed_seq = 0
        self._oldest_uncovered_at: datetime | None = None

    @property
    def key_id(self) -> str:
        return key_id(self._key.public_key())

    @property
    def tip_seq(self) -> int:
        return self._tip_seq

    async def load(self) -> None:
        """Where the last checkpoint left off, from the database: on taking over as the writer. A checkpoint the
        table holds but the file does not (the last writer stopped between the two) is filed now; a file that
        cannot be read or written is logged and left, for the log must go on (the table holds every checkpoint)."""
        try:
            filed_up_to = await asyncio.to_thread(_last_filed_seq, self._file)
        except OSError as error:
            log.error("audit_checkpoint_file_unreadable", file=str(self._file), error=str(error))
            filed_up_to = None
        async with self._sessions() as session:
            tip = await self._audit_log.tip(session)
            last = await self._store.last(session)
            self._checkpointed_seq = last.seq if last else 0
            uncovered = self._checkpointed_seq + 1
            self._oldest_uncovered_at = await self._audit_log.recorded_at(session, uncovered)
            behind = filed_up_to is not None and self._checkpointed_seq > filed_up_to
            unfiled = await self._store.between(session, (filed_up_to or 0) + 1) if behind else []
        if unfiled:
            try:
                await asyncio.to_thread(_append_lines, self._file, unfiled)
                log.warning("audit_checkpoints_filed_late", count=len(unfiled), seqs=[c.seq for c in unfiled])
            except OSError as error:
                log.error("audit_checkpoint_file_unwritable", file=str(self._file), error=str(error))
        self._tip_seq, self._loaded = tip.seq, True

    def appended(self, entries: list[Entry]) -> None:
        if entries:
            self._tip_seq = entries[-1].header.seq
            if self._oldest_uncovered_at is None:
                self._oldest_uncovered_at = entries[0].header.recorded_at

    def due(self) -> bool:
        return self._loaded and checkpoint_due(
            self._cadence,
            tip_seq=self._tip_seq,
            checkpointed_seq=self._checkpointed_seq,
            oldest_uncovered_at=self._oldest_uncovered_at,
            now=self._clock.now(),
        )

    async def maybe_checkpoint(self) -> Checkpoint | None:
        """Sign the tip if a checkpoint is due; the writer calls it after each append and on its clock."""
        if not self.due():
            return None
        async with self._audit_log.single_writer():
            if not self.due():  # another caller signed it while this one waited for the lock
                return None
            async with self._sessions() as session, session.begin():
                tip = await self._audit_log.tip(session)
                count = await self._audit_log.count(session)
                checkpoint = sign_checkpoint(
                    self._key, seq=tip.seq, entry_hash=tip.entry_hash, count=count, time=self._clock.now()
                )
                self._store.add(session, checkpoint)
            self._checkpointed_seq, self._tip_seq, self._oldest_uncovered_at = tip.seq, tip.seq, None
            # Inside the lock, so the file's lines stay in the table's order.
            await asyncio.to_thread(_append_lines, self._file, [checkpoint])
        log.info("audit_checkpoint", **checkpoint.document())
        return checkpoint


def _append_lines(file: Path, checkpoints: list[Checkpoint]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("a", encoding="utf-8") as out:
        for checkpoint in checkpoints:
            out.write(json.dumps(checkpoint.document(), sort_keys=True, separators=(",", ":")) + "\n")
        out.flush()


TAIL_BYTES = 64 * 1024  # far more than a checkpoint line; the file itself grows for as long as the log does


def _last_filed_seq(file: Path) -> int | None:
    """The seq of the file's last checkpoint; None when there is none to go by: no file or an empty one (a new
    or rotated file starts from now, not with the table's whole history) or a last line that is not a
    checkpoint. A last line cut short by a crash is cut off, since its checkpoint is filed again whole."""
    if not file.exists() or file.stat().st_size == 0:
        return None
    with file.open("rb") as reading:
        reading.seek(max(0, file.stat().st_size - TAIL_BYTES))
        tail = reading.read()
    torn = len(tail) - (tail.rfind(b"\n") + 1)
    if torn:
        log.warning("audit_checkpoint_file_torn_line_removed", file=str(file), bytes=torn)
        with file.open("r+b") as repaired:
            repaired.truncate(file.stat().st_size - torn)
        tail = tail[: len(tail) - torn]
    lines = tail.decode("utf-8", errors="replace").splitlines()
    if not lines:
        return 0 if torn else None  # only a torn first line: the writer had begun the file, so file it all
    try:
        return int(json.loads(lines[-1])["seq"])
    except (ValueError, KeyError, TypeError):  # not the writer's line: the operators must look, the log goes on
        log.error("audit_checkpoint_file_unreadable", file=str(file), last_line=lines[-1][:200])
        return None


def cadence_of(every_entries: int, every_seconds: float) -> Cadence:
    return Cadence(every_entries=every_entries, every=timedelta(seconds=every_seconds))
