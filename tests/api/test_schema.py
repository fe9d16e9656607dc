"""The whole OpenAPI document against a live ``keepwarm serve``: Schemathesis
generates requests for every operation from the document (valid ones, and
ones the schema refuses), then chains them along the links it finds (a
person made → read → changed → a touch logged with them → read back →
deleted), and checks every answer: never a server error, the status, the
content type, the headers and the body as documented, a refused body
refused, a deleted thing gone, a made thing there, and every operation
refusing a request without a token.

One check is left out: ``positive_data_acceptance`` expects every request the
schema allows to succeed, and the API refuses, by design, values only the
data can judge (a circle id that is not yours, the 30th of February)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from keepwarm.accounts.tokens import create_token
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import add_follow_up, log_touch
from tests.serving import free_port, wait_for

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EXAMPLES = 25
SEED = 20261208


def _real_clock() -> dict[str, str]:
    """The client on the machine's own clock: a clock moved by a preloaded
    library (the suite's shifted-clock pass) slows the generator's many time
    calls twenty-fold. The server keeps the moved clock: it is what is tested."""
    return {k: v for k, v in os.environ.items() if k not in {"LD_PRELOAD", "FAKETIME"}}


def test_schemathesis_finds_nothing_over_the_whole_document(share, alice, bob, ticking):
    jane = create_person(
        alice, "Jane Doe", emails=["jane@example.com"], tags=["school"], company="Acme"
    )
    sam = create_person(alice, "Sam Lee", phones=["+49 30 1234567"])
    create_person(bob, "Bob's Friend")
    coffee = owned(TouchKind, alice).get(label="coffee")
    log_touch(alice, [jane, sam], coffee, note="talked about Acme")
    add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 30))
    secret = create_token(alice, "schemathesis", "write").secret
    db = share()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = db.start(
        "serve", "--port", str(port), log="serve.log", KEEPWARM_API_RATE_LIMIT="1000000"
    )
    wait_for(f"{base}/api/v1/openapi.json", server, db.folder / "serve.log")
    report = db.folder / "junit.xml"
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{base}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {secret}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            str(SEED),
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=db.folder,
        env=_real_clock(),
    )
    output = run.stdout + run.stderr
    log = (db.folder / "serve.log").read_text(errors="replace")
    assert run.returncode == 0, output[-12000:] + "\n--- server log ---\n" + log[-4000:]
    assert "Traceback" not in log, log[-6000:]
    links = [line for line in output.splitlines() if "API Links:" in line]
    assert links and int(links[0].split("API Links:")[1].split("covered")[0]) > 0, output
