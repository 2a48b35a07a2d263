"""The translators' glossary check: an English segment that uses a glossary term needs the Welsh
term in its translation (mutated forms count, see cms.welsh)."""

import re
from dataclasses import dataclass

from cms.welsh import contains_term


@dataclass(frozen=True)
class GlossaryIssue:
    english: str
    welsh: str


def _english_contains(text, term):
    # "principle" also covers "principles"; "well-being" also "wellbeing".
    pattern = re.escape(term.lower()).replace(r"\-", "[- ]?")
    return re.search(rf"\b{pattern}(s|es)?\b", text.lower()) is not None


def welsh_alternatives(welsh):
    """A Welsh term may list accepted forms separated by " / " (e.g. singular / plural)."""
    return [form.strip() for form in welsh.split(" / ") if form.strip()]


def glossary_issues(source_text, translated_text, terms):
    """The glossary terms (pairs of english, welsh) used in `source_text` whose Welsh is missing
    from `translated_text`."""
    if not translated_text:
        return []
    return [
        GlossaryIssue(english, welsh)
        for english, welsh in terms
        if _english_contains(source_text, english)
        and not any(contains_term(translated_text, form) for form in welsh_alternatives(welsh))
    ]
