"""Error pages that say what happened: a database that cannot be reached is a 503.

Django turns an exception raised anywhere in a request (a view, a middleware, a template)
into a call of `handler500` while the exception is being handled, so this one view sees
every failure. A lost database connection (OperationalError, InterfaceError: refused,
timed out, dropped, or a transient lock) is not a bug in the site: readers get a Chinese
"try again shortly" page with 503 and Retry-After. Anything else stays a 500.

Neither page reads the database or the cache: they render from their template alone, so
they render while both are down. Public pages already in the page cache never get here:
the cache answers before any query runs.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader


def database_unreachable(error) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def _render(request, template_name, status):
    nonce = getattr(request, "csp_nonce", "")
    html = loader.get_template(template_name).render({"csp_nonce": nonce})
    return HttpResponse(html, status=status)


def server_error(request):
    if database_unreachable(sys.exc_info()[1]):
        response = _render(request, "503.html", 503)
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
        return response
    return _render(request, "500.html", 500)
