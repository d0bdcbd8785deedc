"""下载 Word: the speech as a .docx in 公文 style, read back with python-docx; and 打印."""

import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from speeches.docx_export import build_docx, html_paragraphs, speech_blocks

from .factories import SectionFactory, SpeechFactory

OPENING = "<p>同志们：</p><p>今天我们召开全市经济工作会议。</p>"
BODY_ONE = "<p>（一）坚持稳中求进。这是做好经济工作的方法论。</p><p>要把握好&ldquo;稳&rdquo;与&ldquo;进&rdquo;的关系。<br>第二行。</p>"
BODY_TWO = "<ul><li>第一项任务</li><li>第二项任务</li></ul>"
CLOSING = "<p>谢谢大家！</p>"

# The speech's text after its title lines, paragraph by paragraph, as the .docx must hold it.
BODY_TEXTS = [
    "同志们：",
    "今天我们召开全市经济工作会议。",
    "一、稳中求进",
    "（一）坚持稳中求进。这是做好经济工作的方法论。",
    "要把握好“稳”与“进”的关系。",
    "第二行。",
    "二、重点任务",
    "第一项任务",
    "第二项任务",
    "谢谢大家！",
]


def east_asia(run):
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_html_paragraphs_split_blocks_and_decode_entities():
    assert html_paragraphs(BODY_ONE) == [
        "（一）坚持稳中求进。这是做好经济工作的方法论。",
        "要把握好“稳”与“进”的关系。",
        "第二行。",
    ]
    assert html_paragraphs(BODY_TWO) == ["第一项任务", "第二项任务"]
    assert html_paragraphs("") == [] and html_paragraphs("<p> </p>") == []


def test_docx_is_set_in_official_document_style():
    blocks = speech_blocks(OPENING, [("一、稳中求进", BODY_ONE), ("二、重点任务", BODY_TWO)], CLOSING)
    document = Document(io.BytesIO(build_docx("在全市经济工作会议上的讲话", "市长　张三", blocks)))
    paragraphs = document.paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    assert texts == ["在全市经济工作会议上的讲话", "市长　张三", *BODY_TEXTS]
    title = paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.name == "宋体"
    assert title.runs[0].font.bold and title.runs[0].font.size == Pt(22)
    body = paragraphs[3]
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    heading = paragraphs[4]
    assert east_asia(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    subheading = paragraphs[5]
    assert [(run.text, east_asia(run)) for run in subheading.runs] == [
        ("（一）坚持稳中求进。", "楷体"),
        ("这是做好经济工作的方法论。", "仿宋_GB2312"),
    ]
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(node.text or "" for node in footer._p.iter(qn("w:instrText")))
    assert round(document.sections[0].page_width.cm, 1) == 21.0


@pytest.mark.django_db
def test_word_download_has_the_speech_text_exactly(client):
    speech = SpeechFactory(
        title="在全市经济工作会议上的讲话",
        opening=OPENING,
        closing=CLOSING,
        speaker="张三",
        speaker_post="市长",
        delivered_on=date(2024, 3, 2),
    )
    SectionFactory(speech=speech, position=1, heading="稳中求进", body=BODY_ONE)
    SectionFactory(speech=speech, position=2, heading="重点任务", body=BODY_TWO)
    page = client.get(speech.get_absolute_url()).content.decode()
    url = reverse("speeches:word", kwargs={"pk": speech.pk})
    assert f'href="{url}" download>下载 Word</a>' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('在全市经济工作会议上的讲话.docx')}" in disposition
    texts = [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[:2] == ["在全市经济工作会议上的讲话", "市长　张三　2024年3月2日"]
    assert texts[2:] == BODY_TEXTS


@pytest.mark.django_db
def test_word_file_is_cached_per_version(client, django_assert_max_num_queries):
    speech = SpeechFactory(title="第一版")
    SectionFactory(speech=speech, position=1, body="<p>原来的正文。</p>")
    url = reverse("speeches:word", kwargs={"pk": speech.pk})
    first = client.get(url).content
    assert client.get(url).content == first  # the same version: the cached file
    speech.refresh_from_db()
    speech.title = "第二版"
    speech.save()
    second = Document(io.BytesIO(client.get(url).content))
    assert second.paragraphs[0].text == "第二版"


@pytest.mark.django_db
def test_word_download_is_404_for_drafts_and_unknown_speeches(client):
    draft = SpeechFactory(draft=True)
    for pk in (draft.pk, 999999):
        response = client.get(reverse("speeches:word", kwargs={"pk": pk}))
        assert response.status_code == 404 and "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_print_button_and_print_stylesheet(client):
    from django.contrib.staticfiles import finders

    speech = SpeechFactory()
    for position in range(1, 5):
        SectionFactory(speech=speech, position=position, body="<p>" + "正文" * 1000 + "</p>")
    page = client.get(speech.get_absolute_url()).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    assert '<script src="/static/js/print.js" defer></script>' in page
    full_url = reverse("speeches:full", kwargs={"pk": speech.pk})
    # From a reading page the button prints the full text; on the full text, the page itself.
    assert f'class="button print-button" data-full-url="{full_url}" hidden>打印</button>' in page
    assert 'class="button print-button" hidden>打印</button>' in client.get(full_url).content.decode()
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    hidden = re.search(r"([^{}]+)\{\s*display: none !important;", css).group(1)
    for part in (".site-header", ".site-footer", ".side-column", ".speech-tools", ".reading-pages"):
        assert part in hidden
    assert "仿宋_GB2312" in css and "方正小标宋简体" in css and "黑体" in css and "break-after: avoid-page" in css
