"""A real headless Chromium (Debian's, driven by Playwright) against the portal served on a real port beside the
suite's services, the accessibility check (axe-core) for every page a test visits, and screenshots."""

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from procure.ports import free_port
from services.portal.main import create_app
from services.portal.settings import Settings
from tests.support.identities import ISSUER
from tests.support.servers import served

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".run" / "screenshots"
CHROMIUM_FLAGS = [
    # As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("no Chromium here: `make test` installs Debian's chromium package (see .ci/run)")
    return found


@asynccontextmanager
async def portal_serving(urls: dict[str, str]) -> AsyncIterator[str]:
    """The portal on a free port, calling the suite's services at `urls`; yields its address."""
    settings = Settings(
        port=free_port(),
        procurement_url=urls["procurement"],
        scoring_url=urls["scoring"],
        notifications_url=urls["notifications"],
        audit_url=urls["audit"],
        auth_jwks_file=ISSUER.jwks_file,
        dev_issuer_dir=ISSUER.folder,
        log_json=False,
    )
    async with served(create_app(settings), settings.port) as address:
        yield address


@asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


async def accessible(page: Any, name: str) -> None:
    """Screenshot the page, then fail on any serious or critical axe-core violation, naming each."""
    from axe_playwright_python.async_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = await Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    described = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}" for v in serious]
    assert not serious, f"{name}: " + "; ".join(described)
