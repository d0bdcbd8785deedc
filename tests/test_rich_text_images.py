"""Issue 14, row 9: rich text shows images from the site's own media (or hosts listed in
RICH_TEXT_IMAGE_HOSTS) only. Others, tracking pixels included, are dropped on save and on
import, and the editor is told which."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from speeches.importing.pipeline import import_text
from speeches.models import Section, Speech
from speeches.sanitize import dropped_images, is_allowed_image_source, sanitize_html

from .factories import CategoryFactory, SpeechFactory
from .test_admin import inline_management, speech_form

OWN = '<img src="/media/editor/2026/11/25/4f1c.png" alt="会议现场" width="800" height="600">'
PIXEL = '<img src="https://tracker.example.com/p.gif?id=1" width="1" height="1">'


@pytest.mark.parametrize(
    "src, allowed",
    [
        ("/media/editor/2026/11/25/a.png", True),
        ("https://tracker.example.com/p.gif", False),
        ("//tracker.example.com/p.gif", False),
        ("http:tracker.example.com/p.gif", False),
        ("/\\tracker.example.com/p.gif", False),
        ("/media/../admin/logout/", False),
        ("/static/admin/img/icon.svg", False),
        ("media/editor/a.png", False),
        ("data:image/png;base64,iVBORw0KGgo=", False),
        ("https://img.example.cn/a.png", False),
    ],
)
def test_image_sources(src, allowed):
    assert is_allowed_image_source(src) is allowed


@override_settings(RICH_TEXT_IMAGE_HOSTS=["img.example.cn"])
def test_listed_hosts_are_allowed():
    assert is_allowed_image_source("https://img.example.cn/a.png")
    assert is_allowed_image_source("https://IMG.example.cn:443/a.png")
    assert not is_allowed_image_source("https://img.example.cn.evil.com/a.png")


def test_sanitizer_drops_foreign_images_whole_and_names_them():
    html = f'<p>开场{PIXEL}白</p><figure class="image">{OWN}<figcaption>现场</figcaption></figure>'
    assert sanitize_html(html) == f'<p>开场白</p><figure class="image">{OWN}<figcaption>现场</figcaption></figure>'
    assert dropped_images(html) == ["https://tracker.example.com/p.gif?id=1"]
    assert dropped_images(sanitize_html(html)) == []


@pytest.mark.django_db
def test_admin_save_drops_them_and_tells_the_editor(staff_client):
    data = speech_form(CategoryFactory(), opening=f"<p>开场白{PIXEL}</p>")
    data.update(inline_management("sections", 1))
    data.update(
        {
            "sections-0-position": "1",
            "sections-0-heading": "一",
            "sections-0-body": f'<p>正文<img src="http://cdn.example.org/x.jpg">{OWN}</p>',
        }
    )
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_add"), data, follow=True)
    warnings = [str(message) for message in response.context["messages"]]
    assert any(
        "已删除 2 张不是本站上传的图片（https://tracker.example.com/p.gif?id=1、http://cdn.example.org/x.jpg）" in text
        for text in warnings
    ), warnings
    speech = Speech.objects.get()
    assert speech.opening == "<p>开场白</p>"
    assert Section.objects.get().body == f"<p>正文{OWN}</p>"


@pytest.mark.django_db
def test_model_writes_and_the_page_never_carry_them(client):
    speech = SpeechFactory(opening=f"<p>开场白{PIXEL}</p>")
    assert "tracker.example.com" not in Speech.objects.get(pk=speech.pk).opening
    Speech.objects.filter(pk=speech.pk).update(closing=f"<p>{PIXEL}</p>")
    assert "tracker.example.com" not in Speech.objects.get(pk=speech.pk).closing
    assert "tracker.example.com" not in client.get(speech.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_imported_page_keeps_no_foreign_image(client):
    page = (Path(__file__).parent / "fixtures" / "import" / "page.html").read_text()
    page = page.replace("</p>", f"{PIXEL}</p>", 3)
    assert page.count("tracker.example.com") == 3
    outcome = import_text("page.html", page)
    assert outcome.speech is not None
    stored = Speech.objects.get()
    texts = [stored.opening, stored.closing, *stored.sections.values_list("body", flat=True)]
    assert not any("tracker.example.com" in text or "<img" in text for text in texts)
