"""Pure rules of the scoring service, no I/O: the evaluation engine of `evaluation-format.md`."""

from services.scoring.domain.engine import ENGINE_VERSION, evaluate

__all__ = ["ENGINE_VERSION", "evaluate"]
