"""axe-core finds no WCAG 2.2 A/AA violation on any page type, in either language, at any width,
and no page logs a console error, throws, or breaks its Content-Security-Policy. Each page ×
language × width is a test of its own, so pytest's report is the per-page table;
build/axe-results.json keeps the counts, and build/screenshots/ the pictures
(pages.SCREENSHOT_PAGES)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import LANGUAGES, PAGE_TYPES, SCREENSHOT_PAGES, SCREENSHOT_WIDTHS, WIDTHS

pytestmark = pytest.mark.browser

AXE = Axe()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
NODES_SHOWN = 8


def describe(violation):
    """One violation as the rule, its impact and help, and each failing element (short)."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:NODES_SHOWN]:
        target = " ".join(str(part) for part in node["target"])
        html = " ".join(node["html"].split())
        lines.append(f"    {target}  {html[:150]}")
    if len(violation["nodes"]) > NODES_SHOWN:
        lines.append(f"    ... and {len(violation['nodes']) - NODES_SHOWN} more elements")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("key", "language", "width"),
    [
        pytest.param(key, language, width, id=f"{key}-{language}-{width}")
        for key in PAGE_TYPES
        for language in LANGUAGES
        for width in WIDTHS
    ],
)
def test_page_has_no_wcag_violation_and_no_console_error(
    visit, axe_summary, screenshots, key, language, width
):
    seen = visit(key, language, width)
    console_errors, csp_violations = list(seen.errors), seen.csp_violations()
    problems = seen.problems()  # before axe runs its own script in the page
    if key in SCREENSHOT_PAGES and width in SCREENSHOT_WIDTHS:
        seen.page.screenshot(path=screenshots / f"{key}-{language}-{width}.png", full_page=True)
    violations = AXE.run(seen.page, options=AXE_OPTIONS).response["violations"]
    axe_summary.append(
        {
            "page": key,
            "lang": language,
            "width": width,
            "url": seen.page.url,
            "violations": len(violations),
            "rules": {violation["id"]: len(violation["nodes"]) for violation in violations},
            "console_errors": len(console_errors),
            "csp_violations": len(csp_violations),
        }
    )
    report = [describe(violation) for violation in violations] + problems
    assert not report, f"{seen.page.url}\n" + "\n".join(report)
