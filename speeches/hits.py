"""Which beacon requests count as a view, so that a loop cannot push a speech up 热门.

Both rules live in the shared cache (Redis when several app servers run), never in a
process:

- one counted view per reader (client address, `clients.reader_key`) per speech per
  VIEW_COUNT_WINDOW_SECONDS: `cache.add` is atomic, so two servers cannot both count it;
- at most VIEW_COUNT_RATE_LIMIT beacon requests per client address per minute; beyond
  that nothing counts and the beacon answers 429.

When the cache is unreachable (django-redis answers None) no view counts and no request is
refused: views go uncounted rather than unlimited.
"""

import time

from django.conf import settings
from django.core.cache import cache

from .clients import client_ip, reader_key

RATE_WINDOW_SECONDS = 60


def within_rate_limit(request) -> bool:
    """Count this beacon request for its client; False once the client is over the limit."""
    window = int(time.time() // RATE_WINDOW_SECONDS)
    key = f"hits:rate:{client_ip(request)}:{window}"
    added = cache.add(key, 1, RATE_WINDOW_SECONDS * 2)
    if added is None:  # the cache is unreachable (django-redis answers None): nothing will count
        return True
    if added:
        return True
    try:
        requests = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        return True
    return requests is None or requests <= settings.VIEW_COUNT_RATE_LIMIT


def is_first_view(request, speech_id) -> bool:
    """Whether this reader has not been counted on this speech within the window (and is now)."""
    key = f"hits:seen:{speech_id}:{reader_key(request)}"
    return bool(cache.add(key, 1, settings.VIEW_COUNT_WINDOW_SECONDS))
