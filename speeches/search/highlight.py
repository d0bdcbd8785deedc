"""Highlighted titles and excerpts for search results (plain functions, no database).

Matching runs on the raw text and every piece is HTML-escaped on its own, so a term can
never match inside an escaped entity and no markup from the text survives.
"""

import re

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


def highlight(text: str, terms) -> str:
    """`text` escaped, with each occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def excerpt(text: str, terms, length: int = EXCERPT_CHARS) -> str:
    """About `length` characters of `text` around the first match, highlighted.

    Without a match it is the beginning of the text. An ellipsis marks each cut end.
    """
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - LEAD_CHARS) if match else 0
    start = max(0, min(start, len(text) - length))
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + highlight(window, terms) + suffix)


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


def speech_hit(speech, terms) -> dict:
    """A result row: the speech, its highlighted title, and an excerpt around the first
    match in its text (a speech from `load_search_results`, which reads its sections' bodies)."""
    fragments = [speech.opening, *speech.section_bodies, speech.closing]
    return {
        "speech": speech,
        "title": highlight(speech.title, terms),
        "excerpt": excerpt(text_through_first_match(fragments, terms), terms),
    }
