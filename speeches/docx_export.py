"""A speech as a Word file in 公文 style (GB/T 9704 layout), built with python-docx.

Plain functions, no database: `speech_blocks()` turns the stored parts into paragraphs,
`build_docx()` sets them, `cached_speech_docx()` keeps the file in the cache per version
(the download view, and the job that pre-renders it on publish):

- title: 方正小标宋简体 (宋体 where that font is missing), bold, 22 pt (二号), centred;
- body: 仿宋_GB2312 16 pt (三号), first line indented by two characters, 28 pt lines;
- 一、 headings in 黑体, （一） headings in 楷体 (the heading sentence only);
- A4 with the standard margins, page numbers "— N —" centred in the footer.
"""

import io
import re

from django.core.cache import cache
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .sanitize import text_content

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(14)
LINE_SPACING = Pt(28)
INDENT = BODY_SIZE * 2  # two characters
NO_SPACE = Pt(0)

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|tr)>|<br\s*/?>", re.I)
HEADING = re.compile(r"^[一二三四五六七八九十百]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十百]+）[^。！？]*[。！？]?")


def html_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of stored rich text, as plain text, empty ones dropped."""
    pieces = BLOCK_END.split(fragment or "")
    texts = (re.sub(r"\s+", " ", text_content(piece)).strip() for piece in pieces)
    return [text for text in texts if text]


def speech_blocks(opening: str, sections, closing: str) -> list[tuple[str, str]]:
    """[("heading" | "paragraph", text)] in reading order; `sections` are (heading, body HTML)
    with the heading already numbered (一、…)."""
    blocks = [("paragraph", text) for text in html_paragraphs(opening)]
    for heading, body in sections:
        if heading:
            blocks.append(("heading", heading))
        blocks.extend(("paragraph", text) for text in html_paragraphs(body))
    blocks.extend(("paragraph", text) for text in html_paragraphs(closing))
    return blocks


def build_docx(title: str, byline: str, blocks) -> bytes:
    """The .docx file's bytes: the title, an optional byline (speaker, date) and the blocks."""
    document = Document()
    _page_setup(document)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(title)
    _font(run, TITLE_FONT, TITLE_SIZE, bold=True, latin=TITLE_FALLBACK)
    _spacing(paragraph, after=Pt(14))
    if byline:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(byline), SUBHEADING_FONT, BODY_SIZE)
        _spacing(paragraph)
    for kind, text in blocks:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = INDENT
        _spacing(paragraph)
        head = SUBHEADING.match(text)
        if kind == "heading" or HEADING.match(text):
            _font(paragraph.add_run(text), HEADING_FONT, BODY_SIZE)
        elif head:
            _font(paragraph.add_run(head.group()), SUBHEADING_FONT, BODY_SIZE)
            if text[head.end() :]:
                _font(paragraph.add_run(text[head.end() :]), BODY_FONT, BODY_SIZE)
        else:
            _font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), TITLE_FALLBACK, PAGE_NUMBER_SIZE)
    _page_field(footer.add_run())
    _font(footer.runs[-1], TITLE_FALLBACK, PAGE_NUMBER_SIZE)
    _font(footer.add_run(" —"), TITLE_FALLBACK, PAGE_NUMBER_SIZE)


def _page_field(run):
    """A PAGE field: Word fills in each page's number."""
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _font(run, name, size, bold=False, latin=None):
    run.font.size = size
    run.font.bold = bold
    run.font.name = latin or name
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _spacing(paragraph, after=NO_SPACE):
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = LINE_SPACING
    paragraph_format.space_before, paragraph_format.space_after = NO_SPACE, after


def speech_docx(speech) -> bytes:
    """The Word file of a speech loaded with its sections (SpeechQuerySet.for_detail())."""
    sections = [(f"{section.label}{section.heading}", section.body) for section in speech.sections.all()]
    delivered = (
        f"{speech.delivered_on.year}年{speech.delivered_on.month}月{speech.delivered_on.day}日"
        if speech.delivered_on
        else ""
    )
    byline = "　".join(part for part in (speech.speaker_post, speech.speaker, delivered) if part)
    return build_docx(speech.title, byline, speech_blocks(speech.opening, sections, speech.closing))


DOCX_CACHE_SECONDS = 86400  # the key names the version: an edit makes a new file


def cached_speech_docx(speech) -> bytes:
    """speech_docx(speech), built once per version of the speech and kept in the cache."""
    key = f"docx:{speech.pk}:{speech.lock_version}:{speech.updated_at.timestamp()}"
    return cache.get_or_set(key, lambda: speech_docx(speech), DOCX_CACHE_SECONDS)
