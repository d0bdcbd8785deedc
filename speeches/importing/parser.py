"""The structure engine: a Document (blocks of any source) to a ParsedSpeech.

Plain functions, no database. Page anatomy (docs/importing.md): site furniture and a
breadcrumb, the title with its byline, date and source lines, the speech (sometimes
printed twice, the second copy cut short), notes, the 延伸阅读 block and the footer.
"""

from itertools import pairwise

from ..catalogue import CATEGORY_TREE
from ..punctuation import COMMA, LEFT_BOOK_TITLE, RIGHT_BOOK_TITLE, SEMICOLON, SENTENCE_END
from . import furniture
from .blocks import Document, text_blocks
from .decoding import PageError
from .header import (
    TITLE_MARKER,
    derive_title,
    is_breadcrumb_like,
    is_greeting,
    is_partial_salutation,
    is_salutation,
    is_title_like,
    name_and_post,
    read_header,
    speaker_and_meeting,
    split_breadcrumb,
    split_glued_title,
    titles_agree,
)
from .html_text import looks_like_html, page_document
from .parsed import ParsedSpeech
from .related import parse_teaser, split_entry
from .structure import Para, build_sections, rejoin
from .text import cjk_count, ends_sentence, squeeze, tidy_spaces

MAX_TITLE = 120
MIN_BODY_CHARS = 50
# A title glued to the speech ("…的讲话同志们：今天…") stands among a page's first lines.
GLUED_TITLE_REACH = 6
# A paragraph of prose: a sentence of its own, or a long line.
MIN_PROSE = 20
# How far below a salutation the speech's prose must begin (sidebars have none).
SALUTATION_REACH = 8
# A line up to this long that looks like site furniture but was kept is worth a look.
FURNITURE_SUSPECT_LENGTH = 40
FURNITURE_WORDS = (
    "点击",
    "浏览次数",
    "本站",
    "版权",
    "扫码",
    "二维码",
    "公众号",
    "关注我们",
    "阅读原文",
    "责任编辑",
    "来源：",
    "转载",
)
CLAUSE_MARKS = SENTENCE_END + COMMA + SEMICOLON


def catalogue_names() -> set:
    names = set()
    for name, _slug, children in CATEGORY_TREE:
        names.add(name)
        names.update(child for child, _ in children)
    return names


def parse_page(text: str, known_categories=None) -> ParsedSpeech:
    """Parse a page given as text: HTML, Markdown or plain text."""
    document = page_document(text) if looks_like_html(text) else Document(text_blocks(text))
    return parse_document(document, known_categories)


def parse_document(document: Document, known_categories=None) -> ParsedSpeech:
    """Parse one document. Raises PageError (Chinese message) when there is no speech in it."""
    known = set(known_categories or ()) | catalogue_names()
    blocks = _clean_blocks(document.blocks)
    marker_title, start = _body_start(blocks)
    if start is None:
        raise PageError("页面中没有找到讲话正文。")
    end, related_lines = _body_end(blocks, start)
    header = read_header(blocks[:start], marker_title)
    body = _body_blocks(blocks[start:end])

    speech = ParsedSpeech(title="")
    paragraphs = rejoin(_drop_furniture(speech, _choose_copy(speech, body, header.title)))
    if sum(len(p.text) for p in paragraphs) < MIN_BODY_CHARS:
        raise PageError("页面中没有找到讲话正文。")
    _take_header(speech, header, document.title_hints, document.notes, paragraphs)
    _read_breadcrumb(speech, [header.breadcrumb, *document.breadcrumbs], known)
    build_sections(speech, paragraphs)
    _read_related(speech, related_lines)
    return speech


def _clean_blocks(blocks):
    """Junk links dropped from every line; a title glued to the speech's first words split off."""
    cleaned = []
    for block in blocks:
        if not block.rule:
            block.text = furniture.strip_junk(block.text)
            if not block.text:
                continue
        before_speech = len(cleaned) < GLUED_TITLE_REACH and not any(_is_prose(b) for b in cleaned)
        glued = split_glued_title(block.text) if before_speech and not block.rule else None
        if glued:
            cleaned.extend(_derived_block(block, text) for text in glued)
            continue
        cleaned.append(block)
    return cleaned


def _derived_block(block, text):
    return type(block)(text, heading=block.heading, centered=block.centered)


# Where the speech starts and ends.


def _body_start(blocks):
    """(title from a 文章标题 marker, index of the speech's first block), or (…, None)."""
    for index, block in enumerate(blocks):
        marker = TITLE_MARKER.search(block.text)
        if marker:
            return marker.group("title").strip(), index
    prose = next((i for i, block in enumerate(blocks) if _is_prose(block) and not _is_furniture(block.text)), None)
    if prose is None:
        return "", None
    # A salutation above the first prose opens the speech ("同志们：" on a line of its own).
    start = next(
        (i for i, block in enumerate(blocks[: prose + 1]) if is_salutation(block.text) and _prose_follows(blocks, i)),
        prose,
    )
    while start > 0 and is_partial_salutation(blocks[start - 1].text):
        start -= 1
    return "", _with_leading_headings(blocks, start)


def _is_prose(block) -> bool:
    """A sentence of its own, or a long line with clauses (a title runs long with none)."""
    text = block.text
    return not block.heading and (
        (ends_sentence(text) and len(text) >= MIN_PROSE)
        or (len(text) >= 2 * MIN_PROSE and cjk_count(text) >= MIN_PROSE and any(mark in text for mark in CLAUSE_MARKS))
    )


def _is_furniture(text) -> bool:
    return (
        furniture.is_dropped_line(text)
        or furniture.is_editor_note(text)
        or furniture.is_summary_line(text)
        or furniture.ends_article(text)
        or parse_teaser(text) is not None
    )


def _prose_follows(blocks, index) -> bool:
    """A salutation opens the speech when prose follows it (or is glued to it)."""
    if len(blocks[index].text) >= 2 * MIN_PROSE:
        return True
    for block in blocks[index + 1 : index + 1 + SALUTATION_REACH]:
        if _is_prose(block) or is_greeting(block.text) or is_salutation(block.text):
            return True
        if furniture.ends_article(block.text):
            return False
    return False


def _with_leading_headings(blocks, index):
    """Move the start back over the speech's own first heading ("## 引言", and a date
    line, a cue or a label under it): they belong to the body, not to the page's header."""
    levels = [block.heading for block in blocks if block.heading]
    title_level = min(levels) if levels else 0
    start = probe = index
    while probe > 0:
        previous = blocks[probe - 1]
        if previous.heading and previous.heading > title_level:
            start = probe = probe - 1
        elif previous.rule or furniture.is_dropped_line(previous.text) or furniture.date_line(previous.text)[0]:
            probe -= 1  # passed over only if a body heading stands above it
        else:
            break
    return start


def _body_end(blocks, start):
    """(index where the speech ends, the 延伸阅读 lines after it)."""
    for index in range(start + 1, len(blocks)):
        text = blocks[index].text
        related = furniture.RELATED_HEADING.match(text)
        if related:
            return index, _related_lines(blocks, index, related.group("rest"))
        if furniture.ends_article(text):
            return index, []
    return len(blocks), []


def _related_lines(blocks, index, rest):
    lines = [rest] if rest else []
    for block in blocks[index + 1 :]:
        if furniture.ends_article(block.text):
            break
        if block.text:
            lines.append(block.text)
    return lines


def _body_blocks(blocks):
    """The speech's blocks, a book's notes (after a rule, or 注释) cut off."""
    for index, block in enumerate(blocks):
        following = next((b.text for b in blocks[index + 1 :] if b.text), "")
        if block.rule and following and furniture.starts_notes(following, _next_text(blocks, index + 1)):
            return blocks[:index], True
        if not block.rule and furniture.NOTES_HEADING.match(block.text) and index > 0:
            return blocks[:index], True
    return blocks, False


def _next_text(blocks, index):
    return next((b.text for b in blocks[index + 1 :] if b.text), "")


# Copies of the body, furniture, title and header.


def _choose_copy(speech, body, title):
    """Paragraphs of the longest body copy (pages print the speech twice, split at each
    文章标题 marker or where the first paragraph repeats)."""
    blocks, had_notes = body
    copies = [[]]
    for block in blocks:
        if block.rule:
            continue
        marker = TITLE_MARKER.search(block.text)
        if marker:
            leftover = _without_book_title(block.text[: marker.start()].strip(), title)
            if leftover:
                copies[-1].append(Para(leftover))
            copies.append([])
            continue
        text = _without_book_title(block.text, title)
        if text and text != title:
            copies[-1].append(Para(text, block.heading, block.lead))
    copies = [copy for copy in copies if copy]
    if len(copies) == 1:
        copies = _split_repeated(copies[0])
    if not copies:
        return []
    longest = max(copies, key=lambda copy: len(_squeezed(copy)))
    whole = _squeezed(longest)
    if any(not whole.startswith(_squeezed(copy)) for copy in copies):
        speech.flag("正文印了不止一份且内容不一致，已保留最长的一份，请核对。", "copies")
    if had_notes:
        longest = [Para(furniture.strip_note_marks(p.text), p.heading, p.lead) for p in longest]
    return longest


def _without_book_title(text, title):
    quoted = f"{LEFT_BOOK_TITLE}{title}{RIGHT_BOOK_TITLE}"
    return text[len(quoted) :].strip() if title and text.startswith(quoted) else text


def _squeezed(paras) -> str:
    return squeeze("".join(para.text for para in paras))


def _split_repeated(paras):
    """Without 文章标题 markers, a body printed twice starts again with its first line."""
    if not paras:
        return []
    key = paras[0].text[:30]
    starts = [i for i, para in enumerate(paras) if i and len(key) >= 10 and para.text.startswith(key)]
    bounds = [0] + starts + [len(paras)]
    return [paras[a:b] for a, b in pairwise(bounds) if paras[a:b]]


def _drop_furniture(speech, paras):
    """Source, byline and preview lines dropped wherever they stand; an editor's note or a
    repeated title at the top dropped; lines that still look like furniture flagged."""
    kept = []
    for position, para in enumerate(paras):
        text = para.text
        if furniture.is_dropped_line(text) and len(text) <= 2 * FURNITURE_SUSPECT_LENGTH:
            continue
        if position < 3 and (
            furniture.is_editor_note(text) or furniture.is_occasion_note(text) or furniture.is_summary_line(text)
        ):
            continue
        if not kept:
            text = furniture.DATELINE_PREFIX.sub("", text)
            if not text:
                continue
        if (
            len(text) <= FURNITURE_SUSPECT_LENGTH
            and any(word in text for word in FURNITURE_WORDS)
            and not ends_sentence(text)
        ):
            speech.flag(f"保留了一行像是网站附加内容的文字：“{text}”，请核对是否应删除。", "furniture")
        kept.append(Para(text, para.heading, para.lead))
    return kept


def _take_header(speech, header, hints, notes, paragraphs):
    speech.title = header.title
    speech.speaker, speech.speaker_post = header.speaker, header.speaker_post
    speech.meeting_name, speech.delivered_on = header.meeting_name, header.delivered_on
    speech.source_note = " ".join(header.notes or notes)
    speech.teaser = header.teaser
    named = next((found for found in map(name_and_post, hints) if found), None)
    if not speech.title:
        speech.title = _hint_title(hints, named)
        if speech.title:
            header.title_source = "hint"
    if not speech.title:
        speech.title = derive_title([p.text for p in paragraphs if not p.heading])
        speech.flag(f"页面上没有标题，标题“{speech.title}”是根据正文推断的，请核对。", "title")
    elif header.title_source == "page" and hints and not any(titles_agree(speech.title, hint) for hint in hints):
        speech.flag(f"页面标题“{hints[0]}”与正文上方的标题“{speech.title}”不一致，请核对标题。", "title")
    speech.title = " ".join(speech.title.split())[:MAX_TITLE]
    title_speaker, title_meeting = speaker_and_meeting(speech.title)
    if named and not speech.speaker:
        speech.speaker, speech.speaker_post = named[0], speech.speaker_post or named[1]
    speech.speaker = speech.speaker or title_speaker
    speech.meeting_name = speech.meeting_name or title_meeting


def _hint_title(hints, named) -> str:
    if named:
        return named[2]
    return next((hint for hint in hints if is_title_like(hint)), "")


def _read_breadcrumb(speech, candidates, known):
    """The first line that is a breadcrumb: marked as one (当前位置：, arrows), or a line
    above the title that splits into this site's 栏目 names (the seed's first line)."""
    for line in filter(None, candidates):
        site, path, certain = split_breadcrumb(line, known)
        if certain or is_breadcrumb_like(line):
            speech.source_name, speech.category_path = site, path
            return


def _read_related(speech, lines):
    seen = {speech.title}
    for line in lines:
        entry, certain = split_entry(tidy_spaces(line))
        if not certain:
            speech.flag(f"延伸阅读条目的标题在哪里结束无法确定：“{line[:30]}”。", "related")
        if entry.title in seen:
            continue
        seen.add(entry.title)
        speech.related.append(entry)
