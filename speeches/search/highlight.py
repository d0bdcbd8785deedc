"""Highlighted titles and excerpts for search results (plain functions, no database).

Matching runs on the raw text and every piece is HTML-escaped on its own, so a term can
never match inside an escaped entity and no markup from the text survives.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from speeches.sanitize import text_content

EXCERPT_CHARS = 120
# How much of the excerpt comes before the first match.
LEAD_CHARS = 30


def _pattern(terms):
    terms = [term for term in terms if term]
    if not terms:
        return None
    ordered = sorted(set(terms), key=lambda term: (-len(term), term))
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def match_spans(text: str, terms) -> list[tuple[int, int]]:
    """(start, end) offsets of each occurrence of a term in `text`, in order, never overlapping."""
    pattern = _pattern(terms)
    return [match.span() for match in pattern.finditer(text)] if pattern else []


def mark(text: str, spans) -> str:
    """`text` escaped, with each span wrapped in <mark>."""
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def highlight(text: str, terms) -> str:
    """`text` escaped, with each occurrence of a term wrapped in <mark>."""
    return mark(text, match_spans(text, terms))


def excerpt_window(text: str, terms, length: int = EXCERPT_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """About `length` characters of `text` around the first match, as plain text, and the
    offsets of the matches in it. Without a match it is the beginning of the text. An
    ellipsis marks each cut end."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - LEAD_CHARS) if match else 0
    start = max(0, min(start, len(text) - length))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    window = prefix + text[start : start + length]
    spans = [(begin, end) for begin, end in match_spans(window, terms) if begin >= len(prefix)]
    return window + suffix, spans


def excerpt(text: str, terms, length: int = EXCERPT_CHARS) -> str:
    """About `length` characters of `text` around the first match, highlighted (excerpt_window)."""
    window, spans = excerpt_window(text, terms, length)
    return mark(window, spans)


def text_through_first_match(fragments, terms, length: int = EXCERPT_CHARS) -> str:
    """The text of HTML `fragments` joined by spaces, read only as far as an excerpt
    around the first match needs (a long speech is not converted whole for 120 characters).
    """
    pattern = _pattern(terms)
    text = ""
    for fragment in fragments:
        text = f"{text} {text_content(fragment)}" if text else text_content(fragment)
        match = pattern.search(text) if pattern else None
        if match and len(text) > match.start() + length:
            break
    return text


@dataclass(frozen=True)
class Hit:
    """A result row: the speech, its title and an excerpt around the first match in its
    text, each with the offsets of the query's terms (what the API gives) and as HTML with
    <mark>s (what the page prints)."""

    speech: object
    title: str
    title_highlights: list[tuple[int, int]]
    excerpt: str
    excerpt_highlights: list[tuple[int, int]]

    @property
    def title_html(self):
        return mark(self.title, self.title_highlights)

    @property
    def excerpt_html(self):
        return mark(self.excerpt, self.excerpt_highlights)


def speech_hit(speech, terms) -> Hit:
    """The Hit for a speech from `load_search_results` (which reads its sections' bodies)."""
    fragments = [speech.opening, *speech.section_bodies, speech.closing]
    window, spans = excerpt_window(text_through_first_match(fragments, terms), terms)
    return Hit(speech, speech.title, match_spans(speech.title, terms), window, spans)
