"""Scraped HTML to the same line-per-block text a saved text page has."""

import re
from html.parser import HTMLParser

HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|div|p|br|h[1-6]|title|span|li|table)\b", re.I)
BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "dd", "dt", "hr",
}
SKIPPED_TAGS = {"script", "style", "head", "noscript", "template", "iframe"}


def looks_like_html(text: str) -> bool:
    return bool(HTML_HINT.search(text[:5000]))


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]
        self.skipping = 0

    def _break(self):
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        if not self.skipping:
            # Source line breaks inside a block are layout, not paragraph ends.
            self.lines[-1] += re.sub(r"\s*\n\s*", "", data)


def html_to_text(html: str) -> str:
    """One line per block element, blank lines between; scripts, styles and <head> dropped."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "\n\n".join(line.strip() for line in collector.lines if line.strip())
