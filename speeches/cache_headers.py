"""Cache-Control on every response: who may keep a copy, and for how long.

Views say a response is public with `cache_page` (urls.py `public()`) or
`patch_cache_control(public=True, max_age=...)`. This middleware turns that into what
the edge cache (deploy/nginx.conf) and browsers need, and makes anything personal private:

- Personal: the response sets a cookie, carries a CSRF token or a CSP nonce (both must be
  unique to one reader), or answers a request with credentials (session cookie or an
  Authorization header, i.e. staff): `private, no-store`, whatever the view said. The
  edge also bypasses such requests by itself; this is the app's half of the rule.
- Public: `public, max-age=0, s-maxage=R, stale-while-revalidate=S`. R is what is left of
  the app's cached copy (its Expires), so the edge never keeps a page longer than the
  app's page cache would; S is EDGE_STALE_SECONDS. A change therefore shows within
  PAGE_CACHE_SECONDS + EDGE_STALE_SECONDS (<= PUBLIC_CACHE_SECONDS, system check
  speeches.E001). Browsers get max-age=0: they come back to the edge, which is cheap,
  instead of keeping a copy of their own for another minute.
"""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers, get_max_age
from django.utils.http import parse_http_date_safe

# 304: a revalidation (API ETags) must renew the copy with the same rule as the 200 did.
SHARED_CACHEABLE_STATUSES = {200, 301, 304, 404, 410}
PERSONAL_DIRECTIVES = ("private", "no-cache", "no-store")


def is_personal(request, response):
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(request, "_csp_nonce", None)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def declared_public(request, response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in SHARED_CACHEABLE_STATUSES
        and not any(directive in cache_control for directive in PERSONAL_DIRECTIVES)
        and (get_max_age(response) or 0) > 0
    )


def shared_lifetime(response):
    """Seconds a shared cache may keep the response: what is left of the app's cached copy
    (cache_page's Expires), never more than the app's own page cache keeps a page."""
    lifetime = min(get_max_age(response), settings.PAGE_CACHE_SECONDS)
    expires = parse_http_date_safe(response.get("Expires", ""))
    if expires is not None:
        lifetime = min(lifetime, int(expires - time.time()))
    return max(lifetime, 0)


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            drop(response, "Cache-Control", "Expires", "Age")
            add_never_cache_headers(response)
        elif declared_public(request, response):
            lifetime = shared_lifetime(response)
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={lifetime}, stale-while-revalidate={settings.EDGE_STALE_SECONDS}"
                if lifetime
                else "public, max-age=0"
            )
            # The remaining lifetime is in s-maxage now; a cache that also subtracted
            # Django's Age (sent on page-cache hits) would count it twice.
            drop(response, "Expires", "Age")
            drop_single_language_vary(response)
        return response


def drop_single_language_vary(response):
    """LocaleMiddleware varies every response on Accept-Language; with one language the
    page cannot differ, and an edge keeping one copy per browser's header value would
    rarely hit."""
    if len(settings.LANGUAGES) != 1 or not response.has_header("Vary"):
        return
    kept = [field.strip() for field in response["Vary"].split(",") if field.strip().lower() != "accept-language"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def drop(response, *headers):
    for header in headers:
        if header in response:
            del response[header]
