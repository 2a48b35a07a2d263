"""The language work of search, done once in Python so that every backend (SQLite, PostgreSQL,
Elasticsearch) sees the same terms: English words become Snowball stems; Welsh words become every
radical they may be a mutation of (cms.welsh), so `blant`, `mhlant` and `phlant` all index and
query as `plant`. Stop words of each language are dropped."""

import re
from functools import lru_cache

import snowballstemmer

from cms.welsh import possible_radicals

TOKEN = re.compile(r"[0-9a-zâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ]+(?:['’][a-zâêîôûŵŷ]+)*", re.IGNORECASE)

ENGLISH_STOP_WORDS = frozenset(
    "a about an and are as at be by can do does for from has have how i if in into is it its "
    "me my of on or our should so that the their them these they this those to was we were "
    "what when where which who why will with you your".split()
)
# Common Welsh function words (articles, prepositions, pronouns, particles, forms of "bod"), and
# the words English drops as "can", "do", "should", "will", "you", "they", "when", "where", with
# their mutated forms as a reader types them ("beth ddylai ... ei wneud").
WELSH_STOP_WORDS = frozenset(
    "a ac â ag am ar at beth bod byddai dan drwy dros ef ei eich ein eu fe fel fy gan gyda hi "
    "hwn hyn i mae mewn na nad neu ni o oes oedd pa pam pan pwy rhwng sut sy sydd tan trwy ti "
    "wedi wrth y yma yn yr ydy ydyw ym ymhlith "
    "fod bydd fydd gall all gallu allu gallant allant gwneud wneud dylai ddylai dylen ddylen "
    "dylid ddylid chi nhw yw ble pryd".split()
)

_english_stemmer = snowballstemmer.stemmer("english")


def tokens(text):
    return [match.group(0).lower().replace("’", "'") for match in TOKEN.finditer(text or "")]


@lru_cache(maxsize=50_000)
def english_terms_for(word):
    return (_english_stemmer.stemWord(word.replace("'", "")),)


@lru_cache(maxsize=50_000)
def welsh_terms_for(word):
    # "sy'n" -> "sy" + "n": the particle after the apostrophe carries no meaning for search.
    head = word.split("'")[0] if "'" in word else word
    return tuple(sorted(possible_radicals(head)))


def term_groups(text, language):
    """One tuple of alternative terms per meaningful word of `text`."""
    if language == "cy":
        stop, terms_for = WELSH_STOP_WORDS, welsh_terms_for
    else:
        stop, terms_for = ENGLISH_STOP_WORDS, english_terms_for
    groups = []
    for word in tokens(text):
        head = word.split("'")[0]
        if head in stop or word in stop:
            continue
        groups.append(terms_for(word))
    return groups


@lru_cache(maxsize=100_000)
def word_terms(word, language):
    """Every term of one word as written on a page (none for a stop word): a page's text is
    scanned word by word for a snippet, and the same words recur on every page."""
    return frozenset(term for group in term_groups(word, language) for term in group)


@lru_cache(maxsize=4096)
def cached_term_groups(text, language):
    """term_groups of a page's text, for ranking: the pages readers find are found again and
    again. Keyed by the text itself, so an edited page is simply a new entry."""
    return tuple(term_groups(text, language))


@lru_cache(maxsize=64)
def language_of_locale(locale_id):
    """The language code of a locale, without a query per page (locales never change code)."""
    from wagtail.models import Locale

    return Locale.objects.get(pk=locale_id).language_code


def index_text(text, language):
    """What the index stores: every term of every word."""
    return " ".join(term for group in term_groups(text, language) for term in group)
