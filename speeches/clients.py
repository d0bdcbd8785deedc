"""Who a request comes from, for login lockouts (django-axes) and view counting.

Behind TRUSTED_PROXY_COUNT reverse proxies that each append the address they were
reached from to X-Forwarded-For, the client's address is the one the outermost proxy
wrote: the TRUSTED_PROXY_COUNT-th entry from the right (entries further left were sent
by the client and can be anything). With no proxies, the socket's address. The same rule
as Werkzeug's ProxyFix(x_for=N) and DRF's NUM_PROXIES.
"""

import hashlib
import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        address = forwarded[-proxies] if len(forwarded) >= proxies else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return UNKNOWN


def reader_key(request) -> str:
    """A short, stable key for one reader that does not hold the address itself.

    The address alone: anything the client sends (browser name, cookies) a loop can vary.
    Readers behind one NAT count as one within a window, which errs on the side of 热门
    that cannot be bought."""
    return hashlib.blake2b(
        client_ip(request).encode(), digest_size=12, key=settings.SECRET_KEY.encode()[:64]
    ).hexdigest()
