"""Rich text on every write path (admin form, model save, bulk writes) and on the page."""

import pytest
from django.db import connection
from django.urls import reverse

from speeches.models import Section, Speech
from speeches.sanitize import sanitize_html

from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .test_admin import inline_management, speech_form
from .test_sanitize import TOOLBAR_OUTPUT
from .xss import PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db


def admin_post_with(client, category, html, title):
    data = speech_form(category, title=title, opening=html, closing=html)
    data.update(inline_management("sections", 1))
    data.update({"sections-0-position": "1", "sections-0-heading": "小标题", "sections-0-body": html})
    data.update(inline_management("related_links", 0))
    return client.post(reverse("admin:speeches_speech_add"), data)


# The corpus through the admin forms, the importer and every page: tests/security/.


def test_admin_form_keeps_toolbar_output(staff_client):
    assert admin_post_with(staff_client, CategoryFactory(), TOOLBAR_OUTPUT, "格式").status_code == 302
    speech = Speech.objects.get(title="格式")
    assert speech.opening == speech.closing == speech.sections.get().body == TOOLBAR_OUTPUT


def test_model_save_stores_no_payload():
    category = CategoryFactory()
    for payload in PAYLOADS:
        speech = Speech.objects.create(title="t", category=category, opening=payload, closing=payload)
        section = Section.objects.create(speech=speech, position=1, body=payload)
        speech.refresh_from_db()
        section.refresh_from_db()
        for stored in [speech.opening, speech.closing, section.body]:
            assert_inert(stored, payload)
        speech.delete()


def test_bulk_create_stores_no_payload():
    category = CategoryFactory()
    Speech.objects.bulk_create(
        Speech(title=f"t{i}", category=category, opening=p, closing=p) for i, p in enumerate(PAYLOADS)
    )
    speeches = list(Speech.objects.order_by("id"))
    Section.objects.bulk_create(Section(speech=s, position=1, body=p) for s, p in zip(speeches, PAYLOADS, strict=True))
    for speech, payload in zip(speeches, PAYLOADS, strict=True):
        assert_inert(speech.opening, payload)
        assert_inert(speech.closing, payload)
    for section, payload in zip(Section.objects.order_by("speech_id"), PAYLOADS, strict=True):
        assert_inert(section.body, payload)


def test_update_and_bulk_update_store_no_payload():
    section = SectionFactory()
    speech = section.speech
    for payload in PAYLOADS:
        Speech.objects.filter(pk=speech.pk).update(opening=payload)
        Section.objects.filter(pk=section.pk).update(body=payload)
        speech.refresh_from_db()
        section.refresh_from_db()
        assert_inert(speech.opening, payload)
        assert_inert(section.body, payload)
        speech.closing = payload
        Speech.objects.bulk_update([speech], ["closing"])
        speech.refresh_from_db()
        assert_inert(speech.closing, payload)


def test_page_prints_only_sanitized_html_even_for_rows_written_around_the_models(client, django_assert_max_num_queries):
    speech = SpeechFactory()
    section = SectionFactory(speech=speech, position=1)
    payloads = PAYLOADS[:60]
    raw = "".join(f"<p>第{i}段</p>{payload}" for i, payload in enumerate(payloads))
    with connection.cursor() as cursor:  # a restored dump or raw SQL: no save(), no sanitizer
        cursor.execute("UPDATE speeches_speech SET opening = %s WHERE id = %s", [raw, speech.pk])
        cursor.execute("UPDATE speeches_section SET body = %s WHERE id = %s", [raw, section.pk])
    with django_assert_max_num_queries(8):
        response = client.get(speech.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(sanitize_html(raw)) == 2  # opening and section body
    assert raw not in html
    assert "<script" not in html.lower()


def test_toolbar_output_reaches_the_page_unchanged(client):
    speech = SpeechFactory(opening=TOOLBAR_OUTPUT)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert TOOLBAR_OUTPUT in html
    assert "css/rich-text.css" in html


def test_admin_uses_the_chinese_editor_with_our_upload_view(staff_client):
    speech = SectionFactory().speech
    html = staff_client.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    for name in ["opening", "closing", "sections-0-body"]:
        assert f'id="id_{name}"' in html and f'id="id_{name}_script"' in html
    assert 'id="id_summary_script"' not in html  # plain text fields keep a plain textarea
    assert "django_ckeditor_5/dist/translations/zh-cn.js" in html
    assert "css/rich-text.css" in html
    assert f'data-upload-url="{reverse("speeches:editor_image_upload")}"' in html
    assert "WordCount" not in html
    assert '"language": "zh-cn"' in html


def test_saving_a_partly_loaded_speech_does_not_load_or_touch_its_text(django_assert_num_queries):
    speech = SpeechFactory(opening="<p>开场白</p>")
    listed = Speech.objects.for_list().get(pk=speech.pk)
    listed.is_recommended = True
    with django_assert_num_queries(1):
        listed.save(update_fields=["is_recommended"])
    speech.refresh_from_db()
    assert speech.is_recommended and speech.opening == "<p>开场白</p>"
