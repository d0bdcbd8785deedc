"""The admin's 粘贴全文 page: paste, check the split, correct it, save one draft."""

import pytest
from django.urls import reverse
from reversion.models import Version

from speeches.audit import audit_trail
from speeches.models import Speech

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

PASTE_URL = "admin:speeches_speech_paste"
OPENING = "同志们：今天我们召开全县经济工作会议，主要任务是总结去年的工作，安排部署今年的经济工作。下面，我讲两点意见。"
PART_ONE = "一年来，全县上下团结一心，攻坚克难，经济运行总体平稳，主要指标好于预期，发展质量稳步提升。"
PART_TWO = "今年是实施“十四五”规划的关键一年，我们要坚持稳中求进工作总基调，统筹发展和安全，全力以赴稳增长。"
PASTED = "\n".join(["在全县经济工作会议上的讲话", OPENING, "一、认清形势", PART_ONE, "二、突出重点", PART_TWO])


def preview(client, **data):
    response = client.post(reverse(PASTE_URL), data)
    assert response.status_code == 200
    return response


def test_the_changelist_offers_paste_to_editors(editor):
    html = editor.get(reverse("admin:speeches_speech_changelist")).content.decode()
    assert reverse(PASTE_URL) in html and "粘贴全文" in html
    page = editor.get(reverse(PASTE_URL))
    assert page.status_code == 200 and 'name="text"' in page.content.decode()


def test_nothing_pasted_is_a_form_error_that_names_the_field(editor):
    response = preview(editor, text="  ")
    assert response.context["form"].errors == {"text": ["请先粘贴讲话稿全文。"]}
    assert not Speech.objects.exists()


def test_text_with_no_speech_in_it_says_why_and_writes_nothing(editor):
    response = preview(editor, text="推荐阅读\n栏目列表")
    assert response.context["form"].errors == {"text": ["页面中没有找到讲话正文。"]}
    assert not Speech.objects.exists()


def test_paste_preview_then_save_one_draft_with_corrections(editor):
    response = preview(editor, text=PASTED)
    html = response.content.decode()
    assert "在全县经济工作会议上的讲话" in html and "一、认清形势" in html and "二、突出重点" in html
    assert "全县经济工作会议" in html  # the meeting, read from the title
    assert not Speech.objects.exists()  # nothing written before saving
    category = CategoryFactory(name="讲话稿")
    token = response.context["token"]
    saved = editor.post(
        reverse(PASTE_URL),
        {
            "token": token,
            "title": "县长在全县经济工作会议上的讲话",
            "speaker": "王明",
            "speaker_post": "县长",
            "meeting_name": "全县经济工作会议",
            "delivered_on": "2024-01-10",
            "category": category.pk,
            "heading_1": "认清形势，坚定信心",
            "heading_2": "突出重点",
        },
    )
    speech = Speech.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("admin:speeches_speech_change", args=[speech.pk])
    assert speech.status == Speech.Status.DRAFT and speech.editor.username == "xiaowang"
    assert (speech.title, speech.speaker, speech.speaker_post) == ("县长在全县经济工作会议上的讲话", "王明", "县长")
    assert str(speech.delivered_on) == "2024-01-10" and speech.category == category
    assert speech.meeting.name == "全县经济工作会议"
    assert [s.heading for s in speech.sections.order_by("position")] == ["认清形势，坚定信心", "突出重点"]
    assert not speech.needs_review
    # Audited like any write: a version and a line in the speech's trail.
    assert [(e.user.username, e.change_message) for e in audit_trail(speech)] == [("xiaowang", "导入：粘贴全文")]
    assert Version.objects.get_for_object(speech).get().revision.comment == "导入：粘贴全文"
    # The preview is used up: saving again makes nothing.
    again = editor.post(reverse(PASTE_URL), {"token": token, "title": "x"}, follow=True)
    assert [str(m) for m in again.context["messages"]][-1] == "预览已过期或已保存，请重新粘贴。"
    assert Speech.objects.count() == 1


def test_a_derived_title_the_editor_corrects_is_no_longer_flagged(editor):
    response = preview(editor, text="\n".join([OPENING, PART_ONE, PART_TWO]))
    assert response.context["parsed"].review_reasons[0].startswith("页面上没有标题")
    editor.post(reverse(PASTE_URL), {"token": response.context["token"], "title": "在全县经济工作会议上的讲话"})
    speech = Speech.objects.get()
    assert speech.title == "在全县经济工作会议上的讲话"
    # Only the 栏目 is left to check: the paste named none and no 栏目 was chosen.
    assert speech.review_reason == "页面没有栏目路径，已放入“待分类”。"


def test_an_unchanged_derived_title_stays_flagged(editor):
    response = preview(editor, text="\n".join([OPENING, PART_ONE, PART_TWO]))
    title = response.context["parsed"].title
    editor.post(reverse(PASTE_URL), {"token": response.context["token"], "title": title})
    assert Speech.objects.get().review_reason.startswith("页面上没有标题")


def test_clipboard_html_is_read_with_its_headings(editor):
    html = f"<p><b>在全县经济工作会议上的讲话</b></p><p>{OPENING}</p><h2>认清形势</h2><p>{PART_ONE}</p><h2>突出重点</h2><p>{PART_TWO}</p>"
    response = preview(editor, text="纯文本会被忽略", html=html)
    parsed = response.context["parsed"]
    assert parsed.title == "在全县经济工作会议上的讲话"
    assert [s.heading for s in parsed.sections] == ["认清形势", "突出重点"]


def test_a_bad_correction_is_a_form_error_and_saves_nothing(editor):
    token = preview(editor, text=PASTED).context["token"]
    response = editor.post(reverse(PASTE_URL), {"token": token, "title": "", "delivered_on": "去年"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "delivered_on"}
    assert not Speech.objects.exists()


def test_pasting_a_speech_the_site_has_links_to_it(editor):
    token = preview(editor, text=PASTED).context["token"]
    editor.post(reverse(PASTE_URL), {"token": token, "title": "在全县经济工作会议上的讲话"})
    first = Speech.objects.get()
    token = preview(editor, text=PASTED).context["token"]
    response = editor.post(reverse(PASTE_URL), {"token": token, "title": "在全县经济工作会议上的讲话"}, follow=True)
    assert Speech.objects.count() == 1
    message = str(list(response.context["messages"])[0])
    assert "内容相同" in message and reverse("admin:speeches_speech_change", args=[first.pk]) in message


def test_paste_needs_the_add_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    assert client.get(reverse(PASTE_URL)).status_code == 403
