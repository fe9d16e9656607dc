"""Settings from the environment, parsed strictly.

Every variable keepwarm reads is declared in ``SETTINGS`` below, with its type,
default and meaning; ``.env.example`` lists the same set (a test keeps them in
step). An unknown ``KEEPWARM_*`` variable or a value that does not parse stops
start-up with a message naming the variable, the value and what was expected.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


def _origins(raw: str) -> list[str]:
    origins = _list(raw)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"{origin!r} is not an origin such as https://keepwarm.example.org")
    return origins


def _path(raw: str) -> Path:
    if not raw.strip():
        raise ValueError("expected a folder path")
    return Path(raw).expanduser().resolve()


def _database_url(raw: str) -> str:
    scheme = urlsplit(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ValueError(
            "expected postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH/TO/FILE.sqlite3"
        )
    return raw


def _time_zone(raw: str) -> str:
    try:
        zoneinfo.ZoneInfo(raw.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("expected an IANA time zone such as Europe/Berlin") from None
    return raw.strip()


def _log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
    return value


def _secret(raw: str) -> str:
    if len(raw) < 32:
        raise ValueError("expected at least 32 characters")
    return raw


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str], Any]
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("KEEPWARM_DATA_DIR", _path, None,
            "Folder for the SQLite database, the secret key and uploaded photos "
            "(default: the platform's user data folder)."),
    Setting("DATABASE_URL", _database_url, None,
            "postgres://user:password@host:5432/keepwarm to use PostgreSQL instead of SQLite."),
    Setting("KEEPWARM_SECRET_KEY", _secret, None,
            "Signing key (32+ characters). Default: generated on first start and kept in "
            "the data folder with mode 0600."),
    Setting("KEEPWARM_DEBUG", _bool, "false", "Django debug pages. Never on in production."),
    Setting("KEEPWARM_ALLOWED_HOSTS", _list, "127.0.0.1,localhost,[::1]",
            "Comma-separated host names the server answers to."),
    Setting("KEEPWARM_CSRF_TRUSTED_ORIGINS", _origins, "",
            "Comma-separated origins (https://host) allowed to post forms, behind a proxy."),
    Setting("KEEPWARM_HTTPS", _bool, "false",
            "Served over HTTPS (behind a TLS proxy): secure cookies, HSTS, redirect to https."),
    Setting("KEEPWARM_OPEN_SIGNUP", _bool, "false",
            "Let anyone create an account once the first one exists."),
    Setting("KEEPWARM_TIME_ZONE", _time_zone, "UTC",
            "Default time zone for new accounts (each user can change theirs)."),
    Setting("KEEPWARM_LOGIN_FAILURE_LIMIT", _int(1, 1000), "5",
            "Failed logins before a user name and address are locked out."),
    Setting("KEEPWARM_LOGIN_COOLOFF_MINUTES", _int(1, 10080), "15",
            "Minutes a lock-out lasts."),
    Setting("KEEPWARM_THREADS", _int(1, 256), "8", "Worker threads of `keepwarm serve`."),
    Setting("KEEPWARM_LOG_LEVEL", _log_level, "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Setting("KEEPWARM_USER", str, None,
            "The account the CLI acts for (default: the only account)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def read(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The parsed value of one setting (None when unset and without default)."""
    env = os.environ if environ is None else environ
    setting = _BY_NAME[name]
    raw = env.get(name, setting.default)
    if raw is None:
        return None
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not valid: {exc}.") from None


def check_unknown(environ: Mapping[str, str] | None = None) -> None:
    """Refuse KEEPWARM_* variables that keepwarm does not know (likely typos)."""
    env = os.environ if environ is None else environ
    unknown = sorted(k for k in env if k.startswith("KEEPWARM_") and k not in _BY_NAME)
    if unknown:
        known = ", ".join(s.name for s in SETTINGS if s.name.startswith("KEEPWARM_"))
        raise ConfigError(f"Unknown setting {', '.join(unknown)}. Known settings: {known}.")


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    configured: Path | None = read("KEEPWARM_DATA_DIR", environ)
    folder = configured or Path(platformdirs.user_data_dir("keepwarm", appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="utf-8").strip()
        if len(key) < 32:
            raise ConfigError(f"{path} is damaged (too short): delete it to make a new key.")
        return key
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
