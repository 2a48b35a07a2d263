"""Wagtail's database search backend, with a cheaper search on PostgreSQL.

Wagtail's PostgreSQL backend orders matches by `ts_rank` of their title and body, computed for
every match, and selects `title || body` of each: with thousands of pages a common word ("care",
"gofal") matches most of them, and reading every match's body vector (most are stored out of
line, TOASTed) dominates the search time (`manage.py search_benchmark`).

Our queries are an OR of the query's words, each word an OR of its terms
(search.querying.search_expression), and our own ranking reorders the best matches by how many
words they hold, then by names (search.querying.rank). So on PostgreSQL the matches are ordered
the same way without reading a body: by how many of the words each holds (for each word, the ids
of the entries holding it, found through the GIN index on `title || body`, as a hashed set), then
by `ts_rank` of the short title vector. Other databases, other queries (e.g. the admin's, with
explicit fields) and autocomplete keep Wagtail's search.

PostgreSQL's planner does not know how costly reading and concatenating the vectors is: with
its default `random_page_cost` (4, a spinning disk's) it prefers reading every entry to using the
index once a word is common, 10x slower here; parallel workers would each build the hashed sets
again. So connections are opened with the manual's cost for solid-state storage and no parallel
workers (`DATABASE_PLANNER_OPTIONS`, cms/settings/base.py).
"""

from django.contrib.postgres.search import SearchQueryField, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from wagtail.search.backends.database import SearchBackend as database_backend_for_connection
from wagtail.search.query import Or, PlainText

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class WordCountRankedPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def words(self):
        """The query's words when it is one of ours (an OR of plain-text ORs over the index),
        else None."""
        words = self.query.subqueries if isinstance(self.query, Or) else [self.query]
        if self.fields is None and all(
            isinstance(word, PlainText) and word.operator == "or" for word in words
        ):
            return words
        return None

    def search(self, config, start, stop, score_field=None, backend=None):
        words = self.words()
        if words is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        # `alias`, not `annotate`: the document vector is matched, never selected.
        queryset = self.queryset.alias(
            _document_=document_vector("index_entries__title", "index_entries__body")
        ).filter(_document_=self.build_tsquery(self.query, config=config))
        title = F("index_entries__title")
        title_rank = SearchRank(title, tsquery_constant(words), weights=self.sql_weights)
        rank = title_rank * F("index_entries__title_norm")
        if len(words) > 1:  # with one word, every match holds it
            words_held = None
            for word in words:
                holding = entries_holding(self.build_tsquery(word, config=config))
                held = Case(
                    When(index_entries__pk__in=holding, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                words_held = held if words_held is None else words_held + held
            # ts_rank is below 1: it only orders pages that hold as many words.
            rank = words_held + rank
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)


def document_vector(title, body):
    """`title || body`, the expression of the GIN index made by migration site_search 0004."""
    return CombinedExpression(F(title), "||", F(body), output_field=SearchVectorField())


def entries_holding(tsquery):
    """The ids of the index entries matching `tsquery`: a subquery PostgreSQL runs once, through
    the GIN index, and probes as a hashed set."""
    return (
        IndexEntry._default_manager.alias(_document_=document_vector("title", "body"))
        .filter(_document_=tsquery)
        .values("pk")
    )


def tsquery_constant(words):
    """The words' terms as a tsquery constant (`'a' | 'b'`), which PostgreSQL parses once per
    query, where `to_tsquery(...)` in the ordering is parsed again for every match. The terms are
    already normalised (search.normalise), so they are lexemes as they stand."""
    terms = dict.fromkeys(term for word in words for term in word.query_string.split())
    literal = " | ".join("'" + term.replace("\\", "").replace("'", "''") + "'" for term in terms)
    return Cast(Value(literal), SearchQueryField())


class WordCountRankedPostgresBackend(PostgresSearchBackend):
    query_compiler_class = WordCountRankedPostgresQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks backends up by this name
    if connection.vendor == "postgresql":
        return WordCountRankedPostgresBackend(params)
    return database_backend_for_connection(params)
