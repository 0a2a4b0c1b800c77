"""A real HTTP webhook receiver for the tests (the standard library's threading HTTP server on a free port):
it records every delivery it got, with its headers and raw body, and answers as a test tells it to."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def delivery_id(self) -> str:
        return str(self.document["delivery_id"])


@dataclass
class RecordingWebhookReceiver:
    port: int = 0
    received: list[Delivery] = field(default_factory=list)  # every request, answered 2xx or not
    answer_first: dict[str, list[int]] = field(default_factory=dict)  # path → statuses given before 200
    answer_always: dict[str, int] = field(default_factory=dict)  # path → the status it always gets

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def accepted(self) -> list[Delivery]:
        return [d for d in self.received if self._answered.get(id(d)) == 200]

    def accepted_by_delivery_id(self) -> dict[str, Delivery]:
        return {delivery.delivery_id: delivery for delivery in self.accepted()}

    def to(self, path: str) -> list[Delivery]:
        return [delivery for delivery in self.received if delivery.path == path]

    def answer(self, delivery: Delivery) -> int:
        self.received.append(delivery)
        if delivery.path in self.answer_always:
            status = self.answer_always[delivery.path]
        elif self.answer_first.get(delivery.path):
            status = self.answer_first[delivery.path].pop(0)
        else:
            status = 200
        self._answered[id(delivery)] = status
        return status

    def __post_init__(self) -> None:
        self._answered: dict[int, int] = {}


@contextmanager
def running_webhook_receiver() -> Iterator[RecordingWebhookReceiver]:
    receiver = RecordingWebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.answer(Delivery(self.path, dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows what matters
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
