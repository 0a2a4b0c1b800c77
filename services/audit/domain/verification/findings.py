"""What a verifier can find wrong with a chain, each named by the first seq it affects."""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PAYLOAD_MODIFIED = "payload-modified"  # the payload no longer hashes to its header's payload_sha256
    HEADER_MODIFIED = "header-modified"  # the header (or its stored hash) no longer hashes to the stored hash
    DELETED = "deleted"  # an entry is missing (a gap, or the entries after it renumbered)
    INSERTED = "inserted"  # an entry that was not in the chain sits between two that were
    REORDERED = "reordered"  # entries changed places
    REWRITTEN_CHAIN = "rewritten-chain"  # the chain holds together, but not with a checkpoint the pinned key signed
    TAIL_TRUNCATED = "tail-truncated"  # a signed checkpoint names entries the chain no longer has


@dataclass(frozen=True)
class Finding:
    seq: int
    kind: Kind
    detail: str

    def document(self) -> dict[str, object]:
        return {"seq": self.seq, "kind": str(self.kind), "detail": self.detail}
