"""Reading helpers for the speech page: split a long speech into pages at section
boundaries, and cut plain-text excerpts out of stored HTML. Plain functions, no database."""

import re

from .sanitize import text_content

PAGE_CHARACTERS = 3000
WHITESPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Readable text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return WHITESPACE.sub(" ", text_content(fragment)).strip()


def shorten(text: str, length: int = 60) -> str:
    """The first `length` characters of plain text, spaces collapsed, with … when cut."""
    text = WHITESPACE.sub(" ", text or "").strip()
    return text if len(text) <= length else text[:length].rstrip() + "…"


def excerpt(fragment: str, length: int = 60) -> str:
    """The first `length` characters of an HTML fragment's text, with … when cut."""
    return shorten(text_content(fragment), length)


def split_into_pages(section_sizes: list[int], opening_size: int = 0, target: int = PAGE_CHARACTERS) -> list[range]:
    """Group sections into reading pages of about `target` characters.

    Returns one range of section indexes per page. Pages break only between sections;
    the opening counts towards the first page (the closing simply ends the last). A page
    closes once it holds `target` characters, or before a section that would push it
    past `target` when it already holds half of that (so no page is a crumb) or when
    that section is a page's worth on its own.
    """
    if not section_sizes:
        return [range(0)]
    pages = []
    start, size = 0, opening_size
    for index, section_size in enumerate(section_sizes):
        page_has_sections = index > start
        overflows = size + section_size > target
        if page_has_sections and (size >= target or (overflows and (size >= target // 2 or section_size >= target))):
            pages.append(range(start, index))
            start, size = index, 0
        size += section_size
    pages.append(range(start, len(section_sizes)))
    return pages
