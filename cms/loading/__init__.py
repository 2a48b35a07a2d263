"""Build or update the site from the YAML data files in `content/`.

`files` reads the YAML (keeping line numbers for error messages), `streams` turns data into
StreamField and rich text values with stable ids, `sync` creates or updates one page or snippet
(saving a revision only when something changed), and `site` knows which file builds which page.
"""
