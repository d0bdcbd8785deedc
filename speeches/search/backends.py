"""One search interface, one implementation per database.

Both backends store the same SearchDocument token columns and read a query the same way.
A speech matches when it has at least one query word (title, headings, tags, meeting,
speaker, summary or text). Matches are ordered: speeches with all the query's words
first, then by rank (where and how often the words occur: title A > headings and tags B >
meeting, speaker, summary C > text D), then newest first.

- PostgresBackend: a weighted 'simple' tsvector under a GIN index finds the matches;
  ts_rank_cd ranks them. Ranking reads each speech's whole vector, which is too slow for
  the tens of thousands of matches a common word has at 100,000 speeches; so only the
  newest `limit` matches are ranked. Below that many matches (a query with a filter or
  a rarer word) the order is exact.
- TokenMatchBackend (SQLite and anything else): LIKE '% word %' over the token columns,
  ranked by the weight of the best column each word is in. A table scan: fine for the
  small databases SQLite serves.
"""

from abc import ABC, abstractmethod
from contextlib import contextmanager, nullcontext

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When

from speeches.models import SearchDocument, Speech

from .query import ParsedQuery

# Column, tsvector weight, and the weight TokenMatchBackend gives a word found there
# (PostgreSQL's default weights for A, B, C, D).
COLUMNS = [("title", "A", 1.0), ("headings", "B", 0.4), ("context", "C", 0.2), ("body", "D", 0.1)]
ORDERING = ["-search_all_words", "-search_rank", "-published_at", "-id"]


class SearchBackend(ABC):
    def save_documents(self, rows: dict[int, dict[str, str]]):
        """Store the token columns of several speeches: {speech id: fields}."""
        SearchDocument.objects.bulk_create(
            [SearchDocument(speech_id=speech_id, **fields) for speech_id, fields in rows.items()],
            update_conflicts=True,
            unique_fields=["speech"],
            update_fields=[*(name for name, _, _ in COLUMNS), "visible_from"],
        )

    def session(self):
        """Context for running a search's queries."""
        return nullcontext()

    @abstractmethod
    def filter(self, speeches, query: ParsedQuery):
        """`speeches` that match the query, in their own order (counts, the admin's search)."""

    @abstractmethod
    def rank(self, speeches, query: ParsedQuery, limit: int, filtered: bool = True):
        """The best `limit` or more of `speeches` matching the query, best first.

        `filtered=False` says `speeches` is every published speech, with no other filter.
        """

    def count(self, speeches, query: ParsedQuery, filtered: bool = True) -> int:
        """How many of `speeches` match the query (`filtered` as for rank)."""
        return self.filter(speeches, query).count()


class TokenMatchBackend(SearchBackend):
    @staticmethod
    def _has_token(token, columns=COLUMNS):
        condition = Q()
        for name, _, _ in columns:
            condition |= Q(**{f"search_document__{name}__contains": f" {token} "})
        return condition

    def _has_word(self, word):
        condition = Q()
        for alternative in word.alternatives:
            every_part = Q()
            for token in alternative:
                every_part &= self._has_token(token)
            condition |= every_part
        return condition

    def filter(self, speeches, query):
        condition = Q()
        for word in query.words:
            condition |= self._has_word(word)
        return speeches.filter(condition)

    def rank(self, speeches, query, limit, filtered=True):
        all_words = Q()
        for word in query.words:
            all_words &= self._has_word(word)
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
            .annotate(
                search_all_words=Case(When(all_words, then=1), default=0, output_field=IntegerField()),
                search_rank=weight,
            )
            .order_by(*ORDERING)
        )


class TokenQuery(Expression):
    """A tsquery built from segmented words, never from the reader's raw text: each word
    becomes one lexeme through quote_literal(), so & | ! : * ( ) ' \\ cannot act as syntax.
    Words are joined with | (any word) or & (`every_word`)."""

    output_field = BooleanField()

    def __init__(self, words, every_word=False):
        super().__init__()
        self.words = words
        self.joiner = " && " if every_word else " || "

    def as_sql(self, compiler, connection):
        word_sql, params = [], []
        for word in self.words:
            alternatives = []
            for alternative in word.alternatives:
                alternatives.append(" && ".join(["quote_literal(%s)::tsquery"] * len(alternative)))
                params.extend(alternative)
            word_sql.append("(" + " || ".join(f"({sql})" for sql in alternatives) + ")")
        return "(" + self.joiner.join(word_sql) + ")", params


class Matches(Func):
    """tsvector @@ tsquery."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class RankCoverDensity(Func):
    function = "ts_rank_cd"
    output_field = FloatField()


class PostgresBackend(SearchBackend):
    def save_documents(self, rows):
        super().save_documents(rows)
        vector = None
        for name, weight, _ in COLUMNS:
            part = SearchVector(name, config="simple", weight=weight)
            vector = part if vector is None else vector + part
        SearchDocument.objects.filter(speech_id__in=list(rows)).update(vector=vector)

    @contextmanager
    def session(self):
        # The planner does not count the cost of decompressing each out-of-line tsvector:
        # for a word in half the speeches it would pick a sequential scan that checks
        # every vector, ~20 times slower than the GIN index. Forbid it for these queries.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    @staticmethod
    def _speeches_with(query, every_word=False):
        return SearchDocument.objects.filter(Matches(F("vector"), TokenQuery(query.words, every_word))).values(
            "speech_id"
        )

    def filter(self, speeches, query):
        return speeches.filter(pk__in=self._speeches_with(query))

    def _all_words(self, query):
        if len(query.words) == 1:
            return Value(1)
        # Answered by the GIN index once for all rows, not by reading each vector.
        return Case(
            When(pk__in=self._speeches_with(query, every_word=True), then=1), default=0, output_field=IntegerField()
        )

    @staticmethod
    def _visible_matches(query):
        """Matching search documents of speeches readers may see now: the search table alone."""
        return SearchDocument.objects.filter(
            Matches(F("vector"), TokenQuery(query.words)), visible_from__lte=timezone.now()
        )

    def count(self, speeches, query, filtered=True):
        if filtered:
            return super().count(speeches, query)
        return self._visible_matches(query).count()

    def rank(self, speeches, query, limit, filtered=True):
        # Only the newest `limit` matches are ranked. Without filters they are found on the
        # search table alone (its visible_from copy), never joining the wide speech rows.
        if filtered:
            candidates = self.filter(speeches, query).order_by("-published_at", "-id").values("pk")[:limit]
        else:
            candidates = self._visible_matches(query).order_by("-visible_from", "-speech_id").values("speech_id")[:limit]
        return (
            Speech.objects.filter(pk__in=candidates)
            .annotate(
                search_all_words=self._all_words(query),
                search_rank=RankCoverDensity(F("search_document__vector"), TokenQuery(query.words)),
            )
            .order_by(*ORDERING)
        )


def get_backend(vendor=None) -> SearchBackend:
    """The backend for the default database (or the given vendor)."""
    return PostgresBackend() if (vendor or connection.vendor) == "postgresql" else TokenMatchBackend()
