"""Issue 14, row 4: feed titles and descriptions are plain text HTML-escaped exactly once,
so a feed reader that renders them as HTML shows "<script>" instead of running it."""

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from speeches.feeds import feed_html

from .factories import CategoryFactory, SpeechFactory

pytestmark = pytest.mark.django_db

TITLE = '关于<script>alert("标题")</script>的讲话 & 问答'
SUMMARY = "正文提到 <img src=x onerror=alert(1)> 和 &lt;b&gt; 以及 A&B。"


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def as_html(fragment):
    """What a feed reader that treats the field as HTML builds: (elements, visible text)."""
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser.tags, "".join(parser.text)


def test_feed_html_escapes_once():
    assert feed_html("A&B <i>") == "A&amp;B &lt;i&gt;"
    assert feed_html("A&amp;B") == "A&amp;amp;B"  # the text really says "&amp;"


@pytest.mark.parametrize("feed", ["latest", "category"])
def test_feed_fields_read_as_html_show_the_text_and_run_nothing(client, feed):
    category = CategoryFactory(name="<b>栏目</b>", slug="lanmu")
    SpeechFactory(title=TITLE, summary=SUMMARY, category=category, speaker="<i>讲话人</i>")
    url = reverse("speeches:feed") if feed == "latest" else reverse("speeches:category-feed", kwargs={"slug": "lanmu"})
    channel = ElementTree.fromstring(client.get(url).content).find("channel")
    item = channel.find("item")
    for field, text in [("title", TITLE), ("description", SUMMARY)]:
        tags, shown = as_html(item.findtext(field))
        assert tags == [], field
        assert shown == text, field
    if feed == "category":
        assert as_html(channel.findtext("title")) == ([], "讲稿库 · <b>栏目</b>")
