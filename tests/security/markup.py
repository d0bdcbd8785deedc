"""An independent check that a whole page carries no live markup that stored or requested
data could have put there. It does not reuse the sanitizer: it parses the page with
Python's HTML parser and flags what can run script, load content, or restyle the page.

What the site's own templates legitimately contain is allowed: scripts loaded from
/static/ (and the admin's /admin/jsi18n/), JSON data blocks (the admin's CKEditor
configuration, `json_script`) and inline SVG icons (the admin's); SVG that animates or
embeds HTML is flagged.
The CSP would block the rest in a browser; this finds it before a browser has to.
"""

import re
from html.parser import HTMLParser

ACTIVE_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "math",
    "style",
    "template",
    "portal",
    "animate",
    "set",
    "animatetransform",
    "animatemotion",
    "foreignobject",
    "handler",
    "listener",
}
SCRIPT_SOURCES = ("/static/", "/admin/jsi18n/")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcset"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Browsers drop ASCII tab/newline and leading C0 controls/spaces before reading a scheme.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = None  # (attrs, text) of the script element being read

    def handle_starttag(self, tag, attrs):
        self._check(tag, dict(attrs))

    def handle_startendtag(self, tag, attrs):
        self._check(tag, dict(attrs))

    def _check(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._script = (attrs, [])
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in URL_ATTRIBUTES and IGNORED_IN_SCHEME.sub("", value).lower().startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"{value[:30]!r} in {name} of <{tag}>")
            if name in {"style", "srcdoc"}:
                self.problems.append(f"{name} attribute on <{tag}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attrs, text = self._script
            self._script = None
            kind = (attrs.get("type") or "").lower()
            if kind in DATA_SCRIPT_TYPES:
                return
            if "src" in attrs:
                if not (attrs["src"] or "").startswith(SCRIPT_SOURCES) or "".join(text).strip():
                    self.problems.append(f"<script src={attrs['src']!r}>")
            else:
                self.problems.append("inline <script>")


def live_markup(html: str) -> list[str]:
    """What in the page could run script or restyle it (empty when nothing can)."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    if walker._script is not None:
        walker.problems.append("unclosed <script>")
    return walker.problems


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def assert_no_live_markup(response, where):
    if is_html(response):
        problems = live_markup(response.content.decode("utf-8", "replace"))
        assert problems == [], (where, problems[:5])
