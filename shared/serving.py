"""How every HTTP server of the suite is run: one uvicorn configuration for the services, the portal and the tests."""

from typing import Any

import uvicorn

# httpx lets an idle pooled connection go after 5 s, and uvicorn used to close it after 5 s too: a request sent on
# the idle connection in the instant the server closed it failed with a ReadError (the portal's calls to the services
# and the end-to-end tests both saw it). The server waits longer than any client, so the client always lets go first.
KEEP_ALIVE_SECONDS = 75


def server_config(app: Any, host: str, port: int, **options: Any) -> uvicorn.Config:
    # log_config=None: the service's own structlog set-up writes every line, uvicorn's included.
    return uvicorn.Config(app, host=host, port=port, log_config=None, timeout_keep_alive=KEEP_ALIVE_SECONDS, **options)
