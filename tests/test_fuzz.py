"""Fuzzing: whatever path or query string a reader, a crawler or a scanner sends to a public view,
the site answers with something other than a server error. A bad address is a 404, a bad
parameter a 404 or 400, a wrong method a 405; never a 500, never an unhandled exception (the test
client re-raises a view's exception, and that fails the test too).

Hypothesis mutates the addresses of every live page of the demo content in both languages and
of the site's other public views: the search, the updates page and its feed, the PDF downloads,
the feedback and alerts views, the sitemap, robots.txt, the read-only API and the health check.

A few hundred requests in all by default (`make test`); `FUZZ_EXAMPLES=10000` (`make fuzz`)
shares that many among the tests and prints how many requests were made and how many were
server errors, with `-s`.
"""

import os
import string
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.test import Client

from wagtail.models import Page

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# --- how many examples ----------------------------------------------------------------------

DEFAULT_EXAMPLES = 300
TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)

# Each test's share of the examples. The PDF download gets a small one: a PDF takes seconds to
# lay out (most of its examples are ids of no PDF, which are quick 404s).
WEIGHTS = {
    "page_paths": 20,
    "page_queries": 12,
    "chapter_versions": 12,
    "search": 16,
    "updates": 8,
    "api": 14,
    "machine_and_forms": 8,
    "any_path": 8,
    "pdf": 2,
}


def examples_for(name):
    """This test's share of TOTAL_EXAMPLES; the shares add up to it exactly (the remainder goes
    to the first tests), so `make fuzz` makes as many requests as it says."""
    total_weight = sum(WEIGHTS.values())
    shares = {key: TOTAL_EXAMPLES * weight // total_weight for key, weight in WEIGHTS.items()}
    for key in list(WEIGHTS)[: TOTAL_EXAMPLES - sum(shares.values())]:
        shares[key] += 1
    return max(shares[name], 1)


def fuzz_settings(name):
    return settings(
        max_examples=examples_for(name),
        # Page renders vary with the machine's load: a slow example is not a failure here.
        deadline=None,
        # The example database would be written into the repository.
        database=None,
        # One Django test client (a function-scoped fixture) serves every example: it holds no
        # state between requests that matters here, and each request is independent.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
        print_blob=True,
    )


# --- counting requests ----------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary():
    """Prints `fuzz: N requests, M server errors` once the module's tests have run (seen with
    `-s`; `make fuzz` passes it). N counts the requests Hypothesis made: FUZZ_EXAMPLES when all
    pass, more when it shrank a failing example; not the fixed addresses checked besides."""
    yield
    print(f"\nfuzz: {TALLY.requests} requests, {TALLY.server_errors} server errors")


@pytest.fixture
def reader():
    # raise_request_exception (the default, spelled out): a view's unhandled exception is
    # raised here rather than turned into a 500 page, so it fails the test with its traceback.
    return Client(raise_request_exception=True)


def fetch(client, url, tally=None):
    """GET `url` (path and query string as sent on the wire) and check it is no server error."""
    tally = tally or Tally()
    tally.requests += 1
    try:
        response = client.get(url)
    except Exception:
        tally.server_errors += 1
        raise
    if response.status_code >= 500:
        tally.server_errors += 1
    assert response.status_code < 500, f"{url!r} answered {response.status_code}"
    return response


def fuzz(client, url):
    """`fetch`, counted in the summary: one per Hypothesis example."""
    return fetch(client, url, TALLY)


# --- what a live request can hold -----------------------------------------------------------

# Any Unicode text the client can put on the wire: the test client encodes URLs as UTF-8, so
# lone surrogates (which UTF-8 cannot encode) are the only characters it cannot send.
any_text = st.text(st.characters(codec="utf-8"), max_size=30)
control_characters = st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\r\n", "\t", "\u2028"])

HUGE_NUMBERS = [
    "9" * 30,
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "1e309",
    "-1",
    "-0",
    "0",
    "00000000001",
    "1.5",
    "1,000",
    "+1",
    " 1",
    "0x10",
    "NaN",
    "inf",
    "-9223372036854775809",
]
# Digits in other scripts: str.isdigit() accepts some that int() refuses (superscripts), and
# int() accepts others (Arabic-Indic, full-width) that are no id the site ever wrote.
UNICODE_DIGITS = ["²", "³", "¹²", "٣", "１２", "۱", "Ⅻ", "⑦", "𝟗", "߁"]
SQL_LOOKING = [
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "1' UNION SELECT NULL--",
    '" OR ""="',
    "%' --",
    "\\",
    "';",
]
SEARCH_SYNTAX = [
    '"',
    "'",
    '"unbalanced',
    "(",
    ")",
    'title:care AND (health OR "home',
    "*",
    "?",
    "care~2",
    "care^3",
    "[a TO z]",
    "NOT",
    "AND OR NOT",
    '+-&&||!(){}[]^"~*?:\\/',
    "-",
    "NEAR(a b)",
    "a*b*",
    "^",
    '{"query": {"match_all": {}}}',
    "/regex.*/",
]
DATES = [
    "2024-10-01",
    "2024-13-45",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "-1-01-01",
    "20241001",
    "2024-W40-1",
    "2024-1-1",
    "2024-10-01T10:00:00",
    "99999-01-01",
]
LONG_VALUES = ["x" * 1000, "é" * 1000, "%" * 1000, "9" * 1000, "a," * 500, "ŵ" * 1000]
OTHER_VALUES = ["", " ", ",", "1,2", "1,1", "a,b", "1,2,3", ",,", "true", "false", "null", "[]"]

junk_value = st.one_of(
    st.sampled_from(
        HUGE_NUMBERS
        + UNICODE_DIGITS
        + SQL_LOOKING
        + SEARCH_SYNTAX
        + DATES
        + LONG_VALUES
        + OTHER_VALUES
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    any_text,
    control_characters,
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=1200),
)

# The API's parameters (Wagtail's, and the filters the project adds).
API_PARAMETERS = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "type",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "locale",
    "html_path",
    "id",
    "slug",
    "title",
    "show_in_menus",
    "has_children",
    "format",
    "rich_text_format",
]
# Every parameter name a public view reads, and some it does not.
KNOWN_PARAMETERS = [
    "q",
    "page",
    "sector",
    "principle",
    "date",
    "version",
    "compare",
    "feedback",
    "p",
    "topic",
    "email",
    *API_PARAMETERS,
    "_",
    "utm_source",
]
parameter_name = st.one_of(st.sampled_from(KNOWN_PARAMETERS), any_text)

# Percent-encodings a browser would never send: stray percent signs, bytes that are not UTF-8,
# overlong encodings, encoded NUL, slash, dot and question mark.
RAW_ENCODINGS = [
    "%",
    "%%",
    "%G1",
    "%1",
    "%FF",
    "%C0%AF",
    "%E2%82",
    "%ED%A0%80",
    "%00",
    "%2F",
    "%2f..%2f",
    "%2E%2E",
    "%3F",
    "%23",
    "%25",
    "%u0041",
    "%0A",
]


@st.composite
def query_strings(draw, names=parameter_name, values=junk_value):
    """A query string: pairs (keys repeated at times) percent-encoded as a form would, or written
    raw, with separators and encodings a form never produces."""
    pairs = draw(st.lists(st.tuples(names, values), max_size=6))
    if pairs and draw(st.booleans()):
        pairs += [pairs[0]] * draw(st.integers(1, 3))  # a repeated key
    if draw(st.integers(0, 3)) > 0:
        return urlencode(pairs)
    parts = [f"{quote(name, safe='=&;+')}={quote(value, safe='=&;+%')}" for name, value in pairs]
    parts += draw(st.lists(st.sampled_from(RAW_ENCODINGS + ["&", "=", ";", "==", "&&", "+"])))
    return "&".join(draw(st.permutations(parts)))


def segment_text():
    """One path segment: arbitrary text, percent-encoded or raw; very long; dots."""
    safe_sets = ["", "/", ":@!$&'()*+,;=~", "%"]
    encoded = st.tuples(any_text, st.sampled_from(safe_sets)).map(lambda pair: quote(*pair))
    # Raw text, but '?' and '#' would end the path before the server saw the rest.
    raw = any_text.map(lambda text: text.replace("?", "%3F").replace("#", "%23"))
    return st.one_of(
        encoded,
        raw,
        st.sampled_from(["", ".", "..", "...", "./", "../..", "~", "-", "_", ";", "index.html"]),
        st.sampled_from(RAW_ENCODINGS),
        st.integers(1, 5000).map(lambda length: "a" * length),
        st.integers(1, 400).map(lambda length: quote("ŵ" * length)),
        st.sampled_from(KNOWN_PARAMETERS + ["en", "cy", "pdf", "api", "v2", "feed", "admin"]),
    )


@st.composite
def mutated_paths(draw, base):
    """`base` (a path ending in a slash) changed the way links break and scanners probe."""
    segments = draw(st.lists(segment_text(), min_size=1, max_size=4))
    mutation = draw(
        st.sampled_from(
            [
                "append",
                "replace_last",
                "double_slash",
                "no_trailing_slash",
                "trailing_junk",
                "upper_case",
                "dot_segments",
            ]
        )
    )
    if mutation == "append":
        path = base + "/".join(segments) + draw(st.sampled_from(["", "/"]))
    elif mutation == "replace_last":
        path = base.rstrip("/").rsplit("/", 1)[0] + "/" + "/".join(segments) + "/"
    elif mutation == "double_slash":
        path = base.replace("/", "//", draw(st.integers(1, 3))) + segments[0]
    elif mutation == "no_trailing_slash":
        path = base.rstrip("/") + segments[0]
    elif mutation == "trailing_junk":
        path = base + draw(st.sampled_from([";", ";x=1", "%20", ".", "..", "/.", "~", "%00"]))
    elif mutation == "upper_case":
        path = base.upper()
    else:
        path = base + draw(st.sampled_from(["./", "../", "../../", "./../"])) + segments[0]
    return path if path.startswith("/") else "/" + path


def with_query(path, query):
    return f"{path}?{query}" if query else path


# --- the public addresses -------------------------------------------------------------------

_pages = {}  # address: (page type, language)


def pages():
    """Every live page of the demo content, in both languages, by address (read once: the content
    is loaded once per session, and each test's changes are rolled back)."""
    if not _pages:
        for page in Page.objects.live().specific().select_related("locale").order_by("path"):
            url = page.get_url()
            if url:
                _pages[url] = (type(page).__name__, page.locale.language_code)
        languages = {language for _type, language in _pages.values()}
        assert {"en", "cy"} <= languages, "the demo content should have pages in both languages"
    return _pages


def page_urls():
    return list(pages())


@pytest.fixture
def chapter_versions():
    """The demo chapter has no versions: three are added (one superseded, one in force, one
    draft) in English and Welsh, so that ?version= and ?compare= also reach the views that show
    and compare versions, not only their 404s. Rolled back after the test."""
    import datetime

    from wagtail.models import Locale

    from code_chapters.models import ChapterVersion, CodeChapterPage
    from code_chapters.models.chapters import ChapterStatus

    english = CodeChapterPage.objects.live().get(locale__language_code="en")
    welsh_locale = Locale.objects.get(language_code="cy")

    def paragraphs(*texts):
        return [
            (
                "paragraph",
                {
                    "key": str(number),
                    "number": str(number),
                    "section": "",
                    "kind": "requirement",
                    "text": f"<p>{text}</p>",
                },
            )
            for number, text in enumerate(texts, start=1)
        ]

    versions = [
        ChapterVersion.objects.create(
            chapter=english,
            locale=english.locale,
            status=status,
            in_force_from=start,
            in_force_until=end,
            paragraphs=paragraphs(*texts),
        )
        for status, start, end, texts in [
            (
                ChapterStatus.SUPERSEDED,
                datetime.date(2020, 1, 1),
                datetime.date(2022, 12, 31),
                ["Meet every six months.", "A paragraph later removed."],
            ),
            (
                ChapterStatus.IN_FORCE,
                datetime.date(2023, 1, 1),
                None,
                ["Meet every three months.", "A paragraph added in 2023."],
            ),
            (ChapterStatus.CONSULTATION_DRAFT, None, None, ["Meet every month."]),
        ]
    ]
    for version in list(versions):
        welsh = version.copy_for_translation(welsh_locale)
        welsh.save()
        versions.append(welsh)
    chapters = [english.url, english.get_translation(welsh_locale).url]
    return chapters, [str(version.pk) for version in versions]


LANGUAGES = ["en", "cy"]
SEARCH_PATHS = ["/en/search/", "/cy/chwilio/"]
UPDATES_PATHS = [
    "/en/updates/",
    "/cy/diweddariadau/",
    "/en/updates/feed/",
    "/cy/diweddariadau/ffrwd/",
]
MACHINE_PATHS = ["/sitemap.xml", "/robots.txt", "/healthz", "/api/v2/pages/"]
FORM_PATHS = ["/en/feedback/", "/cy/adborth/", "/en/alerts/", "/cy/rhybuddion/"]
ALERT_LINK_PATHS = [
    "/en/alerts/confirm/",
    "/en/alerts/unsubscribe/",
    "/cy/rhybuddion/cadarnhau/",
    "/cy/rhybuddion/dad-danysgrifio/",
]


# --- the tests ------------------------------------------------------------------------------


def test_the_fuzzed_addresses_are_the_sites_real_ones(reader):
    """The fuzzing starts from addresses that work: were one renamed, the tests below would only
    be probing 404s. One page of each type in each language (all of them would take a render
    each, and the fuzzing reaches them anyway)."""
    one_of_each = {}
    for url, kind_and_language in pages().items():
        one_of_each.setdefault(kind_and_language, url)
    views = [*SEARCH_PATHS, *UPDATES_PATHS, *MACHINE_PATHS, "/en/alerts/"]
    for url in [*one_of_each.values(), *views]:
        assert fetch(reader, url).status_code == 200, url
    # The feedback form only takes posts.
    assert fetch(reader, "/en/feedback/").status_code == 405


# Server errors the fuzzing found, each pinned by the address that caused it.


@pytest.mark.parametrize(
    "url, status",
    [
        # str.isdigit() took "²" as a page id, then int() refused it: ValueError.
        ("/en/search/?sector=%C2%B2", 200),
        ("/cy/chwilio/?principle=%C2%B2", 200),
        ("/en/updates/?sector=%C2%B2", 404),
        ("/en/updates/?page=%C2%B2", 404),
        # An id beyond 64 bits: SQLite cannot compare it with a column (OverflowError).
        ("/en/search/?sector=99999999999999999999999999", 200),
        ("/en/updates/?sector=99999999999999999999999999", 404),
        # The API's search: an unknown operator was a ValueError; a double quote an FTS5 syntax
        # error on SQLite (and NUL is refused by PostgreSQL).
        ("/api/v2/pages/?search=care&search_operator=xor", 400),
        ("/api/v2/pages/?search=%22", 200),
        # A query of spaces: the SQLite backend built no expression for it (AttributeError).
        ("/api/v2/pages/?search=%20%20", 200),
        ("/api/v2/pages/?search=%22care%20home", 200),
        ("/api/v2/pages/?search=care%00", 200),
        # The API's find view looked up any `id` as it came: ValueError (OverflowError on
        # SQLite for a number beyond 64 bits).
        ("/api/v2/pages/find/?id=1e309", 404),
        ("/api/v2/pages/find/?id=abc", 404),
        ("/api/v2/pages/find/?id=%C2%B2", 404),
        ("/api/v2/pages/find/?id=99999999999999999999999999", 404),
        # PostgreSQL refuses NUL in text: the API looked the locale up with it (DataError).
        ("/api/v2/pages/?locale=%00", 404),
        ("/api/v2/pages/?locale=en%00", 404),
    ],
)
def test_addresses_that_once_caused_a_server_error_now_have_an_answer(reader, url, status):
    assert fetch(reader, url).status_code == status


def test_the_api_search_still_finds_pages_with_quotes_in_the_query(reader):
    plain = fetch(reader, "/api/v2/pages/?search=corporate%20parenting").json()
    quoted = fetch(reader, "/api/v2/pages/?search=%22corporate%20parenting%22").json()
    assert quoted["meta"]["total_count"] == plain["meta"]["total_count"] > 0


@fuzz_settings("page_paths")
@given(data=st.data())
def test_mutated_page_paths_never_cause_a_server_error(reader, data):
    base = data.draw(st.sampled_from(page_urls()), label="page")
    fuzz(reader, data.draw(mutated_paths(base), label="path"))


@fuzz_settings("page_queries")
@given(data=st.data())
def test_junk_query_strings_on_pages_never_cause_a_server_error(reader, data):
    base = data.draw(st.sampled_from(page_urls()), label="page")
    fuzz(reader, with_query(base, data.draw(query_strings(), label="query")))


@fuzz_settings("chapter_versions")
@given(data=st.data())
def test_chapter_version_parameters_never_cause_a_server_error(reader, chapter_versions, data):
    chapters, version_ids = chapter_versions
    chapter = data.draw(st.sampled_from(chapters), label="chapter")
    # Real version ids (of this chapter, of the other language's, of none) mixed with junk.
    version = st.one_of(st.sampled_from(version_ids), junk_value)
    values = {
        "date": st.one_of(st.sampled_from(DATES), st.dates().map(str), junk_value),
        "version": version,
        "compare": st.one_of(
            st.tuples(version, version).map(",".join),
            st.lists(version, max_size=4).map(",".join),
            junk_value,
        ),
    }
    name = data.draw(st.sampled_from(sorted(values)), label="parameter")
    pairs = [(name, data.draw(values[name], label=name))]
    # Sometimes two of them at once, or the same one twice.
    pairs += data.draw(
        st.lists(
            st.sampled_from(sorted(values)).flatmap(
                lambda other: st.tuples(st.just(other), values[other])
            ),
            max_size=2,
        ),
        label="more",
    )
    fuzz(reader, with_query(chapter, urlencode(pairs)))


@fuzz_settings("search")
@given(data=st.data())
def test_search_never_causes_a_server_error(reader, data):
    path = data.draw(st.sampled_from(SEARCH_PATHS), label="search")
    names = st.sampled_from(["q", "q", "page", "type", "type", "sector", "principle"]) | any_text
    values = st.one_of(
        junk_value,
        st.sampled_from(["care", "gofal", "plant", "health", "principle", "sector", "paragraph"]),
        st.integers(0, 200).map(str),
    )
    query = data.draw(query_strings(names, values), label="query")
    fuzz(reader, with_query(path, query))


@fuzz_settings("updates")
@given(data=st.data())
def test_updates_and_their_feed_never_cause_a_server_error(reader, data):
    path = data.draw(st.sampled_from(UPDATES_PATHS), label="updates")
    if data.draw(st.integers(0, 4), label="mutate path") == 0:
        path = data.draw(mutated_paths(path), label="path")
    names = st.sampled_from(["page", "sector", "sector", "page"]) | parameter_name
    fuzz(reader, with_query(path, data.draw(query_strings(names), label="query")))


@fuzz_settings("api")
@given(data=st.data())
def test_the_read_only_api_never_causes_a_server_error(reader, data):
    page_ids = list(Page.objects.values_list("pk", flat=True)[:50])
    id_like = st.one_of(st.sampled_from([str(pk) for pk in page_ids] + ["root"]), junk_value)
    endpoint = data.draw(
        st.one_of(
            st.just("/api/v2/pages/"),
            id_like.map(lambda pk: f"/api/v2/pages/{quote(pk, safe='')}/"),
            st.just("/api/v2/pages/find/"),
            st.just("/api/v2/").flatmap(mutated_paths),
        ),
        label="endpoint",
    )
    names = st.sampled_from(API_PARAMETERS) | any_text
    values = st.one_of(
        junk_value,
        id_like,
        st.sampled_from(
            [
                "*",
                "-title",
                "title,-id",
                "translations",
                "_,id",
                "*,-body",
                "body(*)",
                "random",
                "toolkit.SectorPage",
                "wagtailcore.Page",
                "home.nope",
                "en",
                "cy",
                "/en/",
                "/cy/",
                "and",
                "or",
                "care",
                "AND",
                "editor",
                "html",
            ]
        ),
    )
    fuzz(reader, with_query(endpoint, data.draw(query_strings(names, values), label="query")))


@fuzz_settings("machine_and_forms")
@given(data=st.data())
def test_machine_views_and_form_pages_never_cause_a_server_error(reader, data):
    token = st.one_of(
        junk_value,
        st.text(string.ascii_letters + string.digits + ":-_", max_size=200),
    ).map(lambda text: quote(text, safe="") or "x")
    path = data.draw(
        st.one_of(
            st.sampled_from(MACHINE_PATHS[:3] + FORM_PATHS),
            st.tuples(
                st.sampled_from(ALERT_LINK_PATHS),
                token,
            ).map(lambda pair: f"{pair[0]}{pair[1]}/"),
            st.sampled_from(MACHINE_PATHS[:3] + FORM_PATHS).flatmap(mutated_paths),
        ),
        label="path",
    )
    fuzz(reader, with_query(path, data.draw(query_strings(), label="query")))


@fuzz_settings("any_path")
@given(
    prefix=st.sampled_from(["/", "/en/", "/cy/", "/EN/", "/fr/", "/en-gb/", "/documents/"]),
    segments=st.lists(segment_text(), max_size=5),
    query=query_strings(),
)
def test_any_address_at_all_never_causes_a_server_error(reader, prefix, segments, query):
    fuzz(reader, with_query(prefix + "/".join(segments), query))


@fuzz_settings("pdf")
@given(data=st.data())
def test_pdf_addresses_never_cause_a_server_error(reader, data):
    from code_chapters.models import CodeChapterPage
    from toolkit.models import SectorPage

    # Two pages that have a PDF (one per language and type): laying a PDF out takes seconds, and
    # after the first it comes from the cache, so more would only slow the tests down.
    with_pdf = [
        SectorPage.objects.live().filter(locale__language_code="en").first().pk,
        CodeChapterPage.objects.live().filter(locale__language_code="cy").first().pk,
    ]
    no_pdf = Page.objects.live().exclude(pk__in=with_pdf).values_list("pk", flat=True)
    page_id = data.draw(
        st.one_of(
            st.sampled_from(with_pdf).map(str),
            st.sampled_from(list(no_pdf)).map(str),
            st.sampled_from(HUGE_NUMBERS + UNICODE_DIGITS + ["0", "00", "1" * 19]),
            st.integers(min_value=0, max_value=2**70).map(str),
            segment_text(),
        ),
        label="page id",
    )
    language = data.draw(st.sampled_from(LANGUAGES), label="language")
    path = f"/{language}/pdf/{page_id}/"
    if data.draw(st.integers(0, 3), label="mutate path") == 0:
        path = data.draw(mutated_paths(path), label="path")
    fuzz(reader, with_query(path, data.draw(query_strings(), label="query")))
