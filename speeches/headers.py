"""The Content-Security-Policy of every response (django-csp), policy in settings.

The site's policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles from our own
origin only, plus inline ones carrying the response's nonce (`request.csp_nonce`, used by
the error pages). The admin differs in one directive: CKEditor 5 injects <style> elements
and style attributes from its script, so admin pages allow inline styles. A nonce in
style-src would make browsers ignore 'unsafe-inline', so the admin's style-src has none.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_STYLE_SRC = [SELF, UNSAFE_INLINE]


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("admin:index"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin_path(request.path_info):
            parts.replace = {**(parts.replace or {}), "style-src": ADMIN_STYLE_SRC}
        return parts
