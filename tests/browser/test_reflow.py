"""WCAG 1.4.10 Reflow: at 320 CSS pixels every page reads without scrolling sideways. A table may
be wider than the phone, but only inside a wrapper that scrolls on its own and that a keyboard
can reach (tabindex="0"), like the principle × sector matrix's `site-table-wrapper`."""

import pytest

from .pages import LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = 320

# The widest elements that stick out to the right of the viewport (and are not inside a
# scrolling wrapper), to name in a failure.
OVERFLOWING = """() => {
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right;
    if (right <= window.innerWidth + 0.5) continue;
    let inside = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || found.some((f) => f.el === up)) { inside = true; break; }
    }
    if (!inside) found.push({el, text: `${name(el)} reaches ${Math.round(right)}px`});
  }
  return found.map((f) => f.text).slice(0, 10);
}"""

WIDE_TABLES = """() => {
  const problems = [];
  for (const table of document.querySelectorAll("table")) {
    if (table.scrollWidth <= window.innerWidth) continue;
    let wrapper = table.parentElement;
    while (wrapper && !["auto", "scroll"].includes(getComputedStyle(wrapper).overflowX)) {
      wrapper = wrapper.parentElement;
    }
    if (!wrapper || wrapper === document.documentElement || wrapper === document.body) {
      problems.push(`a ${table.scrollWidth}px table is not in a scrolling wrapper`);
    } else if (wrapper.tabIndex < 0) {
      problems.push(`the scrolling wrapper ${wrapper.className} of a wide table has no tabindex`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize(
    ("key", "language"),
    [
        pytest.param(key, language, id=f"{key}-{language}-{PHONE}")
        for key in PAGE_TYPES
        for language in LANGUAGES
    ],
)
def test_page_reflows_at_320px_without_horizontal_scrolling(visit, key, language):
    page = visit(key, language, PHONE).page
    scroll_width, viewport_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert viewport_width == PHONE
    assert scroll_width <= viewport_width, (
        f"{page.url} is {scroll_width}px wide at {viewport_width}px: "
        + "; ".join(page.evaluate(OVERFLOWING))
    )
    assert page.evaluate(WIDE_TABLES) == []
