"""Verifying the chain: re-compute every link and payload hash, hold the chain to its signed checkpoints, and name
the first bad seq and what happened there. Pure: the rows come from whoever reads the database or an export."""

from services.audit.domain.verification.checkpoints import Coverage
from services.audit.domain.verification.findings import Finding, Kind
from services.audit.domain.verification.report import ChainSource, VerificationReport, Walked, conclude, verify_chain
from services.audit.domain.verification.rows import ActorTexts, ChainRow, header_bytes
from services.audit.domain.verification.walk import ChainWalk

__all__ = [
    "ActorTexts",
    "ChainRow",
    "ChainSource",
    "ChainWalk",
    "Coverage",
    "Finding",
    "Kind",
    "VerificationReport",
    "Walked",
    "conclude",
    "header_bytes",
    "verify_chain",
]
