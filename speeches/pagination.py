"""Numbered pagination that stays fast deep into long lists ("seek" / keyset pagination).

A list page shows page links 1 … n, so it needs the number of pages, and page N needs to
know where it starts. Counting the whole list and skipping N×20 rows with OFFSET on every
request grows with N; instead:

- The first (published_at, id) key of every page is computed in one query (a window
  function numbers the rows and keeps every per_page-th key, plus the total) and cached.
  That query runs once per list per PUBLIC_CACHE_SECONDS, or after a speech changes: a
  scheduled speech coming due announces itself to no signal, so the index may lag it by
  no more than a cached page may (docs/workflow.md).
- Page N then reads `WHERE (published_at, id) <= start_key_of_N ORDER BY … LIMIT per_page`,
  which walks the (category, status, published_at, id) index from that key: page 2,000
  costs what page 1 costs.

A stale cached index can only shift page boundaries by the few speeches published since
it was built; no row is skipped, because a page always reads forward from its key.
See docs/public-site.md.
"""

from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404

PER_PAGE = 20
VERSION_KEY = "speech-lists:version"
MAX_PAGE_DIGITS = 9
PAGE_LINKS_AROUND = 2


def lists_version():
    """The current generation of cached list data; bumped whenever speeches change."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def cached_list(name, build):
    """`build()` (a list of rows for a public page) cached under `name` until speeches
    change and for no longer than a public page may be: scheduled speeches come due
    without a signal (docs/workflow.md)."""
    return cache.get_or_set(f"list:{name}:{lists_version()}", build, settings.PUBLIC_CACHE_SECONDS)


def invalidate_lists(**kwargs):
    """Signal receiver: a speech (or its tags) changed, so cached list data is stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def parse_page_number(value):
    """The page number from ?page=; missing means 1, anything but a positive integer is 404."""
    if value in (None, ""):
        return 1
    if not (isinstance(value, str) and value.isascii() and value.isdigit()) or len(value) > MAX_PAGE_DIGITS:
        raise Http404("页码无效。")
    number = int(value)
    if number < 1:
        raise Http404("页码无效。")
    return number


@dataclass
class KeysetPage:
    number: int
    object_list: list
    num_pages: int
    count: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def page_links(self):
        """Page numbers to link, with None where a run of pages is left out: 1 … 4 5 6 7 8 … 40."""
        around = range(
            max(1, self.number - PAGE_LINKS_AROUND), min(self.num_pages, self.number + PAGE_LINKS_AROUND) + 1
        )
        shown = sorted({1, self.num_pages, *around})
        links = []
        for number in shown:
            if links and number - links[-1] > 1:
                links.append(None)
            links.append(number)
        return links


def offset_page(rows, number, per_page):
    """Page `number` of a short list (meetings, tags: thousands of rows at most, where
    COUNT and OFFSET stay cheap), shaped like a KeysetPage for _pagination.html; 404
    beyond the end."""
    count = rows.count()
    num_pages = max(1, ceil(count / per_page))
    if number > num_pages:
        raise Http404("没有这一页。")
    return KeysetPage(number, list(rows[(number - 1) * per_page : number * per_page]), num_pages, count)


class KeysetPaginator:
    """Paginate a SpeechQuerySet ordered by (published_at, id), both descending or both ascending.

    `list_key` names the list in the cache (e.g. "category:12"); it must identify the
    queryset's filter.
    """

    def __init__(self, queryset, list_key, per_page=PER_PAGE, descending=True):
        self.queryset = queryset
        self.list_key = list_key
        self.per_page = per_page
        self.descending = descending

    def _ordering(self):
        if self.descending:
            return [F("published_at").desc(), F("id").desc()]
        return [F("published_at").asc(), F("id").asc()]

    def page_starts(self):
        """(start keys of every page, total count), cached."""
        key = f"speech-list:{lists_version()}:{self.list_key}:{self.per_page}:{int(self.descending)}"
        found = cache.get(key)
        if found is None:
            rows = list(
                self.queryset.order_by()
                .annotate(row=Window(RowNumber(), order_by=self._ordering()), total=Window(Count("id")))
                .annotate(slot=(F("row") - 1) % self.per_page)
                .filter(slot=0)
                .order_by(*self._ordering())
                .values_list("published_at", "id", "total")
            )
            found = ([(published_at, pk) for published_at, pk, _ in rows], rows[0][2] if rows else 0)
            cache.set(key, found, settings.PUBLIC_CACHE_SECONDS)
        return found

    def page(self, number):
        starts, count = self.page_starts()
        num_pages = max(1, len(starts))
        if number > num_pages:
            raise Http404("没有这一页。")
        rows = self.queryset.order_by(*self._ordering())
        if number > 1:
            published_at, pk = starts[number - 1]
            rows = rows.from_key(published_at, pk, descending=self.descending)
        return KeysetPage(number, list(rows[: self.per_page]), num_pages, count)
