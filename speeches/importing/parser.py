"""A scraped speech page (text or HTML) to a ParsedSpeech: plain functions, no database.

Page anatomy (see docs/importing.md): breadcrumb, title, date/editor line, a teaser for
another article, "文章标题:" and the body (often printed twice, the second copy cut
short), navigation junk, the 延伸阅读 block and footer words.
"""

import re

from ..catalogue import CATEGORY_TREE
from ..numbering import chinese_numeral
from .decoding import PageError
from .headings import MAX_HEADING, STYLES, SUB_STYLE, choose_style, split_heading
from .html_text import html_to_text, looks_like_html
from .parsed import ParsedSection, ParsedSpeech
from .related import parse_teaser, split_entry
from .text import (
    SENTENCE_END,
    ends_paragraph,
    full_width_punctuation,
    open_book_title,
    sentences,
    tidy_spaces,
)

TITLE_MARKER = re.compile(r"文章标题[::]\s*(?P<title>.+)$")
RELATED_HEADING = re.compile(r"^延伸阅读[::]?\s*(?P<rest>.*)$")
FOOTER = re.compile(r"^(?:推荐阅读|图文推荐|栏目列表|相关文章|相关推荐|热门文章|猜你喜欢|上一篇|下一篇|返回顶部|返回列表)")
# Page links and empty link brackets the layout leaves inside the text ("12全文查看", "[]").
JUNK = re.compile(r"(?:\d\s*){1,8}全文查看|全文查看|\[\s*\]|【\s*】|上一页|下一页")
JUNK_HINTS = ("全文查看", "[", "【", "一页")
SOURCE_LINE = re.compile(
    r"^(?:(?:\d{4}[-年/.])?\d{1,2}[-月/.]\d{1,2}日?(?:\s|$)|(?:发布时间|时间|来源|作者|编辑)[::])"
)
BREADCRUMB_PREFIX = re.compile(r"^(?:当前位置|您现在的位置|您的位置|位置)[::]\s*")
BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:>|>|»|›|→|/|\|)\s*")
SITE_NAME = re.compile(r"^(?P<site>.+?(?:网站|网|之家|在线|文库))(?P<rest>.+)$")
HOME_WORDS = {"首页", "主页", "网站首页"}
SALUTATIONS = ("同志们", "各位", "尊敬的", "大家好", "亲爱的")
CLOSING_OPENERS = (
    "最后,", "最后我", "最后再", "最后强调", "同志们,", "同志们!", "同志们:", "谢谢大家", "让我们",
)
TITLE_SPEAKER_MEETING = re.compile(
    r"^(?P<speaker>[^在]{0,30}?)在(?P<meeting>.{2,80}?(?:会议|大会|会|座谈会|年会|典礼|论坛|仪式|培训班|研讨班))"
    r"(?:上|中)的.{1,10}$"
)
MAX_TITLE = 120
# Numbering that labels a part (一、 第一、 (一) 1.), as opposed to words inside a sentence.
LABEL_STYLES = [style for style in STYLES if not style.marker_in_sentence]
MIN_BODY_CHARS = 50
MAX_CATEGORY_LEVELS = 2


def catalogue_names() -> set:
    names = set()
    for name, _slug, children in CATEGORY_TREE:
        names.add(name)
        names.update(child for child, _ in children)
    return names


def parse_page(text: str, known_categories=None) -> ParsedSpeech:
    """Parse one page. Raises PageError (Chinese message) when there is no speech in it."""
    known = set(known_categories or ()) | catalogue_names()
    if looks_like_html(text):
        text = html_to_text(text)
    lines = [line.strip() for line in full_width_punctuation(text).split("\n")]
    lines = [line for line in lines if line]

    body_end, related_lines = _related_block(lines)
    header, title, body_lines = _split_header(lines[:body_end])
    if not title:
        raise PageError("页面中没有找到标题。")
    speech = ParsedSpeech(title=title[:MAX_TITLE])
    _read_header(speech, header, known)

    paragraphs = _choose_copy(speech, body_lines)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        raise PageError("页面中没有找到讲话正文。")
    _structure(speech, paragraphs)
    _read_title(speech)
    _read_related(speech, related_lines)
    return speech


def _related_block(lines):
    """Where the body ends, and the 延伸阅读 entry lines (footer words dropped)."""
    related_at = next((i for i, line in enumerate(lines) if RELATED_HEADING.match(line)), None)
    footer_at = next((i for i, line in enumerate(lines) if FOOTER.match(line)), len(lines))
    if related_at is None or related_at > footer_at:
        return footer_at, []
    entries = []
    rest = RELATED_HEADING.match(lines[related_at]).group("rest")
    if rest:
        entries.append(rest)
    for line in lines[related_at + 1:]:
        if FOOTER.match(line):
            break
        entries.append(line)
    return related_at, entries


def _is_title_like(line: str) -> bool:
    return (
        len(line) <= MAX_TITLE
        and not any(mark in line for mark in SENTENCE_END)
        and not ends_paragraph(line)
        and not line.startswith(SALUTATIONS)
    )


def _split_header(lines):
    """(header lines, title, body lines). "文章标题:" marks the body when present."""
    marker_at = next((i for i, line in enumerate(lines) if TITLE_MARKER.search(line)), None)
    if marker_at is not None:
        title = TITLE_MARKER.search(lines[marker_at]).group("title").strip()
        return lines[:marker_at], title, lines[marker_at:]
    header = []
    for line in lines:
        if parse_teaser(line) or SOURCE_LINE.match(line) or _is_title_like(line):
            header.append(line)
            continue
        break
    titles = [line for line in header if _is_title_like(line) and not SOURCE_LINE.match(line)]
    titles = [line for line in titles if not parse_teaser(line)]
    if not titles:
        return header, "", lines[len(header):]
    title = titles[-1]
    if len(titles) == 1 and BREADCRUMB_SEPARATOR.search(title):
        return header, "", lines[len(header):]
    return header, title, lines[len(header):]


def _read_header(speech, header, known):
    notes = []
    breadcrumb = None
    for line in header:
        teaser = parse_teaser(line)
        if teaser:
            speech.teaser = teaser
        elif SOURCE_LINE.match(line):
            notes.append(line)
        elif line != speech.title and breadcrumb is None and _is_title_like(line):
            breadcrumb = line
    speech.source_note = " ".join(notes)
    if breadcrumb is None:
        speech.review_reasons.append("页面没有栏目路径,已放入“待分类”。")
        return
    site, path, certain = split_breadcrumb(breadcrumb, known)
    speech.source_name, speech.category_path = site, path
    if not certain:
        speech.review_reasons.append(f"栏目路径“{breadcrumb}”无法拆分,请核对栏目。")


def split_breadcrumb(line: str, known: set):
    """(site name, category path, certain) from "site > 栏目 > 子栏目" (separators optional)."""
    line = BREADCRUMB_PREFIX.sub("", line)
    parts = [part for part in BREADCRUMB_SEPARATOR.split(line) if part]
    if len(parts) >= 2:
        site = "" if parts[0] in HOME_WORDS else parts[0]
        path = [part for part in parts[1:] if part not in HOME_WORDS]
        return site, _two_levels(path), bool(path)
    match = SITE_NAME.match(line)
    site, rest = (match.group("site"), match.group("rest")) if match else ("", line)
    if rest in known:
        return site, [rest], True
    for cut in range(1, len(rest)):
        if rest[:cut] in known and rest[cut:] in known:
            return site, [rest[:cut], rest[cut:]], True
    return site, [rest], False


def _two_levels(path):
    return [path[0], path[-1]] if len(path) > MAX_CATEGORY_LEVELS else path


def _clean_line(line: str, title: str) -> str:
    if any(hint in line for hint in JUNK_HINTS):
        line = JUNK.sub("", line)
    line = line.replace(f"《{title}》", "") if line.startswith(f"《{title}》") else line
    return tidy_spaces(line)


def _copies(body_lines, title):
    """The body copies printed on the page, each a list of cleaned lines."""
    copies = [[]]
    for line in body_lines:
        marker = TITLE_MARKER.search(line)
        if marker:
            leftover = _clean_line(line[: marker.start()], title)
            if leftover:
                copies[-1].append(leftover)
            copies.append([])
            continue
        cleaned = _clean_line(line, title)
        if cleaned and cleaned != title:
            copies[-1].append(cleaned)
    copies = [copy for copy in copies if copy]
    if len(copies) == 1:
        copies = _split_repeated(copies[0])
    return copies


def _split_repeated(lines):
    """Without "文章标题:" markers, a body printed twice starts again with its first line."""
    if not lines:
        return []
    key = lines[0][:30]
    starts = [i for i, line in enumerate(lines) if i and len(key) >= 10 and line.startswith(key)]
    bounds = [0] + starts + [len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:]) if lines[a:b]]


def rejoin(lines):
    """Rejoin paragraphs the layout broke mid-sentence or inside a 《book title》."""
    paragraphs = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    if open_book_title(previous):
        return True
    if ends_paragraph(previous):
        return False
    # A short unpunctuated numbered line is a heading on a line of its own.
    if len(previous) <= MAX_HEADING and _starts_numbered(previous):
        return False
    return not _starts_numbered(line)


def _starts_numbered(line: str) -> bool:
    return any(style.number(line) for style in LABEL_STYLES)


def _normalized(paragraphs) -> str:
    return re.sub(r"\s+", "", "".join(paragraphs))


def _choose_copy(speech, body_lines):
    copies = [rejoin(copy) for copy in _copies(body_lines, speech.title)]
    if not copies:
        return []
    longest = max(copies, key=lambda copy: len(_normalized(copy)))
    whole = _normalized(longest)
    if any(not whole.startswith(_normalized(copy)) for copy in copies):
        speech.review_reasons.append("正文印了不止一份且内容不一致,已保留最长的一份,请核对。")
    return longest


def _structure(speech, paragraphs):
    style, starts = choose_style(paragraphs)
    if not style:
        speech.opening, speech.closing = _split_closing(paragraphs)
        return
    speech.opening = paragraphs[: starts[0]]
    bounds = starts + [len(paragraphs)]
    for number, (start, end) in enumerate(zip(bounds, bounds[1:]), start=1):
        _, text = style.number(paragraphs[start])
        if style.marker_in_sentence:
            text = text.lstrip(",、:")
        split = split_heading(text)
        if not split.certain:
            speech.review_reasons.append(f"第{chinese_numeral(number)}部分的小标题在哪里结束无法确定,请核对:“{split.heading}”。")
        blocks = [("p", split.rest)] if split.rest else []
        blocks += _sub_blocks(paragraphs[start + 1: end], speech, allow_sub=style.name in {"一、", "第一、"})
        speech.sections.append(ParsedSection(split.heading, blocks))
    if style.marker_in_sentence:
        # "一是…" / "首先…" points are one paragraph each; what follows the last one closes.
        last = speech.sections[-1]
        speech.closing = [text for _, text in last.blocks[1:]]
        last.blocks = last.blocks[:1]
    else:
        _split_last_section(speech)


def _sub_blocks(paragraphs, speech, allow_sub):
    """Paragraphs of a part; (一)(二) sub-parts become <h3> sub-headings."""
    blocks = []
    expected = 1
    for paragraph in paragraphs:
        found = SUB_STYLE.number(paragraph) if allow_sub else None
        if found and found[0] == expected:
            expected += 1
            marker = paragraph[: len(paragraph) - len(found[1])].strip()
            split = split_heading(found[1])
            if not split.certain:
                speech.review_reasons.append(f"小标题“{marker}{split.heading}”在哪里结束无法确定,请核对。")
            blocks.append(("h3", marker + split.heading))
            if split.rest:
                blocks.append(("p", split.rest))
        else:
            blocks.append(("p", paragraph))
    return blocks


def _split_last_section(speech):
    """Closing words ("最后…", "同志们,…") often run on at the end of the last part."""
    blocks = speech.sections[-1].blocks
    last_heading = max((i for i, (tag, _) in enumerate(blocks) if tag == "h3"), default=0)
    for index in range(last_heading, len(blocks)):
        tag, text = blocks[index]
        if tag != "p":
            continue
        parts = sentences(text)
        for k, sentence in enumerate(parts):
            if (k or index > last_heading or last_heading) and sentence.startswith(CLOSING_OPENERS):
                before = "".join(parts[:k])
                speech.closing = ["".join(parts[k:])] + [t for _, t in blocks[index + 1:]]
                speech.sections[-1].blocks = blocks[:index] + ([("p", before)] if before else [])
                return


def _split_closing(paragraphs):
    """Without numbered parts: closing paragraphs at the end, never the first paragraph."""
    for index, paragraph in enumerate(paragraphs):
        if index and paragraph.startswith(CLOSING_OPENERS):
            return paragraphs[:index], paragraphs[index:]
    return paragraphs, []


def _read_title(speech):
    match = TITLE_SPEAKER_MEETING.match(speech.title)
    if match:
        speech.speaker = match.group("speaker")
        speech.meeting_name = match.group("meeting")


def _read_related(speech, lines):
    seen = {speech.title}
    for line in lines:
        entry, certain = split_entry(tidy_spaces(line))
        if not certain:
            speech.review_reasons.append(f"延伸阅读条目的标题在哪里结束无法确定:“{line[:30]}”。")
        if entry.title in seen:
            continue
        seen.add(entry.title)
        speech.related.append(entry)
