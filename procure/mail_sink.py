"""A local SMTP server that keeps what it receives: the demo's and a developer's stand-in for a mail relay."""

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class ReceivedMail:
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


class _KeepEverything:
    def __init__(self, folder: Path | None) -> None:
        self.received: list[ReceivedMail] = []
        self._folder = folder

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(ReceivedMail(tuple(str(r) for r in envelope.rcpt_tos), message))
        if self._folder is not None:
            (self._folder / f"{len(self.received):05d}.eml").write_bytes(content)
        return "250 Message accepted for delivery"


class MailSink:
    """Start it, point the notifications service's SMTP settings at it, read `received`."""

    def __init__(self, port: int, *, folder: Path | None = None) -> None:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._handler = _KeepEverything(folder)
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=port)
        self.port = port

    @property
    def received(self) -> list[ReceivedMail]:
        return list(self._handler.received)

    def start(self) -> "MailSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "MailSink":
        return self.start()

    def __exit__(self, *_exc: Any) -> None:
        self.stop()
