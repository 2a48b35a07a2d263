"""The browser suite's server, browser and pages.

**The database.** tests/conftest.py's session-wide `django_db_setup` loads the demo content (both
languages) into the test database once. The pages are served by pytest-django's `live_server`: one
server thread for the session, whose static-files handler serves the real CSS and JavaScript from
frontend/build (`make assets`). pytest-django gives every test that uses `live_server` its
`transactional_db` fixture, i.e. runs it as a TransactionTestCase, which FLUSHES every table after
the test: the second test would meet an empty site. Re-loading the content, or
`serialized_rollback` (which re-inserts the whole serialised site before each test), costs seconds
per test, times some hundred and fifty tests. A reader's browser does not change the site, so this
package overrides `transactional_db` with a fixture that only lifts pytest-django's block on
database access for the test's duration: no transaction wrapping, no flush, and the content loaded
once serves every test. (With SQLite the test database lives in memory and the server thread
shares the test's connection, as in Django's LiveServerTestCase; with PostgreSQL it reads the
committed content through its own connection.) The one thing a reader's visit writes, the search
view's query counts, is put back as it was when the session ends, so a run that mixes this suite
with the rest of the tests leaves them the database it found.

**The browser.** Debian's chromium (/usr/bin/chromium), headless: never a browser downloaded by
`playwright install`. One browser per session and one context per width. The addresses are read
from the database before Playwright starts, since Django refuses ORM calls inside Playwright's
event loop.

**What every visit records**: console errors, uncaught script errors and Content-Security-Policy
violations (from the `securitypolicyviolation` event, listened to before any of the page's own
scripts run).
"""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .pages import HEIGHTS, NOT_FOUND_STATUS, resolve_paths

CHROMIUM = Path("/usr/bin/chromium")
BUILD = Path(__file__).resolve().parents[2] / "build"
SCREENSHOTS = BUILD / "screenshots"
AXE_SUMMARY = BUILD / "axe-results.json"

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Database access for a live-server test without TransactionTestCase's flush (see above)."""
    with django_db_blocker.unblock():
        yield


@dataclass
class Site:
    url: str
    paths: dict

    def address(self, key, language):
        """The full address of a page type in a language; fails the test if there is no page."""
        path = self.paths[key, language]
        if path is None:
            pytest.fail(
                f"the demo content has no live {language!r} page for {key!r} "
                "(tests/browser/pages.py)",
                pytrace=False,
            )
        return self.url + path


@pytest.fixture(scope="session")
def site(django_db_setup, django_db_blocker, live_server):
    from search.models import SearchQueryCount

    with django_db_blocker.unblock():
        counts = {row.pk: (row.hits, row.result_count) for row in SearchQueryCount.objects.all()}
        paths = resolve_paths()
    yield Site(url=live_server.url, paths=paths)
    with django_db_blocker.unblock():
        SearchQueryCount.objects.exclude(pk__in=counts).delete()
        for pk, (hits, result_count) in counts.items():
            SearchQueryCount.objects.filter(pk=pk).update(hits=hits, result_count=result_count)


@pytest.fixture(scope="session")
def browser(site):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
            "the suite never uses a downloaded browser",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def context_for(browser):
    """context_for(width): the session's one browser context at that width."""
    contexts = {}

    def context_for(width):
        if width not in contexts:
            contexts[width] = browser.new_context(
                viewport={"width": width, "height": HEIGHTS[width]}
            )
        return contexts[width]

    yield context_for
    for context in contexts.values():
        context.close()


@dataclass
class Visit:
    page: object
    response: object
    errors: list = field(default_factory=list)

    def csp_violations(self):
        return self.page.evaluate("() => window.__cspViolations || []")

    def problems(self):
        """Console errors, uncaught errors and CSP violations so far (Chromium also logs a CSP
        violation as a console error: both are listed)."""
        return [*self.errors, *(f"CSP violation: {text}" for text in self.csp_violations())]


@pytest.fixture
def visit(site, context_for):
    """visit(key, language, width): a fresh tab showing that page, its status checked."""
    pages = []

    def visit(key, language, width):
        address = site.address(key, language)
        page = context_for(width).new_page()
        pages.append(page)
        page.add_init_script(CSP_LISTENER)
        seen = Visit(page=page, response=None)

        def on_console(message):
            if message.type != "error":
                return
            location = message.location.get("url", "")
            # Chromium reports the 404 page's own status as a console error; that status is
            # the point of the page (and is checked below), so only that one message is let by.
            if key == "not-found" and location == address and "404" in message.text:
                return
            seen.errors.append(f"console error: {message.text} ({location})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: seen.errors.append(f"uncaught error: {error}"))
        seen.response = page.goto(address, wait_until="load")
        expected = NOT_FOUND_STATUS if key == "not-found" else 200
        assert seen.response.status == expected, f"{address} answered {seen.response.status}"
        return seen

    yield visit
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def axe_summary():
    """Per-page axe results, written to build/axe-results.json when the session ends."""
    rows = []
    yield rows
    if rows:
        BUILD.mkdir(exist_ok=True)
        AXE_SUMMARY.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


@pytest.fixture(scope="session")
def screenshots():
    """build/screenshots/, emptied once per session so that it holds this run's pictures only."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
