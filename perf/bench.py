"""`make bench`: how fast the site serves its pages, as ratios to a static file in the same run.

The reference method (the issue): 2 sync gunicorn workers, whitenoise, SQLite, DEBUG off,
`wrk -t2 -c16 -d<N>s`, each figure the median of several runs. Absolute figures drift by 20%
from one run to the next, so each page is judged by its ratio to the static file measured by the
same server in the same rounds. The targets:

  cached pages            >= 0.50 x the static file
  uncached sector page    >= 0.07 x (3x the demo site's blog page)
  search                  >= 0.03 x (3x the demo site's search)

"Cached" is the production default (the full-page cache on); "uncached" is a second server with
PAGE_CACHE=off, each page requested once before it is measured. Search results are never
page-cached, so search is measured once, on the production-default server. The rounds are
interleaved (every target once per round) so that a burst of load from elsewhere on the machine
hits all targets alike instead of one.

    .venv/bin/python perf/bench.py [--seconds 10] [--runs 3]

Prints a table and writes it to build/bench.txt; exits 1 when a target is missed or a
measurement saw errors.
"""

import argparse
import subprocess
import sys
import time

import harness

STATIC = "static"
CACHED_PAGE_RATIO = 0.5
UNCACHED_SECTOR_RATIO = 0.07
SEARCH_RATIO = 0.03
SEARCH_PATH = "/en/search/?q=housing"
REPORT = harness.BUILD / "bench.txt"


def targets_to_measure(pages, static_path):
    """(name, path) per target; the page URLs come from the demo content."""
    return [
        ("home", pages["home"]),
        ("sector", pages["sector"]),
        ("principle", pages["principle"]),
        ("code chapter", pages["chapter"]),
        ("search", SEARCH_PATH),
        (STATIC, static_path),
    ]


def threshold_for(name, mode):
    """The target ratio for a row, or None where the issue sets none."""
    if name == "search":
        return SEARCH_RATIO
    if mode == "cached" and name not in (STATIC, "search"):
        return CACHED_PAGE_RATIO
    if mode == "uncached" and name == "sector":
        return UNCACHED_SECTOR_RATIO
    return None


def choose_load_generator():
    """wrk when present (installed from Debian when root), else the Python generator."""
    if harness.apt_install("wrk", "wrk"):
        version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
        first_line = (version.stdout or version.stderr).splitlines()[0:1]
        return harness.wrk_load, f"wrk -t2 -c16 ({' '.join(first_line).strip()})"
    return harness.python_load, "Python load generator (16 connections, one process per CPU)"


def warm_up(base_url, targets, requests_per_target):
    """Request every target before measuring it; a target that does not answer 200 stops the
    benchmark, because the speed of an error page means nothing."""
    for name, path in targets:
        for _ in range(requests_per_target):
            status, _headers, _body = harness.fetch(base_url, path, timeout=30)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answered {status} during the warm-up")


def measure_server(mode, targets, load, seconds, runs):
    """Start one server, warm it up, then `runs` interleaved rounds over `targets`.

    Returns {name: {"runs": [figures...], "cache": (hits, with_header, samples)}}."""
    page_cache = "off" if mode == "uncached" else None
    env = harness.site_environment(
        DATABASE_URL=harness.sqlite_url(harness.BENCH_DATABASE), PAGE_CACHE=page_cache
    )
    process, base_url = harness.start_gunicorn(env, f"bench-{mode}")
    try:
        # Uncached: one warm-up request (imports, template loading). Cached: enough requests that
        # both workers' caches (local memory is per worker) hold every page.
        for name, path in targets:
            cacheable = mode == "cached" and name not in (STATIC, "search")
            warm_up(base_url, [(name, path)], 6 if cacheable else 1)
        static_path = dict(targets)[STATIC]
        figures = {name: {"runs": []} for name, _path in targets}
        for round_number in range(1, runs + 1):
            for name, path in targets:
                harness.drain(base_url, static_path)
                result = load(base_url, path, seconds=seconds)
                figures[name]["runs"].append(result)
                print(
                    f"  {mode:8} round {round_number}/{runs}  {name:13} {result['rps']:9.1f} req/s"
                    f"  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms"
                    + (f"  non-2xx {result['non2xx']}" if result["non2xx"] else "")
                    + (f"  socket errors {result['errors']}" if result["errors"] else ""),
                    flush=True,
                )
        harness.drain(base_url, static_path)
        for name, path in targets:
            # Only the cached server's pages can be hits: elsewhere a few requests confirm it.
            samples = 20 if mode == "cached" and name not in (STATIC, "search") else 3
            figures[name]["cache"] = harness.cache_hit_ratio(base_url, path, samples)
        return figures
    finally:
        process.stop()


def table_rows(mode, figures):
    """One row per target: medians over the runs, the ratio to this server's static file."""
    static_rps = harness.median(run["rps"] for run in figures[STATIC]["runs"])
    rows = []
    for name, measured in figures.items():
        runs = measured["runs"]
        rps = harness.median(run["rps"] for run in runs)
        ratio = rps / static_rps if static_rps else float("nan")
        non2xx = sum(run["non2xx"] for run in runs)
        errors = sum(run["errors"] for run in runs)
        threshold = threshold_for(name, mode)
        if non2xx or errors:
            verdict = "FAIL (errors)"
        elif threshold is None:
            verdict = "-"
        else:
            verdict = "PASS" if ratio >= threshold else "FAIL"
        hits, with_header, samples = measured["cache"]
        cache = f"{hits}/{samples} hit" if with_header else "no header"
        if name == STATIC:
            cache = "-"
        rows.append(
            {
                "target": name,
                "mode": "never cached" if name == "search" else mode,
                "rps": rps,
                "p50": harness.median(run["p50"] for run in runs),
                "p99": harness.median(run["p99"] for run in runs),
                "ratio": ratio,
                "non2xx": non2xx,
                "errors": errors,
                "cache": cache,
                "target_ratio": "" if threshold is None else f">= {threshold:.2f}x",
                "verdict": verdict,
            }
        )
    return rows


def format_table(rows):
    header = (
        f"{'target':13} {'mode':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} "
        f"{'non-2xx':>7} {'sock.err':>8}  {'X-Page-Cache':12} {'target':9} result"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['target']:13} {row['mode']:12} {row['rps']:9.1f} {row['p50']:8.2f} "
            f"{row['p99']:8.2f} {row['ratio']:6.3f}x {row['non2xx']:7d} {row['errors']:8d}  "
            f"{row['cache']:12} {row['target_ratio']:9} {row['verdict']}"
        )
    return lines


def cache_warnings(rows):
    """A cached run whose pages the page cache never answered measured the uncached site."""
    cached_pages = [
        row for row in rows if row["mode"] == "cached" and row["target"] not in (STATIC, "search")
    ]
    if all(row["cache"] == "no header" for row in cached_pages):
        return [
            "WARNING: no X-Page-Cache header on the cached server: the full-page cache seems "
            "not to be in place, so the 'cached' rows measure the uncached site."
        ]
    missed = [row["target"] for row in cached_pages if not row["cache"].startswith("20/")]
    if missed:
        return [
            f"WARNING: cached runs saw page-cache misses for: {', '.join(missed)} "
            "(X-Page-Cache sampled with 20 requests after the runs)."
        ]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each run (10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per target; the median (3)")
    arguments = parser.parse_args()
    begun = time.monotonic()

    load, load_name = choose_load_generator()
    heading = [
        f"make bench  {harness.now_and_machine()}; python {sys.version.split()[0]}",
        "server: gunicorn, 2 sync workers, production settings, SQLite, whitenoise; 127.0.0.1 only",
        f"load: {load_name}, {arguments.runs} x {arguments.seconds} s per target, median; "
        "rounds interleaved",
    ]
    print("\n".join(heading), flush=True)
    if load is harness.python_load:
        print(
            "NOTE: wrk is missing, the Python generator may saturate before the server does; "
            "the static file's req/s shows its ceiling."
        )

    env, pages = harness.prepared_site()
    missing = {"home", "sector", "principle", "chapter"} - set(pages)
    if missing:
        raise SystemExit(f"no live English page found for: {', '.join(sorted(missing))}")
    targets = targets_to_measure(pages, harness.hashed_static_path())
    for name, path in targets:
        print(f"  {name:13} {path}")

    cached_targets = targets
    uncached_targets = [(name, path) for name, path in targets if name != "search"]
    rows = table_rows(
        "cached", measure_server("cached", cached_targets, load, arguments.seconds, arguments.runs)
    )
    rows += table_rows(
        "uncached",
        measure_server("uncached", uncached_targets, load, arguments.seconds, arguments.runs),
    )

    lines = heading + [""] + format_table(rows) + [""] + cache_warnings(rows)
    failed = [row for row in rows if row["verdict"].startswith("FAIL")]
    lines.append(
        f"{'FAIL' if failed else 'PASS'}: {len(failed)} of "
        f"{sum(row['verdict'] != '-' for row in rows)} checked rows missed their target"
        f" (ratios against the static file of the same server; "
        f"took {time.monotonic() - begun:.0f} s)"
    )
    print()
    print("\n".join(lines[len(heading) + 1 :]))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    print(f"written to {REPORT.relative_to(harness.ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
