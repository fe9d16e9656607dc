"""`keepwarm serve` (a real server in a subprocess) and `keepwarm manage`."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.cli.server import base_url, collect_static, is_loopback
from tests.serving import fetch, serving, wait_for


@pytest.fixture
def server(tmp_path):
    with serving(tmp_path) as served:
        yield served


def test_serve_migrates_and_serves_pages_and_static_files(server):
    url, process, log, data = server
    page = wait_for(url + "/", process, log)
    assert (data / "keepwarm.sqlite3").exists()
    assert f"keepwarm is running at {url}/" in log.read_text()
    # Static files come from the collected, hashed copies, cached for good.
    static = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page)))
    assert static, "the first page links no static file"
    for path in static:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", path), f"{path} is not a hashed name"
        status, headers, body = fetch(url + path)
        assert status == 200 and body
        assert "immutable" in headers.get("Cache-Control", "")
    assert (data / "static" / "staticfiles.json").exists()
    assert "Traceback" not in log.read_text()


def test_serve_refuses_a_body_over_the_upload_limit_before_reading_it(server):
    """A 1 GB anonymous post is answered 413 from its headers alone: nothing of
    it is received (the audit saw four such posts fill 3.8 GB of temporary disk)."""
    url, process, log, _ = server
    wait_for(url + "/", process, log)
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        head = (
            "POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Length: {1024**3}\r\nContent-Type: text/plain\r\n\r\n"
        )
        conn.sendall(head.encode() + b"x" * 65536)
        answer = conn.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    # Under the limit (20 MB and 1 MB for the form), the app answers as usual.
    request = urllib.request.Request(url + "/login/", data=b"x" * (2 * 1024 * 1024))  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - a local test server
    assert refused.value.code == 403  # no CSRF token: the app read and refused it


def test_serve_says_clearly_when_the_port_is_taken(server, tmp_path):
    url, process, log, data = server
    wait_for(url + "/", process, log)
    port = url.rsplit(":", 1)[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KEEPWARM_DATA_DIR"] = str(data)
    result = subprocess.run(
        [sys.executable, "-m", "keepwarm", "serve", "--port", port],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert f"keepwarm: Cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_static_files_are_collected_again_only_when_they_change(settings, tmp_path):
    source = tmp_path / "assets"
    source.mkdir()
    (source / "extra.css").write_text("body { color: black; }")
    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [source]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert collect_static() is True
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "extra.css" in manifest["paths"]
    assert collect_static() is False  # a second process starting finds them ready
    (source / "extra.css").write_text("body { color: navy; }")
    assert collect_static() is True
    changed = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert changed["paths"]["extra.css"] != manifest["paths"]["extra.css"]


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/"),
        ("::1", "http://[::1]:8000/"),
        ("0.0.0.0", "http://localhost:8000/"),  # noqa: S104
    ],
)
def test_the_printed_address(host, url):
    assert base_url(host, 8000) == url


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")  # noqa: S104


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "70000 is not in the range 1<=x<=65535" in result.stderr


def test_manage_passes_through_to_django(db):
    result = CliRunner().invoke(cli, ["manage", "check"])
    assert result.exit_code == 0, result.output
    assert "System check identified no issues" in result.output


def test_manage_unknown_command(db):
    result = CliRunner().invoke(cli, ["manage", "no-such-command"])
    assert result.exit_code == 1
    assert "Unknown command: 'no-such-command'" in result.output
