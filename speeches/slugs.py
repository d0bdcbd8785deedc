"""Slugs that always make a URL, and URLs that never fail to build from stored slugs.

Tag slugs come from their names (Chinese names keep Chinese slugs); a name without any
letter or digit ("、", "+", "…", "/>") slugifies to nothing, so it gets a stable fallback
made from a digest of the name. `usable_slug()` is applied on save (Category.save, and
taggit's Tag through speeches.tags). Pages build URLs through `slug_url()`, which checks the
stored value first: a row written around the models still renders, linking to a search
for its name instead. Plain functions, no database.
"""

import hashlib
import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from .reversing import fast_reverse

# What Django's unicode SlugField accepts; every such value reverses through our URLs.
USABLE_SLUG = re.compile(r"^[-\w]+\Z")
DIGEST_CHARACTERS = 10


def is_usable_slug(slug, max_length=None) -> bool:
    return isinstance(slug, str) and bool(USABLE_SLUG.match(slug)) and (max_length is None or len(slug) <= max_length)


def _digest(name: str) -> str:
    return hashlib.sha1(name.casefold().encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_CHARACTERS]


def usable_slug(slug, name, max_length, prefix="x") -> str:
    """`slug` when it is usable, else one made from it or from `name`: never empty, never
    longer than `max_length`, the same for the same name."""
    if is_usable_slug(slug, max_length):
        return slug
    base = slugify(slug or "", allow_unicode=True) or slugify(name or "", allow_unicode=True)
    if not base:
        return f"{prefix}-{_digest(name or '')}"
    if len(base) > max_length:
        base = f"{base[: max_length - DIGEST_CHARACTERS - 1]}-{_digest(name or base)}"
    return base


def slug_url(viewname, slug, name) -> str:
    """The page of the object with this slug; a search for `name` if the slug cannot make one."""
    if is_usable_slug(slug):
        return fast_reverse(viewname, slug=slug)
    return reverse("speeches:search") + "?" + urlencode({"q": name})
