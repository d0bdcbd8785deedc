"""The value the structure engine produces: a speech as plain data, before any database work."""

from dataclasses import dataclass, field
from datetime import date


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
    speaker_post: str = ""
    meeting_name: str = ""
    delivered_on: date | None = None
    opening: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    related: list = field(default_factory=list)
    teaser: RelatedEntry | None = None
    review_reasons: list = field(default_factory=list)
    # What each reason is about ("title", "headings", …): an editor who corrects that in
    # the paste preview settles the reason.
    reason_topics: dict = field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def links(self) -> list:
        """Every link the page offers: the 延伸阅读 entries, then the teaser."""
        return self.related + ([self.teaser] if self.teaser else [])

    def flag(self, reason: str, topic: str = ""):
        """Add a 需要校对 reason once."""
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)
            self.reason_topics[reason] = topic

    def settle(self, topic: str):
        """Drop the reasons about `topic`: an editor has checked it."""
        self.review_reasons = [r for r in self.review_reasons if self.reason_topics.get(r) != topic]

    def paragraphs(self) -> list:
        """Every paragraph and heading in reading order, as plain text."""
        texts = list(self.opening)
        for section in self.sections:
            if section.heading:
                texts.append(section.heading)
            texts.extend(text for _, text in section.blocks)
        return texts + list(self.closing)
