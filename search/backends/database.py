"""Wagtail's database search backend, with a cheaper ordering on PostgreSQL.

Wagtail's PostgreSQL backend orders matches by `ts_rank` of their title and body, computed for
every match: with thousands of pages a common word ("care", "gofal") matches most of them and the
ranking dominates the search time (`manage.py search_benchmark`). Our queries are an OR of the
query's words, each word an OR of its terms (search.querying.search_expression), and our own
ranking reorders the best matches by how many words they hold, then by names
(search.querying.rank). So on PostgreSQL the matches are ordered the same way, cheaply: by how
many of the words each holds (an `@@` test per word, a lookup in the entry's lexemes), then by
`ts_rank` of the short title vector. Other databases, other queries (e.g. the admin's, with
explicit fields) and autocomplete keep Wagtail's ordering.
"""

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db import connection
from django.db.models import BooleanField, IntegerField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from wagtail.search.backends.database import SearchBackend as database_backend_for_connection
from wagtail.search.query import Or, PlainText

from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class WordCountRankedPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        words = self.query.subqueries if isinstance(self.query, Or) else [self.query]
        if self.fields is not None or not all(
            isinstance(word, PlainText) and word.operator == "or" for word in words
        ):
            return super()._build_rank_expression(vectors, config)
        (title, title_norm), (body, _) = vectors
        title_rank = SearchRank(title, tsquery_constant(words), weights=self.sql_weights)
        if len(words) == 1:
            return title_rank * title_norm  # every match holds the one word
        words_held = None
        for word in words:
            tsquery = tsquery_constant([word])
            held = Cast(
                CombinedExpression(
                    CombinedExpression(title, "@@", tsquery, output_field=BooleanField()),
                    "OR",
                    CombinedExpression(body, "@@", tsquery, output_field=BooleanField()),
                    output_field=BooleanField(),
                ),
                IntegerField(),
            )
            words_held = held if words_held is None else words_held + held
        # ts_rank is below 1: it only orders pages that hold as many words.
        return words_held + title_rank * title_norm


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
