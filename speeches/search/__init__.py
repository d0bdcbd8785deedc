"""Full-text search over speeches: one interface, one backend per database.

    query = parse_query(text)                         # segmented words (no database)
    page = search_page(speeches, query, number=1)     # one page of results, best first
    matching = filter_speeches(speeches, query)       # matching speeches, order untouched

The index (SearchDocument) follows saves automatically (indexing.py); bulk writes need
`manage.py rebuild_search_index`. See docs/search.md.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .backends import get_backend
from .query import ParsedQuery, parse_query

__all__ = ["MAX_RANKED", "ParsedQuery", "filter_speeches", "parse_query", "rank_speeches", "search_page"]

# Results beyond this many are counted but not listed (10 pages of 20): ranking reads each
# candidate's whole vector, so it is what costs; readers refine a query rather than page on.
MAX_RANKED = 200


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def rank_speeches(speeches, query: ParsedQuery, limit: int = MAX_RANKED):
    """`speeches` matching the query, best first (at least the best `limit` in order)."""
    return get_backend().rank(speeches, query, limit)


def filter_speeches(speeches, query: ParsedQuery):
    return get_backend().filter(speeches, query)


def search_page(speeches, query: ParsedQuery, number, per_page=20, filtered=True):
    """A page of results (speeches ready for a result list) and the number of matches.

    `number` may be anything a URL holds: invalid numbers give the first page, numbers
    past the end the last. The page's `total` counts every match; at most MAX_RANKED of
    them are listed. `filtered=False` promises `speeches` is every published speech, which
    lets the backend answer from its own table.
    """
    backend = get_backend()
    with backend.session():
        total = backend.count(speeches, query, filtered)
        ranked = backend.rank(speeches, query, MAX_RANKED, filtered).for_search_results()
        page = _CountedPaginator(ranked, per_page, min(total, MAX_RANKED)).get_page(number)
        page.object_list = list(page.object_list)
    page.total = total
    return page
