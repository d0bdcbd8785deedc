"""One search interface, one implementation per database.

Both backends store the same SearchDocument token columns and read a query the same way:
a document matches when it has at least one query word; documents with more of the query's
words come first, then the better-ranked, then the fresher. They differ in how they find
and rank the matches:

- PostgresBackend: a weighted 'simple' tsvector under a GIN index, ranked by ts_rank_cd.
- TokenMatchBackend (SQLite and anything else): LIKE ' word ' over the token columns, ranked
  by the weight of the best column each word appears in. A table scan: fine for the small
  databases SQLite serves.
"""

from abc import ABC, abstractmethod

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When

from speeches.models import SearchDocument

from .query import ParsedQuery

# Column, tsvector weight, and the weight TokenMatchBackend gives a word found there
# (PostgreSQL's own default weights for A, B, C, D).
COLUMNS = [("title", "A", 1.0), ("headings", "B", 0.4), ("context", "C", 0.2), ("body", "D", 0.1)]


class SearchBackend(ABC):
    def save_documents(self, rows: dict[int, dict[str, str]]):
        """Store the token columns of several speeches: {speech id: fields}."""
        SearchDocument.objects.bulk_create(
            [SearchDocument(speech_id=speech_id, **fields) for speech_id, fields in rows.items()],
            update_conflicts=True,
            unique_fields=["speech"],
            update_fields=[name for name, _, _ in COLUMNS],
        )

    @abstractmethod
    def search(self, speeches, query: ParsedQuery):
        """`speeches` that match the query, best first, annotated with `search_rank`."""

    @abstractmethod
    def filter(self, speeches, query: ParsedQuery):
        """`speeches` that match the query, in their own order (the admin's search)."""


class TokenMatchBackend(SearchBackend):
    @staticmethod
    def _has_token(token, columns=COLUMNS):
        condition = Q()
        for name, _, _ in columns:
            condition |= Q(**{f"search_document__{name}__contains": f" {token} "})
        return condition

    def _matches_word(self, word):
        condition = Q()
        for alternative in word.alternatives:
            every_part = Q()
            for token in alternative:
                every_part &= self._has_token(token)
            condition |= every_part
        return condition

    def _matches(self, query):
        condition = Q()
        for word in query.words:
            condition |= self._matches_word(word)
        return condition

    def filter(self, speeches, query):
        return speeches.filter(self._matches(query))

    def search(self, speeches, query):
        coverage = sum(
            (Case(When(self._matches_word(word), then=1), default=0, output_field=IntegerField()) for word in query.words),
            Value(0),
        )
        weight = sum(
            (
                Case(
                    *[When(self._has_token(word.word, [column]), then=Value(column[2])) for column in COLUMNS],
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                for word in query.words
            ),
            Value(0.0),
        )
        return (
            self.filter(speeches, query)
            .annotate(search_coverage=coverage, search_rank=weight)
            .order_by("-search_coverage", "-search_rank", "-published_at", "-id")
        )


class TokenQuery(Expression):
    """A tsquery built from segmented words, never from the reader's raw text: each word
    becomes one lexeme through quote_literal(), so & | ! : * ( ) ' \\ cannot act as syntax."""

    output_field = BooleanField()

    def __init__(self, words):
        super().__init__()
        self.words = words

    def as_sql(self, compiler, connection):
        word_sql, params = [], []
        for word in self.words:
            alternatives = []
            for alternative in word.alternatives:
                alternatives.append(" && ".join(["quote_literal(%s)::tsquery"] * len(alternative)))
                params.extend(alternative)
            word_sql.append("(" + " || ".join(f"({sql})" for sql in alternatives) + ")")
        return "(" + " || ".join(word_sql) + ")", params


class Matches(Func):
    """tsvector @@ tsquery."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class RankCoverDensity(Func):
    function = "ts_rank_cd"
    output_field = FloatField()


VECTOR = "search_document__vector"


class PostgresBackend(SearchBackend):
    def save_documents(self, rows):
        super().save_documents(rows)
        vector = None
        for name, weight, _ in COLUMNS:
            part = SearchVector(name, config="simple", weight=weight)
            vector = part if vector is None else vector + part
        SearchDocument.objects.filter(speech_id__in=list(rows)).update(vector=vector)

    def filter(self, speeches, query):
        return speeches.filter(Matches(F(VECTOR), TokenQuery(query.words)))

    def search(self, speeches, query):
        coverage = sum(
            (
                Case(When(Matches(F(VECTOR), TokenQuery([word])), then=1), default=0, output_field=IntegerField())
                for word in query.words
            ),
            Value(0),
        )
        return (
            self.filter(speeches, query)
            .annotate(search_coverage=coverage, search_rank=RankCoverDensity(F(VECTOR), TokenQuery(query.words)))
            .order_by("-search_coverage", "-search_rank", "-published_at", "-id")
        )


def get_backend(vendor=None) -> SearchBackend:
    """The backend for the default database (or the given vendor)."""
    return PostgresBackend() if (vendor or connection.vendor) == "postgresql" else TokenMatchBackend()
