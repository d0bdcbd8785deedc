"""Full-text search over speeches: one interface, one backend per database.

    query = parse_query(text)                         # segmented words (no database)
    results = search_page(query, filters, number=1)   # one page of results, best first
    matching = filter_speeches(speeches, query)       # matching speeches, order untouched

The index (SearchDocument) follows saves automatically (indexing.py); bulk writes need
`manage.py rebuild_search_index`. See docs/search.md.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.utils import timezone

from speeches.models import Speech

from .backends import MatchCount, get_backend
from .highlight import Hit, speech_hit
from .query import ParsedQuery, parse_query

__all__ = [
    "MAX_RANKED",
    "MatchCount",
    "ParsedQuery",
    "filter_speeches",
    "parse_query",
    "rank_speeches",
    "SearchResults",
    "search_page",
]

# Results beyond this many are counted but not listed (10 pages of 20): ranking reads each
# candidate's whole vector, so it is what costs; readers refine a query rather than page on.
MAX_RANKED = 200


def in_order(ids, speeches=Speech.objects):
    """The speeches with these ids, in the ids' order."""
    found = speeches.in_bulk(ids)
    return [found[speech_id] for speech_id in ids if speech_id in found]


def result_rows(ids, speeches):
    """The speeches with these ids ready for a result list (`load_search_results`), in the ids' order."""
    if not ids:  # no query to build
        return []
    found = {speech.pk: speech for speech in speeches.filter(pk__in=ids).load_search_results()}
    return [found[speech_id] for speech_id in ids if speech_id in found]


def rank_speeches(speeches, query: ParsedQuery, limit: int = MAX_RANKED) -> list:
    """The best `limit` of `speeches` matching the query, best first."""
    return in_order(get_backend().ranked_ids(speeches, query, limit))


def filter_speeches(speeches, query: ParsedQuery):
    return get_backend().filter(speeches, query)


@dataclass
class SearchResults:
    """One page of a search, shared by the /search/ page and the API.

    `total` counts every match, exactly or, for a very large number, as an estimate; at
    most MAX_RANKED of them are ranked and listed (`ranked`, best first). `page` is a
    Django Page of those; `hits` its rows with highlights. `facets` count the ranked
    matches by 栏目 and by year (one query, made only when asked for).
    """

    query: ParsedQuery
    total: MatchCount
    ranked: list
    page: Page
    hits: list[Hit]

    @cached_property
    def facets(self) -> dict:
        rows = Speech.objects.filter(pk__in=self.ranked).values_list("category_id", "published_at")
        categories, years = Counter(), Counter()
        for category_id, published_at in rows:
            categories[category_id] += 1
            years[timezone.localtime(published_at).year] += 1
        return {"categories": dict(categories.most_common()), "years": dict(sorted(years.items(), reverse=True))}


def search_page(query: ParsedQuery, filters: dict | None = None, number=1, per_page=20) -> SearchResults:
    """A page of the speeches readers may see that match `query` and `filters` (see
    SpeechQuerySet.filtered_by: category, meeting, tag, year), best first.

    `number` may be anything a URL holds: invalid numbers give the first page, numbers
    past the end the last.
    """
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    speeches = Speech.objects.published().filtered_by(**filters)
    # Without filters the base set is every visible speech, which the backend can answer
    # from its own table.
    filtered = bool(filters)
    backend = get_backend()
    with backend.session():
        total = backend.count(speeches, query, filtered) if query else MatchCount(0)
        ranked = backend.ranked_ids(speeches, query, MAX_RANKED, filtered, matches=total.number) if total.number else []
    if len(ranked) < MAX_RANKED:
        # Every match was a candidate, so their number is known exactly, whatever the estimate.
        total = MatchCount(len(ranked))
    page = Paginator(ranked, per_page).get_page(number)
    # Only the page's own rows are read, after ranking settled their order.
    page.object_list = result_rows(page.object_list, speeches)
    return SearchResults(query, total, ranked, page, [speech_hit(speech, query.terms) for speech in page.object_list])
