"""The value the page parser produces: a speech as plain data, before any database work."""

from dataclasses import dataclass, field


@dataclass
class RelatedEntry:
    """A 延伸阅读 entry (or the page's teaser): another article's title and an excerpt."""

    title: str
    excerpt: str = ""


@dataclass
class ParsedSection:
    """A numbered part. Blocks are ("p", text) paragraphs and ("h3", text) sub-headings."""

    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class ParsedSpeech:
    title: str
    category_path: list = field(default_factory=list)
    source_name: str = ""
    source_note: str = ""
    speaker: str = ""
    meeting_name: str = ""
    opening: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    related: list = field(default_factory=list)
    teaser: RelatedEntry | None = None
    review_reasons: list = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def links(self) -> list:
        """Every link the page offers: the 延伸阅读 entries, then the teaser."""
        return self.related + ([self.teaser] if self.teaser else [])
