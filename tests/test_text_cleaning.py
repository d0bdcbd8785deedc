"""Issue 14, row 3: control characters never reach the database, whoever writes (admin
form, importer, bulk writes, QuerySet.update, taggit), and feeds built from such titles
used to answer 500."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from speeches.cleaning import clean_text
from speeches.importing.pipeline import import_text
from speeches.models import Category, Meeting, RelatedArticle, Section, Speech

from .factories import CategoryFactory, SpeechFactory
from .test_admin import inline_management, speech_form

PAGE = Path(__file__).parent / "fixtures" / "import" / "no_sections.txt"
CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))


def test_clean_text_drops_controls_and_keeps_real_text():
    text = "同志们：\u3000今天\t召开\r\n会议。\u200f😀"
    assert clean_text(text + CONTROLS + "\ud800\ufffe\uffff") == text
    assert clean_text("标题\n第二行\t尾", multiline=False) == "标题 第二行 尾"
    assert clean_text("") == "" and clean_text(None) is None


pytestmark = pytest.mark.django_db


def test_every_write_path_stores_clean_text():
    category = CategoryFactory(name="栏目\x01名")
    speech = Speech.objects.create(title="标题\x0b一", category=category, opening="<p>开\x08场</p>", speaker="王\x1f某")
    Section.objects.create(speech=speech, position=1, heading="小\x00标题", body="<p>正\x7f文</p>")
    Speech.objects.bulk_create([Speech(title="批量\x01", category=category, summary="摘\x02要")])
    Speech.objects.filter(pk=speech.pk).update(summary="更新\x03摘要")
    Meeting.objects.create(name="会议\x04", summary="简\x05介")
    RelatedArticle.objects.create(from_speech=speech, target_title="待\x06关联", target_excerpt="摘\x07")
    speech.tags.add("标\x0e签")
    stored = [
        *Speech.objects.values_list("title", "opening", "speaker", "summary"),
        *Section.objects.values_list("heading", "body"),
        *Category.objects.values_list("name"),
        *Meeting.objects.values_list("name", "summary"),
        *RelatedArticle.objects.values_list("target_title", "target_excerpt"),
        *Tag.objects.values_list("name", "slug"),
    ]
    text = "".join(value for row in stored for value in row)
    assert not set(text) & set(CONTROLS), stored
    assert Speech.objects.get(pk=speech.pk).title == "标题一"
    assert Tag.objects.get().name == "标签"


def test_admin_form_and_importer_store_clean_titles(staff_client):
    data = speech_form(CategoryFactory(), title="在\x0b会议上的讲话", speaker="王\x01某")
    data.update(inline_management("sections", 0))
    data.update(inline_management("related_links", 0))
    assert staff_client.post(reverse("admin:speeches_speech_add"), data).status_code == 302
    assert Speech.objects.get().title == "在会议上的讲话"
    page = PAGE.read_text().replace("董事长在公司2020年年会上的致辞", "董事长在公司\x01年会上的\x08致辞")
    outcome = import_text("page.txt", page)
    assert outcome.speech is not None and outcome.speech.title == "董事长在公司年会上的致辞"


@pytest.mark.parametrize("url", ["/rss/", "CATEGORY_FEED"])
def test_feeds_of_speeches_with_control_characters_are_valid_xml(client, url):
    speech = SpeechFactory(title="讲话")
    # Written around the models, as rows stored before cleaning existed were.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE speeches_speech SET title = %s, summary = %s, speaker = %s WHERE id = %s",
            ["控制\x0b字符\x01标题", "摘\x08要", "讲\x1f者", speech.pk],
        )
    if url == "CATEGORY_FEED":
        url = reverse("speeches:category-feed", kwargs={"slug": speech.category.slug})
    response = client.get(url)
    assert response.status_code == 200
    item = ElementTree.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == "控制字符标题"
    assert item.findtext("description") == "摘要"
