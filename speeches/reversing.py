"""reverse() for the links every page prints dozens of times (speeches, 栏目, tags,
meetings): Django's reverse() matches the URL patterns again on every call, about a third
of the time it took to render a speech page (bench/profile_pages.py). Here each URL name
is reversed once per script prefix with placeholder values; later calls fill the saved
string in, quoted as reverse() quotes them.
"""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986 sub-delims and /~:@).
SAFE = "!$&'()*+,;=/~:@"
# Digits pass both the int and the slug converters; no URL pattern has digits of its own.
PLACEHOLDER = "86420975310{}"


@functools.lru_cache(maxsize=128)
def _pattern(viewname, names, prefix):
    placeholders = {name: PLACEHOLDER.format(index) for index, name in enumerate(names)}
    path = reverse(viewname, kwargs=placeholders)
    if any(path.count(placeholder) != 1 for placeholder in placeholders.values()):
        raise ValueError(f"{viewname}: cannot make a pattern of {path}")
    return path, placeholders


def fast_reverse(viewname, **kwargs):
    """reverse(viewname, kwargs=kwargs), for arguments the URL's converters accept."""
    path, placeholders = _pattern(viewname, tuple(sorted(kwargs)), get_script_prefix())
    for name, placeholder in placeholders.items():
        path = path.replace(placeholder, quote(str(kwargs[name]), safe=SAFE), 1)
    return path
