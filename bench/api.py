"""The REST API's speed at 10,000 people (issue 18): p95 of listing people,
reading a person and logging a touch, over HTTP to a real ``keepwarm serve``
with a personal access token, one client, sequential requests.

The three kinds of request are interleaved in rounds, so the machine's noise
falls on all three alike; each is reported with its wall time and the
server's CPU time per request (this machine is shared)."""

from __future__ import annotations

import json
import os
import random
import statistics
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from bench.run import (
    THREADS,
    USER,
    build_data,
    machine,
    percentile,
    server_cpu_s,
    start_server,
    wait_until_up,
)

SECTION = "## REST API"
TARGET_MS = 100
ROUNDS = 3
SORTS = ["name", "-created", "coldest", "recent"]
WORDS = ["anna", "müller", "acme", "tanaka", "boston", "#college"]


class Token:
    def __init__(self, base: str, secret: str) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {secret}"}

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, **({"Content-Type": "application/json"} if data else {})}
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        with urllib.request.urlopen(request, timeout=60) as response:  # a local server
            return response.status, json.loads(response.read() or b"null")


def requests_of(ids: list[int], kind_id: int, count: int, rng: random.Random) -> list[Any]:
    """``count`` requests of each kind, shuffled together: (kind, method, path, body)."""
    made = []
    for _ in range(count):
        sort = rng.choice(SORTS)
        query = f"?sort={sort}&limit=50"
        if rng.random() < 0.3:
            query += "&q=" + urllib.request.quote(rng.choice(WORDS))
        made.append(("list", "GET", "/api/v1/people" + query, None))
        made.append(("read", "GET", f"/api/v1/people/{rng.choice(ids)}", None))
        body = {
            "people": [rng.choice(ids)],
            "kind_id": kind_id,
            "note": "bench",
            "client_id": uuid.uuid4().hex,
        }
        made.append(("log", "POST", "/api/v1/touches", body))
    rng.shuffle(made)
    return made


def api_section(people: int, touches: int, count: int) -> tuple[list[str], bool]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-api-") as folder:
        data_dir = Path(folder)
        print(f"API: building {people:,} people and {touches:,} touches …", flush=True)
        build_s = build_data(data_dir, people, touches)
        from keepwarm.accounts.models import User
        from keepwarm.accounts.tokens import create_token
        from keepwarm.contacts.models import Person
        from keepwarm.owned import owned
        from keepwarm.touches.models import TouchKind

        user = User.objects.get(username=USER)
        ids = list(owned(Person, user).filter(archived=False).values_list("pk", flat=True))
        kind_id = owned(TouchKind, user).order_by("id").values_list("pk", flat=True).first()
        secret = create_token(user, "bench", "write").secret
        env = {
            **os.environ,
            "KEEPWARM_DATA_DIR": str(data_dir),
            "KEEPWARM_THREADS": str(THREADS),
            "KEEPWARM_API_RATE_LIMIT": "1000000",
        }
        base, server = start_server(env, "--no-worker")
        try:
            wait_until_up(base, server)
            client = Token(base, secret)
            rng = random.Random(18)
            for _, method, path, body in requests_of(ids, kind_id, 10, rng):  # warm up
                client.call(method, path, body)
            walls: dict[str, list[float]] = {"list": [], "read": [], "log": []}
            cpus: dict[str, list[float]] = {"list": [], "read": [], "log": []}
            per_round: list[dict[str, float]] = []
            for _ in range(ROUNDS):
                this_round: dict[str, list[float]] = {"list": [], "read": [], "log": []}
                for kind, method, path, body in requests_of(ids, kind_id, count, rng):
                    cpu = server_cpu_s(server.pid)
                    started = time.perf_counter()
                    status, _ = client.call(method, path, body)
                    took = (time.perf_counter() - started) * 1000
                    if status not in (200, 201):
                        raise SystemExit(f"bench: {method} {path} answered {status}")
                    walls[kind].append(took)
                    this_round[kind].append(took)
                    cpus[kind].append((server_cpu_s(server.pid) - cpu) * 1000)
                per_round.append({k: percentile(v, 95) for k, v in this_round.items()})
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = [
        SECTION,
        "",
        f"- Data: {people:,} people, {touches:,} touches, SQLite (built in {build_s:.0f} s).",
        f"- Method: one client with a write token, {ROUNDS} rounds of {count} requests of each "
        "kind, shuffled together, over HTTP to `keepwarm serve --no-worker`; 30 warm-up "
        "requests not counted. List: 50 people a page, a random sort of name, newest, "
        "coldest, most recent, three in ten with a search. Read: one person with every row. "
        "Log: a touch with one person (a change: the plan is made again in the background).",
        "",
        "| request | count | p50 ms | p95 ms | max ms | p95 of each round | "
        "server CPU ms p50 | target p95 | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    ok = True
    for kind, times in walls.items():
        p95 = percentile(times, 95)
        passed = p95 <= TARGET_MS
        ok = ok and passed
        rounds = ", ".join(f"{r[kind]:.0f}" for r in per_round)
        lines.append(
            f"| {kind} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
            f"{max(times):.1f} | {rounds} | {statistics.median(cpus[kind]):.1f} | "
            f"≤ {TARGET_MS} | {'pass' if passed else 'FAIL'} |"
        )
    lines += ["", f"Machine: {machine()}; command: `python -m bench.run --api-only`.", ""]
    return lines, ok
