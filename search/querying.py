"""Searching in the reader's language: the query is normalised exactly as the index is
(search.normalise), then handed to whichever Wagtail search backend is configured. Results are
filtered by type, sector and principle, and given a snippet with the matched words marked."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from search.normalise import term_groups, tokens, word_terms

RESULT_TYPES = {
    "principle": "toolkit.PrinciplePage",
    "sector": "toolkit.SectorPage",
    "paragraph": "code_chapters.CodeParagraphPage",
    "section": "code_chapters.CodeSectionPage",
    "resource": "toolkit.ResourcePage",
    "page": None,  # any other page
}
MAX_QUERY_LENGTH = 200
#: A reader reads the first few pages of results; counts per type are of these best matches.
MAX_RESULTS = 100
#: How many of the backend's best matches our own ranking reorders; the rest keep the backend's
#: order. Ranking reads each page's text, so this bounds the cost of a search at any site size.
RERANK_DEPTH = 20
WORD = re.compile(r"\S+")


def search_expression(query, language):
    groups = term_groups(query[:MAX_QUERY_LENGTH], language)
    if not groups:
        return None
    # Any word may match (readers type questions, not keyword lists): an OR of the words, each
    # word an OR of its terms (stems, or every radical of a Welsh word). `rank` then puts the pages
    # that match most words, and match them in their names, first.
    words = [PlainText(" ".join(dict.fromkeys(group)), operator="or") for group in groups]
    return words[0] if len(words) == 1 else Or(words)


def result_type(page_or_model):
    label = page_or_model._meta.label
    for name, model_label in RESULT_TYPES.items():
        if model_label == label:
            return name
    return "page"


@dataclass
class SearchResults:
    query: str
    results: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def expand_synonyms(query, language):
    """The query plus the equivalents of any synonym phrase it holds (editor-managed)."""
    from search.models import SearchSynonym

    lowered = f" {' '.join(tokens(query))} "
    extra = []
    for synonym in SearchSynonym.objects.filter(language=language):
        phrases = synonym.phrase_list
        if any(f" {' '.join(tokens(phrase))} " in lowered for phrase in phrases):
            extra.extend(
                phrase for phrase in phrases if f" {' '.join(tokens(phrase))} " not in lowered
            )
    return " ".join([query, *extra]) if extra else query


def run_search(query, locale, *, types=(), sector=None, principle=None):
    """Pages in `locale` matching `query`, best first, after the given filters; and the counts per
    type of the matches before the type filter (so readers see what the other filters hold)."""
    expanded = expand_synonyms((query or "")[:MAX_QUERY_LENGTH], locale.language_code)
    expression = search_expression(expanded, locale.language_code)
    if expression is None:
        return SearchResults(query=query or "")
    pages = Page.objects.live().public().filter(locale=locale).only("id", "content_type_id")
    found = SpecificPages(best_matches(expression, pages))
    groups = term_groups(expanded, locale.language_code)
    found = found.reordered(rank(found[:RERANK_DEPTH], groups), rest=found.hits[RERANK_DEPTH:])
    if sector is not None or principle is not None:
        found = found.reordered([page for page in found if _in_context(page, sector, principle)])
    counts = {}
    for model in found.models():
        counts[result_type(model)] = counts.get(result_type(model), 0) + 1
    if types:
        found = found.of_types([model_for(name) for name in types], other="page" in types)
    return SearchResults(query=query, results=found, counts=counts)


def best_matches(expression, pages):
    """(id, page type) of the backend's best matches, best first. The database backends' results
    are an ordered queryset, read here as two columns: building a hundred page objects only to
    read their id and type was a fifth of a search's time (`manage.py search_benchmark`)."""
    results = get_search_backend().search(expression, pages)[:MAX_RESULTS]
    if hasattr(results, "get_queryset"):
        rows = results.get_queryset().values_list("pk", "content_type_id")
    else:
        rows = [(page.pk, page.content_type_id) for page in results]
    matches = []
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            matches.append((pk, model))
    return matches


class SpecificPages(Sequence):
    """Search matches as (id, page type), loaded as specific pages only when read, a slice at a
    time with one query per page type: a search may match hundreds of pages, a reader sees ten."""

    def __init__(self, hits, loaded=None):
        self.hits = hits
        self._loaded = loaded if loaded is not None else {}

    def __len__(self):
        return len(self.hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.hits[index]
            missing = {}
            for pk, model in wanted:
                if pk not in self._loaded:
                    missing.setdefault(model, []).append(pk)
            # The types are known from the hits: one query per type, none for the base pages.
            for model, pks in missing.items():
                self._loaded.update((page.pk, page) for page in model.objects.filter(pk__in=pks))
            return [self._loaded[pk] for pk, _ in wanted if pk in self._loaded]
        page = self[index : index + 1 if index != -1 else None]
        if not page:
            raise IndexError(index)
        return page[0]

    def __add__(self, other):
        return list(self) + list(other)

    def __radd__(self, other):
        return list(other) + list(self)

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None

    def __iter__(self):
        return iter(self[:])

    def models(self):
        return [model for _, model in self.hits]

    def reordered(self, pages, rest=()):
        return SpecificPages([(page.pk, type(page)) for page in pages] + list(rest), self._loaded)

    def of_types(self, models, other=False):
        known = set(filter(None, (model_for(name) for name in RESULT_TYPES)))
        return SpecificPages(
            [
                (pk, model)
                for pk, model in self.hits
                if model in models or (other and model not in known)
            ],
            self._loaded,
        )


def rank(pages, groups):
    """Order matches the same way on every backend: first by how many of the query's words a
    page matches; then pages holding the words together as a phrase; then by how many of the
    query's telling words are in its identifying text (title, a principle's name and statement);
    then the shorter text (a phrase inside one code paragraph ranks that paragraph above the long
    pages that also contain it); then the backend's order."""
    # A number ("6") identifies nothing on its own: it never counts as a name match.
    meaningful = [group for group in groups if not group[0].isdigit()] or groups
    terms = {}
    for page in pages:
        if hasattr(page, "search_term_groups"):
            title_groups, body_groups = page.search_term_groups()
            title = {term for group in title_groups for term in group}
            text = title.union(term for group in body_groups for term in group)
            terms[page.pk] = (title_groups, body_groups, title, text)
    # A word found in every match (like "parenting") tells none of them apart: when the query has
    # rarer words, only those count as name matches.
    informative = [
        group
        for group in meaningful
        if sum(1 for *_, text in terms.values() if text.intersection(group)) < len(terms)
    ] or meaningful

    def score(indexed):
        position, page = indexed
        if page.pk not in terms:
            return (0, 0, 0, 0, position)
        title_groups, body_groups, title, text = terms[page.pk]
        matched = sum(1 for group in groups if text.intersection(group))
        in_title = sum(1 for group in informative if title.intersection(group))
        phrase = 1 < len(groups) == matched and contains_phrase(title_groups + body_groups, groups)
        body_length = sum(len(group) for group in body_groups)
        return (-matched, -phrase, -in_title, body_length, position)

    return [page for _, page in sorted(enumerate(pages), key=score)]


def contains_phrase(sequence, groups):
    """True when the page's words (`sequence`, stop words aside) hold the query's words one
    after another."""
    wanted = [set(group) for group in groups]
    span = len(groups)
    return any(
        all(wanted[offset].intersection(sequence[start + offset]) for offset in range(span))
        for start in range(len(sequence) - span + 1)
    )


def _in_context(page, sector, principle):
    from code_chapters.relations import annotate_paragraphs
    from toolkit.relations import principles_for_sector, sectors_for_principle

    model = page._meta.label
    if model == "toolkit.SectorPage":
        sectors, principles = [page], principles_for_sector(page)
    elif model == "toolkit.PrinciplePage":
        sectors, principles = sectors_for_principle(page), [page]
    elif model == "code_chapters.CodeParagraphPage":
        annotate_paragraphs([page], page.locale)
        sectors, principles = page.sectors, page.principles
    elif model == "toolkit.ResourcePage":
        from cms.localization import localize_pages

        sectors = localize_pages([row.sector for row in page.sector_links.all()], page.locale)
        principles = localize_pages(
            [row.principle for row in page.principle_links.all()], page.locale
        )
    else:
        return False
    keys_s = {item.translation_key for item in sectors}
    keys_p = {item.translation_key for item in principles}
    return (sector is None or sector.translation_key in keys_s) and (
        principle is None or principle.translation_key in keys_p
    )


PARAGRAPH = "code_chapters.CodeParagraphPage"


def attach_paragraph_parents(pages):
    """A paragraph's result names and links its section and chapter: read for all the
    paragraphs of a page of results in one query, not two per paragraph."""
    paragraphs = [page for page in pages if page._meta.label == PARAGRAPH]
    steplen = Page.steplen
    wanted = {page.path[: -steplen * up] for page in paragraphs for up in (1, 2)}
    by_path = {page.path: page for page in Page.objects.filter(path__in=wanted)} if wanted else {}
    for page in paragraphs:
        section = by_path.get(page.path[:-steplen])
        chapter = by_path.get(page.path[: -2 * steplen])
        if section is not None and chapter is not None:
            page.result_parents = (section, chapter)


def paragraph_parents(page):
    if not hasattr(page, "result_parents"):
        section = page.get_parent()
        page.result_parents = (section, section.get_parent())
    return page.result_parents


def result_url(page):
    if page._meta.label == PARAGRAPH:
        _section, chapter = paragraph_parents(page)
        return f"{chapter.url}#{page.specific.anchor}"
    return page.url


def result_title(page):
    """A paragraph is named by its chapter, section and number; other pages by their title."""
    if page._meta.label == PARAGRAPH:
        section, chapter = paragraph_parents(page)
        return _("%(chapter)s, paragraph %(number)s (%(section)s)") % {
            "chapter": chapter.title,
            "number": page.number,
            "section": section.title,
        }
    return page.title


def snippet(page, query, language, length=240):
    """A passage of the page around the first matched word, with matched words marked. Our own:
    SQLite and the database backends do no highlighting."""
    text = " ".join(page.search_plain_text().split()) if hasattr(page, "search_plain_text") else ""
    wanted = {term for group in term_groups(query, language) for term in group}
    if not text or not wanted:
        return ""
    first = next(
        (
            word.start()
            for word in WORD.finditer(text)
            if word_terms(word.group(0), language) & wanted
        ),
        None,
    )
    start = max(0, first - length // 3) if first is not None else 0
    end = min(len(text), start + length)
    marked = []
    for word in re.split(r"(\s+)", text[start:end]):
        if word.strip() and word_terms(word, language) & wanted:
            marked.append(f"<mark>{escape(word)}</mark>")
        else:
            marked.append(escape(word))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)  # noqa: S308 - every part is escaped


def model_for(type_name):
    label = RESULT_TYPES.get(type_name)
    return apps.get_model(label) if label else None


__all__ = ["run_search", "result_url", "snippet", "search_expression", "tokens"]
