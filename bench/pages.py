"""Latency of the main pages under gunicorn with a load generator on loopback (prints figures; asserts nothing).

Run from the repository root (PostgreSQL and Redis must be up: ``python scripts/services.py check``):

    .venv/bin/python bench/pages.py                      # 16 clients, 5 s warm-up, 20 s per page
    .venv/bin/python bench/pages.py --workers 3,5 --duration 30
    .venv/bin/python bench/pages.py --profile home-user   # one-off: cProfile + the SQL of one page

What it does:

1. **Data** (cached): creates the PostgreSQL database ``spiral_bench`` (``--database-url``) if missing,
   migrates it, loads the reference data (``manage.py setup_portal --no-demo``, only the first time),
   and runs ``manage.py generate_scale_data`` at the issue's scale (10,000 agents, 2,000 projects,
   20,000 interactions), which adds nothing once the data is there; ``collectstatic`` for WhiteNoise.
2. **Server**: gunicorn with the production configuration of ``Procfile`` (``portal.wsgi``, sync
   workers, ``--timeout 60``, access log on) and ``portal.settings.production`` (DEBUG off, Redis cache,
   ``CONN_MAX_AGE`` 60 s), with ``SECURE_SSL_REDIRECT=false`` since the benchmark speaks plain HTTP on
   127.0.0.1. Workers: 3, the ``Procfile``'s default and the best we measured on 2 cores (``2 × cores + 1`` = 5
   is slower here: more processes than cores to share with PostgreSQL and the load generator);
   ``--workers 3,5`` compares counts.
3. **Load**: ``--clients`` threads (16), each a closed loop over one HTTP/1.1 connection that it keeps
   alive (gunicorn's sync workers close it after every response, so the client reconnects; a latency
   includes that connection, and ``--json`` records how many there were). A warm-up, then ``--duration``
   seconds of measurement per page:
   ``home`` (anonymous), ``home-user`` (signed in with a session cookie: the generator's showcase user,
   who has projects, invitations and applications), ``search`` (``/search/?q=…``; skipped with a notice
   when the search page does not exist yet), ``dashboard`` (``/cooperation/regions/RU-LIP/``, signed in) and
   ``cell`` (``/search/cells/RU-LIP/nace2/C/``, the managerial matrix's cell of section C × Lipetsk, signed in) and
   ``pair`` (``/cooperation/pairs/RU-LIP/RU-VOR/``: the 4 × 4 links and the regularity, signed in).
4. **Figures** per page: requests, errors, throughput, p50/p95/p99/max latency, the latency of a single
   request after emptying the cache ("cold", the median of 5, measured before the load), and the CPU used by
   gunicorn, by PostgreSQL and by the load generator itself (the generator shares the machine's cores
   with the server: its share is the cost of measuring), with the load average before and after.

``--skip-data`` uses the database as it is; ``--reindex`` runs ``rebuild_search_index`` even when no data
was added. The issue's target: p95 under 150 ms at 16 concurrent clients on this 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
TARGET_P95_MS = 150.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

PAGES = {
    # name: (path, signed in)
    "home": ("/", False),
    "home-user": ("/", True),
    "search": ("/search/?q={query}", True),
    "dashboard": ("/cooperation/regions/RU-LIP/", True),
    "cell": ("/search/cells/RU-LIP/nace2/C/", True),
    "pair": ("/cooperation/pairs/RU-LIP/RU-VOR/", True),
    # a public project with the most active participants (fit score, pair levels, goals, recommendations)
    "project": ("/projects/{project}/", True),
    # the region's competence map: profile, scenario model, relatedness and item spaces, trend
    "analytics-region": ("/analytics/regions/RU-LIP/", False),
}


# --- environment and data -------------------------------------------------------------------------------


def environment(args) -> dict[str, str]:
    """The production settings' environment, pointed at the benchmark's database and Redis."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *arguments: str, quiet: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        for line in result.stdout.splitlines():
            print(f"    {line}")
    return result.stdout


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres"
    ) as connection:
        connection.autocommit = True
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"  created database {name}")


def prepare_data(args, env: dict[str, str]) -> None:
    started = time.perf_counter()
    ensure_database(args.database_url)
    print("  migrate")
    manage(env, "migrate", "--noinput", "-v", "0")
    count = run_django(env, "from regions.models import Region; print(Region.objects.count())").strip()
    if count != "85":
        print("  setup_portal --no-demo (reference data, analytics, competence maps)")
        manage(env, "setup_portal", "--no-demo", quiet=True)
    print(f"  generate_scale_data --agents {args.agents} --projects {args.projects} --interactions {args.interactions}")
    manage(
        env,
        "generate_scale_data",
        "--agents",
        str(args.agents),
        "--projects",
        str(args.projects),
        "--interactions",
        str(args.interactions),
        "--seed",
        str(args.seed),
    )
    if args.reindex:
        commands = manage(env, "help", "--commands", quiet=True).split()
        if "rebuild_search_index" in commands:
            print("  rebuild_search_index")
            manage(env, "rebuild_search_index")
        else:
            print("  no rebuild_search_index command yet: skipped")
    print("  collectstatic")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    print(f"  data ready in {time.perf_counter() - started:.1f} s")


def run_django(env: dict[str, str], code: str) -> str:
    """Run ``code`` in a Django process with the benchmark's environment; returns its output."""
    program = "import django; django.setup()\n" + textwrap.dedent(code)
    result = subprocess.run(  # noqa: S603 - our own code
        [str(PYTHON), "-c", program], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"Django snippet failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


SESSION_SNIPPET = """
from django.conf import settings
from django.test import Client
from accounts.models import User
from portal.management.commands.generate_scale_data import SHOWCASE_EMAIL
user = User.objects.get(email=SHOWCASE_EMAIL)
client = Client()
client.force_login(user)
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def data_summary(env: dict[str, str]) -> dict:
    return json.loads(
        run_django(
            env,
            """
            import json
            from cooperation.models import Agent, Project, ProjectParticipant
            from levels.models import Interaction, PairEvidence
            from accounts.models import User
            from django.db.models import Count, Q
            project = (
                Project.objects.filter(state__in=["published", "active"], is_hidden=False)
                .annotate(active=Count("participants", filter=Q(participants__status="accepted")))
                .order_by("-active", "id").values_list("pk", flat=True).first()
            )
            print(json.dumps({
                "project": project,
                "agents": Agent.objects.count(), "projects": Project.objects.count(),
                "participants": ProjectParticipant.objects.count(), "interactions": Interaction.objects.count(),
                "evidence": PairEvidence.objects.count(), "users": User.objects.count(),
            }))
            """,
        ).strip()
    )


# --- processes and CPU ----------------------------------------------------------------------------------


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process, 0 when it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def processes() -> list[tuple[int, int, str]]:
    """``(pid, parent pid, command name)`` of every process."""
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        rows.append((int(entry.name), parent, name))
    return rows


def database_backends(database: str) -> list[int]:
    """PostgreSQL backends serving ``database`` (their command line names it): the server's connections."""
    pids = []
    for pid, _parent, name in processes():
        if not name.startswith("postgres"):
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if f" {database} " in command:
            pids.append(pid)
    return pids


def cpu_snapshot(gunicorn_pid: int, database: str) -> dict:
    """CPU seconds so far of gunicorn (master and workers), of the PostgreSQL backends of the benchmark's
    database (per process, so that backends of other databases coming and going do not count), of this
    process, and of the whole machine (busy and total, from /proc/stat)."""
    rows = processes()
    server = [gunicorn_pid] + [pid for pid, parent, _name in rows if parent == gunicorn_pid]
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return {
        "gunicorn": sum(process_cpu(pid) for pid in server),
        "postgres": {pid: process_cpu(pid) for pid in database_backends(database)},
        "loadgen": time.process_time(),
        "machine_busy": (sum(values) - idle) / CLOCK_TICKS,
        "machine_total": sum(values) / CLOCK_TICKS,
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds between two snapshots (a backend that started in between counts from zero)."""
    used = {key: after[key] - before[key] for key in after if key != "postgres"}
    used["postgres"] = sum(seconds - before["postgres"].get(pid, 0.0) for pid, seconds in after["postgres"].items())
    return used


class Server:
    """gunicorn as ``Procfile`` starts it, on a loopback port, logging to a temporary file."""

    def __init__(self, env: dict[str, str], *, port: int, workers: int):
        self.port = port
        self.workers = workers
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                str(GUNICORN),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180  # a loaded shared machine boots 3 workers slowly
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop(keep_log=True)
                sys.exit(f"gunicorn did not start; see {self.log.name}")
            time.sleep(0.3)

    def stop(self, *, keep_log: bool = False) -> None:
        """Stop gunicorn; its log is kept only when asked (a failed start) or when it logged an error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        log = Path(self.log.name)
        if keep_log or "Traceback" in log.read_text(errors="replace"):
            print(f"  gunicorn's log: {log}")
        else:
            log.unlink(missing_ok=True)


# --- the load generator ---------------------------------------------------------------------------------


@dataclass
class Client:
    """One closed-loop client: a request, wait for the whole answer, the next request."""

    port: int
    path: str
    headers: dict[str, str]
    source: str = "127.0.0.1"
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    connections: int = 0
    recording: bool = False
    connection: http.client.HTTPConnection | None = None
    slow: list = field(default_factory=list)
    answered: int = 0  # warm-up included, for the CPU per request

    def _connect(self) -> http.client.HTTPConnection:
        self.connections += 1
        # Each client connects from its own loopback address: gunicorn's sync workers close every connection,
        # and at hundreds of connections per second a new one from a single address soon reuses a port still
        # in TIME_WAIT on the server's side, whose SYN is then answered only on retransmission (1, 3, 7 s).
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        connection.connect()
        return connection

    def one(self) -> None:
        started = time.perf_counter()
        reconnected = self.connection is None
        try:
            if reconnected:
                self.connection = self._connect()
            self.connection.request("GET", self.path, headers=self.headers)
            response = self.connection.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                self.connection.close()
                self.connection = None
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            status = 0
        elapsed = time.perf_counter() - started
        self.answered += status == 200
        if self.recording:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                self.latencies.append(elapsed)
                if elapsed > 1.0:
                    self.slow.append((time.time(), elapsed, reconnected))
            else:
                self.errors += 1


def load(port: int, path: str, headers: dict[str, str], *, clients: int, warmup: float, duration: float) -> dict:
    """Run ``clients`` closed-loop clients on ``path``: ``warmup`` seconds unrecorded, then ``duration`` recorded."""
    sources = [f"127.0.{index // 200 + 1}.{index % 200 + 2}" for index in range(clients)]
    pool = [Client(port, path, headers, source=source) for source in sources]
    phase = {"stop": False}

    def loop(client: Client) -> None:
        while not phase["stop"]:
            client.one()

    threads = [threading.Thread(target=loop, args=(client,), daemon=True) for client in pool]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    for client in pool:
        client.recording = True
    started = time.perf_counter()
    time.sleep(duration)
    for client in pool:
        client.recording = False
    elapsed = time.perf_counter() - started
    phase["stop"] = True
    for thread in threads:
        thread.join(timeout=35)
    latencies = sorted(latency for client in pool for latency in client.latencies)
    statuses: dict[int, int] = {}
    for client in pool:
        for status, number in client.statuses.items():
            statuses[status] = statuses.get(status, 0) + number
    return {
        "requests": len(latencies),
        "errors": sum(client.errors for client in pool),
        "statuses": statuses,
        "connections": sum(client.connections for client in pool),
        "seconds": elapsed,
        "latencies": latencies,
        "slow": sorted(item for client in pool for item in client.slow),
        "answered": sum(client.answered for client in pool),
    }


def cold_latencies(port: int, path: str, headers: dict[str, str], redis_url: str, *, times: int = 5) -> list[float]:
    """Milliseconds of single requests, each after emptying the benchmark's cache (Redis database): what the
    first visitor after a change waits, with every cached part of the page rebuilt (nothing else running)."""
    import redis

    server = redis.Redis.from_url(redis_url)
    latencies = []
    for _ in range(times):
        server.flushdb()
        started = time.perf_counter()
        probe(port, path, headers)
        latencies.append((time.perf_counter() - started) * 1000)
    server.close()
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(fraction * len(values)) - 1))
    return values[index]


def probe(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


# --- one-off profile ------------------------------------------------------------------------------------

PROFILE_SNIPPET = """
import cProfile, pstats, sys, time
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from portal.management.commands.generate_scale_data import SHOWCASE_EMAIL
path, signed_in, repeat = __ARGUMENTS__
client = Client(SERVER_NAME="127.0.0.1")
if signed_in:
    client.force_login(User.objects.get(email=SHOWCASE_EMAIL))
for _ in range(3):
    client.get(path)
with CaptureQueriesContext(connection) as queries:
    response = client.get(path)
print(f"status {response.status_code}, {len(response.content)} bytes, {len(queries.captured_queries)} queries")
for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
    print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")
started, cpu = time.perf_counter(), time.process_time()
for _ in range(repeat):
    client.get(path)
print(
    f"{(time.perf_counter() - started) / repeat * 1000:.1f} ms wall, "
    f"{(time.process_time() - cpu) / repeat * 1000:.1f} ms CPU per request in-process (warm cache, not profiled)"
)
profiler = cProfile.Profile()
started = time.perf_counter()
profiler.enable()
for _ in range(repeat):
    client.get(path)
profiler.disable()
print(f"{(time.perf_counter() - started) / repeat * 1000:.1f} ms per request in-process (profiled)")
pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
"""


# --- main -----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/spiral_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="3", help="gunicorn worker counts to compare, e.g. 3,5 (default 3)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of unrecorded load per page")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of recorded load per page")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--query", default="агробиотехнологий", help="the search page's query")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reindex", action="store_true", help="rebuild the search index even when no data was added")
    parser.add_argument("--skip-data", action="store_true", help="use the database as it is")
    parser.add_argument("--profile", choices=list(PAGES), help="profile one page in-process instead of the load test")
    parser.add_argument("--repeat", type=int, default=50, help="requests profiled by --profile")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    env = environment(args)
    cores = os.cpu_count() or 1
    print(f"Machine: {cores} cores, load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.skip_data:
        print("Data:")
        prepare_data(args, env)
    elif not (ROOT / "staticfiles" / "staticfiles.json").is_file():
        # A tree that never ran the data step (a new clone or worktree) has no manifest: every page would answer 500.
        print("  collectstatic (no manifest in this tree yet)")
        manage(env, "collectstatic", "--noinput", "-v", "0")
    summary = data_summary(env)
    print(f"  database: {json.dumps(summary)}")

    if args.profile:
        path, signed_in = PAGES[args.profile]
        print(
            run_django(
                env,
                PROFILE_SNIPPET.replace(
                    "__ARGUMENTS__",
                    repr((path.format(query=args.query, project=summary["project"]), signed_in, args.repeat)),
                ),
            )
        )
        return

    session = run_django(env, SESSION_SNIPPET).strip()
    database = urllib.parse.urlparse(args.database_url).path.lstrip("/")
    worker_counts = [int(value) for value in args.workers.split(",") if value.strip()] or [2 * cores + 1]  # "" = 2n+1
    results = []
    for workers in worker_counts:
        server = Server(env, port=args.port, workers=workers)
        try:
            print(
                f"\ngunicorn: {workers} sync workers on 127.0.0.1:{args.port}; {args.clients} clients, "
                f"{args.warmup:g} s warm-up + {args.duration:g} s per page"
            )
            header = (
                f"{'page':<10} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'max ms':>7} {'cold ms':>7} {'cpu/req':>7}  "
                f"{'gunicorn':>8} {'postgres':>8} {'loadgen':>8} {'machine':>7}  {'load avg':>8}  target"
            )
            print(header)
            for name in [page.strip() for page in args.pages.split(",") if page.strip()]:
                path, signed_in = PAGES[name]
                path = path.format(query=urllib.parse.quote(args.query), project=summary["project"])
                headers = {"Host": "127.0.0.1", "Accept-Language": "ru", "Connection": "keep-alive"}
                if signed_in:
                    headers["Cookie"] = f"sessionid={session}"
                status = probe(args.port, path, headers)
                if status != 200:
                    why = "no such page yet" if status == 404 else "an error: see the gunicorn log"
                    print(f"{name:<10} skipped: {urllib.parse.unquote(path)} answers {status} ({why})")
                    continue
                cold = cold_latencies(args.port, path, headers, args.redis_url)
                load_before = os.getloadavg()[0]
                before = cpu_snapshot(server.process.pid, database)
                outcome = load(
                    args.port, path, headers, clients=args.clients, warmup=args.warmup, duration=args.duration
                )
                after = cpu_snapshot(server.process.pid, database)
                load_after = os.getloadavg()[0]
                # CPU over the whole run (warm-up included), as a share of the machine's capacity
                used = cpu_used(before, after)
                wall = used["machine_total"]
                share = {key: seconds / wall * 100 if wall else 0.0 for key, seconds in used.items()}
                latencies = [value * 1000 for value in outcome["latencies"]]
                p95 = percentile(latencies, 0.95)
                # server CPU per answered request (warm-up included): gunicorn + PostgreSQL, whatever else runs
                server_ms = (used["gunicorn"] + used["postgres"]) / max(outcome["answered"], 1) * 1000
                row = {
                    "page": name,
                    "path": path,
                    "workers": workers,
                    "clients": args.clients,
                    "requests": outcome["requests"],
                    "errors": outcome["errors"],
                    "statuses": outcome["statuses"],
                    "connections": outcome["connections"],
                    "throughput": outcome["requests"] / outcome["seconds"],
                    "p50_ms": percentile(latencies, 0.50),
                    "p95_ms": p95,
                    "p99_ms": percentile(latencies, 0.99),
                    "max_ms": max(latencies) if latencies else float("nan"),
                    "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
                    "cold_ms": statistics.median(cold),
                    "server_cpu_ms_per_request": server_ms,
                    "cpu_share_percent": {
                        "gunicorn": share["gunicorn"],
                        "postgres": share["postgres"],
                        "loadgen": share["loadgen"],
                        "machine": share["machine_busy"],
                    },
                    "load_average": [load_before, load_after],
                    "over_1s": [(round(elapsed, 3), reconnected) for _when, elapsed, reconnected in outcome["slow"]],
                }
                results.append(row)
                print(
                    f"{name:<10} {row['requests']:>8} {row['errors']:>6} {row['throughput']:>7.1f} "
                    f"{row['p50_ms']:>7.1f} {p95:>7.1f} {row['p99_ms']:>7.1f} {row['max_ms']:>7.1f} "
                    f"{row['cold_ms']:>7.1f} "
                    f"{server_ms:>5.1f}ms  "
                    f"{share['gunicorn']:>7.0f}% {share['postgres']:>7.0f}% {share['loadgen']:>7.0f}% "
                    f"{share['machine_busy']:>6.0f}%  {load_before:>3.1f}→{load_after:<3.1f}  "
                    f"{'met' if p95 < TARGET_P95_MS else 'MISSED'}"
                )
                if outcome["slow"]:
                    slow = row["over_1s"][:5]
                    print(f"{'':<10} {len(outcome['slow'])} requests over 1 s: {slow} (seconds, new connection)")
        finally:
            server.stop()
    print(
        "\ncold ms: median of 5 single requests, each after emptying the cache (every cached part of the page "
        "rebuilt), before the load.\ncpu/req: CPU of gunicorn and of the database's PostgreSQL backends per "
        "answered request. CPU shares are of the whole machine (100 % = all cores busy) over warm-up and "
        "measurement; 'loadgen' is this script (the clients), 'machine' includes every other process too."
    )
    print(f"Load average at the end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        for row in results:
            row.pop("latencies", None)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
