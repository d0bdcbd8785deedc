"""The XSS corpus and an independent check that sanitized HTML is inert.

The check does not reuse the sanitizer's allow-list: it parses the output with Python's
own HTML parser and looks for anything that can run script, load content, or hide and
overlay the page.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from speeches.sanitize import sanitize_html

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "fixtures" / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]

HARMLESS_TAGS = {
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
HARMLESS_ATTRIBUTES = {"href", "src", "alt", "width", "height", "colspan", "rowspan", "class", "rel"}
URL_ATTRIBUTES = {"href", "src"}
SAFE_SCHEMES = {"http", "https", "mailto"}
# Browsers drop ASCII tab/newline and leading C0 controls/spaces before reading a scheme.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _attribute_problems(tag, name, value):
    if name not in HARMLESS_ATTRIBUTES:
        yield f"attribute {name} on <{tag}>"
    if name in URL_ATTRIBUTES:
        compact = IGNORED_IN_SCHEME.sub("", value).lower()
        scheme = compact.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", compact) else None
        if scheme is not None and scheme not in SAFE_SCHEMES:
            yield f"{scheme}: URL in {name}"
    if name == "class" and not set(value.split()) <= {"image", "table"}:
        yield f"class {value!r}"
    if name in {"width", "height"} and not (value.isdigit() and int(value) <= 4000):
        yield f"{name}={value!r}"


def problems(html):
    """Reasons the HTML is not inert (empty when it is)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    found = []
    for tag, attrs in collector.elements:
        if tag not in HARMLESS_TAGS:
            found.append(f"element <{tag}>")
        for name, value in attrs.items():
            found.extend(_attribute_problems(tag, name, value or ""))
        external = re.match(r"^(https?:)?//", attrs.get("href") or "")
        if tag == "a" and external and attrs.get("rel") != "noopener nofollow":
            found.append("external link without rel")
        if tag == "a" and "target" in attrs:
            found.append("link target")
    if re.search(r"<\s*/?\s*(script|style|iframe|svg|math)", html, re.I):
        found.append("raw dangerous tag text")
    return found


def assert_inert(html, payload):
    assert problems(html) == [], f"payload {payload!r} left {html!r}"
    assert sanitize_html(html) == html, f"payload {payload!r} is not stable: {html!r}"
