"""A real ``keepwarm serve`` for tests: started in a subprocess on a free port
with its own data folder (``serving``), waited for until it answers
(``wait_for``), and a free port on loopback for any test server (``free_port``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
        body = response.read().decode("utf-8", "replace")
        return response.status, dict(response.headers), body


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> str:
    """The page at ``url`` once the server answers (it migrates a new database first)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"keepwarm serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            status, _, body = fetch(url)
        except urllib.error.HTTPError as exc:
            pytest.fail(f"{url} answered {exc.code}:\n{log.read_text()[-3000:]}")
        except OSError:
            time.sleep(0.25)
            continue
        assert status == 200
        return body
    pytest.fail(f"keepwarm serve did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")


@contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[tuple[str, Any, Path, Path]]:
    """`keepwarm serve` on a free port, with a new SQLite database in its own data
    folder: its address, process, log and data folder; stopped at the end."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KEEPWARM_DATA_DIR"] = str(tmp_path / "data")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "keepwarm", "serve", "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        yield f"http://127.0.0.1:{port}", process, log, tmp_path / "data"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
