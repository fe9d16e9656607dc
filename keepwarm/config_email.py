"""The mail server keepwarm sends through, from EMAIL_URL or KEEPWARM_SMTP_*.

The variables themselves are declared and parsed in ``keepwarm.config``; this
module puts them together (one URL or separate variables, never both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from keepwarm.config import EMAIL_SCHEMES, ConfigError, read


@dataclass(frozen=True)
class EmailSettings:
    """Where reminders go out: the mail server, or ``host`` None when there is none."""

    host: str | None = None
    port: int = 25
    user: str = ""
    password: str = ""
    tls: bool = False
    ssl: bool = False
    sender: str = "keepwarm@localhost"

    @property
    def configured(self) -> bool:
        return self.host is not None


def email(environ: Mapping[str, str] | None = None) -> EmailSettings:
    """The mail server from EMAIL_URL or the KEEPWARM_SMTP_* variables (not both)."""
    url: str | None = read("EMAIL_URL", environ)
    host: str | None = read("KEEPWARM_SMTP_HOST", environ)
    if url and host:
        raise ConfigError(
            "EMAIL_URL and KEEPWARM_SMTP_HOST are both set: keep one of them "
            "(EMAIL_URL holds the whole mail server set-up)."
        )
    found = _email_from_url(url) if url else _email_from_variables(host, environ)
    sender = read("KEEPWARM_EMAIL_FROM", environ)
    if sender is None and found.host:
        sender = f"keepwarm@{_mail_domain(found.host)}"
    return EmailSettings(**{**found.__dict__, "sender": sender or found.sender})


def _email_from_url(url: str) -> EmailSettings:
    parts = urlsplit(url)
    tls, ssl, port = EMAIL_SCHEMES[parts.scheme.lower()]
    return EmailSettings(
        host=parts.hostname,
        port=parts.port or port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        tls=tls,
        ssl=ssl,
    )


def _email_from_variables(host: str | None, environ: Mapping[str, str] | None) -> EmailSettings:
    tls: bool = read("KEEPWARM_SMTP_TLS", environ)
    ssl: bool = read("KEEPWARM_SMTP_SSL", environ)
    if tls and ssl:
        raise ConfigError(
            "KEEPWARM_SMTP_TLS and KEEPWARM_SMTP_SSL are both on: use SSL for port 465 "
            "(TLS from the start), TLS for port 587 (STARTTLS), not both."
        )
    if host is None:
        return EmailSettings()
    port: int | None = read("KEEPWARM_SMTP_PORT", environ)
    return EmailSettings(
        host=host,
        port=port or (465 if ssl else 587 if tls else 25),
        user=read("KEEPWARM_SMTP_USER", environ) or "",
        password=read("KEEPWARM_SMTP_PASSWORD", environ) or "",
        tls=tls,
        ssl=ssl,
    )


def _mail_domain(host: str) -> str:
    """smtp.example.org sends for example.org; a bare host name for itself."""
    labels = host.strip("[]").split(".")
    if len(labels) > 2 and not host.replace(".", "").isdigit():
        return ".".join(labels[1:])
    return host.strip("[]")
