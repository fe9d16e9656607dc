"""`make bench`: page speed over HTTP, the planner's speed, and the simulation.

Builds a throw-away data folder with 10,000 people and 200,000 touches on
SQLite, starts the real server, signs in and times the agenda, the people list,
the person page and search; times the pure planner on 10,000 and 100,000
people; runs the year-long simulation against the peers' baselines; imports
generated vCard files of 10,000 and 100,000 cards end to end (bench/imports.py);
times the REST API (list, read, log) at 10,000 people with a token (bench/api.py).
Results go to docs/benchmarks.md with the machine and command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
USER = "bench"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throw-away benchmark account
TARGETS_MS = {
    "agenda": 150,
    "people list": 150,
    "person page": 150,
    "search": 50,
    "plan": 150,
    "health": 150,
    "warm calls": 300,
}
"""Warm p95 targets (issue 14; search as before)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_data(data_dir: Path, people: int, touches: int) -> float:
    os.environ["KEEPWARM_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keepwarm.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.data import build

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(USER, people, touches)
    took = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":  # the statistics a database in use has
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return took


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=timeout) as response:
            return response.status, response.read()

    def login(self) -> None:
        _, body = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if token is None:
            raise SystemExit("bench: the login page has no CSRF token")
        form = urllib.parse.urlencode(
            {
                "username": USER,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=form, headers={"Referer": self.base + "/login/"}
        )
        with self.opener.open(request, timeout=30) as response:
            if "/login/" in response.url:
                raise SystemExit("bench: could not sign in")


THREADS = 8
"""Threads of each server process (``KEEPWARM_THREADS``, its default)."""


def start_server(env: dict[str, str], *flags: str) -> tuple[str, subprocess.Popen[bytes]]:
    """``keepwarm serve`` on a free port of 127.0.0.1: its address and process."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "keepwarm", "serve", "--port", str(port), *flags],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    return f"http://127.0.0.1:{port}", server


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: keepwarm serve exited early")
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench: keepwarm serve did not answer within 120 s")


def timed(client: Client, paths: list[str]) -> list[float]:
    for path in paths[:10]:  # warm caches and connections
        client.get(path)
    times = []
    for path in paths:
        started = time.perf_counter()
        status, _ = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"bench: {path} answered {status}")
    return times


def scenarios(people_ids: list[int], count: int, rng: random.Random) -> dict[str, list[str]]:
    sorts = ["name", "-created", "coldest", "recent"]
    words = ["anna", "müller", "acme", "person12", "+1617555", "#college", "tanaka", "zo", "boston"]
    return {
        "agenda": ["/" for _ in range(count)],
        "people list": [
            f"/people/?page={rng.randint(1, 200)}&sort={rng.choice(sorts)}" for _ in range(count)
        ],
        "person page": [f"/people/{rng.choice(people_ids)}/" for _ in range(count)],
        "search": [f"/people/?q={urllib.parse.quote(rng.choice(words))}" for _ in range(count)],
        "plan": [f"/plan/?page={rng.randint(1, 200)}" for _ in range(count)],
        "health": ["/health/" for _ in range(count)],
        "warm calls": ["/warm-calls/" for _ in range(max(20, count // 10))],
    }


AFTER_CHANGE_MS = 300
"""Target: p50 of the first home page after a change (issue 14)."""
BURST = 8
BURST_S = 2.0
"""Target: ``BURST`` home pages at once, right after a change, all done within this."""
BURST_TIMEOUT_S = 180


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WeekDone(SystemExit):
    """The home page answered with no item of the week left to mark done."""

    def __init__(self) -> None:
        super().__init__("bench: every item of the week is done")


def change(client: Client) -> None:
    """Done on an item of this week's agenda, as the user clicks it (without
    following the redirect): a touch is logged and the plan's data version moves on."""
    _, body = client.get("/")
    item = re.search(rb'name="item" value="((?:birthday|r)-[^"]+)"', body)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None or b'id="agenda"' not in body:  # signed out, or an error page
        raise SystemExit("bench: the home page shows no agenda")
    if item is None:
        raise WeekDone
    form = urllib.parse.urlencode(
        {"item": item.group(1).decode(), "csrfmiddlewaretoken": token.group(1).decode()}
    ).encode()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(client.jar), _NoRedirect()
    )
    request = urllib.request.Request(
        client.base + "/agenda/done/", data=form, headers={"Referer": client.base + "/"}
    )
    try:
        opener.open(request, timeout=120).close()
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"bench: Done answered {redirect.code}") from None


def after_changes(base: str, pid: int, rounds: int) -> dict[str, Any]:
    """The first home page after each of ``rounds`` changes, then ``BURST`` home
    pages at once after each of three more, with the server's CPU time."""
    import threading

    client = Client(base)
    client.login()
    client.get("/")
    first = []
    for _ in range(rounds):
        change(client)
        started = time.perf_counter()
        client.get("/")
        first.append((time.perf_counter() - started) * 1000)
    burst = [Client(base) for _ in range(BURST)]
    for one in burst:
        one.login()
        one.get("/")
    walls, cpus, each = [], [], []
    errors: list[int] = []
    for _ in range(3):
        change(client)
        cpu = server_cpu_s(pid)
        gate = threading.Barrier(BURST + 1)
        times: list[float] = []

        def load(one: Client, gate: threading.Barrier = gate, times: list[float] = times) -> None:
            gate.wait()
            started = time.perf_counter()
            try:
                status, _ = one.get("/", timeout=BURST_TIMEOUT_S)
            except OSError:
                status = 0
            if status != 200:
                errors.append(status)
            times.append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=load, args=(one,)) for one in burst]
        for thread in threads:
            thread.start()
        gate.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        walls.append(time.perf_counter() - started)
        cpus.append(server_cpu_s(pid) - cpu)
        each.extend(times)
    return {"first": first, "walls": walls, "cpus": cpus, "each": each, "errors": errors}


LOAD_READERS = 16
LOAD_WRITES_PER_S = 2.0
LOAD_S = 30.0
LOAD_READ_P95_S = 1.0
"""Target: read p95 under the mixed load (issue 14)."""
LOAD_RSS_MB = 600


def mixed_load(bases: list[str], pids: list[int], ids: list[int], seconds: float) -> dict[str, Any]:
    """``LOAD_READERS`` clients reading the home page, the people list and person
    pages for ``seconds``, while one writer marks an agenda item done
    ``LOAD_WRITES_PER_S`` times a second; the servers' memory before and after.
    With several server processes, the readers take them in turn (as a reverse
    proxy would spread them) and the writer uses the first."""
    import threading

    readers = [Client(bases[n % len(bases)]) for n in range(LOAD_READERS)]
    writer = Client(bases[0])
    for one in [*readers, writer]:
        one.login()
    rss_before = sum(server_rss_mb(pid) for pid in pids)
    stop = time.monotonic() + seconds
    reads: list[float] = []
    writes: list[float] = []
    errors: list[str] = []

    def read(one: Client, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            path = rng.choice(["/", "/people/", f"/people/{rng.choice(ids)}/"])
            started = time.perf_counter()
            try:
                status, _ = one.get(path, timeout=BURST_TIMEOUT_S)
            except OSError as exc:
                status, reason = 0, str(exc)
            else:
                reason = f"{path} answered {status}"
            reads.append(time.perf_counter() - started)
            if status != 200:
                errors.append(reason)

    ran_out: list[float] = []

    def write() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                change(writer)
            except WeekDone:  # the writer's end, not a server error
                ran_out.append(seconds - (stop - time.monotonic()))
                return
            except (OSError, SystemExit) as exc:
                errors.append(f"Done: {exc}")
            took = time.perf_counter() - started
            writes.append(took)
            time.sleep(max(0.0, 1 / LOAD_WRITES_PER_S - took))

    threads = [threading.Thread(target=read, args=(one, n)) for n, one in enumerate(readers)]
    threads.append(threading.Thread(target=write))
    cpu = sum(server_cpu_s(pid) for pid in pids)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "reads": reads,
        "writes": writes,
        "errors": errors,
        "ran_out": ran_out[0] if ran_out else None,
        "cpu": sum(server_cpu_s(pid) for pid in pids) - cpu,
        "rss": (rss_before, sum(server_rss_mb(pid) for pid in pids)),
        "seconds": seconds,
        "processes": len(pids),
    }


def mixed_load_lines(found: dict[str, Any]) -> tuple[list[str], bool]:
    reads, writes, errors = found["reads"], found["writes"], found["errors"]
    p95 = percentile(reads, 95) if len(reads) > 1 else float("nan")
    rss = found["rss"]
    ok = p95 <= LOAD_READ_P95_S and not errors and rss[1] <= LOAD_RSS_MB * found["processes"]
    stopped = found.get("ran_out")
    ok = ok and (stopped is None or stopped >= found["seconds"] / 2)  # else hardly a mixed load
    count = found["processes"]
    lines = [
        f"### Mixed load, {count} server process{'es' if count > 1 else ''}",
        "",
        f"{LOAD_READERS} clients read the home page, the people list and person pages for "
        f"{found['seconds']:g} s while one writer marks an agenda item done "
        f"{LOAD_WRITES_PER_S:g} times a second (as many as it can, if slower)"
        + (
            f", over {count} `keepwarm serve` processes of {THREADS} threads each sharing "
            "the database (the readers take them in turn, the writer uses the first)."
            if count > 1
            else f", on one `keepwarm serve` process of {THREADS} threads."
        ),
        "",
        "| measure | value | target | result |",
        "| --- | ---: | ---: | --- |",
        f"| reads answered | {len(reads)} ({len(reads) / found['seconds']:.1f}/s) | | |",
        f"| read p50, s | {statistics.median(reads) if reads else float('nan'):.2f} | | |",
        f"| read p95, s | {p95:.2f} | ≤ {LOAD_READ_P95_S:g} | "
        f"{'pass' if p95 <= LOAD_READ_P95_S else 'FAIL'} |",
        f"| writes done | {len(writes)} (p50 {statistics.median(writes):.2f} s) | | |"
        if writes
        else "| writes done | 0 | | |",
        f"| errors | {len(errors)} | 0 | {'pass' if not errors else 'FAIL'} |",
        *(
            [f"| the writer stopped after, s (every item of the week done) | {stopped:.0f} | | |"]
            if stopped is not None
            else []
        ),
        f"| server CPU, s | {found['cpu']:.1f} | | |",
        f"| server RSS before → after, MB{' (all processes)' if count > 1 else ''} | "
        f"{rss[0]:.0f} → {rss[1]:.0f} | ≤ {LOAD_RSS_MB * count} | "
        f"{'pass' if rss[1] <= LOAD_RSS_MB * count else 'FAIL'} |",
        "",
    ]
    if errors:
        lines += [f"First error: {errors[0]}", ""]
    return lines, ok


def after_change_lines(found: dict[str, Any], rss: tuple[float, float]) -> list[str]:
    first, walls = found["first"], found["walls"]
    p50 = statistics.median(first)
    wall = statistics.median(walls)
    return [
        "### After a change",
        "",
        "An item of the week is marked done (Done on the home page: a touch is logged",
        "and the plan's data version moves on), then the home page is loaded once",
        f"({len(first)} rounds); then {BURST} clients load it at once right after a change",
        f"({len(walls)} rounds): the wall time until all are answered and the server's",
        "CPU time meanwhile.",
        "",
        "| measure | p50 | max | target | result |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| first home page after a change, ms | {p50:.0f} | {max(first):.0f} | "
        f"≤ {AFTER_CHANGE_MS} | {'pass' if p50 <= AFTER_CHANGE_MS else 'FAIL'} |",
        f"| {BURST} home pages at once after a change: all done, s | {wall:.2f} | "
        f"{max(walls):.2f} | ≤ {BURST_S:g} | {'pass' if wall <= BURST_S else 'FAIL'} |",
        f"| the same: one request, ms | {statistics.median(found['each']):.0f} | "
        f"{max(found['each']):.0f} | | |",
        f"| the same: server CPU, s | {statistics.median(found['cpus']):.2f} | "
        f"{max(found['cpus']):.2f} | | |",
        "",
        f"Errors (no answer within {BURST_TIMEOUT_S} s, or not 200): {len(found['errors'])}.",
        "",
        f"Server memory (RSS): {rss[0]:.0f} MB after start-up and sign-in, "
        f"{rss[1]:.0f} MB at the end.",
        "",
    ]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def write_report(
    rows: dict[str, list[float]], args: argparse.Namespace, build_s: float, extra: list[str]
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); do not edit by hand.",
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {machine()}",
        f"- Command: `make bench` (people={args.people}, touches={args.touches}, "
        f"requests per page={args.requests})",
        f"- Data: {args.people:,} people, {args.touches:,} touches, SQLite in a fresh data "
        f"folder (built in {build_s:.0f} s)",
        "- Method: one client, sequential requests over HTTP to `keepwarm serve` (waitress), "
        "signed in; 10 warm-up requests per page are not counted.",
        "",
        "## Pages",
        "",
        *pages_table(rows),
    ]
    return "\n".join([*lines, "", *extra]).rstrip() + "\n"


def pages_table(rows: dict[str, list[float]]) -> list[str]:
    lines = [
        "| page | requests | p50 ms | p95 ms | max ms | target p95 | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, times in rows.items():
        p95 = percentile(times, 95)
        verdict = "pass" if p95 <= TARGETS_MS[name] else "FAIL"
        lines.append(
            f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
            f"{max(times):.1f} | ≤ {TARGETS_MS[name]} | {verdict} |"
        )
    return lines


POSTGRES = "## Pages on PostgreSQL"


def postgres_section(
    rows: dict[str, list[float]], args: argparse.Namespace, build_s: float, extra: list[str]
) -> list[str]:
    """The page benchmarks run against the PostgreSQL of ``DATABASE_URL``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return [
        POSTGRES,
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Data: {args.people:,} people, {args.touches:,} touches, in an empty PostgreSQL "
        f"{version} database on this machine (built in {build_s:.0f} s); the same method "
        "as on SQLite above.",
        "- Command: `DATABASE_URL=postgres://…/empty-database python -m bench.run --pages-only`",
        "",
        *pages_table(rows),
        "",
        *extra,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--changes", type=int, default=10, help="rounds of change, then a page")
    parser.add_argument("--load-s", type=float, default=LOAD_S, help="seconds of mixed load")
    parser.add_argument(
        "--load-processes",
        type=int,
        nargs="+",
        default=[1, 2],
        help="run the mixed load over this many server processes (each count in turn)",
    )
    parser.add_argument("--no-write", action="store_true", help="print, don't update the docs")
    parser.add_argument("--sim-people", type=int, default=300)
    parser.add_argument("--sim-budget", type=int, nargs="+", default=[90, 180, 360])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument(
        "--pages-only", action="store_true", help="skip planner, simulation and imports"
    )
    parser.add_argument(
        "--simulation-only",
        action="store_true",
        help="only the simulation; replaces its section of the docs",
    )
    parser.add_argument(
        "--planner-only",
        action="store_true",
        help="only the planner's speed; replaces its section of the docs",
    )
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="only the REST API's speed; replaces its section of the docs",
    )
    parser.add_argument(
        "--imports-only",
        action="store_true",
        help="only the import benchmark; replaces its section of the docs",
    )
    args = parser.parse_args()
    if args.api_only:
        return api_only(args)
    if args.imports_only:
        return imports_only(args)
    if args.simulation_only:
        return simulation_only(args)
    if args.planner_only:
        from bench.planner import SPEED, speed_section

        lines, ok = speed_section()
        return _swap_in(args, SPEED, lines, ok, "--planner-only")

    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-") as folder:
        data_dir = Path(folder)
        print(f"Building {args.people:,} people and {args.touches:,} touches …", flush=True)
        build_s = build_data(data_dir, args.people, args.touches)
        from keepwarm.contacts.models import Person

        ids = list(Person.objects.values_list("pk", flat=True))
        env = {
            **os.environ,
            "KEEPWARM_DATA_DIR": str(data_dir),
            "KEEPWARM_THREADS": str(THREADS),
        }
        base, server = start_server(env)
        servers = [server]
        try:
            wait_until_up(base, server)
            client = Client(base)
            client.login()
            rng = random.Random(2)
            rss_start = server_rss_mb(server.pid)
            rows = {
                name: timed(client, paths)
                for name, paths in scenarios(ids, args.requests, rng).items()
            }
            changed = after_changes(base, server.pid, args.changes)
            changes = after_change_lines(changed, (rss_start, server_rss_mb(server.pid)))
            bases = [base]
            while len(bases) < max(args.load_processes):  # more processes, no reminders
                more, extra = start_server(env, "--no-worker")
                servers.append(extra)
                wait_until_up(more, extra)
                bases.append(more)
            load_ok = True
            for count in args.load_processes:
                pids = [one.pid for one in servers[:count]]
                found = mixed_load(bases[:count], pids, ids, args.load_s)
                loaded, ok = mixed_load_lines(found)
                changes += loaded
                load_ok = load_ok and ok
        finally:
            for one in servers:
                one.terminate()
            for one in servers:
                one.wait(timeout=30)
    from bench.planner import simulation_section, speed_section

    speed, speed_ok, simulated, simulated_ok = [], True, [], True
    if not args.pages_only:
        print("Timing the planner and running the simulation …", flush=True)
        speed, speed_ok = speed_section()
        simulated, simulated_ok = simulation_section(args.sim_people, args.sim_budget, args.seeds)
    imported, imported_ok = [], True
    if not args.pages_only:
        from bench.imports import LIMITS_S, history_and_photo_section, imports_section

        imported, imported_ok = imports_section(list(LIMITS_S))
        more, more_ok = history_and_photo_section()
        imported, imported_ok = [*imported, *more], imported_ok and more_ok
        from bench.api import api_section

        api_lines, api_ok = api_section(args.people, args.touches, args.requests)
        imported, imported_ok = [*imported, *api_lines], imported_ok and api_ok
    pages_ok = all(percentile(t, 95) <= TARGETS_MS[n] for n, t in rows.items()) and (
        statistics.median(changed["first"]) <= AFTER_CHANGE_MS
        and statistics.median(changed["walls"]) <= BURST_S
        and not changed["errors"]
        and load_ok
    )
    if args.pages_only and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        section = postgres_section(rows, args, build_s, changes)
        return _swap_in(args, POSTGRES, section, pages_ok, "--pages-only")
    report = write_report(rows, args, build_s, [*changes, *speed, *simulated, *imported])
    print(report)
    if args.pages_only and RESULTS.exists():
        # The other sections stay as they were measured.
        old = RESULTS.read_text(encoding="utf-8")
        pages = old.find("## Pages\n")
        rest = old.find("\n## ", pages + 1) if pages != -1 else -1
        if rest != -1:
            report = report.rstrip() + "\n\n" + old[rest + 1 :]
    if not args.no_write:
        RESULTS.write_text(report, encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0 if pages_ok and speed_ok and simulated_ok and imported_ok else 1


def simulation_only(args: argparse.Namespace) -> int:
    """``--simulation-only``: the simulation section alone, swapped into the docs."""
    from bench.planner import SIMULATION, simulation_section

    lines, ok = simulation_section(args.sim_people, args.sim_budget, args.seeds)
    return _swap_in(args, SIMULATION, lines, ok, "--simulation-only")


def api_only(args: argparse.Namespace) -> int:
    """``--api-only``: the REST API section alone, swapped into the docs."""
    from bench.api import SECTION, api_section

    lines, ok = api_section(args.people, args.touches, args.requests)
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
        RESULTS.write_text(replace_section(old, SECTION, text), encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


def imports_only(args: argparse.Namespace) -> int:
    """``--imports-only``: the import section alone, swapped into the existing docs."""
    from bench.imports import LIMITS_S, SECTION, history_and_photo_section, imports_section

    lines, ok = imports_section(list(LIMITS_S))
    more, more_ok = history_and_photo_section()
    return _swap_in(args, SECTION, [*lines, *more], ok and more_ok, "--imports-only")


def _swap_in(args: argparse.Namespace, heading: str, lines: list[str], ok: bool, flag: str) -> int:
    """Print one section and put it in place of its old self in the docs."""
    command = f"python -m bench.run {flag}"
    section = "\n".join([*lines, f"Machine: {machine()}; command: `{command}`.", ""])
    print(section)
    if not args.no_write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
        RESULTS.write_text(replace_section(old, heading, section), encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


def replace_section(text: str, heading: str, section: str) -> str:
    """``text`` with its ``heading`` section (up to the next ``## ``) replaced, or added."""
    start = text.find(heading + "\n")
    if start == -1:
        return text.rstrip() + "\n\n" + section.rstrip() + "\n"
    end = text.find("\n## ", start + len(heading))
    rest = text[end + 1 :] if end != -1 else ""
    return text[:start] + section.rstrip() + "\n" + ("\n" + rest if rest else "")


if __name__ == "__main__":
    sys.exit(main())
