"""`make faults`: the site under load while its backing services fail, one scenario at a time.

The targets (the issue):

  redis     With Redis stopped the site serves uncached pages: no 500s before, during or after.
  search    With the search cluster stopped, search falls back to the database: no 500s.
  postgres  A PostgreSQL restart gives errors only while it is down, and full service within
            5 s of its return.
  publish   (not a fault, the cache's own risk) Without Redis, a page published by another
            process is served by no worker in its old form: no stale answer, no error.

Each scenario starts its own private services and its own gunicorn (2 sync workers, production
settings) on free 127.0.0.1 ports, puts a steady, bounded load on it (a few connections over a mix
of pages and searches), breaks the service, brings it back, and counts per second the requests
that failed (a status of 500 or more, or no response). Everything started is stopped on exit.

    .venv/bin/python perf/faults.py [--only redis,search,postgres] [--phase-seconds 8]

Exits 1 when a scenario misses its target; a scenario whose service cannot be started here (no
Java for OpenSearch, say) is reported as skipped and does not fail the run, unless --strict (or
FAULTS_STRICT=1, as CI sets it).
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

FAULTS_DATABASE = harness.BUILD / "faults" / "db.sqlite3"
RECOVERY_TARGET = 5.0
SEARCHES = [
    "/en/search/?q=housing",
    "/en/search/?q=education",
    "/en/search/?q=health",
    "/en/search/?q=corporate+parenting",
    "/en/search/?q=stigma",
]


class Skipped(Exception):
    """The scenario's service could not be started on this machine."""


# --- phases ----------------------------------------------------------------------------------


def phase_report(load, phases):
    """Per phase: the summary of its requests and the per-second failures, as printed lines."""
    lines = []
    for name, start, end in phases:
        results = load.between(start, end)
        summary = harness.summarise(results)
        seconds = max(0.0, end - start)
        per_second = []
        second = start
        while second < end:
            bucket = [result for result in results if second <= result.at < second + 1]
            per_second.append(sum(result.failed for result in bucket))
            second += 1
        statuses = ", ".join(
            f"{status}: {count}"
            for status, count in sorted(summary["statuses"].items(), key=lambda item: str(item[0]))
        )
        lines.append(
            f"  {name:16} {seconds:5.1f} s  {summary['requests']:5d} requests  "
            f"{summary['errors']:4d} errors  {summary['hits']:4d} cache hits   ({statuses})"
        )
        lines.append(f"  {'':16} errors per second: {' '.join(map(str, per_second)) or '-'}")
    return lines


def first_errors(results, limit=3):
    """A few distinct failures, so a reader sees what broke without opening the log."""
    seen = []
    for result in results:
        if result.failed:
            description = f"{result.path} -> {result.status or result.error}"
            if description not in seen:
                seen.append(description)
        if len(seen) >= limit:
            break
    return seen


def log_excerpt(process, limit=6):
    """The first distinct exception lines of a gunicorn log, for the report."""
    lines = []
    for line in process.log_path.read_text(errors="replace").splitlines():
        text = line.strip()
        if (
            ("Error" in text or "Exception" in text)
            and not text.startswith("File ")
            and text not in lines
        ):
            lines.append(text[:200])
        if len(lines) >= limit:
            break
    return lines


def run_phases(base_url, paths, steps, connections=4):
    """Load `base_url` while running `steps`: a list of (phase name, action) where the action
    runs at the start of the phase and returns when the phase should end. Returns the load and
    the phases as (name, start, end)."""
    for path in dict.fromkeys(paths):  # a first request per page: imports, templates
        harness.fetch(base_url, path, timeout=30)
    load = harness.BackgroundLoad(base_url, paths, connections=connections).start()
    phases = []
    try:
        for name, action in steps:
            start = time.monotonic()
            action()
            phases.append((name, start, time.monotonic()))
    finally:
        load.stop()
    return load, phases


def wait(seconds):
    return lambda: time.sleep(seconds)


def report_without_errors(key, title, load, phases, process, errors, notes):
    """Prints a scenario whose target is no error in any phase; its rows and whether it passed."""
    verdict = "PASS" if errors == 0 else f"FAIL ({errors} errors; target 0 in every phase)"
    print_scenario(title, load, phases, process, verdict, notes)
    return [
        (key, phase, harness.summarise(load.between(start, end))) for phase, start, end in phases
    ], errors == 0


def print_scenario(title, load, phases, process, verdict, notes):
    print(f"\n== {title}: {verdict}")
    for line in phase_report(load, phases):
        print(line)
    for note in notes:
        print(f"  {note}")
    failures = first_errors(load.results)
    if failures:
        print("  first failures: " + "; ".join(failures))
        for line in log_excerpt(process):
            print(f"  server log: {line}")
        print(f"  full server log: {process.log_path.relative_to(harness.ROOT)}")


# --- scenarios -------------------------------------------------------------------------------


def sqlite_site(**settings):
    return harness.site_environment(DATABASE_URL=harness.sqlite_url(FAULTS_DATABASE), **settings)


def start_redis(port):
    process = harness.start_process(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        "faults-redis.log",
    )
    if not harness.wait_for_port(port, 10):
        raise Skipped(f"redis-server did not listen on port {port} (build/perf/faults-redis.log)")
    return process


def scenario_redis(pages, phase_seconds):
    """Redis holds the full-page cache: stopping it must cost speed (pages rendered again), not
    errors."""
    if not harness.apt_install("redis-server", "redis-server"):
        raise Skipped("redis-server is not installed and could not be installed (not root?)")
    port = harness.free_port()
    redis = {"process": start_redis(port)}
    env = sqlite_site(REDIS_URL=f"redis://127.0.0.1:{port}/0")
    gunicorn, base_url = harness.start_gunicorn(env, "faults-redis")
    notes = [f"health before: {harness.health(base_url).get('checks', {}).get('cache')}"]

    def outage():
        """Stop Redis, keep it down for a phase, start it again on the same port: the phase
        ends once it listens again."""
        redis["process"].stop()
        time.sleep(phase_seconds)
        notes.append(
            f"health with Redis down: {harness.health(base_url).get('checks', {}).get('cache')}"
        )
        redis["process"] = start_redis(port)

    mix = [pages["home"], pages["sector"], pages["principle"], pages["chapter"], SEARCHES[0]]
    load, phases = run_phases(
        base_url,
        mix,
        [
            ("before", wait(phase_seconds)),
            ("Redis down", outage),
            ("after", wait(phase_seconds)),
        ],
    )
    notes.append(f"health after: {harness.health(base_url).get('checks', {}).get('cache')}")
    gunicorn.stop()
    redis["process"].stop()
    errors = sum(harness.summarise(load.between(start, end))["errors"] for _n, start, end in phases)
    hits_before = harness.summarise(load.between(*phases[0][1:]))["hits"]
    if not hits_before:
        notes.append("WARNING: no X-Page-Cache hits before the fault: was the page cache in Redis?")
    return report_without_errors(
        "redis", "Redis stopped under load", load, phases, gunicorn, errors, notes
    )


def start_opensearch(data_dir, port):
    """`.ci/opensearch/start` (Java 21+, Maven jars); the node's pid lands in data_dir/pid."""
    result = subprocess.run(
        [harness.ROOT / ".ci" / "opensearch" / "start", data_dir],
        env={**os.environ, "OPENSEARCH_PORT": str(port)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise Skipped("OpenSearch did not start: " + result.stderr.strip()[-1500:])
    return result.stdout.strip().splitlines()[-1]


def opensearch_pid(data_dir):
    try:
        return int((data_dir / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def stop_opensearch(data_dir, timeout=60):
    """SIGTERM to the node this script started (its pid file), then wait for it to be gone."""
    pid = opensearch_pid(data_dir)
    if pid is None:
        return
    try:
        os.kill(pid, 15)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
        time.sleep(0.2)
    if os.path.exists(f"/proc/{pid}"):
        os.kill(pid, 9)


def scenario_search(pages, phase_seconds):
    """The search cluster answers searches; when it goes, the database backend must answer them
    (search.backends), and when it is back, nothing must break either."""
    data_dir = Path(tempfile.mkdtemp(prefix="cms-perf-search-"))
    harness.on_exit(lambda: shutil.rmtree(data_dir, ignore_errors=True))
    harness.on_exit(lambda: stop_opensearch(data_dir, timeout=20))
    # The node runner (codelibs OpenSearchRunner) takes HTTP ports up to 9299 only; 9250 is left
    # to the CI's and developers' own nodes.
    port = harness.free_port_between(9260, 9298)
    print(
        f"starting OpenSearch on 127.0.0.1:{port} (may take minutes the first time) ...", flush=True
    )
    url = start_opensearch(data_dir, port)
    env = sqlite_site(OPENSEARCH_URL=url)
    harness.manage(["update_index"], env)
    gunicorn, base_url = harness.start_gunicorn(env, "faults-search")
    notes = [f"health before: {harness.health(base_url).get('checks', {}).get('search')}"]

    def kill_node():
        stop_opensearch(data_dir)
        time.sleep(phase_seconds)
        notes.append(
            f"health with the node down: {harness.health(base_url).get('checks', {}).get('search')}"
        )

    def restart_node():
        try:
            start_opensearch(data_dir, port)
        except Skipped as error:
            notes.append(f"the node did not come back: {error}")

    mix = SEARCHES + [pages["sector"]]
    load, phases = run_phases(
        base_url,
        mix,
        [
            ("before", wait(phase_seconds)),
            ("node down", kill_node),
            ("node restarting", restart_node),
            ("after", wait(phase_seconds)),
        ],
    )
    notes.append(f"health after: {harness.health(base_url).get('checks', {}).get('search')}")
    gunicorn.stop()
    stop_opensearch(data_dir, timeout=20)
    errors = sum(harness.summarise(load.between(start, end))["errors"] for _n, start, end in phases)
    for name, start, end in phases:
        searches = [result for result in load.between(start, end) if "/search/" in result.path]
        if searches:
            latencies = sorted(result.seconds for result in searches)
            notes.append(
                f"search p50 {name}: {latencies[len(latencies) // 2] * 1000:.0f} ms "
                f"({len(searches)} searches)"
            )
    return report_without_errors(
        "search", "search cluster stopped under load", load, phases, gunicorn, errors, notes
    )


def postgres_bin():
    """The newest installed PostgreSQL's binaries (Debian keeps them off PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0,
    )
    if not found and harness.apt_install("postgresql", "psql"):
        return postgres_bin()
    if not found:
        raise Skipped("PostgreSQL is not installed and could not be installed (not root?)")
    return Path(found[-1]).parent


def as_postgres(args, **options):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        prefix + [str(arg) for arg in args], capture_output=True, text=True, **options
    )


def scenario_postgres(pages, phase_seconds):
    """Each worker keeps its connection (the production default, DATABASE_CONN_MAX_AGE=60) and
    checks it before a request uses it, so the site should fail only while PostgreSQL is down and
    answer again as soon as it is back."""
    pg_bin = postgres_bin()
    cluster = Path(tempfile.mkdtemp(prefix="cms-perf-pg-"))
    if os.geteuid() == 0:
        shutil.chown(cluster, "postgres")
    harness.on_exit(lambda: shutil.rmtree(cluster, ignore_errors=True))
    data = cluster / "data"
    port = harness.free_port()
    initdb = as_postgres(
        [pg_bin / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"]
    )
    if initdb.returncode != 0:
        raise Skipped(f"initdb failed: {initdb.stderr.strip()[-800:]}")

    def pg_ctl(*args):
        return as_postgres(
            [pg_bin / "pg_ctl", "-D", data, "-l", cluster / "log", "-w", *args], timeout=120
        )

    def start():
        result = pg_ctl("-o", f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1", "start")
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()[-800:]}")

    start()
    harness.on_exit(lambda: pg_ctl("-m", "immediate", "stop"))
    created = subprocess.run(
        [
            pg_bin / "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE cms",
        ],
        capture_output=True,
        text=True,
    )
    if created.returncode != 0:
        raise RuntimeError(f"CREATE DATABASE failed: {created.stderr.strip()}")
    env = harness.site_environment(DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/cms")
    print(
        f"PostgreSQL {pg_bin.parent.name} on 127.0.0.1:{port}: migrating and loading the "
        "demo content ...",
        flush=True,
    )
    print(f"  database: {harness.prepare_database(env)[0]}", flush=True)
    gunicorn, base_url = harness.start_gunicorn(env, "faults-postgres")
    notes = []
    moments = {}

    def restart():
        moments["stopping"] = time.monotonic()
        pg_ctl("-m", "fast", "stop")
        moments["stopped"] = time.monotonic()
        time.sleep(3)
        notes.append(f"health while down: HTTP {harness.fetch(base_url, '/healthz', timeout=5)[0]}")
        start()
        moments["back"] = time.monotonic()

    mix = [
        pages["home"],
        pages["sector"],
        pages["principle"],
        pages["chapter"],
        SEARCHES[0],
        SEARCHES[1],
    ]
    grace = RECOVERY_TARGET
    load, phases = run_phases(
        base_url,
        mix,
        [
            ("before", wait(phase_seconds)),
            ("down (restart)", restart),
            (f"first {grace:.0f} s back", wait(grace)),
            ("after", wait(phase_seconds)),
        ],
    )
    gunicorn.stop()
    back = moments["back"]
    failures_after_return = [
        result.at for result in load.results if result.failed and result.at >= back
    ]
    recovery = (max(failures_after_return) - back) if failures_after_return else 0.0
    notes.append(
        f"stopping took {moments['stopped'] - moments['stopping']:.1f} s; down "
        f"{back - moments['stopped']:.1f} s (pg_ctl start -w returned)"
    )
    notes.append(
        f"full service {recovery:.1f} s after PostgreSQL's return "
        f"(last failed request; target <= {RECOVERY_TARGET:.0f} s)"
    )
    summaries = {name: harness.summarise(load.between(start, end)) for name, start, end in phases}
    problems = []
    if summaries["before"]["errors"]:
        problems.append(f"{summaries['before']['errors']} errors before the restart")
    if summaries["after"]["errors"]:
        problems.append(f"{summaries['after']['errors']} errors more than {grace:.0f} s after")
    if recovery > RECOVERY_TARGET:
        problems.append(f"recovery took {recovery:.1f} s")
    verdict = "PASS" if not problems else "FAIL (" + "; ".join(problems) + ")"
    print_scenario("PostgreSQL restart under load", load, phases, gunicorn, verdict, notes)
    return [("postgres", name, summaries[name]) for name, _start, _end in phases], not problems


PUBLISH_CODE = """
from wagtail.models import Page
page = Page.objects.get(url_path__endswith="/{slug}/", locale__language_code="en").specific
page.title = "{title}"
page.save_revision().publish()
"""


def scenario_publish(pages, phase_seconds):
    """Without Redis each gunicorn worker keeps pages in its own memory. A page published by
    another process (`manage.py shell` here; an editor's request reaches one worker only) must
    leave no worker serving the old page, nor the old page's title on a page listing it: every
    worker replays the purges the others journal (cms.purge_journal)."""
    # English alone: production holds an English change back until its Welsh is approved.
    env = sqlite_site(PUBLISH_LANGUAGES_TOGETHER="false")
    gunicorn, base_url = harness.start_gunicorn(env, "faults-publish")
    principle, sector = pages["principle"], pages["sector"]
    slug = principle.rstrip("/").rsplit("/", 1)[-1]
    title = f"Renamed by another process {time.time_ns()}"
    notes = []

    def publish():
        harness.manage(["shell", "-c", PUBLISH_CODE.format(slug=slug, title=title)], env)
        notes.append("published from another process (manage.py shell)")

    load, phases = run_phases(
        base_url,
        [principle, sector, pages["home"]],
        [
            ("before", wait(phase_seconds)),
            ("publish", publish),
            ("after", wait(phase_seconds)),
        ],
    )
    stale = {}
    for path in (principle, sector):
        answers = [harness.fetch(base_url, path) for _ in range(40)]
        stale[path] = sum(
            status == 200 and title.encode() not in body for status, _h, body in answers
        )
        notes.append(f"{path}: {stale[path]} of 40 answers without the new title")
    gunicorn.stop()
    errors = sum(harness.summarise(load.between(start, end))["errors"] for _n, start, end in phases)
    if not harness.summarise(load.between(*phases[0][1:]))["hits"]:
        notes.append("WARNING: no X-Page-Cache hits before the publish: was the page cache on?")
    stale_answers = sum(stale.values())
    verdict = (
        "PASS"
        if errors == 0 and stale_answers == 0
        else f"FAIL ({errors} errors, {stale_answers} stale answers; target 0 and 0)"
    )
    print_scenario("A publish reaches every worker's cache", load, phases, gunicorn, verdict, notes)
    rows = [
        ("publish", phase, harness.summarise(load.between(start, end)))
        for phase, start, end in phases
    ]
    return rows, errors == 0 and stale_answers == 0


SCENARIOS = {
    "redis": scenario_redis,
    "search": scenario_search,
    "postgres": scenario_postgres,
    "publish": scenario_publish,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help="comma-separated scenarios (redis,search,postgres,publish)",
    )
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=8,
        help="seconds of load before, during and after each fault (8)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=os.environ.get("FAULTS_STRICT", "") not in ("", "0"),
        help="a scenario that cannot run here fails the run (CI sets FAULTS_STRICT=1)",
    )
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario: {', '.join(sorted(unknown))}")
    begun = time.monotonic()

    print(f"make faults  {harness.now_and_machine()}")
    print(
        "gunicorn 2 sync workers, production settings, 127.0.0.1 only; load: 4 connections, "
        "one request at a time each, 20 ms apart; an error is a status >= 500 or no response"
    )
    env, pages = harness.prepared_site()
    # The scenarios' own copy: update_index writes to it, and a bench may be reading the other.
    FAULTS_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(harness.BENCH_DATABASE, FAULTS_DATABASE)

    rows, outcomes = [], {}
    for name in chosen:
        try:
            scenario_rows, passed = SCENARIOS[name](pages, arguments.phase_seconds)
            rows += scenario_rows
            outcomes[name] = "PASS" if passed else "FAIL"
        except Skipped as reason:
            print(f"\n== {name}: SKIPPED: {reason}")
            outcomes[name] = "SKIPPED"
        except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the others
            print(f"\n== {name}: FAIL (the scenario itself failed: {error})")
            outcomes[name] = "FAIL"
        finally:
            harness.run_cleanups()

    print(f"\n{'scenario':9} {'phase':16} {'requests':>8} {'errors':>7} {'cache hits':>10}")
    for scenario, phase, summary in rows:
        print(
            f"{scenario:9} {phase:16} {summary['requests']:8d} {summary['errors']:7d} "
            f"{summary['hits']:10d}"
        )
    print(
        "\n"
        + "  ".join(f"{name}: {outcome}" for name, outcome in outcomes.items())
        + f"   (took {time.monotonic() - begun:.0f} s)"
    )
    failed = "FAIL" in outcomes.values()
    if arguments.strict and "SKIPPED" in outcomes.values():
        print("FAIL: --strict, and a scenario could not run here")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
