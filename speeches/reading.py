"""Reading helpers for the speech page: split a long speech into pages at section
boundaries, plan what each reading page prints (sections, table of contents, page
links), and cut plain-text excerpts out of stored HTML. Plain functions, no database."""

import re
from dataclasses import dataclass

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


SENTENCE_END = re.compile(r"[。！？；!?;]")
LIST_SUMMARY_CHARACTERS = 80


def list_summary(summary: str, opening: str, length: int = LIST_SUMMARY_CHARACTERS) -> str:
    """A list row's 摘要: the summary (plain text), else the opening's first sentence (HTML),
    at most `length` characters with … when cut."""
    if summary and summary.strip():
        return shorten(summary, length)
    text = plain_text(opening or "")
    end = SENTENCE_END.search(text)
    return shorten(text[: end.end()] if end else text, length)


def related_excerpt(link) -> str:
    """The excerpt under a 延伸阅读 entry: its target's summary, else the start of its text
    (a link from `SpeechQuerySet.for_detail`, which reads `lead_section`)."""
    target = link.to_speech
    return excerpt(target.summary or f"{target.opening} {link.lead_section or ''}")


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


@dataclass(frozen=True)
class ReadingPlan:
    """What one reading page (or the full text, `number` None) of a speech prints.

    `shown` are the indexes of the sections on it; `contents` pairs every section with
    the URL of its anchor on its own reading page; `pages` pairs every page number with
    its URL. The plan is built from the parts' sizes and the speech's URL rules only.
    """

    number: int | None
    shown: range
    show_opening: bool
    show_closing: bool
    contents: list
    pages: list
    previous_url: str | None
    next_url: str | None
    full_url: str


def reading_plan(sections, section_sizes, opening_size, page_url, full_url, number=1, full=False):
    """The plan for page `number` (or the full text when `full`), or None when no such page.

    `sections` have `.anchor`; `page_url(n)` is reading page n's URL (speech.get_page_url).
    """
    pages = split_into_pages(section_sizes, opening_size)
    if not full and not 1 <= number <= len(pages):
        return None
    current = None if full else number
    page_of_section = {index: page for page, indexes in enumerate(pages, start=1) for index in indexes}

    def anchor_url(index):
        page = page_of_section[index]
        here = "" if full or page == number else page_url(page)
        return f"{here}#{sections[index].anchor}"

    return ReadingPlan(
        number=current,
        shown=range(len(sections)) if full else pages[number - 1],
        show_opening=full or number == 1,
        show_closing=full or number == len(pages),
        contents=[(section, anchor_url(index)) for index, section in enumerate(sections)],
        pages=[(page, page_url(page)) for page in range(1, len(pages) + 1)],
        previous_url=None if full or number == 1 else page_url(number - 1),
        next_url=None if full or number == len(pages) else page_url(number + 1),
        full_url=full_url,
    )
