"""A real SMTP server for the tests (aiosmtpd on a free port), recording what it accepted and able to refuse.

Refusals are answered to DATA, after the whole message was transmitted, so even a refused attempt is seen and
its Message-ID recorded.
"""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class RecordingSmtpServer:
    def __init__(self) -> None:
        self.port = 0
        self.accepted: list[EmailMessage] = []
        self.attempts: list[tuple[str, str]] = []  # (recipient address, Message-ID) of every DATA, refused or not
        self.refuse_first: dict[str, list[str]] = {}  # address → replies given before it is accepted
        self.refuse_always: dict[str, str] = {}  # address → the reply it always gets
        self.accepted_any = threading.Event()  # the server runs in a thread of its own

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        [address] = envelope.rcpt_tos
        self.attempts.append((address, str(message["Message-ID"])))
        if address in self.refuse_always:
            return self.refuse_always[address]
        if self.refuse_first.get(address):
            return self.refuse_first[address].pop(0)
        self.accepted.append(message)
        self.accepted_any.set()
        return "250 2.0.0 Message accepted for delivery"

    def accepted_by_message_id(self) -> dict[str, EmailMessage]:
        return {str(message["Message-ID"]): message for message in self.accepted}


@contextmanager
def running_smtp_server() -> Iterator[RecordingSmtpServer]:
    server = RecordingSmtpServer()
    server.port = _free_port()
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
