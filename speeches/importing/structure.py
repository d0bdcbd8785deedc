"""A speech's body to opening, numbered sections and closing (no database).

The parts come from marked-up headings when the source has them (Markdown ##, HTML h2,
Word Heading styles), else from the first numbering style that runs 1, 2, 3 … at
paragraph starts (headings.STYLES, in order of precedence).
"""

import re
from dataclasses import dataclass
from itertools import pairwise

from ..numbering import chinese_numeral
from ..punctuation import (
    COLON,
    COMMA,
    EXCLAMATION_MARK,
    IDEOGRAPHIC_COMMA,
    SEMICOLON,
    SENTENCE_END,
)
from .header import opens_with_greeting
from .headings import (
    BARE,
    LABEL,
    MAX_HEADING,
    ORDINAL_LABEL,
    PART,
    STYLES,
    SUB_LABEL,
    HeadingSplit,
    numbered_runs,
    split_heading,
    split_point,
)
from .parsed import ParsedSection
from .text import ends_paragraph, open_book_title, sentences

LABEL_STYLES = [style for style in STYLES if not style.marker_in_sentence]
# Styles whose parts hold sub-parts numbered (一)(二)….
TOP_LEVEL_STYLES = {LABEL.name, PART.name, ORDINAL_LABEL.name, BARE.name}
# Points ("1．", "首先", "一是") are the speech's parts only when they carry most of it.
MAX_OPENING_SHARE = 0.5
LONG_TEXT = 3000
# Closing words open the closing only in the last part of a speech without sections.
CLOSING_SHARE = 0.3
MAX_SUB_HEADING = 40
CLOSING_OPENERS = tuple(
    word.replace(",", COMMA).replace("!", EXCLAMATION_MARK).replace(":", COLON)
    for word in (
        "最后,",
        "最后我",
        "最后再",
        "最后强调",
        "同志们,",
        "同志们!",
        "同志们:",
        "谢谢大家",
        "谢谢!",
        "让我们",
        "各位代表!",
        "各位代表,",
        "各位委员!",
        "老师们、同学们",
        "老师们,同学们",
        "同学们,",
        "以上是",
        "以上几点",
        "以上就是",
        "总之,",
        "总而言之",
    )
)
LIST_ITEM_ENDS = SEMICOLON + COMMA + IDEOGRAPHIC_COMMA


@dataclass
class Para:
    """A paragraph of the body: its text and the layout hints that survive rejoining."""

    text: str
    heading: int = 0
    lead: str = ""

    @property
    def is_bold_line(self) -> bool:
        """A short paragraph set wholly in bold: a sub-heading."""
        return (
            bool(self.lead)
            and self.lead == self.text
            and len(self.text) <= MAX_SUB_HEADING
            and not any(mark in self.text.rstrip(SENTENCE_END) for mark in SENTENCE_END)
        )


def rejoin(paras) -> list:
    """Rejoin paragraphs the layout broke mid-sentence or inside a 《book title》."""
    joined = []
    for para in paras:
        if joined and _continues(joined[-1], para):
            joined[-1] = Para(joined[-1].text + para.text, joined[-1].heading, joined[-1].lead)
        else:
            joined.append(para)
    return joined


def _continues(previous: Para, para: Para) -> bool:
    if previous.heading or para.heading or previous.is_bold_line or opens_with_greeting(previous.text):
        return False
    if open_book_title(previous.text):
        return True
    if ends_paragraph(previous.text):
        return False
    # A short unpunctuated numbered line is a heading on a line of its own.
    if len(previous.text) <= MAX_HEADING and _starts_numbered(previous.text):
        return False
    return not _starts_numbered(para.text)


def _starts_numbered(text: str) -> bool:
    return any(style.number(text) for style in LABEL_STYLES)


def build_sections(speech, paras):
    """Fill speech.opening, .sections and .closing from the body's paragraphs."""
    if not _by_markup(speech, paras):
        _by_numbering(speech, paras)
    if not speech.sections and sum(len(p.text) for p in paras) > LONG_TEXT:
        speech.flag(f"正文超过 {LONG_TEXT} 字，但没有找到编号的部分（一、二、三……），请核对是否需要分节。", "headings")


# Parts from marked-up headings.


def _by_markup(speech, paras) -> bool:
    levels = sorted({para.heading for para in paras if para.heading})
    if not levels:
        return False
    top = levels[0]
    starts = [i for i, para in enumerate(paras) if para.heading == top]
    # "## 一" after a named part ("## 结论") is a sub-part of it.
    named = [i for i in starts if not BARE.number(paras[i].text)]
    if named:
        starts = [i for i in starts if i in named or i < named[0]]
    if len(starts) < 2:
        return False
    speech.opening = [para.text for para in paras[: starts[0]] if not para.heading]
    bounds = starts + [len(paras)]
    for start, end in pairwise(bounds):
        heading = _without_label(paras[start].text)
        speech.sections.append(ParsedSection(heading, _sub_blocks(paras[start + 1 : end], speech, True)))
    _split_last_section(speech)
    return True


# A slide script's heading label ("🎤 幻灯片 1：", "PPT 第2页："), and symbols before a heading.
SLIDE_LABEL = re.compile(rf"^(?:幻灯片|PPT|第)\s*\d+\s*(?:页|张)?\s*[{COLON}:]\s*", re.I)
LEADING_SYMBOLS = re.compile(r"^[^\w\u3400-\u9fff\uff08(\u300a\u201c]+")


def _without_label(text: str) -> str:
    """A heading's words without its number: numbering is derived from the position."""
    text = SLIDE_LABEL.sub("", LEADING_SYMBOLS.sub("", text))
    if BARE.number(text):
        return ""
    for style in (LABEL, PART, ORDINAL_LABEL, SUB_LABEL):
        found = style.number(text)
        if found:
            return found[1]
    return text


# Parts from numbering in the text.


def choose_style(paras):
    """(style, indexes of the paragraphs that start its parts, first ordinal), or (None, [], None)."""
    texts = [para.text for para in paras]
    total = sum(len(text) for text in texts) or 1
    for style in STYLES:
        begin = 0
        while True:
            starts, first = numbered_runs(texts[begin:], style)
            starts = [begin + i for i in starts]
            if not starts:
                break
            if _is_list(starts, texts, style):
                begin = starts[-1] + 1  # an agenda or an outline: the parts may follow it
                continue
            if not style.labels_heading and sum(len(t) for t in texts[: starts[0]]) > MAX_OPENING_SHARE * total:
                break  # points inside one passage, not the speech's parts
            return style, starts, first
    for style in (LABEL, PART):
        lone = _lone_part(texts, style)
        if lone is not None:
            return style, [lone], 1
    return None, [], None


def _is_list(starts, texts, style) -> bool:
    """Numbered lines with nothing between them: a list ("（一）…；（二）…；") or an outline
    of the parts to come, not the parts themselves."""
    if any(b != a + 1 for a, b in pairwise(starts)):
        return False
    items = [texts[i] for i in starts]
    if all(item.endswith(tuple(LIST_ITEM_ENDS)) for item in items[:-1]):
        return True
    later, _ = numbered_runs(texts[starts[-1] + 1 :], style)
    return bool(later)


def _lone_part(texts, style):
    """One "一、加强领导" heading on a line of its own still makes one part."""
    found = [i for i, text in enumerate(texts) if style.number(text)]
    if len(found) != 1 or style.number(texts[found[0]])[0] != 1:
        return None
    rest = style.number(texts[found[0]])[1]
    if not rest or len(rest) > MAX_HEADING or any(mark in rest for mark in SENTENCE_END + SEMICOLON):
        return None
    return found[0] if found[0] + 1 < len(texts) else None


def _by_numbering(speech, paras):
    style, starts, first = choose_style(paras)
    texts = [para.text for para in paras]
    if not style:
        speech.opening, speech.closing = _split_closing(texts)
        return
    if first == 2:
        speech.flag("编号从“二”开始，没有找到第一部分的标题，前面的文字已作为开场白，请核对。", "headings")
    speech.opening = texts[: starts[0]]
    bounds = starts + [len(paras)]
    marked = [style.number(paras[start].text)[1] for start in starts]
    if style.marker_in_sentence:
        marked = [text.lstrip(COMMA + IDEOGRAPHIC_COMMA + COLON) for text in marked]
    splits = [_split_part_heading(style, text, paras[start].lead) for start, text in zip(starts, marked, strict=True)]
    if not style.labels_heading and 2 * sum(1 for split in splits if split.heading) < len(splits):
        # Most points open with a long sentence: they are numbered paragraphs, none has a heading.
        splits = [HeadingSplit("", text, True) for text in marked]
    for number, ((start, end), split) in enumerate(zip(pairwise(bounds), splits, strict=True), start=first):
        if not split.certain:
            speech.flag(
                f"第{chinese_numeral(number)}部分的小标题在哪里结束无法确定，请核对：“{split.heading}”。", "headings"
            )
        blocks = [("p", split.rest)] if split.rest else []
        blocks += _sub_blocks(paras[start + 1 : end], speech, allow_sub=style.name in TOP_LEVEL_STYLES)
        speech.sections.append(ParsedSection(split.heading, blocks))
    if style.marker_in_sentence:
        # "一是…" / "首先…" points are one paragraph each; what follows the last one closes.
        last = speech.sections[-1]
        speech.closing = [text for _, text in last.blocks[1:]]
        last.blocks = last.blocks[:1]
    else:
        _split_last_section(speech)


def _split_part_heading(style, text, lead) -> HeadingSplit:
    """A part's heading and the text after it; a bold run opening the part is its heading."""
    if style is BARE:
        return HeadingSplit("", "", True)
    marked = style.number(lead) if lead else None
    lead_rest = marked[1] if marked else ""
    if not style.labels_heading:
        return split_point(text, lead_rest)
    if lead_rest and text.startswith(lead_rest) and len(lead_rest) <= MAX_HEADING:
        return HeadingSplit(lead_rest.rstrip(SENTENCE_END), text[len(lead_rest) :].lstrip(), True)
    return split_heading(text)


def _sub_blocks(paras, speech, allow_sub):
    """Paragraphs of a part; (一)(二) sub-parts, lower headings and bold lines become <h3>."""
    blocks = []
    expected = 1
    for para in paras:
        found = SUB_LABEL.number(para.text) if allow_sub else None
        if found and found[0] == expected:
            expected += 1
            marker = para.text[: len(para.text) - len(found[1])].strip()
            split = split_heading(found[1])
            if not split.certain:
                speech.flag(f"小标题“{marker}{split.heading}”在哪里结束无法确定，请核对。", "headings")
            blocks.append(("h3", marker + split.heading))
            if split.rest:
                blocks.append(("p", split.rest))
        elif para.heading or para.is_bold_line:
            blocks.append(("h3", para.text.rstrip(SENTENCE_END)))
        else:
            blocks.append(("p", para.text))
    return blocks


def _split_last_section(speech):
    """Closing words ("最后…", "同志们，…") often run on at the end of the last part."""
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
                speech.closing = ["".join(parts[k:])] + [t for _, t in blocks[index + 1 :]]
                speech.sections[-1].blocks = blocks[:index] + ([("p", before)] if before else [])
                return


def _split_closing(paragraphs):
    """Without numbered parts: the closing starts at the last paragraph that opens with
    closing words ("最后，…", "同志们！") near the end, never at the first paragraph."""
    total = sum(len(p) for p in paragraphs)
    seen = 0
    closing_at = None
    for index, paragraph in enumerate(paragraphs):
        if index and paragraph.startswith(CLOSING_OPENERS) and seen >= (1 - CLOSING_SHARE) * total:
            closing_at = index
            break
        seen += len(paragraph)
    if closing_at is None:
        return paragraphs, []
    return paragraphs[:closing_at], paragraphs[closing_at:]
