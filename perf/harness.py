"""What `perf/bench.py` and `perf/faults.py` share: the production environment, the benchmark
database, gunicorn, the background services they start, and a Python load generator.

Everything binds 127.0.0.1. Every process started here is remembered and stopped on exit (also
on Ctrl-C, SIGTERM or an exception), so a failed run leaves no server behind on a shared machine.
"""

import atexit
import datetime
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
BUILD = ROOT / "build"
LOGS = BUILD / "perf"
BENCH_DATABASE = BUILD / "bench" / "db.sqlite3"
STATIC_MANIFEST = ROOT / "static_collected" / "staticfiles.json"

# Variables that pick a backing service: taken out of the inherited environment so a developer's
# shell (a DATABASE_URL of their own, say) never leaks into a measurement or touches their data.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "PAGE_CACHE",
    "OPENSEARCH_URL",
    "ELASTICSEARCH_URL",
    "DJANGO_SETTINGS_MODULE",
)

# A stable key per run: every server and management command of one run signs alike.
_SECRET_KEY = secrets.token_urlsafe(64)


# --- processes -------------------------------------------------------------------------------

_cleanups = []


def on_exit(cleanup):
    """Remember a cleanup; they run newest first at exit, whatever ended the run."""
    _cleanups.append(cleanup)
    return cleanup


def forget(cleanup):
    if cleanup in _cleanups:
        _cleanups.remove(cleanup)


def run_cleanups():
    while _cleanups:
        cleanup = _cleanups.pop()
        try:
            cleanup()
        except Exception as error:  # noqa: BLE001 - one failed cleanup must not stop the others
            print(f"cleanup failed: {error}", file=sys.stderr)


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


atexit.register(run_cleanups)
signal.signal(signal.SIGTERM, _exit_on_signal)
signal.signal(signal.SIGHUP, _exit_on_signal)


def stop_process(process, timeout=10):
    """SIGTERM to the process's own group (a gunicorn master and its workers), then SIGKILL.

    Only processes started here with `start_new_session=True` are stopped this way, so the group
    is ours alone."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(5)


def start_process(args, log_name, env=None):
    """Start a long-running process in its own session, its output to build/perf/<log_name>."""
    LOGS.mkdir(parents=True, exist_ok=True)
    # A fresh log per start ("wb"): a report quoting it must not show an earlier run's errors.
    log = open(LOGS / log_name, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log_path = LOGS / log_name

    def stop():
        stop_process(process)
        log.close()

    process.stop = stop
    on_exit(stop)
    return process


def free_port():
    """A TCP port nothing listens on now: parallel runs and other people's servers never clash."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_between(low, high):
    """A free port in [low, high], for a server that refuses ports outside a range."""
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            if not wait_for_port(port, 0):
                return port
    raise RuntimeError(f"no free port between {low} and {high}")


def wait_for_port(port, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def apt_install(package, command):
    """Install a Debian package when its command is missing and we are root; True when present."""
    if shutil.which(command):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    print(f"installing {package} from Debian (apt-get) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (
        ["apt-get", "install", "-y", "-qq", package],
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", package],
    ):
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if shutil.which(command):
            return True
    return False


# --- the site --------------------------------------------------------------------------------


def site_environment(**settings):
    """The production settings on 127.0.0.1 without TLS, plus the given variables.

    A value of None leaves a variable unset (PAGE_CACHE=None: the cache's default, on)."""
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in settings.items() if value is not None})
    return env


def manage(args, env, quiet=True, check=True):
    """Run `manage.py` with the given environment; on failure show its output, then raise."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
    )
    if check and result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"manage.py {' '.join(args)} failed (exit {result.returncode})")
    return result


def sqlite_url(path):
    return f"sqlite:///{Path(path).resolve()}"


def prepare_database(env):
    """Migrate and load the demo content, unless the database is already migrated and loaded;
    returns (what was done, the pages `find_pages` found).

    Re-runs reuse it (loading the content takes most of a minute); a new migration, or a
    database without the home page, is migrated and loaded again. Content changed since the
    database was loaded is not picked up: delete the database file to rebuild it."""
    pages = find_pages(env)
    if pages.get("home"):
        return "reused", pages
    started = time.monotonic()
    manage(["migrate", "--no-input"], env)
    manage(["load_content"], env)
    return f"built in {time.monotonic() - started:.0f} s", find_pages(env)


def prepare_bench_database():
    """The benchmark's own SQLite database, never the developer's db.sqlite3."""
    BENCH_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    env = site_environment(DATABASE_URL=sqlite_url(BENCH_DATABASE))
    return prepare_database(env)


# One management command (each costs seconds of start-up on a busy machine) both checks that
# every migration is applied and finds the pages to measure; nothing when a migration is pending.
_FIND_PAGES = """
import json
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page
executor = MigrationExecutor(connection)
pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
wanted = {
    "home": "HomePage", "sector": "SectorPage", "principle": "PrinciplePage",
    "chapter": "CodeChapterPage",
}
found = {}
if not pending:
    pages = Page.objects.live().filter(locale__language_code="en").specific().order_by("path")
    for page in pages:
        for key, class_name in wanted.items():
            if key not in found and type(page).__name__ == class_name and page.url:
                found[key] = page.url
print("PAGES=" + json.dumps(found))
"""


def find_pages(env):
    """The URLs of the first live English home, sector, principle and code chapter pages, or {}
    while a migration is pending."""
    result = manage(["shell", "-c", _FIND_PAGES], env, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("PAGES="):
            return json.loads(line[len("PAGES=") :])
    return {}


def collect_static(env):
    """collectstatic, skipped when a dry run finds nothing new: its post-processing (hashing and
    compressing every file) takes most of a minute on a busy machine."""
    if STATIC_MANIFEST.exists():
        dry_run = manage(["collectstatic", "--no-input", "--dry-run"], env)
        counts = [line for line in dry_run.stdout.splitlines() if "static file" in line]
        if counts and counts[-1].lstrip().startswith("0 static files"):
            return "up to date"
    manage(["collectstatic", "--no-input"], env)
    return "collected"


def hashed_static_path(name="site/site.css"):
    """The URL whitenoise serves `name` under: its hashed name from the static manifest."""
    manifest = json.loads(STATIC_MANIFEST.read_text())
    return "/static/" + manifest["paths"][name]


def start_gunicorn(env, name, workers=2, timeout=60):
    """gunicorn with sync workers on a free 127.0.0.1 port; returns (process, base URL) once
    /healthz answers 200."""
    port = free_port()
    process = start_process(
        [
            BIN / "gunicorn",
            "cms.wsgi:application",
            "--workers",
            workers,
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ],
        f"{name}.log",
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        status, _headers, _body = fetch(base_url, "/healthz", timeout=5)
        if status == 200:
            return process, base_url
        time.sleep(0.3)
    tail = process.log_path.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"gunicorn ({name}) did not become healthy; its log ends:\n{tail}")


def fetch(base_url, path, timeout=10, headers=None):
    """One GET; (status, headers, body), or (None, error text, b"") when no response came."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}", b""
    finally:
        connection.close()


def health(base_url):
    """/healthz as a dict (its JSON), or the error."""
    status, headers, body = fetch(base_url, "/healthz", timeout=5)
    if status is None:
        return {"status": "unreachable", "error": headers}
    try:
        return json.loads(body)
    except ValueError:
        return {"status": f"HTTP {status}"}


def drain(base_url, path, timeout=60):
    """Wait until the server is idle again. When a load run ends, the requests it left queued on
    the sync workers are still being served; measuring the next target at once would charge that
    backlog to it. A request joins the back of that queue, so once it is answered the backlog is
    gone but for what the other worker still renders: a few more requests, until one is fast
    (a busy machine may never be fast, hence the bound)."""
    fetch(base_url, path, timeout=timeout)
    for _ in range(10):
        begun = time.monotonic()
        fetch(base_url, path, timeout=timeout)
        if time.monotonic() - begun < 0.05:
            return
        time.sleep(0.05)


def cache_hit_ratio(base_url, path, samples=20):
    """How many of `samples` requests the page cache answered (X-Page-Cache: hit), and how many
    carried the header at all: the header is how a reader sees that caching was active."""
    hits = with_header = 0
    for _ in range(samples):
        status, headers, _body = fetch(base_url, path)
        value = {k.lower(): v for k, v in headers.items()}.get("x-page-cache") if status else None
        if value is not None:
            with_header += 1
            hits += value.strip().lower() == "hit"
    return hits, with_header, samples


# --- load ------------------------------------------------------------------------------------


@dataclass
class Result:
    """One request of a load run: when it finished (monotonic), what, and how it went."""

    at: float
    path: str
    status: int | None
    cache: str
    seconds: float
    error: str = ""

    @property
    def failed(self):
        return self.status is None or self.status >= 500


class BackgroundLoad:
    """Steady, bounded load from threads while the caller breaks things: each connection sends
    one request at a time over `paths`, pausing `pause` seconds between them, and every result is
    kept with its time so errors can be counted per second and per phase."""

    def __init__(self, base_url, paths, connections=4, pause=0.02, timeout=5):
        self.base_url = base_url
        self.paths = list(paths)
        self.connections = connections
        self.pause = pause
        self.timeout = timeout
        self.results = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads = []

    def start(self):
        self.started = time.monotonic()
        for number in range(self.connections):
            thread = threading.Thread(target=self._run, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        on_exit(self.stop)
        return self

    def stop(self):
        self._stopping.set()
        for thread in self._threads:
            thread.join(self.timeout + 1)
        forget(self.stop)

    def _run(self, number):
        turn = number
        while not self._stopping.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            begun = time.monotonic()
            status, headers, _body = fetch(self.base_url, path, timeout=self.timeout)
            error = headers if status is None else ""
            cache = (
                ""
                if status is None
                else {key.lower(): value for key, value in headers.items()}.get("x-page-cache", "")
            )
            result = Result(time.monotonic(), path, status, cache, time.monotonic() - begun, error)
            with self._lock:
                self.results.append(result)
            self._stopping.wait(self.pause)

    def between(self, start, end):
        with self._lock:
            return [result for result in self.results if start <= result.at < end]


def summarise(results):
    """Requests, failures (5xx or no response), page-cache hits, and the statuses seen."""
    return {
        "requests": len(results),
        "errors": sum(result.failed for result in results),
        "hits": sum(result.cache.lower() == "hit" for result in results),
        "statuses": Counter(result.status or "no response" for result in results),
    }


def _load_worker(base_url, path, connections, seconds, queue):
    """One process of the Python benchmark: `connections` threads hammering one path."""
    latencies, statuses, errors = [], Counter(), 0
    lock = threading.Lock()
    host, port = base_url.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds

    def hammer():
        nonlocal errors
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        mine, my_statuses, my_errors = [], Counter(), 0
        while time.monotonic() < deadline:
            begun = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                my_statuses[response.status] += 1
                mine.append(time.perf_counter() - begun)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                my_errors += 1
                connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)
            errors += my_errors

    threads = [threading.Thread(target=hammer) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, dict(statuses), errors))


def python_load(base_url, path, connections=16, seconds=10):
    """The fall-back when wrk is missing: one process per CPU (the GIL would cap one process far
    below what whitenoise serves), threads with keep-alive where the server allows it.
    Same figures as `wrk_load`."""
    processes = max(1, min(os.cpu_count() or 1, connections))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    shares = [connections // processes + (i < connections % processes) for i in range(processes)]
    workers = [
        context.Process(target=_load_worker, args=(base_url, path, share, seconds, queue))
        for share in shares
    ]
    begun = time.monotonic()
    for worker in workers:
        worker.start()
    latencies, statuses, errors = [], Counter(), 0
    for _ in workers:
        some_latencies, some_statuses, some_errors = queue.get()
        latencies.extend(some_latencies)
        statuses.update(some_statuses)
        errors += some_errors
    for worker in workers:
        worker.join()
    elapsed = max(seconds, time.monotonic() - begun)
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(0.50) if latencies else float("nan"),
        "p99": percentile(0.99) if latencies else float("nan"),
        "non2xx": sum(count for status, count in statuses.items() if not 200 <= status < 400),
        "errors": errors,
    }


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _milliseconds(text):
    for unit in sorted(_UNITS, key=len, reverse=True):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * _UNITS[unit]
    return float(text)


def parse_wrk(output):
    """req/s, p50 and p99 (ms), non-2xx/3xx responses and socket errors from `wrk --latency`."""
    figures = {
        "rps": float("nan"),
        "p50": float("nan"),
        "p99": float("nan"),
        "non2xx": 0,
        "errors": 0,
    }
    for line in output.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "Requests/sec:":
            figures["rps"] = float(words[1])
        elif words[0] == "50%" and len(words) == 2:
            figures["p50"] = _milliseconds(words[1])
        elif words[0] == "99%" and len(words) == 2:
            figures["p99"] = _milliseconds(words[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            figures["non2xx"] = int(words[-1])
        elif words[0] == "Socket" and words[1] == "errors:":
            figures["errors"] = sum(int(word.strip(",")) for word in words[3::2])
    return figures


def wrk_load(base_url, path, connections=16, seconds=10, threads=2):
    """`wrk -t2 -c16 -d<N>s --latency`, the reference method's load, with a 10 s request timeout
    instead of wrk's 2 s: 16 connections queue on 2 workers, so a page taking 150 ms waits over
    a second, and wrk would otherwise drop (and leave the server still rendering) the slowest
    requests and leave them out of the p99."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            base_url + path,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr.strip() or result.stdout.strip()}")
    return parse_wrk(result.stdout)


def median(values):
    values = [value for value in values if value == value]  # NaN is not a figure
    return statistics.median(values) if values else float("nan")


def now_and_machine():
    """The time and the machine's load, for the head of a run's output: figures drift with both."""
    return (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M:%S} UTC; {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())} at start"
    )


def prepared_site():
    """The production environment over the bench database, built or reused, with the static
    files collected: (environment, the pages to load by name)."""
    env = site_environment(DATABASE_URL=sqlite_url(BENCH_DATABASE))
    database, pages = prepare_bench_database()
    print(f"database {BENCH_DATABASE.relative_to(ROOT)}: {database}", flush=True)
    print(f"static files: {collect_static(env)}", flush=True)
    return env, pages
