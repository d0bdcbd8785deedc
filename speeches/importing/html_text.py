"""HTML to blocks: whole scraped pages (main content found by readability-lxml) and HTML
fragments (what the clipboard gives when an editor copies from Word or a web page).

Why readability-lxml: docs/importing.md compares it with trafilatura and jusText on the
real pages of ../shared/corpus; it kept every speech sentence, dropped the most site
furniture, and returns the article as HTML, so the layout hints the engine uses (headings,
centred title lines, bold sub-headings) survive.
"""

import logging
import re

import lxml.etree
import lxml.html
from readability import Document as ReadabilityDocument

from ..punctuation import FULLWIDTH_FULL_STOP, LEFT_PARENTHESIS, RIGHT_PARENTHESIS
from .blocks import Block, Document
from .furniture import RELATED_HEADING, ends_article, is_source_line
from .header import is_breadcrumb_like
from .text import cjk_count, clean_line

HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|div|p|br|h[1-6]|title|span|li|table|meta)\b", re.I)
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "pre",
    "address",
    "figure",
    "figcaption",
    "center",
    "form",
    "fieldset",
    "main",
    "caption",
}
SKIPPED_TAGS = {
    "script",
    "style",
    "head",
    "noscript",
    "template",
    "iframe",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "svg",
    "object",
    "embed",
    "canvas",
    "map",
    "video",
    "audio",
}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BOLD_TAGS = {"b", "strong"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(\w+)", re.I)
# Title bars read "article — column — site"; the first part is the article's.
TITLE_SEPARATORS = re.compile(r"\s*(?:--|_|\||\uff5c)\s*|\s+[-\u2013\u2014]\s+")
# Main content under this share of the page's Chinese text means readability picked a
# fragment (a caption, a sidebar): the whole page is parsed instead.
MIN_CONTENT_SHARE = 0.3
MIN_CONTENT_CHARACTERS = 120
MAX_NOTES = 2

logging.getLogger("readability.readability").setLevel(logging.ERROR)


def looks_like_html(text: str) -> bool:
    return bool(HTML_HINT.search(text[:5000]))


def _alignment(element):
    style = element.get("style") or ""
    match = _ALIGN_STYLE.search(style)
    if match:
        return match.group(1).lower()
    if element.get("align"):
        return element.get("align").lower()
    return "center" if element.tag == "center" else None


def _is_bold(element) -> bool:
    return element.tag in BOLD_TAGS or bool(_BOLD_STYLE.search(element.get("style") or ""))


class _BlockWriter:
    """Collects inline text into blocks, remembering alignment, headings and bold runs."""

    def __init__(self):
        self.blocks = []
        self.pieces = []  # (text, bold)
        self.centered = False
        self.heading = 0

    def add(self, text, bold, centered, heading):
        if not text:
            return
        if not self.pieces:
            self.centered, self.heading = centered, heading
        self.pieces.append((text, bold))

    def flush(self):
        raw = _join_lines("".join(text for text, _ in self.pieces))
        if raw.strip():
            self.blocks.append(Block(raw, heading=self.heading, centered=self.centered, lead=self._lead()))
        self.pieces = []

    def rule(self):
        self.flush()
        self.blocks.append(Block("", rule=True))

    def _lead(self):
        lead = []
        for text, bold in self.pieces:
            if bold:
                lead.append(text)
            elif text.strip():
                break
        return _join_lines("".join(lead)).strip()


def _join_lines(text: str) -> str:
    """Source line breaks inside a block are layout: gone between Chinese characters,
    one space between Latin words."""
    return re.sub(
        r"\s*\n\s*",
        lambda m: (
            " " if _latin(m.string[m.start() - 1 : m.start()]) and _latin(m.string[m.end() : m.end() + 1]) else ""
        ),
        text,
    )


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def html_blocks(root) -> list:  # noqa: C901 (one walk over the tree: its branches share the open-element stacks)
    """Blocks of an lxml element: one per block element or <br>-separated line."""
    writer = _BlockWriter()
    frames = []  # per open element: (pushed an alignment, bold, heading level)
    aligns, headings, lists = [], [], []  # lists: per open <ol>/<ul>, the last item number (None for <ul>)
    bold = skipping = 0

    def add(text):
        if text:
            writer.add(text, bold > 0, bool(aligns) and aligns[-1] == "center", headings[-1] if headings else 0)

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.split("}")[-1].lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping or not tag or tag in SKIPPED_TAGS:
                skipping += 1
                continue
            align = _alignment(element)
            if align:
                aligns.append(align)
            if tag in BLOCK_TAGS or tag == "br":
                writer.flush()
            elif tag == "hr":
                writer.rule()
            is_bold, level = _is_bold(element), HEADING_TAGS.get(tag, 0)
            frames.append((bool(align), is_bold, level))
            bold += is_bold
            if level:
                headings.append(level)
            if tag in ("ol", "ul"):
                lists.append(_list_start(element) if tag == "ol" else None)
            elif tag == "li" and lists and lists[-1] is not None:
                lists[-1] += 1
                add(_list_marker(lists[-1], depth=sum(1 for item in lists if item is not None)))
            add(element.text)
            continue
        if skipping:
            skipping -= 1
            if not skipping:
                add(element.tail)
            continue
        pushed, is_bold, level = frames.pop()
        if pushed:
            aligns.pop()
        bold -= is_bold
        if level:
            headings.pop()
        if tag in ("ol", "ul"):
            lists.pop()
        if tag in BLOCK_TAGS:
            writer.flush()
        add(element.tail)
    writer.flush()
    return writer.blocks


def _list_start(element) -> int:
    start = element.get("start") or "1"
    return int(start) - 1 if start.isdigit() else 0


def _list_marker(number: int, depth: int) -> str:
    """An ordered list item's number, written as Chinese text numbers its points: "1．" at
    the first level, "（1）" below it (Word's automatic numbering arrives as lists)."""
    if depth == 1:
        return f"{number}{FULLWIDTH_FULL_STOP}"
    return f"{LEFT_PARENTHESIS}{number}{RIGHT_PARENTHESIS}"


def _title_hints(tree) -> list:
    """What the page says its title is: og:title, the <title> bar's first part, <h1>s and
    elements styled as titles."""
    hints = []
    for meta in tree.xpath('//meta[@property="og:title" or @name="title"]/@content'):
        hints.append(meta)
    for title in tree.xpath("//title"):
        text = title.text_content().strip()
        if text:
            hints.append(TITLE_SEPARATORS.split(text, maxsplit=1)[0])
            hints.append(text)
    for heading in tree.xpath('//h1 | //h2[contains(@class, "title")] | //*[contains(@class, "article-title")]'):
        hints.append(heading.text_content())
    cleaned = []
    for hint in hints:
        hint = clean_line(hint)
        if hint and hint not in cleaned and len(hint) <= 200:
            cleaned.append(hint)
    return cleaned


def _parse(html: str):
    return lxml.html.document_fromstring(html)


def page_document(html: str) -> Document:
    """A whole page: its main content's blocks, with the page's own title hints."""
    tree = _parse(html)
    body = tree.body if tree.find("body") is not None else tree
    whole = html_blocks(body)
    blocks = whole
    try:
        summary = ReadabilityDocument(html).summary(html_partial=True)
        content = html_blocks(lxml.html.fragment_fromstring(summary, create_parent="div"))
    except Exception:  # noqa: BLE001 - readability gives up on odd markup; the whole page still parses
        content = []
    content_chars = sum(cjk_count(block.text) for block in content)
    whole_chars = sum(cjk_count(block.text) for block in whole)
    notes = []
    if content_chars >= MIN_CONTENT_CHARACTERS and content_chars >= MIN_CONTENT_SHARE * whole_chars:
        blocks = content
        # The date/source line under the page's title sits outside the article's block.
        inside = {block.text for block in content}
        notes = [" ".join(b.raw.split()) for b in whole if b.text not in inside and is_source_line(b.text)][:MAX_NOTES]
        blocks = blocks + _related_block(whole, inside)
    breadcrumbs = [block.text for block in whole if is_breadcrumb_like(block.text)]
    return Document(blocks, _title_hints(tree), breadcrumbs, notes)


def _related_block(whole, inside) -> list:
    """The page's 延伸阅读 list, which main-content extraction leaves out as a link list."""
    start = next((i for i, b in enumerate(whole) if RELATED_HEADING.match(b.text) and b.text not in inside), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(whole)) if ends_article(whole[i].text)), len(whole))
    return whole[start:end]


def fragment_document(html: str) -> Document:
    """Clipboard HTML: every block is the editor's, so no main-content extraction."""
    tree = _parse(html)
    body = tree.body if tree.find("body") is not None else tree
    return Document(html_blocks(body))
