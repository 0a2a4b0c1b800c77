"""The e-mail channel's way out: a `Mailer` hands one e-mail to a server, and `SmtpMailer` does it over SMTP.

A send either returns (the server accepted the message) or raises; the dispatcher records which, right after.
(The other way out is the webhook's, in `webhook`.)
"""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Protocol

import aiosmtplib

from services.notifications.settings import Settings
from shared.clock import Clock


@dataclass(frozen=True)
class Email:
    message_id: str  # `<notification-id@domain>`: the same on every attempt, so a receiver can drop a repeat
    to_address: str
    to_name: str
    language: str
    subject: str
    text: str
    html: str


class Mailer(Protocol):
    async def send(self, email: Email) -> None:
        """Return once the server has accepted `email`; raise if it did not."""
        ...


class SmtpMailer:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock

    async def send(self, email: Email) -> None:
        settings = self._settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        await aiosmtplib.send(
            self.message(email),
            sender=settings.mail_from,
            recipients=[email.to_address],
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            start_tls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=password,
            timeout=settings.smtp_timeout_seconds,
        )

    def message(self, email: Email) -> EmailMessage:
        """The MIME message: plain text first, HTML as the alternative a mail reader prefers."""
        message = EmailMessage()
        message["Message-ID"] = email.message_id
        message["Date"] = format_datetime(self._clock.now())
        message["From"] = formataddr((self._settings.mail_from_name, self._settings.mail_from))
        message["To"] = formataddr((email.to_name, email.to_address))
        message["Subject"] = email.subject
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a notice
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        message["Content-Language"] = email.language  # after the bodies: setting content clears Content-* headers
        return message


def describe(error: Exception) -> str:
    """A failed send as officers read it in the status: the server's reply code and words when it answered."""
    refusals = getattr(error, "recipients", None)  # aiosmtplib.SMTPRecipientsRefused: one reply per recipient
    answer = refusals[0] if refusals else error
    code, words = getattr(answer, "code", None), getattr(answer, "message", None)
    text = f"{code} {words}" if code is not None else f"{type(error).__name__}: {error}"
    return text[:500]
