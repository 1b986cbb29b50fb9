"""Mixed traffic against gunicorn in the production configuration (prints figures; asserts nothing).

Run from the repository root (PostgreSQL and Redis must be up: ``python scripts/services.py check``):

    .venv/bin/python bench/load_mixed.py                  # 50 clients, 10 s warm-up, 60 s measured
    .venv/bin/python bench/load_mixed.py --skip-data --clients 50 --duration 60 --json mixed.json

It reuses ``bench/pages.py``: the same database (``spiral_bench``, created, migrated and filled at the issue's
scale the first time; ``--skip-data`` uses it as it is), the same gunicorn (``Procfile``'s command, 3 sync
workers, ``portal.settings.production``: DEBUG off, Redis cache, cached_db sessions, the
Content-Security-Policy), the same loopback clients (one keep-alive HTTP/1.1 connection each, each from its
own 127.0.x.y address). What differs is the traffic: ``--clients`` closed-loop clients, each of which picks
its next request at random (seeded: the same sequence every run) from four classes:

- ``anonymous`` (40 %): home, regions, a region, agents, a (verified) agent, projects, a project, analytics, a region's
  analytics;
- ``signed-in`` (30 %): home, a region dashboard, notifications, "my projects", the cooperation network, a
  search, with the session cookie of the generator's showcase user;
- ``api`` (25 %): ``/api/regions/``, ``/api/agents/`` (a page of 50), ``/api/projects/``, the comments of a
  project, with the showcase user's API token (``Authorization: Token …``);
- ``write`` (5 %): a new comment on a project the showcase user may discuss (``POST /api/comments/``, a
  new text each time, so none is taken for a double submit), or "mark all my notifications read"
  (``POST /api/notifications/read-all/``).

Next to them one more client asks for ``/healthz`` every 0.25 s: the time of a request that does almost
nothing is the time spent queueing for one of the 3 workers (and the 2 cores), so a p95 of the pages close to
``/healthz``'s p95 means the pages wait rather than work.

Every loop is bounded: it stops at the end of the measurement (or after ``--max-requests`` per client), and
every request has a 60 s timeout (gunicorn's own for a worker). An error is any answer other than the one
expected (200; 201 for a new comment) or no answer at all. Printed per class: requests, errors (by status),
throughput, p50/p95/p99/max in ms, then ``/healthz``'s, the CPU shares and the load average.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402 - bench/ is not a package: its sibling, found through sys.path

WEIGHTS = {"anonymous": 40, "signed-in": 30, "api": 25, "write": 5}
EXPECTED = {"write-comment": 201}
HEALTHZ_INTERVAL = 0.25

CONTEXT_SNIPPET = """
import json
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from accounts.models import User
from cooperation.models import Agent, Project
from discussion.models import DISCUSSION_STATES
from portal.management.commands.generate_scale_data import SHOWCASE_EMAIL
user = User.objects.get(email=SHOWCASE_EMAIL)
client = Client()
client.force_login(user)
public = Project.objects.filter(state__in=DISCUSSION_STATES, is_hidden=False).order_by("pk")
open_ = [p.pk for p in public[:200] if user.has_perm("discussion.add_comment", p)][:20]
print(json.dumps({
    "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
    "token": Token.objects.get_or_create(user=user)[0].key,
    "projects": list(public.values_list("pk", flat=True)[:50]),
    "discussable": open_,
    "agents": list(Agent.objects.filter(is_verified=True).order_by("pk").values_list("pk", flat=True)[:50]),
}))
"""


def requests_of(context: dict, query: str) -> dict[str, list[tuple[str, str, str]]]:
    """Each class's requests as ``(name, method, path)``; ``{project}`` and ``{agent}`` are drawn per request."""
    search = "/search/?q=" + urllib.parse.quote(query)
    return {
        "anonymous": [
            ("home", "GET", "/"),
            ("regions", "GET", "/regions/"),
            ("region", "GET", "/regions/RU-LIP/"),
            ("agents", "GET", "/agents/"),
            ("agent", "GET", "/agents/{agent}/"),
            ("projects", "GET", "/projects/"),
            ("project", "GET", "/projects/{project}/"),
            ("analytics", "GET", "/analytics/"),
            ("analytics-region", "GET", "/analytics/regions/RU-LIP/"),
        ],
        "signed-in": [
            ("home-user", "GET", "/"),
            ("dashboard", "GET", "/cooperation/regions/RU-LIP/"),
            ("notifications", "GET", "/notifications/"),
            ("my-projects", "GET", "/projects/mine/"),
            ("network", "GET", "/cooperation/network/"),
            ("search", "GET", search),
        ],
        "api": [
            ("api-regions", "GET", "/api/regions/"),
            ("api-agents", "GET", "/api/agents/"),
            ("api-projects", "GET", "/api/projects/"),
            ("api-comments", "GET", "/api/comments/?project={project}"),
        ],
        "write": [
            ("write-comment", "POST", "/api/comments/"),
            ("write-read-all", "POST", "/api/notifications/read-all/"),
        ],
    }


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0


class Client:
    """One closed-loop client over one keep-alive connection (reconnecting when gunicorn closes it)."""

    def __init__(self, port: int, source: str):
        self.port = port
        self.source = source
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> int:
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
                )
                self.connection.connect()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
            if response.will_close:
                self.close()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            return 0

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None


def run(args, context: dict) -> tuple[dict[str, dict[str, Outcome]], Outcome, float]:
    """The clients and the /healthz probe: warm-up, then the measured period; returns outcomes per class/name."""
    catalogue = requests_of(context, args.query)
    classes = list(WEIGHTS)
    weights = [WEIGHTS[name] for name in classes]
    base = {"Host": "127.0.0.1", "Accept-Language": "ru", "Connection": "keep-alive"}
    headers = {
        "anonymous": base,
        "signed-in": {**base, "Cookie": f"sessionid={context['session']}"},
        "api": {**base, "Accept": "application/json", "Authorization": f"Token {context['token']}"},
        "write": {
            **base,
            "Accept": "application/json",
            "Authorization": f"Token {context['token']}",
            "Content-Type": "application/json",
        },
    }
    outcomes: dict[str, dict[str, Outcome]] = {kind: {} for kind in classes}
    lock = threading.Lock()
    clock = {"record_from": time.monotonic() + args.warmup}
    clock["stop_at"] = clock["record_from"] + args.duration

    def client_loop(index: int) -> None:
        rng = random.Random(args.seed * 1000 + index)  # noqa: S311 - a reproducible mix, not security
        client = Client(args.port, f"127.0.{index // 200 + 1}.{index % 200 + 2}")
        local: dict[tuple[str, str], Outcome] = {}
        for number in range(args.max_requests):
            if time.monotonic() >= clock["stop_at"]:
                break
            kind = rng.choices(classes, weights)[0]
            name, method, path = rng.choice(catalogue[kind])
            path = path.format(project=rng.choice(context["projects"]), agent=rng.choice(context["agents"]))
            body = None
            if name == "write-comment":
                project = rng.choice(context["discussable"])
                text = f"Нагрузочный комментарий {index}-{number}-{time.time_ns()}"
                body = json.dumps({"project": project, "text": text}).encode()
            started = time.monotonic()
            status = client.request(method, path, headers[kind], body)
            if started < clock["record_from"] or time.monotonic() > clock["stop_at"]:
                continue  # warm-up, or finished after the end: not measured
            outcome = local.setdefault((kind, name), Outcome())
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if status == EXPECTED.get(name, 200):
                outcome.latencies.append((time.monotonic() - started) * 1000)
            else:
                outcome.errors += 1
        client.close()
        with lock:
            for (kind, name), outcome in local.items():
                merged = outcomes[kind].setdefault(name, Outcome())
                merged.latencies += outcome.latencies
                merged.errors += outcome.errors
                for status, count in outcome.statuses.items():
                    merged.statuses[status] = merged.statuses.get(status, 0) + count

    healthz = Outcome()

    def healthz_loop() -> None:
        client = Client(args.port, "127.0.9.250")
        while time.monotonic() < clock["stop_at"]:
            started = time.monotonic()
            status = client.request("GET", "/healthz", base)
            if started >= clock["record_from"] and time.monotonic() <= clock["stop_at"]:
                healthz.statuses[status] = healthz.statuses.get(status, 0) + 1
                if status == 200:
                    healthz.latencies.append((time.monotonic() - started) * 1000)
                else:
                    healthz.errors += 1
            time.sleep(max(0.0, HEALTHZ_INTERVAL - (time.monotonic() - started)))
        client.close()

    threads = [threading.Thread(target=client_loop, args=(index,), daemon=True) for index in range(args.clients)]
    threads.append(threading.Thread(target=healthz_loop, daemon=True))
    for thread in threads:
        thread.start()
    deadline = clock["stop_at"] + 65  # a request started just before the end has 60 s to finish
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    return outcomes, healthz, args.duration


def summary(outcome: Outcome, seconds: float) -> dict:
    latencies = sorted(outcome.latencies)
    return {
        "requests": len(latencies) + outcome.errors,
        "errors": outcome.errors,
        "statuses": dict(sorted(outcome.statuses.items())),
        "per_second": (len(latencies) + outcome.errors) / seconds,
        "p50_ms": pages.percentile(latencies, 0.50),
        "p95_ms": pages.percentile(latencies, 0.95),
        "p99_ms": pages.percentile(latencies, 0.99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
    }


def merged(outcomes: list[Outcome]) -> Outcome:
    total = Outcome()
    for outcome in outcomes:
        total.latencies += outcome.latencies
        total.errors += outcome.errors
        for status, count in outcome.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
    return total


def line(name: str, row: dict) -> str:
    errors = {status: n for status, n in row["statuses"].items() if status not in (200, 201)}
    return (
        f"{name:<16} {row['requests']:>8} {row['errors']:>6} {row['per_second']:>7.1f} {row['p50_ms']:>7.1f} "
        f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['max_ms']:>8.1f}  {errors or ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/spiral_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of unrecorded load")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of recorded load")
    parser.add_argument("--max-requests", type=int, default=100_000, help="a bound on each client's loop")
    parser.add_argument("--query", default="агробиотехнологий", help="the search page's query")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--reindex", action="store_true", help="rebuild the search index even when no data was added")
    parser.add_argument("--skip-data", action="store_true", help="use the database as it is")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    env = pages.environment(args)
    print(f"Machine: {os.cpu_count()} cores, load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.skip_data:
        print("Data:")
        pages.prepare_data(args, env)
    print(f"  database: {json.dumps(pages.data_summary(env))}")
    context = json.loads(pages.run_django(env, CONTEXT_SNIPPET).strip())
    if not context["discussable"]:
        sys.exit("No project the showcase user may comment on: the write class would only fail.")
    database = urllib.parse.urlparse(args.database_url).path.lstrip("/")

    server = pages.Server(env, port=args.port, workers=args.workers)
    try:
        print(
            f"\ngunicorn: {args.workers} sync workers on 127.0.0.1:{args.port}; {args.clients} clients "
            f"({', '.join(f'{kind} {weight} %' for kind, weight in WEIGHTS.items())}) + /healthz every "
            f"{HEALTHZ_INTERVAL:g} s; {args.warmup:g} s warm-up + {args.duration:g} s measured"
        )
        load_before = os.getloadavg()
        before = pages.cpu_snapshot(server.process.pid, database)
        outcomes, healthz, seconds = run(args, context)
        after = pages.cpu_snapshot(server.process.pid, database)
        load_after = os.getloadavg()
    finally:
        server.stop()

    used = pages.cpu_used(before, after)
    wall = used["machine_total"] or 1.0
    share = {key: seconds_used / wall * 100 for key, seconds_used in used.items()}
    header = (
        f"{'class / request':<16} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>8}"
    )
    print(header)
    results: dict = {"classes": {}, "requests": {}}
    for kind in WEIGHTS:
        row = summary(merged(list(outcomes[kind].values())), seconds)
        results["classes"][kind] = row
        print(line(kind, row))
    everything = summary(merged([o for kind in WEIGHTS for o in outcomes[kind].values()]), seconds)
    results["all"] = everything
    print(line("ALL", everything))
    results["healthz"] = summary(healthz, seconds)
    print(line("/healthz", results["healthz"]))
    print("\nper request:")
    for kind in WEIGHTS:
        for name, outcome in sorted(outcomes[kind].items()):
            row = summary(outcome, seconds)
            results["requests"][name] = row
            print(line(f"  {name}", row))
    print(
        f"\nCPU over warm-up and measurement (100 % = both cores): gunicorn {share['gunicorn']:.0f} %, "
        f"PostgreSQL {share['postgres']:.0f} %, load generator {share['loadgen']:.0f} %, "
        f"whole machine {share['machine_busy']:.0f} %"
    )
    print(
        f"Load average before {'/'.join(f'{x:.2f}' for x in load_before)}, "
        f"after {'/'.join(f'{x:.2f}' for x in load_after)}"
    )
    print(
        f"p95 of everything {everything['p95_ms']:.0f} ms next to /healthz's {results['healthz']['p95_ms']:.0f} ms: "
        "/healthz does almost no work, so its time is queueing for a worker."
    )
    if args.json:
        results.update(
            clients=args.clients,
            workers=args.workers,
            seconds=seconds,
            cpu_share_percent=share,
            load_average=[load_before, load_after],
        )
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
