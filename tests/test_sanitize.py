"""The sanitizer as a plain function (no database)."""

import pytest
from django.template import Context, Template

from speeches.generation import TextGenerator, as_html
from speeches.sanitize import is_external, sanitize_html

from .xss import PAYLOADS, assert_inert, problems

# What the editor's toolbar produces (taken from CKEditor 5's getData() output).
TOOLBAR_OUTPUT = (
    "<h3>(一)提高政治站位</h3>"
    "<h4>1. 统一思想</h4>"
    "<p>同志们:<strong>信访工作</strong>是<i>群众工作</i>。<br>要切实加强。</p>"
    "<ul><li>一是数量多</li><li>二是越级上访多</li></ul>"
    "<ol><li>第一</li><li>第二</li></ol>"
    "<blockquote><p>大闹大解决,小闹小解决。</p></blockquote>"
    '<p><a href="/speech/12/">本站讲话</a>、<a href="mailto:bgs@example.gov.cn">来信</a>、'
    '<a href="https://www.gov.cn/zhengce/" rel="noopener nofollow">外站政策</a></p>'
    '<figure class="table"><table><thead><tr><th>年份</th><th>人次</th></tr></thead>'
    '<tbody><tr><td>2003</td><td>120</td></tr><tr><td colspan="2">合计</td></tr></tbody></table></figure>'
    '<figure class="image"><img src="/media/editor/2026/11/25/4f1c.png" alt="会议现场" width="800" height="600">'
    "<figcaption>会议现场</figcaption></figure>"
    '<p>行内图片<img src="/media/editor/2026/11/25/4f1d.webp" alt="" width="20" height="20"></p>'
)


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_the_sanitizer(payload):
    assert_inert(sanitize_html(payload), payload)


def test_the_inertness_check_catches_raw_payloads():
    # The checker is not vacuous: it flags (almost) every payload before sanitizing.
    flagged = [payload for payload in PAYLOADS if problems(payload)]
    assert len(flagged) >= 0.9 * len(PAYLOADS)


def test_toolbar_output_is_kept_unchanged():
    assert sanitize_html(TOOLBAR_OUTPUT) == TOOLBAR_OUTPUT


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<a href="https://evil.example/">x</a>', '<a href="https://evil.example/" rel="noopener nofollow">x</a>'),
        ('<a href="//evil.example/">x</a>', '<a href="//evil.example/" rel="noopener nofollow">x</a>'),
        (
            '<a href="http://a.cn/?q=1&amp;p=2" rel="opener">x</a>',
            '<a href="http://a.cn/?q=1&amp;p=2" rel="noopener nofollow">x</a>',
        ),
        ('<a href="/speech/3/" rel="nofollow">x</a>', '<a href="/speech/3/">x</a>'),
        ('<a href="#section-2">x</a>', '<a href="#section-2">x</a>'),
        ('<a href="https://a.cn/" target="_blank">x</a>', '<a href="https://a.cn/" rel="noopener nofollow">x</a>'),
    ],
)
def test_links_to_other_sites_get_rel(html, expected):
    assert sanitize_html(html) == expected


def test_is_external():
    assert is_external("https://www.gov.cn/")
    assert is_external("//cdn.example/x")
    assert is_external("http:evil.example")
    assert is_external("/\\evil.example/")
    assert is_external("/\t/evil.example/")
    assert not is_external("/speech/1/")
    assert not is_external("#section-2")
    assert not is_external("mailto:a@b.cn")


def test_styles_classes_and_ids_are_dropped_but_text_kept():
    html = '<p style="position:fixed" class="x" id="main">通知<span style="display:none">隐藏</span></p>'
    assert sanitize_html(html) == "<p>通知隐藏</p>"


def test_scripts_and_styles_lose_their_content_too():
    assert sanitize_html("<p>甲</p><script>var a = 1;</script><style>p{}</style><p>乙</p>") == "<p>甲</p><p>乙</p>"


def test_empty_and_none_become_empty_string():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


def test_generator_output_is_a_fixed_point():
    # The generator's paragraphs are plain text in <p>: sanitizing leaves them as they are.
    speech = TextGenerator(seed=11).speech("全市工作会议", 4000)
    for paragraphs in [speech.opening, speech.closing, *[s.paragraphs for s in speech.sections]]:
        html = as_html(paragraphs)
        assert sanitize_html(html) == html


@pytest.mark.parametrize("payload", PAYLOADS[:40])
def test_rich_text_filter_prints_only_sanitized_html(payload):
    rendered = Template("{% load rich_text %}{{ html|rich_text }}").render(Context({"html": payload}))
    assert_inert(rendered, payload)


def test_rich_text_filter_keeps_toolbar_output():
    rendered = Template("{% load rich_text %}{{ html|rich_text }}").render(Context({"html": TOOLBAR_OUTPUT}))
    assert rendered == TOOLBAR_OUTPUT
