"""The XSS corpus (tests/fixtures/xss_payloads.txt) through every write path, then read back
where people see it: the public pages, the admin and the RSS feeds.

Write paths: the admin forms of speeches (every text field, its sections, 延伸阅读 and
tags), meetings and 栏目; the importer (.html and .txt pages); the admin's 粘贴全文 page
(pasted text, and the clipboard's HTML that paste.js sends). Every stored rich-text value must be inert
(tests/xss.py), every HTML page must carry no live markup (markup.py), and feed titles and
descriptions, read as HTML, must hold no element at all.

The corpus runs in chunks (the admin path one payload a test) so that each test stays under a
few seconds; add payloads to the fixture file.
"""

from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from speeches.importing.pipeline import import_text
from speeches.importing.writer import FAILED
from speeches.models import Category, Meeting, Speech

from ..test_admin import inline_management, speech_form
from ..xss import PAYLOADS, assert_inert
from .markup import assert_no_live_markup

pytestmark = pytest.mark.django_db

CHUNK = 3
CHUNKS = [PAYLOADS[start : start + CHUNK] for start in range(0, len(PAYLOADS), CHUNK)]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"

PASTE_PAGE = "admin:speeches_speech_paste"


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def assert_feed_is_plain(response, where):
    """Each title and description, read as HTML by a feed reader, holds no element."""
    assert response.status_code == 200, where
    for item in ElementTree.fromstring(response.content).iter("item"):
        for field in ("title", "description"):
            parser = _Elements()
            parser.feed(item.findtext(field) or "")
            assert parser.tags == [], (where, field, item.findtext(field))


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.context and response.context.get("errors"))
    return response


def write_through_the_admin(client, index, payload):
    """A 栏目, a meeting and a published speech with the payload in every text field."""
    admin_post(
        client,
        reverse("admin:speeches_category_add"),
        {
            "name": f"栏目{index}{payload[:40]}",
            "slug": f"xss-{index}",
            "parent": "",
            "position": "0",
            "description": payload,
        },
    )
    admin_post(
        client,
        reverse("admin:speeches_meeting_add"),
        {
            "name": f"会议{index}{payload[:150]}",
            "date": "",
            "organizer": payload[:190],
            "place": payload[:190],
            "summary": payload,
        },
    )
    data = speech_form(
        Category.objects.get(slug=f"xss-{index}"),
        Meeting.objects.latest("id"),
        title=f"讲话{index}{payload[:150]}",
        speaker=payload[:90],
        speaker_post=payload[:190],
        summary=payload,
        opening=payload,
        closing=payload,
        source_name=payload[:90],
        source_note=payload[:290],
        tags=payload[:60].replace(",", " ") or "标签",
    )
    data.update(inline_management("sections", 1))
    data.update({"sections-0-position": "1", "sections-0-heading": payload[:290], "sections-0-body": payload})
    data.update(inline_management("related_links", 1))
    data.update(
        {
            "related_links-0-position": "1",
            "related_links-0-to_speech": "",
            "related_links-0-target_title": payload[:190],
            "related_links-0-target_excerpt": payload,
            "related_links-0-kind": "1",
        }
    )
    admin_post(client, reverse("admin:speeches_speech_add"), data)
    speech = Speech.objects.latest("id")
    # Published the one way there is: the workflow's 发布 button.
    client.post(reverse("admin:speeches_speech_workflow", args=[speech.pk]), {"transition": "publish"})
    return speech


def assert_speech_reads_safely(client, speech, payload):
    speech.refresh_from_db()
    for stored in [speech.opening, speech.closing, *speech.sections.values_list("body", flat=True)]:
        assert_inert(stored, payload)
    # Lists (home, changelists, feeds) are read once per chunk by the caller.
    pages = [
        speech.get_absolute_url(),
        speech.category.get_absolute_url(),
        speech.meeting.get_absolute_url(),
        reverse("speeches:search") + "?" + f"q={payload[:50]}",
        *(f"/tag/{tag.slug}/" for tag in speech.tags.all()[:2]),
        reverse("admin:speeches_speech_change", args=[speech.pk]),
        reverse("admin:speeches_meeting_change", args=[speech.meeting_id]),
        reverse("admin:speeches_category_change", args=[speech.category_id]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400), (url, payload)
        assert_no_live_markup(response, (url, payload))


# The admin path writes three forms and reads fourteen pages per payload: one payload a test
# keeps each test within a few seconds.
@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_admin_forms_store_and_show_no_live_markup(staff_client, index):
    payload = PAYLOADS[index]
    speech = write_through_the_admin(staff_client, index, payload)
    assert_speech_reads_safely(staff_client, speech, payload)
    for url in [
        reverse("speeches:home"),
        reverse("admin:speeches_speech_changelist"),
        reverse("admin:speeches_meeting_changelist"),
        reverse("admin:taggit_tag_changelist"),
        reverse("admin:speeches_speech_workflow", args=[speech.pk]),
        reverse("admin:speeches_speech_history", args=[speech.pk]),
    ]:
        assert_no_live_markup(staff_client.get(url), url)
    assert_feed_is_plain(staff_client.get(reverse("speeches:feed")), "rss")


def html_page(payload):
    page = (FIXTURES / "page.html").read_text()
    page = page.replace("局长在全市防汛工作会议上的讲话", f"局长在全市防汛工作会议上的讲话{payload}", 2)
    return page.replace("</p>", f"{payload}</p>", 2)


def text_page(payload):
    page = (FIXTURES / "no_sections.txt").read_text()
    return page.replace("董事长在公司2020年年会上的致辞", f"董事长在公司2020年年会上的致辞{payload}").replace(
        "大家晚上好!", f"大家晚上好!{payload}"
    )


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
def test_imported_pages_store_and_show_no_live_markup(staff_client, admin_user, chunk):
    for payload in CHUNKS[chunk]:
        for name, page in [("page.html", html_page(payload)), ("page.txt", text_page(payload))]:
            outcome = import_text(name, page, publish=True, editor=admin_user)
            if outcome.speech is None:  # e.g. an unclosed <script> swallowed the page: said, not stored
                assert outcome.status == FAILED and outcome.message, (name, payload)
                continue
            speech = outcome.speech
            for stored in [speech.opening, speech.closing, *speech.sections.values_list("body", flat=True)]:
                assert_inert(stored, payload)
            # The public page; the admin form's rendering of stored text is read in the admin test.
            response = staff_client.get(speech.get_absolute_url())
            assert response.status_code == 200, (speech.pk, payload)
            assert_no_live_markup(response, (speech.pk, payload))
    assert_feed_is_plain(staff_client.get(reverse("speeches:feed")), "rss")
    assert_no_live_markup(staff_client.get(reverse("speeches:home")), "home")


def paste(client, field, pasted):
    """The paste page: preview, then save with the fields the preview proposes."""
    preview = client.post(reverse(PASTE_PAGE), {field: pasted, **({"text": ""} if field == "html" else {})})
    assert preview.status_code == 200
    assert_no_live_markup(preview, ("paste preview", pasted[:40]))
    if "token" not in preview.context:  # nothing to save (the page said why)
        return None
    form = preview.context["form"]
    data = {"token": preview.context["token"], **{name: form[name].value() or "" for name in form.fields}}
    data["category"] = ""
    saved = client.post(reverse(PASTE_PAGE), data)
    assert saved.status_code in (200, 302)
    return Speech.objects.order_by("-id").first() if saved.status_code == 302 else None


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
def test_pasted_text_and_clipboard_html_store_and_show_no_live_markup(staff_client, chunk):
    for payload in CHUNKS[chunk]:
        for field, pasted in [("text", text_page(payload)), ("html", html_page(payload))]:
            speech = paste(staff_client, field, pasted)
            if speech is None:
                continue
            for stored in [speech.opening, speech.closing, *speech.sections.values_list("body", flat=True)]:
                assert_inert(stored, payload)
            # The public template (as the staff preview); the admin form is read in the admin test.
            url = reverse("admin:speeches_speech_preview", args=[speech.pk])
            response = staff_client.get(url)
            assert response.status_code == 200, (url, payload)
            assert_no_live_markup(response, (url, payload))
            speech.delete()  # the next paste of the same page is not a duplicate
