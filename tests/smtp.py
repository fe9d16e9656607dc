"""A real SMTP server for tests: aiosmtpd on loopback, on a free port.

Use the ``smtp_server`` fixture (``from tests.smtp import smtp_server``): it
starts the server, points Django's email settings at it, and gives a
``SmtpServer`` whose ``messages`` are the emails it accepted. ``stop()`` and
``start()`` take it down and bring it back on the same port; ``reply`` makes it
answer every DATA with an error (``"451 4.3.0 Try again later"``) and
``refuse`` holds recipients it rejects for good.
"""

from __future__ import annotations

import asyncio
import email
import logging
import socket
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """The aiosmtpd handler: keeps what it accepts, answers as told."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.reply: str | None = None
        self.refuse: set[str] = set()
        self.delay = 0.0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reply:
            return self.reply
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 2.0.0 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.controller is None:
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's email settings point at."""
    server = SmtpServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "keepwarm <keepwarm@example.org>"
    try:
        yield server
    finally:
        server.stop()
