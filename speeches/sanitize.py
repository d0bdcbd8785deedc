"""The one HTML sanitizer for rich text (speech openings, closings and section bodies).

The allow-list is exactly what the editor's toolbar can produce (see CKEDITOR_5_CONFIGS in
config/settings.py); change both together. Everything else is dropped: scripts, event
handlers, style attributes, ids, javascript:/data: URLs (images arrive through the checked
uploader, so no data: images either). CKEditor's own `style="aspect-ratio:w/h"` on
images goes too: their width and height attributes give browsers the same ratio.

Images are kept only when they come from the site's own MEDIA_URL or a host listed in
RICH_TEXT_IMAGE_HOSTS: an image from anywhere else is a tracking pixel on readers'
pages, so the whole <img> is dropped (`dropped_images()` names them for the editor).
Plain functions, no database.
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "strong",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "*": set(),  # replaces nh3's default of title/lang on every tag
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# CKEditor wraps block images and tables in <figure class="image|table">.
ALLOWED_CLASSES = {"figure": {"image", "table"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "title"}

NUMERIC_ATTRIBUTES = {"width", "height", "colspan", "rowspan"}
MAX_NUMERIC_VALUE = {"width": 4000, "height": 4000, "colspan": 100, "rowspan": 1000}

MAX_PASSES = 5
EXTERNAL_LINK_REL = "noopener nofollow"
# nh3 serializes every kept link as exactly `<a href="...">` (href is its only allowed
# attribute, quotes inside values become &quot;, "<" in text becomes &lt;), so this
# pattern only ever meets real links in sanitizer output.
SANITIZED_LINK = re.compile(r'<a href="([^"]*)">')
BROWSER_IGNORED = re.compile(r"[\t\n\r]")


# nh3 serializes an element's attributes as name="value" with any '"' in a value escaped,
# so this matches exactly one whole <img> element of its output.
SANITIZED_IMAGE = re.compile(r'<img(?: [a-z]+="[^"]*")*>')
IMAGE_SOURCE = re.compile(r' src="([^"]*)"')


def _browser_url(url: str):
    """The URL's parts as a browser reads it (see is_external), or None when unparseable."""
    normalized = BROWSER_IGNORED.sub("", url).strip().replace("\\", "/")
    try:
        return urlsplit(normalized)
    except ValueError:
        return None


def is_allowed_image_source(src: str) -> bool:
    """An image URL from the site's own media or a host in RICH_TEXT_IMAGE_HOSTS."""
    parts = _browser_url(src)
    if parts is None or ".." in parts.path.split("/"):
        return False
    media = urlsplit(settings.MEDIA_URL)
    if parts.netloc:
        if parts.scheme.lower() not in {"", "http", "https"}:
            return False
        host = (parts.hostname or "").lower()
        if host in {name.lower() for name in settings.RICH_TEXT_IMAGE_HOSTS}:
            return True
        return bool(media.netloc) and host == (media.hostname or "").lower() and parts.path.startswith(media.path)
    return not parts.scheme and not media.netloc and parts.path.startswith(media.path)


def is_web_url(url) -> bool:
    """An absolute http(s) URL: what a page may link to from a stored address."""
    parts = _browser_url(url or "")
    return parts is not None and parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _numeric_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if is_allowed_image_source(value) else None
    if attribute not in NUMERIC_ATTRIBUTES:
        return value
    value = value.strip()
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_NUMERIC_VALUE[attribute]:
        return str(int(value))
    return None


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_numeric_attribute,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=ALLOWED_URL_SCHEMES,
    strip_comments=True,
    link_rel=None,
)


# Keeps the text of every element but those dropped with their content; ~4 times faster
# than django.utils.html.strip_tags, which search excerpts and indexing call on every
# section they read.
_text_only = nh3.Cleaner(tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, attributes={}, strip_comments=True)


def text_content(markup) -> str:
    """The text of an HTML fragment, like the DOM's textContent: tags dropped, entities
    decoded, spacing kept."""
    if not markup:
        return ""
    return html.unescape(_text_only.clean(str(markup)))


def is_external(url: str) -> bool:
    """A link to another site: an absolute http(s) URL or one that names a host.

    Read the way browsers read it: tabs and newlines vanish, a backslash counts as a
    slash ("/\\evil.cn" is "//evil.cn"), "http:evil.cn" is "http://evil.cn". Links
    inside the site are written as paths ("/speech/12/") and stay plain.
    """
    parts = _browser_url(url)
    if parts is None:
        return True
    return bool(parts.netloc) or parts.scheme.lower() in {"http", "https"}


def _mark_external(match):
    href = match.group(1)
    if is_external(html.unescape(href)):
        return f'<a href="{href}" rel="{EXTERNAL_LINK_REL}">'
    return match.group(0)


def _drop_sourceless_image(match):
    # ' src="' cannot occur inside a value: nh3 escapes the quote.
    return match.group(0) if ' src="' in match.group(0) else ""


def _clean_once(html: str) -> str:
    cleaned = _cleaner.clean(html)
    if "<img" in cleaned:
        # The filter removed the src of images from elsewhere: drop those elements whole.
        cleaned = SANITIZED_IMAGE.sub(_drop_sourceless_image, cleaned)
    if "<a " not in cleaned:
        return cleaned
    return SANITIZED_LINK.sub(_mark_external, cleaned)


# Every image with its source, whatever the source: to name what sanitizing drops.
_image_sources = nh3.Cleaner(
    tags={"img"},
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes={"img": {"src"}},
    url_schemes=ALLOWED_URL_SCHEMES | {"data"},
    strip_comments=True,
)


def dropped_images(value) -> list[str]:
    """The sources of the images in `value` that sanitizing drops (to tell the editor)."""
    if not value or "<img" not in str(value).lower():
        return []
    sources = IMAGE_SOURCE.findall(_image_sources.clean(str(value)))
    return [html.unescape(src) for src in sources if not is_allowed_image_source(html.unescape(src))]


def sanitize_html(value) -> str:
    """Clean rich text for storage and display. Idempotent: clean input comes back unchanged."""
    if not value:
        return ""
    html = str(value)
    # Broken nesting (an <a> inside an <a>) can serialize to markup that parses
    # differently the next time; clean until the result is stable so that what is stored
    # is exactly what a browser will build. Clean input takes a single pass.
    for _ in range(MAX_PASSES):
        cleaned = _clean_once(html)
        if cleaned == html:
            break
        html = cleaned
    return html
