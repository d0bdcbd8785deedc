"""The Content-Security-Policy of every response (django-csp), policy in settings.

The site's policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles from our own
origin only, plus inline ones carrying the response's nonce (`request.csp_nonce`, used by
the error pages). The admin differs in one directive: CKEditor 5 injects <style> elements
and style attributes from its script, so admin pages allow inline styles; so does the API's
Swagger UI (/api/v1/docs/), whose page and bundle do the same (and draw icons from data:
URLs). A nonce in style-src would
make browsers ignore 'unsafe-inline', so their style-src has none.

Most responses never use their nonce (public pages have no inline script or style): their
policy depends only on the kind of path, so it is built once per kind and reused; building
it for every response was a third of the time of a page served from the page cache.
"""

from dataclasses import asdict

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .reversing import fast_reverse

ADMIN_STYLE_SRC = [SELF, UNSAFE_INLINE]
API_DOCS_IMG_SRC = [SELF, "data:"]


def is_admin_path(path: str) -> bool:
    return path.startswith(fast_reverse("admin:index"))


def allows_inline_styles(path: str) -> bool:
    return is_admin_path(path) or is_api_docs_path(path)


def is_api_docs_path(path: str) -> bool:
    return path == fast_reverse("api:docs")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.policies_without_nonce = {}

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        ):
            return super().process_response(request, response)
        kind = (allows_inline_styles(request.path_info), is_api_docs_path(request.path_info))
        if kind not in self.policies_without_nonce:
            self.policies_without_nonce[kind] = build_policy(**asdict(self.get_policy_parts(request, response)))
        response[HEADER] = self.policies_without_nonce[kind]
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = SimpleLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if allows_inline_styles(request.path_info):
            parts.replace = {**(parts.replace or {}), "style-src": ADMIN_STYLE_SRC}
        if is_api_docs_path(request.path_info):
            parts.replace = {**parts.replace, "img-src": API_DOCS_IMG_SRC}
        return parts
