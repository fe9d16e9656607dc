"""Settings from the environment: strict parsing of every variable, the secret
key kept in the data folder, the files that list every setting, and what a
fresh start really gets (SQLite in WAL mode, or the PostgreSQL of DATABASE_URL)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from keepwarm import config

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = (
    "python -c \"from keepwarm import config; open('{path}', 'w').write(config.{function}())\""
)

GOOD_VALUES = [
    ("KEEPWARM_DEBUG", "true", True),
    ("KEEPWARM_DEBUG", " Yes ", True),
    ("KEEPWARM_DEBUG", "ON", True),
    ("KEEPWARM_DEBUG", "0", False),
    ("KEEPWARM_DEBUG", "off", False),
    ("KEEPWARM_HTTPS", "1", True),
    ("KEEPWARM_BASE_URL", "https://keepwarm.example.org/", "https://keepwarm.example.org"),
    ("KEEPWARM_BASE_URL", " https://example.org/keepwarm ", "https://example.org/keepwarm"),
    ("KEEPWARM_OPEN_SIGNUP", "no", False),
    ("KEEPWARM_PUBLIC_DEMO", "yes", True),
    ("KEEPWARM_PUBLIC_DEMO", "", False),
    ("KEEPWARM_ALLOWED_HOSTS", "keepwarm.example.org", ["keepwarm.example.org"]),
    (
        "KEEPWARM_ALLOWED_HOSTS",
        " keepwarm.example.org , .example.net,",
        ["keepwarm.example.org", ".example.net"],
    ),
    ("KEEPWARM_ALLOWED_HOSTS", "192.168.1.5,[::1],*", ["192.168.1.5", "[::1]", "*"]),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "", []),
    (
        "KEEPWARM_CSRF_TRUSTED_ORIGINS",
        "https://keepwarm.example.org, http://localhost:8000",
        ["https://keepwarm.example.org", "http://localhost:8000"],
    ),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "https://*.example.org", ["https://*.example.org"]),
    ("KEEPWARM_TIME_ZONE", "Europe/Berlin", "Europe/Berlin"),
    ("KEEPWARM_TIME_ZONE", " America/New_York ", "America/New_York"),
    ("KEEPWARM_TIME_ZONE", "europe/berlin", "Europe/Berlin"),
    ("KEEPWARM_TIME_ZONE", "AMERICA/NEW_YORK", "America/New_York"),
    ("KEEPWARM_TIME_ZONE", "utc", "UTC"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "1", 1),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", " 1000 ", 1000),
    ("KEEPWARM_LOGIN_COOLOFF_MINUTES", "10080", 10080),
    ("KEEPWARM_ACCOUNT_FAILURE_LIMIT", "10000", 10000),
    ("KEEPWARM_THREADS", "16", 16),
    ("KEEPWARM_LOG_LEVEL", "warning", "WARNING"),
    (
        "DATABASE_URL",
        "postgres://keepwarm:s3cret@db.internal:5432/keepwarm",
        "postgres://keepwarm:s3cret@db.internal:5432/keepwarm",
    ),
    ("DATABASE_URL", "postgresql://keepwarm@/keepwarm", "postgresql://keepwarm@/keepwarm"),
    ("DATABASE_URL", "sqlite:////srv/keepwarm/db.sqlite3", "sqlite:////srv/keepwarm/db.sqlite3"),
    ("DATABASE_URL", "", None),  # empty counts as unset: SQLite
    ("KEEPWARM_SECRET_KEY", "k" * 32, "k" * 32),
    ("KEEPWARM_SECRET_KEY", "  ", None),
    ("KEEPWARM_DATA_DIR", "/srv/keepwarm", Path("/srv/keepwarm").resolve()),
    ("KEEPWARM_USER", " alice ", "alice"),
    (
        "KEEPWARM_LABEL_FONT_DIRS",
        f" {ROOT / 'docs'} , {ROOT / 'keepwarm'},",
        [ROOT / "docs", ROOT / "keepwarm"],
    ),
]

BAD_VALUES = [
    ("KEEPWARM_LABEL_FONT_DIRS", "/no/such/fonts", "/no/such/fonts is not a folder"),
    ("KEEPWARM_LABEL_FONT_DIRS", " , ", "expected one or more folders"),
    ("KEEPWARM_DEBUG", "maybe", "expected one of true/false"),
    ("KEEPWARM_DEBUG", "2", "expected one of true/false"),
    ("KEEPWARM_HTTPS", "https", "expected one of true/false"),
    ("KEEPWARM_BASE_URL", "keepwarm.example.org", "such as https://keepwarm.example.org"),
    ("KEEPWARM_BASE_URL", "ftp://keepwarm.example.org", "such as https://keepwarm.example.org"),
    ("KEEPWARM_BASE_URL", "https://example.org/?a=1", "such as https://keepwarm.example.org"),
    ("KEEPWARM_BASE_URL", "https://example.org:port", "such as https://keepwarm.example.org"),
    ("KEEPWARM_PUBLIC_DEMO", "public", "expected one of true/false"),
    ("KEEPWARM_ALLOWED_HOSTS", "", "expected at least one host name"),
    ("KEEPWARM_ALLOWED_HOSTS", " , ", "expected at least one host name"),
    ("KEEPWARM_ALLOWED_HOSTS", "https://keepwarm.example.org", "no scheme, path or port"),
    ("KEEPWARM_ALLOWED_HOSTS", "keepwarm.example.org:8000", "no scheme, path or port"),
    ("KEEPWARM_ALLOWED_HOSTS", "keepwarm.example.org/app", "no scheme, path or port"),
    ("KEEPWARM_ALLOWED_HOSTS", "keepwarm example.org", "no scheme, path or port"),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "keepwarm.example.org", "not an origin"),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "https://keepwarm.example.org/", "not an origin"),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "ftp://keepwarm.example.org", "not an origin"),
    ("KEEPWARM_CSRF_TRUSTED_ORIGINS", "https://keepwarm.example.org:https", "not an origin"),
    ("KEEPWARM_TIME_ZONE", "Mars/Olympus_Mons", "IANA time zone"),
    ("KEEPWARM_TIME_ZONE", "", "IANA time zone"),
    ("KEEPWARM_TIME_ZONE", "Europe", "IANA time zone"),
    ("KEEPWARM_TIME_ZONE", "../../etc/passwd", "IANA time zone"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "0", "from 1 to 1000"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "1001", "from 1 to 1000"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "five", "whole number"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "2.5", "whole number"),
    ("KEEPWARM_LOGIN_FAILURE_LIMIT", "", "whole number"),
    ("KEEPWARM_LOGIN_COOLOFF_MINUTES", "10081", "from 1 to 10080"),
    ("KEEPWARM_ACCOUNT_FAILURE_LIMIT", "0", "from 1 to 10000"),
    ("KEEPWARM_THREADS", "0", "from 1 to 256"),
    ("KEEPWARM_THREADS", "-4", "from 1 to 256"),
    ("KEEPWARM_LOG_LEVEL", "verbose", "DEBUG, INFO, WARNING or ERROR"),
    ("KEEPWARM_LOG_LEVEL", "CRITICAL", "DEBUG, INFO, WARNING or ERROR"),
]

BAD_SECRETS = [
    ("DATABASE_URL", "mysql://kw:hunter2-hunter2@db/keepwarm", "expected postgres://"),
    ("DATABASE_URL", "postgres://kw:hunter2-hunter2@db:port/keepwarm", "expected postgres://"),
    ("DATABASE_URL", "postgres://kw:hunter2-hunter2@db:5432/", "database name is missing"),
    ("DATABASE_URL", "hunter2-hunter2", "expected postgres://"),
    ("KEEPWARM_SECRET_KEY", "hunter2-hunter2", "at least 32 characters"),
]

DEFAULTS = {
    "KEEPWARM_DATA_DIR": None,
    "DATABASE_URL": None,
    "KEEPWARM_SECRET_KEY": None,
    "KEEPWARM_DEBUG": False,
    "KEEPWARM_ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]"],
    "KEEPWARM_CSRF_TRUSTED_ORIGINS": [],
    "KEEPWARM_HTTPS": False,
    "KEEPWARM_BASE_URL": "http://127.0.0.1:8000",
    "KEEPWARM_OPEN_SIGNUP": False,
    "KEEPWARM_PUBLIC_DEMO": False,
    "KEEPWARM_TIME_ZONE": "UTC",
    "KEEPWARM_LOGIN_FAILURE_LIMIT": 5,
    "KEEPWARM_ACCOUNT_FAILURE_LIMIT": 20,
    "KEEPWARM_API_RATE_LIMIT": 600,
    "KEEPWARM_LOGIN_COOLOFF_MINUTES": 15,
    "KEEPWARM_THREADS": 8,
    "KEEPWARM_UPLOAD_LIMIT_MB": 20,
    "KEEPWARM_IMPORT_MAX_ROWS": 50_000,
    "KEEPWARM_LABEL_FONT_DIRS": None,
    "KEEPWARM_LOG_LEVEL": "INFO",
    "KEEPWARM_USER": None,
    "EMAIL_URL": None,
    "KEEPWARM_SMTP_HOST": None,
    "KEEPWARM_SMTP_PORT": None,
    "KEEPWARM_SMTP_USER": None,
    "KEEPWARM_SMTP_PASSWORD": None,
    "KEEPWARM_SMTP_TLS": False,
    "KEEPWARM_SMTP_SSL": False,
    "KEEPWARM_EMAIL_FROM": None,
    "KEEPWARM_WORKER_INTERVAL": 60,
}


# --- parsing -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "raw", "expected"), GOOD_VALUES)
def test_good_values_parse(name, raw, expected):
    assert config.read(name, environ={name: raw}) == expected


@pytest.mark.parametrize(("name", "raw", "reason"), BAD_VALUES)
def test_bad_values_stop_with_a_message_naming_variable_and_value(name, raw, reason):
    with pytest.raises(config.ConfigError) as caught:
        config.read(name, environ={name: raw})
    message = str(caught.value)
    assert message.startswith(f"{name}={raw!r} is not valid: ")
    assert reason in message


@pytest.mark.parametrize(("name", "raw", "reason"), BAD_SECRETS)
def test_bad_secret_values_are_never_repeated(name, raw, reason):
    with pytest.raises(config.ConfigError) as caught:
        config.read(name, environ={name: raw})
    message = str(caught.value)
    assert message.startswith(f"{name} (value hidden) is not valid: ")
    assert reason in message
    assert "hunter2" not in message


def test_every_setting_has_its_documented_default():
    assert {s.name for s in config.SETTINGS} == set(DEFAULTS)
    for name, expected in DEFAULTS.items():
        assert config.read(name, environ={}) == expected, name


def test_unknown_keepwarm_variable_is_refused_with_a_suggestion():
    environ = {"KEEPWARM_DEBGU": "true", "KEEPWARM_DEBUG": "true", "PATH": "/usr/bin"}
    with pytest.raises(config.ConfigError) as caught:
        config.check_unknown(environ)
    message = str(caught.value)
    assert message.startswith("Unknown setting KEEPWARM_DEBGU (did you mean KEEPWARM_DEBUG?).")
    assert "Known settings: KEEPWARM_DATA_DIR, KEEPWARM_SECRET_KEY" in message


def test_unknown_variables_are_all_named_even_without_a_close_match():
    with pytest.raises(config.ConfigError) as caught:
        config.check_unknown({"KEEPWARM_COLOUR": "blue", "KEEPWARM_ZEBRA": "1"})
    assert str(caught.value).startswith("Unknown setting KEEPWARM_COLOUR, KEEPWARM_ZEBRA.")


def test_known_and_foreign_variables_pass_the_unknown_check():
    environ = {s.name: "x" for s in config.SETTINGS} | {"DJANGO_DEBUG": "1", "HOME": "/root"}
    assert config.check_unknown(environ) is None


# --- the data folder ----------------------------------------------------------


def test_data_dir_defaults_to_the_platform_user_data_folder(monkeypatch, tmp_path):
    asked = []

    def user_data_dir(appname, appauthor):
        asked.append((appname, appauthor))
        return str(tmp_path / "platform" / appname)

    monkeypatch.setattr(config.platformdirs, "user_data_dir", user_data_dir)
    folder = config.data_dir(environ={})
    assert folder == tmp_path / "platform" / "keepwarm"
    assert folder.is_dir()
    assert asked == [("keepwarm", False)]


def test_data_dir_is_created_with_its_parents(tmp_path):
    wanted = tmp_path / "a" / "b" / "keepwarm"
    assert config.data_dir(environ={"KEEPWARM_DATA_DIR": str(wanted)}) == wanted
    assert wanted.is_dir()


def test_data_dir_and_its_subfolders_are_private_whatever_the_umask(tmp_path):
    wanted = tmp_path / "a" / "keepwarm"
    previous = os.umask(0)
    try:
        folder = config.data_dir(environ={"KEEPWARM_DATA_DIR": str(wanted)})
        photos = config.subfolder(folder, "photos")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(photos.stat().st_mode) == 0o700


def test_an_existing_data_dir_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o750)
    shared.chmod(0o750)
    config.data_dir(environ={"KEEPWARM_DATA_DIR": str(shared)})
    assert stat.S_IMODE(shared.stat().st_mode) == 0o750


def test_data_dir_expands_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = config.data_dir(environ={"KEEPWARM_DATA_DIR": "~/keepwarm-data"})
    assert folder == (tmp_path / "keepwarm-data").resolve()


def test_data_dir_that_cannot_be_made_is_a_clear_error(tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    with pytest.raises(config.ConfigError, match=r"KEEPWARM_DATA_DIR: cannot create .*a-file"):
        config.data_dir(environ={"KEEPWARM_DATA_DIR": str(in_the_way / "keepwarm")})


def test_subfolder_is_made_inside_the_data_folder(tmp_path):
    assert config.subfolder(tmp_path, "static") == tmp_path / "static"
    assert (tmp_path / "static").is_dir()
    assert config.subfolder(tmp_path, "static") == tmp_path / "static"  # already there


# --- the secret key -----------------------------------------------------------


def key_file(folder: Path) -> Path:
    return folder / "secret_key"


def test_secret_key_is_made_once_with_mode_0600_whatever_the_umask(tmp_path):
    previous = os.umask(0)
    try:
        key = config.secret_key(tmp_path, environ={})
    finally:
        os.umask(previous)
    assert len(key) >= 32
    assert key_file(tmp_path).read_text() == key + "\n"
    assert stat.S_IMODE(key_file(tmp_path).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_is_reused_on_the_next_start(tmp_path):
    first = config.secret_key(tmp_path, environ={})
    made = key_file(tmp_path).stat().st_mtime_ns
    assert config.secret_key(tmp_path, environ={}) == first
    assert key_file(tmp_path).stat().st_mtime_ns == made


def test_configured_secret_key_wins_and_nothing_is_written(tmp_path):
    key = "c" * 40
    assert config.secret_key(tmp_path, environ={"KEEPWARM_SECRET_KEY": key}) == key
    assert not key_file(tmp_path).exists()


def test_processes_starting_together_agree_on_one_key(tmp_path):
    start = threading.Barrier(8)
    keys: list[str] = []

    def boot():
        start.wait()
        keys.append(config.secret_key(tmp_path, environ={}))

    threads = [threading.Thread(target=boot) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8
    assert set(keys) == {key_file(tmp_path).read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_is_made_on_file_systems_without_hard_links(tmp_path, monkeypatch):
    def no_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(config.os, "link", no_links)
    key = config.secret_key(tmp_path, environ={})
    assert key_file(tmp_path).read_text() == key + "\n"
    assert stat.S_IMODE(key_file(tmp_path).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_readable_by_others_is_locked_down(tmp_path):
    key_file(tmp_path).write_text("s" * 50 + "\n")
    key_file(tmp_path).chmod(0o644)
    assert config.secret_key(tmp_path, environ={}) == "s" * 50
    assert stat.S_IMODE(key_file(tmp_path).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "shorter than 32 characters"),
        (b"short\n", "shorter than 32 characters"),
        (b"\xff\xfe" + b"x" * 40, "it is not text"),
        (b"a" * 32 + b"\n" + b"b" * 32 + b"\n", "it holds spaces or several lines"),
    ],
)
def test_damaged_secret_key_is_refused_not_replaced(tmp_path, content, why):
    key_file(tmp_path).write_bytes(content)
    with pytest.raises(config.ConfigError) as caught:
        config.secret_key(tmp_path, environ={})
    message = str(caught.value)
    assert f"The secret key file {key_file(tmp_path)} is damaged ({why})" in message
    assert "delete it to make a new key" in message
    assert key_file(tmp_path).read_bytes() == content


def test_secret_key_that_cannot_be_written_is_a_clear_error(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.raises(config.ConfigError, match=r"Cannot keep the secret key in .*file"):
        config.secret_key(not_a_folder, environ={})


# --- the files that list every setting ----------------------------------------


def env_example_entries() -> dict[str, str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^# ?([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def test_env_example_lists_every_setting_and_nothing_else():
    listed = env_example_entries()
    declared = {s.name for s in config.SETTINGS}
    assert sorted(declared - listed.keys()) == [], "missing from .env.example"
    assert sorted(listed.keys() - declared) == [], "in .env.example but not in config.SETTINGS"


def test_env_example_shows_every_default():
    listed = env_example_entries()
    assert {s.name: s.default or "" for s in config.SETTINGS} == listed


@pytest.mark.parametrize(
    ("path", "function"),
    [(".env.example", "render_env_example"), ("docs/configuration.md", "render_reference")],
)
def test_generated_setting_lists_are_current(path, function):
    expected = getattr(config, function)()
    actual = (ROOT / path).read_text(encoding="utf-8")
    assert actual == expected, f"{path} is stale; regenerate it: " + REGENERATE.format(
        path=path, function=function
    )


def test_reference_documents_every_setting_with_its_help():
    reference = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for setting in config.SETTINGS:
        assert f"| `{setting.name}` |" in reference
        assert setting.help.replace("|", "\\|") in reference


# --- a real start, in a fresh process -----------------------------------------


def fresh_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The test run's environment without keepwarm settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEEPWARM_")}
    env["DJANGO_SETTINGS_MODULE"] = "keepwarm.settings"
    env["KEEPWARM_DATA_DIR"] = str(data_dir)
    env.update(variables)
    return env


def run_python(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"KEEPWARM_LOGIN_FAILURE_LIMIT": "lots"},
            "KEEPWARM_LOGIN_FAILURE_LIMIT='lots' is not valid: expected a whole number.",
        ),
        (
            {"KEEPWARM_DEBGU": "true"},
            "Unknown setting KEEPWARM_DEBGU (did you mean KEEPWARM_DEBUG?).",
        ),
        (
            {"DATABASE_URL": "mysql://kw:hunter2@db/keepwarm"},
            "DATABASE_URL (value hidden) is not valid: expected postgres://",
        ),
    ],
)
def test_bad_setting_stops_django_setup_with_one_clear_line(tmp_path, variables, message):
    env = fresh_env(tmp_path / "data", **variables)
    result = run_python("import django; django.setup()", env, tmp_path)
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith(f"django.core.exceptions.ImproperlyConfigured: {message}")
    assert result.stderr.count("Traceback") == 1
    for noise in ("During handling", "direct cause", "ConfigError", "ValueError", "hunter2"):
        assert noise not in result.stderr


DATABASE_PROBE = """
import json, sqlite3
import django
django.setup()
from django.conf import settings
from django.db import connection, transaction

db = settings.DATABASES["default"]
found = {"vendor": connection.vendor, "name": str(db["NAME"])}
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        for pragma in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous"):
            cursor.execute(f"PRAGMA {pragma}")
            found[pragma] = cursor.fetchone()[0]
        found["transaction_mode"] = connection.transaction_mode
        with transaction.atomic():  # BEGIN IMMEDIATE: the write lock is ours at once
            other = sqlite3.connect(db["NAME"], timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")
                found["second_writer"] = "got the lock"
            except sqlite3.OperationalError as exc:
                found["second_writer"] = str(exc)
            other.close()
    else:
        cursor.execute("SELECT current_database()")
        found["current_database"] = cursor.fetchone()[0]
        found["conn_max_age"] = db["CONN_MAX_AGE"]
        found["conn_health_checks"] = db["CONN_HEALTH_CHECKS"]
print(json.dumps(found))
"""


def probe_database(env: dict[str, str], cwd: Path) -> dict[str, object]:
    result = run_python(DATABASE_PROBE, env, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def tuned_sqlite(path: Path) -> dict[str, object]:
    return {
        "vendor": "sqlite",
        "name": str(path),
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL: safe with WAL, and fast
        "transaction_mode": "IMMEDIATE",
        "second_writer": "database is locked",
    }


def test_fresh_start_gets_a_tuned_database_and_a_private_key(tmp_path):
    data = tmp_path / "data"
    found = probe_database(fresh_env(data), tmp_path)
    assert stat.S_IMODE(key_file(data).stat().st_mode) == 0o600
    if os.environ.get("DATABASE_URL"):
        database = os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
        assert found == {
            "vendor": "postgresql",
            "name": database,
            "current_database": database,
            "conn_max_age": 60,
            "conn_health_checks": True,
        }
    else:
        assert found == tuned_sqlite(data / "keepwarm.sqlite3")
        assert (data / "keepwarm.sqlite3").is_file()


def test_sqlite_database_url_gets_the_same_tuning(tmp_path):
    elsewhere = tmp_path / "elsewhere.sqlite3"
    env = fresh_env(tmp_path / "data", DATABASE_URL=f"sqlite:///{elsewhere}")
    assert probe_database(env, tmp_path) == tuned_sqlite(elsewhere)
    assert not (tmp_path / "data" / "keepwarm.sqlite3").exists()
