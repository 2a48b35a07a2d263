"""The public site in a real browser: Debian's chromium, driven by Playwright, over every page type
in both languages at phone, tablet and desktop widths. Marked `browser` and left out of the default
`pytest` run; `make test-browser` runs it (see conftest.py)."""
