"""Full-text search over speeches: one interface, one backend per database.

    query = parse_query(text)                      # segmented words (no database)
    results = search_speeches(speeches, query)     # matching speeches, best first
    matching = filter_speeches(speeches, query)    # matching speeches, order untouched

The index (SearchDocument) follows saves automatically (indexing.py); bulk writes need
`manage.py rebuild_search_index`. See docs/search.md.
"""

from .backends import get_backend
from .query import ParsedQuery, parse_query

__all__ = ["ParsedQuery", "filter_speeches", "parse_query", "search_speeches"]


def search_speeches(speeches, query: ParsedQuery):
    return get_backend().search(speeches, query)


def filter_speeches(speeches, query: ParsedQuery):
    return get_backend().filter(speeches, query)
