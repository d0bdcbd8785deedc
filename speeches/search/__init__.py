"""Full-text search over speeches: one interface, one backend per database.

    query = parse_query(text)                         # segmented words (no database)
    page = search_page(speeches, query, number=1)     # one page of results, best first
    matching = filter_speeches(speeches, query)       # matching speeches, order untouched

The index (SearchDocument) follows saves automatically (indexing.py); bulk writes need
`manage.py rebuild_search_index`. See docs/search.md.
"""

from django.core.paginator import Paginator

from speeches.models import Speech

from .backends import MatchCount, get_backend
from .query import ParsedQuery, parse_query

__all__ = ["MAX_RANKED", "MatchCount", "ParsedQuery", "filter_speeches", "parse_query", "rank_speeches", "search_page"]

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


def search_page(speeches, query: ParsedQuery, number, per_page=20, filtered=True):
    """A page of results (speeches ready for a result list) and the number of matches.

    `number` may be anything a URL holds: invalid numbers give the first page, numbers
    past the end the last. The page's `total` (a MatchCount) counts every match, exactly
    or, for a very large number, as an estimate; at most MAX_RANKED of them are listed.
    `filtered=False` promises `speeches` is every published speech, which lets the backend
    answer from its own table.
    """
    backend = get_backend()
    with backend.session():
        total = backend.count(speeches, query, filtered)
        ranked = backend.ranked_ids(speeches, query, MAX_RANKED, filtered, matches=total.number) if total.number else []
    if len(ranked) < MAX_RANKED:
        # Every match was a candidate, so their number is known exactly, whatever the estimate.
        total = MatchCount(len(ranked))
    page = Paginator(ranked, per_page).get_page(number)
    # Only the page's own rows are read, after ranking settled their order.
    page.object_list = result_rows(page.object_list, speeches)
    page.total = total
    return page
