"""HTTP behaviour shared by the read endpoints: validators and 304s, Cache-Control like the
pages, and rate limits per client address (anonymous) or per token."""

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from speeches.clients import client_ip


class ConditionalGetMixin:
    """A successful GET gets an ETag (a hash of the body) and, where the view knows one
    (`self.last_modified`), Last-Modified; a request that already holds it gets a 304.
    Public responses may be cached as long as a public page (PUBLIC_CACHE_SECONDS)."""

    last_modified = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest())
        response["ETag"] = etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept"])
        return get_conditional_response(
            request,
            etag=etag,
            last_modified=self.last_modified and int(self.last_modified.timestamp()),
            response=response,
        )


class ClientAddressMixin:
    """Who an anonymous request comes from: the site's one client-address rule (clients.py)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_ip(request)


class AnonymousThrottle(ClientAddressMixin, AnonRateThrottle):
    scope = "anon"


class TokenThrottle(ClientAddressMixin, UserRateThrottle):
    scope = "user"
