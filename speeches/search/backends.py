"""One search interface, one implementation per database.

Both backends store the same SearchDocument token columns and read a query the same way.
A speech matches when it has at least one query word (title, headings, tags, meeting,
speaker, summary or text). Matches are ordered: speeches with all the query's words
first, then by rank (where and how often the words occur: title A > headings and tags B >
meeting, speaker, summary C > text D), then newest first.

- PostgresBackend: a weighted 'simple' tsvector under a GIN index finds the matches;
  ts_rank_cd ranks them. Ranking reads each speech's whole vector, which is too slow for
  the tens of thousands of matches a common word has at 100,000 speeches; so only the
  newest `limit` matches with all the words and the newest `limit` with any are ranked.
  Below that many matches (a query with a filter or a rarer word) the order is exact.
- TokenMatchBackend (SQLite and anything else): LIKE '% word %' over the token columns,
  ranked by the weight of the best column each word is in. A table scan: fine for the
  small databases SQLite serves.
"""

import json
from abc import ABC, abstractmethod
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When
from django.utils import timezone

from .models import SearchDocument
from .query import ParsedQuery

# Column, tsvector weight, and the weight TokenMatchBackend gives a word found there
# (PostgreSQL's default weights for A, B, C, D).
COLUMNS = [("title", "A", 1.0), ("headings", "B", 0.4), ("context", "C", 0.2), ("body", "D", 0.1)]
ORDERING = ["-search_all_words", "-search_rank", "-published_at", "-id"]
# PostgresBackend walks the newest documents only when that reads at most this many
# vectors (~13 µs each); otherwise it collects every match through the GIN index.
WALK_ROWS = 1000
NEVER = datetime.min.replace(tzinfo=UTC)
# PostgresBackend counts matches exactly when the planner expects fewer than this many;
# above, it shows the planner's estimate (counting visits every match, ~0.4 µs each).
EXACT_COUNT_BELOW = 10_000


@dataclass(frozen=True)
class MatchCount:
    """How many speeches match: exact, or a planner's estimate of a large number."""

    number: int
    exact: bool = True

    def __str__(self):
        if self.exact:
            return str(self.number)
        if self.number >= 10_000:  # 约 2.3 万
            return f"约 {self.number / 10_000:.1f}".removesuffix(".0") + " 万"
        return f"约 {float(f'{self.number:.2g}'):.0f}"  # two significant figures: 约 4700


class SearchBackend(ABC):
    def save_documents(self, rows: dict[int, dict]):
        """Store the documents of several speeches: {speech id: token columns and visible_from}."""
        SearchDocument.objects.bulk_create(
            [self.document(speech_id, fields) for speech_id, fields in rows.items()],
            update_conflicts=True,
            unique_fields=["speech"],
            update_fields=[*(name for name, _, _ in COLUMNS), "vector", "visible_from"],
        )

    def document(self, speech_id, fields) -> SearchDocument:
        return SearchDocument(speech_id=speech_id, **fields)

    def session(self):
        """Context for running a search's queries."""
        return nullcontext()

    @abstractmethod
    def filter(self, speeches, query: ParsedQuery):
        """`speeches` that match the query, in their own order (counts, the admin's search)."""

    @abstractmethod
    def ranked_ids(self, speeches, query: ParsedQuery, limit: int, filtered: bool = True, matches: int | None = None):
        """Ids of the best `limit` of `speeches` matching the query, best first.

        `filtered=False` says `speeches` is every published speech, with no other filter;
        `matches` is how many match, when the caller has counted them.
        """

    def count(self, speeches, query: ParsedQuery, filtered: bool = True) -> MatchCount:
        """How many of `speeches` match the query (`filtered` as for ranked_ids)."""
        return MatchCount(self.filter(speeches, query).count())


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

    def ranked_ids(self, speeches, query, limit, filtered=True, matches=None):
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
        ranked = (
            self.filter(speeches, query)
            .annotate(
                search_all_words=Case(When(all_words, then=1), default=0, output_field=IntegerField()),
                search_rank=weight,
            )
            .order_by(*ORDERING)
        )
        return list(ranked.values_list("pk", flat=True)[:limit])


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
    def document(self, speech_id, fields):
        # Only the weighted vector is stored, the token columns stay empty: narrow rows
        # make the heap visits of a count ~4 times fewer (830 pages for 100,000 speeches
        # instead of 3,150).
        vector = None
        for name, weight, _ in COLUMNS:
            part = SearchVector(Value(fields[name]), config="simple", weight=weight)
            vector = part if vector is None else vector + part
        return SearchDocument(speech_id=speech_id, visible_from=fields["visible_from"], vector=vector)

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
    def _matching(query, every_word=False):
        return SearchDocument.objects.filter(Matches(F("vector"), TokenQuery(query.words, every_word)))

    def filter(self, speeches, query):
        return speeches.filter(pk__in=self._matching(query).values("speech_id"))

    def _visible_matches(self, query, every_word=False):
        """Matching search documents of speeches readers may see now: the search table alone."""
        return self._matching(query, every_word).filter(visible_from__lte=timezone.now())

    def count(self, speeches, query, filtered=True):
        """Exact, except for a search without filters that the planner expects to match
        EXACT_COUNT_BELOW speeches or more: its estimate is shown instead (rounded, 约 …).
        An exact count visits every match (~10 ms for 25,000); the estimate takes one
        planning, from the statistics PostgreSQL keeps of the vector's common words."""
        if filtered:
            return super().count(speeches, query)
        matches = self._visible_matches(query)
        estimate = json.loads(matches.explain(format="json"))[0]["Plan"]["Plan Rows"]
        if estimate < EXACT_COUNT_BELOW:
            return MatchCount(matches.count())
        return MatchCount(round(estimate), exact=False)

    def _newest(self, speeches, query, limit, filtered, every_word=False, walk=False):
        """Ids of the newest `limit` matches, newest first.

        Without filters they come from the search table alone, by one of two plans chosen
        here, because the planner prices reading a vector far too low: `walk` reads
        visible_from's index newest first and checks each vector until `limit` match
        (cheap when most speeches match); otherwise the GIN index finds every match and
        they are sorted (cheap when few do; bounded by the number of matches).
        """
        if filtered:
            matching = self._matching(query, every_word).values("speech_id")
            return list(
                speeches.filter(pk__in=matching).order_by("-published_at", "-id").values_list("pk", flat=True)[:limit]
            )
        newest = (
            self._visible_matches(query, every_word)
            .order_by("-visible_from", "-speech_id")
            .values_list("speech_id", flat=True)[:limit]
        )
        with self._without_plan("enable_bitmapscan" if walk else "enable_indexscan"):
            return list(newest)

    @staticmethod
    @contextmanager
    def _without_plan(setting):
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {setting} = off")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"RESET {setting}")

    @staticmethod
    def _worth_walking(matches, limit):
        """Whether walking newest first reads at most WALK_ROWS vectors to find `limit`
        of `matches` among all documents (the planner's row estimate of the table)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [SearchDocument._meta.db_table])
            documents = max(cursor.fetchone()[0], matches)
        return matches > 0 and limit * documents / matches <= WALK_ROWS

    def ranked_ids(self, speeches, query, limit, filtered=True, matches=None):
        # Reading a speech's vector to rank it costs ~13 µs, too much for the tens of
        # thousands of matches a common word has; so the candidates are the newest `limit`
        # matches with all the query's words, then the newest `limit` with any. All-words
        # matches come first in the order, and whether a candidate has all the words is
        # known from which list it came from (see docs/search.md).
        several_words = len(query.words) > 1
        # An all-words query may match few speeches however common its words: never walk.
        every_word = self._newest(speeches, query, limit, filtered, every_word=True) if several_words else []
        candidates = every_word
        if len(every_word) < limit:  # otherwise no partial match can place
            walk = not filtered and matches is not None and self._worth_walking(matches, limit)
            candidates = list(dict.fromkeys(every_word + self._newest(speeches, query, limit, filtered, walk=walk)))
        has_every_word = set(every_word if several_words else candidates)
        scored = (
            SearchDocument.objects.filter(speech_id__in=candidates)
            .annotate(search_rank=RankCoverDensity(F("vector"), TokenQuery(query.words)))
            .values_list("speech_id", "search_rank", "visible_from")
        )
        best_first = sorted(
            scored, key=lambda row: (row[0] in has_every_word, row[1], row[2] or NEVER, row[0]), reverse=True
        )
        return [speech_id for speech_id, _, _ in best_first[:limit]]


def get_backend(vendor=None) -> SearchBackend:
    """The backend for the default database (or the given vendor)."""
    return PostgresBackend() if (vendor or connection.vendor) == "postgresql" else TokenMatchBackend()
