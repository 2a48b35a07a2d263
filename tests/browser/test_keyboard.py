"""The language toggle, the header's search form and the code chapter's contents list work with
the keyboard alone (Tab, typing, Enter; never a click), in both languages and at every width, and
each control shows where the focus is."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .pages import LANGUAGES, SEARCH_QUERIES, WIDTHS

pytestmark = pytest.mark.browser

OTHER_LANGUAGE = {"en": "cy", "cy": "en"}
SEARCH_INPUT = 'input[name="q"]'  # the first one is the header's
SEARCH_RESULT_LINKS = '[class*="search-result"] a[href]'
CONTENTS_LINKS = '.contents-list a[href^="#"], nav[aria-labelledby="contents-heading"] a[href^="#"]'
TAB_LIMIT = 80

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "(page)";
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  return text ? `${name} "${text.slice(0, 30)}"` : name;
}"""

IS_SKIP_LINK = """() => {
  const el = document.activeElement;
  if (!el || el.tagName !== "A" || !el.hash) return false;
  const target = document.getElementById(decodeURIComponent(el.hash.slice(1)));
  return Boolean(target && (target.tagName === "MAIN" || target.closest("main")));
}"""

FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const alpha = (colour) => {
    const parts = (colour.match(/\\(([^)]*)\\)/) || [, ""])[1].split(/[\\s,\\/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && alpha(style.outlineColor) > 0;
  return {
    visible: outline || style.boxShadow !== "none",
    style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; `
      + `box-shadow: ${style.boxShadow}`,
  };
}"""

HEADING_IN_VIEW = """(hash) => {
  const target = document.getElementById(decodeURIComponent(hash.slice(1)));
  if (!target) return false;
  const heading = target.matches("h1, h2, h3, h4") ? target : target.querySelector("h2, h3, h4");
  const box = (heading || target).getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight && box.height > 0;
}"""


def focused(page):
    return page.evaluate(DESCRIBE_FOCUS)


def tab_to(page, selector):
    """Press Tab until the first element matching selector has the focus."""
    trail = []
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        trail.append(focused(page))
    pytest.fail(f"{TAB_LIMIT} Tabs never reached {selector}: " + " → ".join(trail), pytrace=False)


def assert_focus_visible(page, what):
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["visible"], f"{what} ({focused(page)}) has no visible focus: {focus['style']}"


KEYBOARD_CASES = [
    pytest.param(language, width, id=f"{language}-{width}")
    for language in LANGUAGES
    for width in WIDTHS
]


@pytest.mark.parametrize("key", ["home", "sector"])
@pytest.mark.parametrize(("language", "width"), KEYBOARD_CASES)
def test_skip_link_comes_first_then_the_language_toggle_switches_language(
    site, visit, key, language, width
):
    page = visit(key, language, width).page
    page.keyboard.press("Tab")
    assert page.evaluate(IS_SKIP_LINK), f"the first Tab focuses {focused(page)}, not the skip link"
    assert_focus_visible(page, "the skip link")

    other = OTHER_LANGUAGE[language]
    tab_to(page, f'a[hreflang="{other}"]')
    assert_focus_visible(page, "the language toggle")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == other
    assert urlsplit(page.url).path == site.paths[key, other]


@pytest.mark.parametrize(("language", "width"), KEYBOARD_CASES)
def test_the_header_search_form_works_by_keyboard(site, visit, language, width):
    page = visit("home", language, width).page
    tab_to(page, SEARCH_INPUT)
    assert_focus_visible(page, "the search box")
    page.keyboard.type(SEARCH_QUERIES[language])
    with page.expect_navigation():
        page.keyboard.press("Enter")

    address = urlsplit(page.url)
    assert address.path == urlsplit(site.paths["search", language]).path
    assert parse_qs(address.query).get("q") == [SEARCH_QUERIES[language]]
    assert page.locator(SEARCH_RESULT_LINKS).count() > 0, f"{page.url} shows no results"


@pytest.mark.parametrize(("language", "width"), KEYBOARD_CASES)
def test_the_code_chapter_contents_list_works_by_keyboard(visit, language, width):
    page = visit("code-chapter", language, width).page
    assert page.locator(CONTENTS_LINKS).count() > 0, f"{page.url} has no contents list"
    target = page.locator(CONTENTS_LINKS).first.get_attribute("href")
    tab_to(page, CONTENTS_LINKS)
    assert_focus_visible(page, "the first contents link")
    page.keyboard.press("Enter")
    page.wait_for_function("(hash) => location.hash === hash", arg=target, timeout=5000)
    try:
        page.wait_for_function(HEADING_IN_VIEW, arg=target, timeout=3000)
    except PlaywrightTimeout as error:
        raise AssertionError(f"the heading of {target} is not in view after Enter") from error
