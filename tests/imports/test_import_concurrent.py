"""A large import does not hold the database for everyone (issue 15, finding 2).

A real ``keepwarm serve`` on SQLite, where a transaction takes the whole
database's write lock: alice uploads and imports a file of thousands of cards
through the web (worked on in the background), while bob signs in and logs
touch after touch. Before, the import worked inside its transaction: bob's
saves waited for all of it, then failed with "database is locked". Now the
import holds the lock only for its short write at the end.

The bound on bob's waits is relative, not a fixed time (the machine may be
slow): each of his requests takes less than half of alice's import.
"""

# ruff: noqa: S310 - requests to the local test server only

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.imports.uploads import cards
from tests.serving import serving, wait_for

CARDS = 12_000
PASSWORD = "correct horse battery staple"


class Visitor:
    """A browser without a screen: cookies, CSRF tokens, forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str], form_at: str | None = None) -> tuple:
        token = self.token(form_at or path)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def upload(self, path: str, name: str, content: bytes, fields: dict[str, str]) -> tuple:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {"csrfmiddlewaretoken": self.token(path), **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: text/vcard\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def token(self, path: str) -> str:
        _, _, page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no form on {path}"
        return found.group(1)

    def sign_in(self, name: str) -> None:
        status, _, page = self.post("/login/", {"username": name, "password": PASSWORD})
        assert status == 302, f"{name} could not sign in: {status} {page[:500]}"

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, "", response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:
            body = answer.read().decode("utf-8", "replace")
            return answer.code, answer.headers.get("Location", ""), body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def keepwarm(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "keepwarm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def served(tmp_path):
    with serving(tmp_path, "--no-worker") as (base, process, log, data):
        wait_for(base + "/login/", process, log)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["KEEPWARM_DATA_DIR"] = str(data)
        yield base, env, log


def test_bob_signs_in_and_logs_touches_while_alice_imports_a_large_file(served):
    base, env, log = served
    for name in ("alice", "bob"):
        keepwarm(env, "createuser", name, "--password-stdin", stdin=PASSWORD + "\n")
    keepwarm(env, "--user", "bob", "add", "Jane Doe")
    alice = Visitor(base)
    alice.sign_in("alice")
    status, where, page = alice.upload(
        "/people/import/", "big.vcf", cards(CARDS), {"format": "auto", "circle": "", "tags": ""}
    )
    assert status == 302, page[:2000]
    job = urllib.parse.urlsplit(where).path
    assert alice.get(job)[0] in (200, 302)  # the preview, worked out in the background
    while "Check the import" not in (page := alice.get(job)[2]):
        assert "cannot be imported" not in page
        time.sleep(0.2)

    bob = Visitor(base)
    started = time.monotonic()
    status, where, page = alice.post(job, {"action": "import"})
    assert status == 302, page[:2000]
    waits, answers, during = [], [], 0
    signed_in = False
    while True:
        status, where, page = alice.get(job)
        if "Importing big.vcf" not in page:
            ended = time.monotonic()
            break
        begin = time.monotonic()
        if not signed_in:
            bob.sign_in("bob")
            signed_in = True
        else:
            form = bob.get("/touches/new/")[2]
            today = re.search(r'name="date"[^>]*value="([\d-]+)"', form).group(1)
            kind = re.search(r'<option value="(\d+)"', form).group(1)
            answers.append(
                bob.post(
                    "/touches/new/",
                    {"people_text": "Jane Doe", "date": today, "kind": kind, "note": "Hi"},
                )[0]
            )
        waits.append(time.monotonic() - begin)
        during += 1

    took = ended - started
    assert signed_in and during >= 3, f"bob made {during} requests in {took:.1f} s"
    assert set(answers) <= {302}, answers  # every touch saved (a redirect), none refused
    assert max(waits) < took / 2, f"bob waited up to {max(waits):.1f} s of {took:.1f} s"
    assert status == 302 and where.endswith("/people/sort/"), page[:2000]  # to sort them
    people = json.loads(keepwarm(env, "--user", "alice", "people", "--json"))
    assert len(people) == CARDS - len(range(20, CARDS + 1, 10))  # every tenth card repeats
    assert "database is locked" not in log.read_text()
    assert "Traceback" not in log.read_text()
