"""{{ html|rich_text }}: print stored rich text, trusting only what the sanitizer returns;
{{ position|section_number }}: a section's 一、 二、 …"""

from django import template
from django.utils.safestring import mark_safe

from speeches.numbering import section_label
from speeches.sanitize import sanitize_html

register = template.Library()


@register.filter
def rich_text(value):
    # Stored text is already sanitized; cleaning again costs microseconds and means a
    # row written around the models (raw SQL, a restored dump) still prints safely.
    return mark_safe(sanitize_html(value))


@register.filter
def section_number(position):
    """一、 二、 … for a section's 1-based position (numbering is never stored)."""
    return section_label(int(position))
