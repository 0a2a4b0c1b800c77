"""HTTP servers the tests run in their own event loop (the portal, a fake identity provider, the services), on
real ports, with the suite's one uvicorn configuration."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn

from shared.serving import server_config


def start(app: Any, port: int) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    server = uvicorn.Server(server_config(app, "127.0.0.1", port))
    return server, asyncio.create_task(server.serve())


async def until_started(server: uvicorn.Server, task: asyncio.Task[None]) -> None:
    while not server.started:
        if task.done():
            task.result()  # a server that failed to start raises here
            raise RuntimeError("the server stopped before it started")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def served(app: Any, port: int) -> AsyncIterator[str]:
    """`app` served on 127.0.0.1:`port` until the block ends; yields its address."""
    server, task = start(app, port)
    await until_started(server, task)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
