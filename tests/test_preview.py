"""Staff preview of unpublished speeches and unsaved changes: staff only, marked, never cached."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from reversion.models import Version

from speeches.models import Section, Speech

from .factories import CategoryFactory, RelatedArticleFactory, SectionFactory, SpeechFactory
from .workflow_helpers import add_form_data, change_form_data, management

pytestmark = pytest.mark.django_db


def preview_url(speech):
    return reverse("admin:speeches_speech_preview", args=[speech.pk])


def assert_never_cached(response):
    cache_control = response.headers["Cache-Control"]
    for directive in ["no-cache", "no-store", "max-age=0"]:
        assert directive in cache_control
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_preview_a_draft_as_readers_would_see_it(editor, django_assert_max_num_queries):
    speech = SpeechFactory(draft=True, title="尚未发布的讲话")
    SectionFactory(speech=speech, position=1, heading="总体要求")
    RelatedArticleFactory(from_speech=speech, to_speech=SpeechFactory(draft=True, title="另一篇草稿"))
    with django_assert_max_num_queries(12):
        response = editor.get(preview_url(speech))
    assert response.status_code == 200
    assert "speeches/speech_detail.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "预览：本文尚未对读者公开。" in page
    assert "尚未发布的讲话" in page and "一、总体要求" in page
    assert "另一篇草稿" not in page  # 延伸阅读 shows what readers would get
    assert_never_cached(response)


def test_preview_is_for_staff_only(client):
    speech = SpeechFactory(draft=True)
    assert client.get(preview_url(speech)).status_code == 302  # to the admin login
    reader = User.objects.create_user("reader", password="x")
    client.force_login(reader)
    response = client.get(preview_url(speech))
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert client.get(speech.get_absolute_url()).status_code == 404


def test_preview_of_an_unsaved_change_leaves_nothing_behind(editor):
    speech = SpeechFactory(title="已保存的标题")
    SectionFactory(speech=speech, position=1, heading="已保存的小标题")
    data = change_form_data(speech, title="改了还没保存的标题", **{"sections-0-heading": "改过的小标题"})
    data.update(
        {
            **management("sections", 2, 1),
            "sections-1-position": "",
            "sections-1-heading": "新加的一节",
            "sections-1-body": "<p>新内容。</p>",
        }
    )
    versions_before = Version.objects.count()
    response = editor.post(preview_url(speech), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "预览：未保存的修改" in page
    assert "改了还没保存的标题" in page and "一、改过的小标题" in page and "二、新加的一节" in page
    assert_never_cached(response)
    speech.refresh_from_db()
    assert speech.title == "已保存的标题"
    assert list(speech.sections.values_list("heading", flat=True)) == ["已保存的小标题"]
    assert Version.objects.count() == versions_before
    assert not speech.lock_version


def test_preview_of_a_new_speech_before_its_first_save(editor):
    data = add_form_data(CategoryFactory(), sections=[("第一节", "")], title="还没保存的新讲话", tags="")
    response = editor.post(reverse("admin:speeches_speech_preview_new"), data)
    assert response.status_code == 200
    assert "还没保存的新讲话" in response.content.decode()
    assert not Speech.objects.exists() and not Section.objects.exists()


def test_preview_of_an_invalid_form_names_the_field(editor):
    speech = SpeechFactory()
    response = editor.post(preview_url(speech), change_form_data(speech, title=""))
    assert response.status_code == 400
    # Django's wording, or DRF's (its zh_Hans catalog, loaded with the API, says 该字段).
    assert re.search("标题:(这个|该)字段是必填项。", response.content.decode())


def test_change_form_offers_the_unsaved_preview_button(editor):
    speech = SpeechFactory(draft=True)
    page = editor.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    assert f'formaction="{preview_url(speech)}"' in page
