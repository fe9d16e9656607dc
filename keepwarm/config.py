"""Settings from the environment, parsed strictly.

Every variable keepwarm reads is declared in ``SETTINGS`` below, with its type,
default and meaning; ``.env.example`` lists the same set (a test keeps them in
step), and ``docs/configuration.md`` is generated from it. An unknown
``KEEPWARM_*`` variable or a value that does not parse stops start-up with a
message naming the variable, the value (unless it is a secret) and what was
expected.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import secrets
import stat
import textwrap
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import platformdirs


class ConfigError(Exception):
    """A setting that is missing, unknown or malformed."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of true/false, yes/no, on/off, 1/0")


def _int(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("expected a whole number") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"expected a number from {minimum} to {maximum}")
        return value

    return parse


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


# A host name (optionally with a leading dot for its subdomains), an IPv4 or a
# bracketed IPv6 address, or "*". Never a scheme, a path or a port: Django
# compares ALLOWED_HOSTS without the port, so "example.org:8000" never matches.
_HOST = re.compile(r"\*|\.?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\]")


def _hosts(raw: str) -> list[str]:
    hosts = _list(raw)
    if not hosts:
        raise ValueError("expected at least one host name, such as keepwarm.example.org")
    for host in hosts:
        if not _HOST.fullmatch(host):
            raise ValueError(
                f"{host!r} is not a host name such as keepwarm.example.org "
                "(no scheme, path or port)"
            )
    return hosts


def _split_url(raw: str) -> SplitResult | None:
    """The parts of a URL, or None when it is malformed (a port that is no number)."""
    try:
        parts = urlsplit(raw.strip())
        parts.port  # noqa: B018 - reading the port checks it
    except ValueError:
        return None
    return parts


def _is_web_address(raw: str, *, path: bool) -> bool:
    """Whether ``raw`` is a well-formed http or https URL with a host, no query
    and no fragment; with a path only when ``path`` allows one."""
    parts = _split_url(raw)
    return (
        parts is not None
        and parts.scheme in {"http", "https"}
        and bool(parts.netloc)
        and (path or not parts.path)
        and not parts.query
        and not parts.fragment
    )


def _origins(raw: str) -> list[str]:
    origins = _list(raw)
    for origin in origins:
        if not _is_web_address(origin, path=False):
            raise ValueError(
                f"{origin!r} is not an origin such as https://keepwarm.example.org "
                "(scheme and host, no path)"
            )
    return origins


def _base_url(raw: str) -> str:
    if not _is_web_address(raw, path=True):
        raise ValueError(
            "expected the address people open keepwarm at, such as "
            "https://keepwarm.example.org (a path prefix is allowed)"
        )
    return raw.strip().rstrip("/")


def _path(raw: str) -> Path:
    if not raw.strip():
        raise ValueError("expected a folder path")
    return Path(raw.strip()).expanduser().resolve()


def _folders(raw: str) -> list[Path]:
    folders = [Path(item).expanduser().resolve() for item in _list(raw)]
    if not folders:
        raise ValueError("expected one or more folders, separated by commas")
    for folder in folders:
        if not folder.is_dir():
            raise ValueError(f"{folder} is not a folder")
    return folders


def _database_url(raw: str) -> str:
    expected = "expected postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH/TO/FILE.sqlite3"
    parts = _split_url(raw)
    if parts is None or parts.scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ValueError(expected)
    if not parts.path.strip("/"):
        raise ValueError(f"{expected} (the database name is missing)")
    return raw.strip()


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    return {zone.casefold(): zone for zone in zoneinfo.available_timezones()}


def canonical_time_zone(text: str) -> str | None:
    """The IANA name of the zone ``text`` names in any case ("europe/berlin" is
    "Europe/Berlin"), or None when there is no such zone."""
    name = text.strip()
    found = _zones_by_folded_name().get(name.casefold())
    if found:
        return found
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def _time_zone(raw: str) -> str:
    zone = canonical_time_zone(raw)
    if zone is None:
        raise ValueError("expected an IANA time zone such as Europe/Berlin")
    return zone


def _log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
    return value


def _secret(raw: str) -> str:
    value = raw.strip()
    if len(value) < 32:
        raise ValueError("expected at least 32 characters")
    return value


def _text(raw: str) -> str:
    return raw.strip()


EMAIL_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtps": (False, True, 465),
}


def _email_url(raw: str) -> str:
    expected = (
        "expected smtp://USER:PASSWORD@HOST:PORT, smtp+tls://… (STARTTLS, port 587) "
        "or smtps://… (TLS, port 465)"
    )
    parts = _split_url(raw)
    if parts is None or parts.scheme.lower() not in EMAIL_SCHEMES:
        raise ValueError(expected)
    if not parts.hostname:
        raise ValueError(f"{expected} (the host is missing)")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(f"{expected} (nothing after the host and port)")
    return raw.strip()


def _email_address(raw: str) -> str:
    """An address, optionally with a display name: ``keepwarm <me@example.org>``."""
    from email.utils import parseaddr

    value = raw.strip()
    _, address = parseaddr(value)
    local, _, domain = address.rpartition("@")
    if not local or "." not in domain or any(c.isspace() for c in address):
        raise ValueError("expected an address such as keepwarm@example.org")
    return value


def _smtp_host(raw: str) -> str:
    host = raw.strip()
    if not host or not _HOST.fullmatch(host) or host == "*":
        raise ValueError("expected a host name such as smtp.example.org (no scheme or port)")
    return host


@dataclass(frozen=True)
class Setting:
    """One environment variable. ``default`` is the raw text used when it is unset
    (None: no value, and ``unset`` says what keepwarm does then); ``secret`` keeps
    the value out of error messages."""

    name: str
    parse: Callable[[str], Any]
    default: str | None
    help: str
    secret: bool = False
    unset: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KEEPWARM_DATA_DIR",
        _path,
        None,
        "Folder for the SQLite database, the secret key and uploaded photos.",
        unset="the platform's user data folder (~/.local/share/keepwarm on Linux)",
    ),
    Setting(
        "DATABASE_URL",
        _database_url,
        None,
        "postgres://USER:PASSWORD@HOST:5432/NAME to use PostgreSQL instead of SQLite "
        "(needed to run several server processes).",
        secret=True,
        unset="SQLite in the data folder",
    ),
    Setting(
        "KEEPWARM_SECRET_KEY",
        _secret,
        None,
        "Signing key for sessions and tokens, 32+ characters. Every process of one "
        "site needs the same key.",
        secret=True,
        unset="generated on first start and kept in the data folder (file secret_key, mode 0600)",
    ),
    Setting("KEEPWARM_DEBUG", _bool, "false", "Django's debug pages. Never on in production."),
    Setting(
        "KEEPWARM_ALLOWED_HOSTS",
        _hosts,
        "127.0.0.1,localhost,[::1]",
        "Comma-separated host names the server answers to (no scheme, no port); "
        ".example.org matches every subdomain.",
    ),
    Setting(
        "KEEPWARM_CSRF_TRUSTED_ORIGINS",
        _origins,
        "",
        "Comma-separated extra origins (https://host) allowed to post forms; only "
        "needed when the proxy does not pass the original Host header.",
    ),
    Setting(
        "KEEPWARM_HTTPS",
        _bool,
        "false",
        "Served over HTTPS by a TLS proxy that sets X-Forwarded-Proto: secure cookies, "
        "HSTS for a year and a redirect from http to https.",
    ),
    Setting(
        "KEEPWARM_BASE_URL",
        _base_url,
        "http://127.0.0.1:8000",
        "The address people open keepwarm at, for the links in emails and the "
        "calendar feed's address (https://keepwarm.example.org).",
    ),
    Setting(
        "KEEPWARM_OPEN_SIGNUP",
        _bool,
        "false",
        "Let anyone create an account once the first one exists.",
    ),
    Setting(
        "KEEPWARM_PUBLIC_DEMO",
        _bool,
        "false",
        'Offer "explore the demo" to every visitor. Off, the demo is offered only '
        "while sign-up is open (before the first account, or with KEEPWARM_OPEN_SIGNUP).",
    ),
    Setting(
        "KEEPWARM_TIME_ZONE",
        _time_zone,
        "UTC",
        "Default time zone for new accounts (each user can change theirs).",
    ),
    Setting(
        "KEEPWARM_LOGIN_FAILURE_LIMIT",
        _int(1, 1000),
        "5",
        "Failed logins in a row before a user name is locked out from that address.",
    ),
    Setting(
        "KEEPWARM_ACCOUNT_FAILURE_LIMIT",
        _int(1, 10000),
        "20",
        "Failed logins to one user name from all addresses together before logging in "
        "to it is paused from everywhere for the cool-off; its owner is told by email. "
        "An address's failures count until a cool-off passes without another from it.",
    ),
    Setting(
        "KEEPWARM_LOGIN_COOLOFF_MINUTES",
        _int(1, 10080),
        "15",
        "Minutes a lock-out lasts.",
    ),
    Setting(
        "KEEPWARM_API_RATE_LIMIT",
        _int(1, 1_000_000),
        "600",
        "Requests a minute one API token may make (in each `keepwarm serve` process); "
        "more are answered 429 with `Retry-After`.",
    ),
    Setting("KEEPWARM_THREADS", _int(1, 256), "8", "Worker threads of each `keepwarm serve`."),
    Setting(
        "KEEPWARM_UPLOAD_LIMIT_MB",
        _int(1, 1024),
        "20",
        "The largest file the web import takes, in MB. `keepwarm serve` refuses a request "
        "body over this plus 1 MB (for the form around the file) before reading it; give a "
        "reverse proxy the same body limit (docs/deploy.md).",
    ),
    Setting(
        "KEEPWARM_IMPORT_MAX_ROWS",
        _int(1, 10_000_000),
        "50000",
        "The most contacts, or rows of a touch history, one file imported on the web may "
        "hold (a larger file is refused when it is uploaded; split it). `keepwarm import` "
        "takes any number.",
    ),
    Setting(
        "KEEPWARM_LABEL_FONT_DIRS",
        _folders,
        None,
        "Comma-separated folders searched (with their subfolders) for the Noto fonts that "
        "print label text in scripts other than Latin, Greek and Cyrillic (docs/labels.md).",
        unset="the system's font folders: /usr/share/fonts, /usr/local/share/fonts, "
        "~/.local/share/fonts, ~/.fonts, and on macOS /Library/Fonts and ~/Library/Fonts",
    ),
    Setting("KEEPWARM_LOG_LEVEL", _log_level, "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "EMAIL_URL",
        _email_url,
        None,
        "The mail server for reminders, as one URL: smtp+tls://USER:PASSWORD@HOST:587 "
        "(STARTTLS), smtps://USER:PASSWORD@HOST:465 (TLS) or smtp://HOST:25 (plain). "
        "Put %40 for an @ in the user name. Or use the KEEPWARM_SMTP_* variables.",
        secret=True,
        unset="the KEEPWARM_SMTP_* variables; with neither, email is not set up and "
        "reminders wait in the outbox",
    ),
    Setting(
        "KEEPWARM_SMTP_HOST",
        _smtp_host,
        None,
        "The mail server's host name, instead of EMAIL_URL.",
        unset="no mail server (unless EMAIL_URL names one)",
    ),
    Setting(
        "KEEPWARM_SMTP_PORT",
        _int(1, 65535),
        None,
        "The mail server's port.",
        unset="465 with KEEPWARM_SMTP_SSL, 587 with KEEPWARM_SMTP_TLS, else 25",
    ),
    Setting("KEEPWARM_SMTP_USER", _text, None, "User name at the mail server.", unset="none"),
    Setting(
        "KEEPWARM_SMTP_PASSWORD",
        _text,
        None,
        "Password at the mail server.",
        secret=True,
        unset="none",
    ),
    Setting(
        "KEEPWARM_SMTP_TLS",
        _bool,
        "false",
        "Switch to TLS with STARTTLS after connecting (usually port 587).",
    ),
    Setting(
        "KEEPWARM_SMTP_SSL",
        _bool,
        "false",
        "Connect over TLS from the start (usually port 465).",
    ),
    Setting(
        "KEEPWARM_EMAIL_FROM",
        _email_address,
        None,
        "The sender of keepwarm's emails, such as keepwarm <keepwarm@example.org>; "
        "most mail servers only accept an address of your own domain.",
        unset="keepwarm@ and the mail server's domain",
    ),
    Setting(
        "KEEPWARM_WORKER_INTERVAL",
        _int(10, 3600),
        "60",
        "Seconds between two runs of the worker that sends reminders (the one inside "
        "`keepwarm serve` and `keepwarm worker --loop`).",
    ),
    Setting(
        "KEEPWARM_USER",
        _text,
        None,
        "The account the command line acts for; --user wins over it.",
        unset="the only account",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def read(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The parsed value of one setting (None when unset and without default).

    An empty value of a setting without a default counts as unset, so an env file
    may list ``DATABASE_URL=`` without switching anything on.
    """
    env = os.environ if environ is None else environ
    setting = _BY_NAME[name]
    raw = env.get(name)
    if raw is None or (not raw.strip() and setting.default is None):
        raw = setting.default
    if raw is None:
        return None
    try:
        return setting.parse(raw)
    except ValueError as exc:
        shown = f"{name} (value hidden)" if setting.secret else f"{name}={raw!r}"
        raise ConfigError(f"{shown} is not valid: {exc}.") from None


def check_unknown(environ: Mapping[str, str] | None = None) -> None:
    """Refuse KEEPWARM_* variables that keepwarm does not know (likely typos)."""
    env = os.environ if environ is None else environ
    unknown = sorted(k for k in env if k.startswith("KEEPWARM_") and k not in _BY_NAME)
    if not unknown:
        return
    prefix = "KEEPWARM_"
    known = [s.name.removeprefix(prefix) for s in SETTINGS if s.name.startswith(prefix)]
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name.removeprefix(prefix), known, n=1, cutoff=0.75)
        hints.append(f"{name} (did you mean {prefix}{close[0]}?)" if close else name)
    listing = ", ".join(prefix + name for name in known)
    raise ConfigError(f"Unknown setting {', '.join(hints)}. Known settings: {listing}.")


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data folder, created when missing."""
    configured: Path | None = read("KEEPWARM_DATA_DIR", environ)
    folder = configured or Path(platformdirs.user_data_dir("keepwarm", appauthor=False))
    return _make_folder(folder, parents=True)


def subfolder(parent: Path, name: str) -> Path:
    """A folder inside the data folder, created when missing."""
    return _make_folder(parent / name, parents=False)


def _make_folder(folder: Path, *, parents: bool) -> Path:
    """Create ``folder`` for its owner only (mode 0700): it holds the database,
    the secret key and photos. A folder that exists keeps its mode."""
    try:
        folder.mkdir(mode=0o700, parents=parents, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"KEEPWARM_DATA_DIR: cannot create {folder}: {exc.strerror}.") from None
    return folder


def secret_key(folder: Path, environ: Mapping[str, str] | None = None) -> str:
    """The configured key, or the one kept in the data folder (made on first start)."""
    configured: str | None = read("KEEPWARM_SECRET_KEY", environ)
    if configured:
        return configured
    path = folder / "secret_key"
    try:
        if not path.exists():
            _create_secret_key(path)
        return _read_secret_key(path)
    except OSError as exc:
        raise ConfigError(f"Cannot keep the secret key in {path}: {exc.strerror}.") from None


def _create_secret_key(path: Path) -> None:
    """Write a new key atomically: several processes starting at once agree on one."""
    draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _publish(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _publish(draft: Path, path: Path) -> None:
    """Give the finished draft its name, unless another process got there first."""
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process won the race: its key stays
    except OSError:
        if not path.exists():  # no hard links on this file system: rename instead
            os.replace(draft, path)


def _read_secret_key(path: Path) -> str:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o600)  # readable by others: take that back
    try:
        key = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise _damaged(path, "it is not text") from None
    if len(key) < 32:
        raise _damaged(path, "shorter than 32 characters")
    if any(c.isspace() for c in key):
        raise _damaged(path, "it holds spaces or several lines")
    return key


def _damaged(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"The secret key file {path} is damaged ({why}): restore it from a backup, "
        "or delete it to make a new key (that signs everyone out)."
    )


# The two files that list every setting are generated from SETTINGS (tests keep
# them current): `.env.example` and `docs/configuration.md`.

_ENV_EXAMPLE_HEAD = """\
# keepwarm settings: every variable it reads, with its default.
#
# Nothing here is needed for a first run: `make run` works with no settings at
# all (SQLite and a secret key in the data folder). To change something, copy
# this file to .env, uncomment the lines you change, and load it into the
# server's environment: a systemd EnvironmentFile, or in a shell
#     set -a; . ./.env; set +a
# An unknown KEEPWARM_* variable or a malformed value stops start-up with a
# message saying what is wrong. Reference: docs/configuration.md.
"""

_REFERENCE_HEAD = """\
# Configuration

<!-- Generated from keepwarm/config.py (SETTINGS); a test keeps it current. -->

keepwarm reads its settings from environment variables, nothing else. Every
one is optional: with none set, `keepwarm serve` keeps an SQLite database and a
secret key it generates on first start in the data folder, and answers on
127.0.0.1 and localhost only.

Parsing is strict. A value that does not parse, or a `KEEPWARM_*` variable that
keepwarm does not know (a typo, most likely), stops start-up with a message
naming the variable and what was expected; secret values are never repeated in
messages. An empty value of a setting without a default counts as unset.
Booleans take `true`/`false`, `yes`/`no`, `on`/`off` or `1`/`0`; lists are
comma-separated.

`.env.example` in the repository lists the same variables; see
[deploy.md](deploy.md) for a production set-up with PostgreSQL, several
processes and a TLS proxy.

| Variable | Default | Meaning |
| --- | --- | --- |
"""


def render_env_example() -> str:
    """The text of ``.env.example``."""
    blocks = [_ENV_EXAMPLE_HEAD]
    for setting in SETTINGS:
        text = setting.help + (f" Unset: {setting.unset}." if setting.unset else "")
        comments = "".join(f"# {line}\n" for line in textwrap.wrap(text, width=78))
        blocks.append(f"{comments}# {setting.name}={setting.default or ''}\n")
    return "\n".join(blocks)


def render_reference() -> str:
    """The text of ``docs/configuration.md``."""
    rows = []
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else setting.unset or "empty"
        meaning = setting.help.replace("|", "\\|")
        rows.append(f"| `{setting.name}` | {default} | {meaning} |\n")
    return _REFERENCE_HEAD + "".join(rows)
