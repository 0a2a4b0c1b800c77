"""The portal's browser tests share these: the suite with the portal in front of it, and a headless Chromium."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from shared.clock import ManualClock
from tests.support.browser import chromium, portal_serving
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process


@pytest.fixture
async def running(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[tuple[SuiteInProcess, str]]:
    """The four services in this process on the real broker, the clock at NOW, and the portal's address."""
    async with (
        suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as suite,
        portal_serving(suite.urls) as portal,
    ):
        yield suite, portal


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with chromium() as launched:
        yield launched
