"""The Content-Security-Policy of every response (django-csp), policy in settings.

The site's policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles from our own
origin only, plus inline ones carrying the response's nonce (`request.csp_nonce`, used by
the error pages). The admin differs in one directive: CKEditor 5 injects <style> elements
and style attributes from its script, so admin pages allow inline styles; so does the API's
Swagger UI (/api/v1/docs/), whose page and bundle do the same (and draw icons from data:
URLs). A nonce in style-src would
make browsers ignore 'unsafe-inline', so their style-src has none.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_STYLE_SRC = [SELF, UNSAFE_INLINE]
API_DOCS_IMG_SRC = [SELF, "data:"]


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("admin:index"))


def allows_inline_styles(path: str) -> bool:
    return is_admin_path(path) or is_api_docs_path(path)


def is_api_docs_path(path: str) -> bool:
    return path == reverse("api:docs")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if allows_inline_styles(request.path_info):
            parts.replace = {**(parts.replace or {}), "style-src": ADMIN_STYLE_SRC}
        if is_api_docs_path(request.path_info):
            parts.replace = {**parts.replace, "img-src": API_DOCS_IMG_SRC}
        return parts
