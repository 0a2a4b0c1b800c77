"""Named points where a test can have the process killed with SIGKILL, to prove that nothing is lost.

Inert unless PROCURE_CRASH_AT names a point, as `name` or `name:n` (die at the n-th time the point is passed).
Kafka and SQLite see a real crash; nothing in-process gets a chance to clean up.
"""

import os
import signal
from collections import Counter

ENVIRONMENT_VARIABLE = "PROCURE_CRASH_AT"
_passes: Counter[str] = Counter()


def crash_point(name: str) -> None:
    target = os.environ.get(ENVIRONMENT_VARIABLE)
    if not target:
        return
    point, _, nth = target.partition(":")
    if point != name:
        return
    _passes[name] += 1
    if _passes[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
