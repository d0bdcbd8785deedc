"""A document as the structure engine reads it: a list of blocks with layout hints.

Every way a speech arrives (a scraped page, a Word file, text pasted from either, a
Markdown file) is first turned into blocks; one engine (parser.py) then finds the title,
the parts and the furniture in them, whatever the source.
"""

import re
from dataclasses import dataclass, field

from ..punctuation import SENTENCE_END
from .text import clean_line

MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s*(?P<text>.*?)\s*#*\s*$")
MARKDOWN_BOLD_LEAD = re.compile(r"^\s*(?:\*\*|__)(?P<lead>[^*_]+?)(?:\*\*|__)")
MARKDOWN_MARKS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|\\(?=[\\`*_{}\[\]()#+\-.!])")
MARKDOWN_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(?=\S)")
# A horizontal rule (Markdown "---", "***", or a typed line of dashes) sets notes apart.
MAX_MARKDOWN_HEADING = 60
FENCE = re.compile(r"^\s*(?:```|~~~)")
RULE = re.compile(r"^\s*(?:[-_*=\u2014\u2500]\s*){3,}$")


@dataclass
class Block:
    """One paragraph, heading or line of the source.

    `raw` keeps the spacing of the source (an ideographic space between a post and a
    name means something in a header); `text` is the cleaned line the parser matches.
    """

    raw: str
    heading: int = 0  # 1–6 for a marked-up heading (HTML h1–h6, Markdown #, Word Heading n)
    centered: bool = False
    lead: str = ""  # a bold run the block opens with: a sub-heading glued to its paragraph
    rule: bool = False  # a horizontal rule
    text: str = field(init=False)

    def __post_init__(self):
        self.text = "" if self.rule else clean_line(self.raw)
        self.lead = clean_line(self.lead)


@dataclass
class Document:
    """Blocks plus what the source says outside its text: title hints (<title>, <h1>, a
    Word file's Title style), best first, and breadcrumbs."""

    blocks: list
    title_hints: list = field(default_factory=list)
    # Breadcrumb lines found outside the main content of a page ("当前位置：首页 > …").
    breadcrumbs: list = field(default_factory=list)
    # Source and date lines found outside the main content ("6月1日 编辑 …").
    notes: list = field(default_factory=list)


def text_blocks(text: str) -> list:
    """Plain text or Markdown: a block per non-empty line."""
    blocks = []
    fenced = False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced  # a fenced block holds code or notes, never the speech
            continue
        if fenced or not line.strip():
            continue
        if RULE.match(line):
            blocks.append(Block("", rule=True))
            continue
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            text = heading.group("text")
            level = len(heading.group("marks")) if _heading_sized(text) else 0
            blocks.append(Block(_unmark(text), heading=level))
            continue
        lead = MARKDOWN_BOLD_LEAD.match(line)
        line = MARKDOWN_LIST_ITEM.sub("", line)
        blocks.append(Block(_unmark(line), lead=lead.group("lead") if lead else ""))
    return [block for block in blocks if block.rule or block.text]


def _heading_sized(text: str) -> bool:
    """ "###### 尊敬的各位嘉宾…大家早上好！欢迎…" is a paragraph marked up as a heading."""
    return len(text) <= MAX_MARKDOWN_HEADING and not any(mark in text[:-1] for mark in SENTENCE_END)


def _unmark(text: str) -> str:
    if "*" not in text and "_" not in text and "\\" not in text:
        return text
    return MARKDOWN_MARKS.sub("", text)
