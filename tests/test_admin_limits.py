"""Issue 14, row 5: limits are form errors that name the problem, never a 500: a tag longer
than its 100 characters, and a speech whose title and text are another's (the unique
content hash), which links to the speech already holding them."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from speeches.models import Speech

from .factories import CategoryFactory
from .test_admin import inline_management, speech_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:speeches_speech_add")


def post_speech(client, category, **fields):
    data = speech_form(category, **fields)
    data.update(inline_management("sections", 1))
    data.update({"sections-0-position": "1", "sections-0-heading": "提高认识", "sections-0-body": "<p>正文一。</p>"})
    data.update(inline_management("related_links", 0))
    return client.post(ADD_URL, data)


def test_a_tag_over_100_characters_is_a_form_error(staff_client):
    long_tag = "很长的标签" * 21  # 105 characters
    response = post_speech(staff_client, CategoryFactory(), tags=f"信访, {long_tag}")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert errors == [f"标签最多 100 个字，“{long_tag[:20]}…”有 105 个字，请缩短。"]
    assert not Speech.objects.exists() and not Tag.objects.exists()


def test_a_tag_of_exactly_100_characters_is_kept(staff_client):
    tag = "标" * 100
    assert post_speech(staff_client, CategoryFactory(), tags=tag).status_code == 302
    assert Speech.objects.get().tags.get().name == tag


def test_a_duplicate_of_another_speech_is_a_form_error_linking_to_it(staff_client):
    category = CategoryFactory()
    assert post_speech(staff_client, category).status_code == 302
    original = Speech.objects.get()
    # Same title and text; layout differences do not make it new (the hash ignores them).
    response = post_speech(staff_client, category, opening="<p>同志们:</p>\n", tags="别的标签")
    assert response.status_code == 200
    html = response.content.decode()
    link = reverse("admin:speeches_speech_change", args=[original.pk])
    assert f'与已有讲话稿<a href="{link}">“{original.title}”</a>的标题和正文完全相同' in html
    assert Speech.objects.count() == 1


def test_editing_a_speech_without_changing_it_is_not_a_duplicate_of_itself(staff_client):
    from .workflow_helpers import change_form_data, change_url

    assert post_speech(staff_client, CategoryFactory()).status_code == 302
    speech = Speech.objects.get()
    response = staff_client.post(change_url(speech), change_form_data(speech))
    assert response.status_code == 302
