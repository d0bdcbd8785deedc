"""{{ html|rich_text }}: print stored rich text, trusting only what the sanitizer returns."""

from django import template
from django.utils.safestring import mark_safe

from speeches.sanitize import sanitize_html

register = template.Library()


@register.filter
def rich_text(value):
    # Stored text is already sanitized; cleaning again costs microseconds and means a
    # row written around the models (raw SQL, a restored dump) still prints safely.
    return mark_safe(sanitize_html(value))
