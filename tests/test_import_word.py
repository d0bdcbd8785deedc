"""Word .docx files through the same engine (no database): documents the test builds with
python-docx, the way editors receive speeches."""

import io

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from speeches.importing.decoding import PageError
from speeches.importing.pipeline import parse_source, read_source
from speeches.importing.word import is_docx

OPENING = "今天我们召开全县经济工作会议，主要任务是总结去年的工作，安排部署今年的经济工作。下面，我讲两点意见。"
PART_ONE = "一年来，全县上下团结一心，攻坚克难，经济运行总体平稳，主要指标好于预期，发展质量稳步提升。"
PART_TWO = "今年是实施“十四五”规划的关键一年，我们要坚持稳中求进工作总基调，统筹发展和安全，全力以赴稳增长。"


def _revision(tag, text, run_text_tag="w:t"):
    """A tracked change (w:ins / w:del) holding one run."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), "1")
    change.set(qn("w:author"), "审稿人")
    change.set(qn("w:date"), "2024-01-10T00:00:00Z")
    run = OxmlElement("w:r")
    text_element = OxmlElement(run_text_tag)
    text_element.text = text
    run.append(text_element)
    change.append(run)
    return change


def speech_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("在全县经济工作会议上的讲话", style="Title")
    document.add_paragraph("县长\u3000王明")
    document.add_paragraph("同志们：")
    edited = document.add_paragraph("今天我们召开")
    edited._p.append(_revision("w:ins", "全县经济工作"))
    edited._p.append(_revision("w:del", "删掉的旧说法", "w:delText"))
    commented = edited.add_run("会议，主要任务是总结去年的工作，安排部署今年的经济工作。下面，我讲两点意见。")
    document.add_comment(commented, text="这句话请再斟酌", author="审稿人")
    document.add_heading("一、认清形势，坚定信心", level=2)
    point = document.add_paragraph()
    point.add_run("（一）成绩来之不易。").bold = True
    point.add_run(PART_ONE)
    document.add_paragraph("加强组织领导", style="List Number")
    document.add_paragraph("强化督查考核", style="List Number")
    document.add_heading("二、突出重点，狠抓落实", level=2)
    document.add_paragraph(PART_TWO)
    document.add_paragraph("同志们，新的一年任务艰巨，让我们齐心协力，为全县经济高质量发展作出新的更大贡献！")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def speech():
    data = speech_document()
    assert is_docx(data)
    return parse_source(read_source("讲话.docx", data))


def test_word_title_speaker_and_parts(speech):
    assert speech.title == "在全县经济工作会议上的讲话"
    assert (speech.speaker, speech.speaker_post) == ("王明", "县长")
    assert [section.heading for section in speech.sections] == ["认清形势，坚定信心", "突出重点，狠抓落实"]
    assert speech.closing[0].startswith("同志们，新的一年任务艰巨")


def test_word_bold_sub_heading_and_numbered_list(speech):
    blocks = speech.sections[0].blocks
    assert blocks[0] == ("h3", "（一）成绩来之不易")
    assert blocks[1] == ("p", PART_ONE)
    # Word's automatic numbering arrives as a list; its items keep their numbers.
    assert [text for _, text in blocks[2:]] == ["1．加强组织领导", "2．强化督查考核"]


def test_word_comments_and_tracked_deletions_are_left_out(speech):
    text = "".join(speech.paragraphs())
    assert "这句话请再斟酌" not in text and "删掉的旧说法" not in text
    assert speech.opening == ["同志们：", OPENING]  # the tracked insertion kept


def test_a_broken_or_legacy_word_file_says_why():
    with pytest.raises(PageError) as raised:
        read_source("讲话.docx", b"PK\x03\x04 not really a zip file")
    assert str(raised.value) == "这个 .docx 文件无法打开（不是有效的 Word 文件）。"
