"""A real SMTP server for tests: aiosmtpd on loopback, on a free port.

Ask for the ``smtp_server`` fixture (tests/conftest.py): it starts the
server, points Django's email settings at it, and gives a ``SmtpServer``
whose ``messages`` are the emails it accepted. ``stop()`` and
``start()`` take it down and bring it back on the same port; ``reply`` makes it
answer every DATA with an error (``"451 4.3.0 Try again later"``) and
``refuse`` holds recipients it rejects for good.
"""

from __future__ import annotations

import asyncio
import email
import logging
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command


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
