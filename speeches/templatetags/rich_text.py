"""The one place where stored rich text (opening, closing, section bodies) becomes HTML."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def rich_text(stored_html):
    """Mark an editor's stored HTML safe for output.

    Every template prints rich text through this filter, so switching the site to
    sanitized output is a change here only.
    """
    return mark_safe(stored_html or "")
