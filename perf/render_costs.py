"""`make render-costs`: where the time of an uncached render goes, in one process.

`make bench` says how fast the site answers; this says why. Each target of `make bench` (and an
information page, the simplest page type) is requested through Django's full middleware stack
with the production settings, the full-page cache off, over the benchmark database. Per request
it prints the CPU time (the lowest of 7 batches: other work on the machine only ever adds) split
into the parts of a Wagtail render, each counted exclusive of the parts nested inside it:

  site        finding the Wagtail Site for the host (cms.models.site_for_hostname, from the cache)
  routing     the URL to its page (Page.route_for_request: our SiteRootMixin.route and the
              localized site root)
  context     the page type's get_context (its relations: a sector's principles, paragraphs ...)
  template    rendering the templates (TemplateResponse.render), page URLs and includes
  rest        middleware, the view around them and, for search, the search itself

with the SQL queries and the Page objects built per request.

    .venv/bin/python perf/render_costs.py [--requests 30]
"""

import argparse
import os
import sys
import time
from collections import defaultdict

import harness

BATCHES = 7
PARTS = ("site", "routing", "context", "template")


class ExclusiveTimer:
    """CPU time per label, each label charged only for the time no nested label was running."""

    def __init__(self):
        self.totals = defaultdict(float)
        self._stack = []

    def wrap(self, function, label):
        def timed(*args, **kwargs):
            now = time.process_time()
            if self._stack:
                outer_label, outer_started = self._stack[-1]
                self.totals[outer_label] += now - outer_started
            self._stack.append((label, now))
            try:
                return function(*args, **kwargs)
            finally:
                _label, started = self._stack.pop()
                now = time.process_time()
                self.totals[label] += now - started
                if self._stack:
                    self._stack[-1] = (self._stack[-1][0], now)

        return timed


def instrument(timer):
    """Wrap the parts of a render in `timer`: the site lookup, routing, every page type's own
    get_context, and template rendering."""
    from django.template.response import TemplateResponse

    from wagtail.models import Page, get_page_models

    import cms.models

    # cms.middleware.SiteMiddleware imports it when called: the wrapped one.
    cms.models.site_for_hostname = timer.wrap(cms.models.site_for_hostname, "site")
    Page.route_for_request = staticmethod(timer.wrap(Page.route_for_request, "routing"))
    for model in [Page, *get_page_models()]:
        if "get_context" in model.__dict__:
            model.get_context = timer.wrap(model.__dict__["get_context"], "context")
    TemplateResponse.render = timer.wrap(TemplateResponse.render, "template")


def measure(client, path, timer, requests):
    """(ms per request, {part: ms}, queries, page objects) for `path`, the fastest batch."""
    from django.db import connection
    from django.db.models.signals import post_init
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page

    for _ in range(3):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    best = None
    for _batch in range(BATCHES):
        timer.totals.clear()
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        elapsed = time.process_time() - started
        if best is None or elapsed < best[0]:
            best = (elapsed, dict(timer.totals))
    elapsed, parts = best

    built = []

    def count_page(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance)

    post_init.connect(count_page, weak=False)
    try:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
    finally:
        post_init.disconnect(count_page)
    per_request = {part: parts.get(part, 0.0) / requests * 1000 for part in PARTS}
    return elapsed / requests * 1000, per_request, len(queries), len(built)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per batch (30)")
    arguments = parser.parse_args()

    env, pages = harness.prepared_site()
    os.environ.update(env)
    os.environ["PAGE_CACHE"] = "off"
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()
    from django.test import Client

    from home.models import InformationPage

    information = InformationPage.objects.live().filter(locale__language_code="en").first()
    targets = [
        ("home", pages["home"]),
        ("sector", pages["sector"]),
        ("principle", pages["principle"]),
        ("code chapter", pages["chapter"]),
        ("information", information.url if information else None),
        ("search", "/en/search/?q=housing"),
    ]
    timer = ExclusiveTimer()
    instrument(timer)
    client = Client(HTTP_HOST="127.0.0.1")

    print(f"make render-costs  {harness.now_and_machine()}")
    print(
        "in one process: production settings, full-page cache off, SQLite; CPU ms per request, "
        f"the fastest of {BATCHES} batches of {arguments.requests}"
    )
    header = (
        f"{'target':13} {'total':>7} {'site':>6} {'routing':>8} {'context':>8} {'template':>9} "
        f"{'rest':>6} {'queries':>8} {'pages':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, path in targets:
        if path is None:
            continue
        total, parts, queries, built = measure(client, path, timer, arguments.requests)
        rest = total - sum(parts.values())
        print(
            f"{name:13} {total:7.2f} {parts['site']:6.2f} {parts['routing']:8.2f} "
            f"{parts['context']:8.2f} {parts['template']:9.2f} {rest:6.2f} {queries:8d} "
            f"{built:6d}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
