"""Issue 15, items 4-6: one way to publish, history you can trust, checks before review.

The workflow functions are called directly and through the change form's buttons."""

from datetime import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from speeches import revisions, workflow
from speeches.audit import audit_trail
from speeches.importing.writer import UNSORTED_SLUG
from speeches.models import Speech

from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .workflow_helpers import (
    add_form_data,
    change_form_data,
    change_url,
    chief_user,
    editor_user,
    form_errors,
)

pytestmark = pytest.mark.django_db

LONG_TEXT = "<p>" + "同志们，今年的工作任务十分繁重。" * 25 + "</p>"


def workflow_from_change_form(speech):
    return reverse("admin:speeches_speech_workflow", args=[speech.pk]) + "?from=change"


def ready_draft(**fields):
    speech = SpeechFactory(draft=True, **fields)
    SectionFactory(speech=speech, position=1)
    return speech


# Checks before review: a plain function, then the transition.


def test_missing_for_review_names_each_missing_part():
    assert workflow.missing_for_review("标题", True, 1, 0) == []
    assert workflow.missing_for_review("标题", True, 0, 300) == []
    assert workflow.missing_for_review(" ", False, 0, 12) == ["标题", "栏目", "至少一个章节或 300 字正文（现有 12 字）"]


def test_submitting_a_one_sentence_speech_is_refused_with_what_is_missing():
    speech = SpeechFactory(draft=True, opening="<p>同志们：今天开个短会。</p>")
    with pytest.raises(workflow.WorkflowError, match=r"缺少：至少一个章节或 300 字正文（现有 \d+ 字）"):
        workflow.submit_for_review(editor_user(), speech)
    assert Speech.objects.get().status == "draft"


def test_an_unsorted_import_cannot_go_to_review_until_a_category_is_chosen():
    unsorted = CategoryFactory(name="待分类", slug=UNSORTED_SLUG)
    speech = SpeechFactory(draft=True, category=unsorted, opening=LONG_TEXT)
    with pytest.raises(workflow.WorkflowError, match="缺少：栏目"):
        workflow.submit_for_review(editor_user(), speech)
    speech.category = CategoryFactory()
    speech.save()
    workflow.submit_for_review(editor_user("xiaozhao"), speech)  # 300 characters, no section
    assert Speech.objects.get().status == "review"


def test_the_change_form_button_shows_the_refusal(editor):
    speech = SpeechFactory(draft=True)
    response = editor.post(workflow_from_change_form(speech), {"transition": "submit", "title": "ignored"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(speech)
    assert "还不能提交审核，缺少：至少一个章节" in response.content.decode()


# One way to publish.


def test_publishing_fields_posted_in_the_change_form_are_ignored_even_for_a_chief(chief):
    speech = ready_draft()
    response = chief.post(
        change_url(speech),
        change_form_data(
            speech, title="新标题", status="published", published_at_0="2024-01-01", published_at_1="08:00:00"
        ),
    )
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    assert (speech.title, speech.status, speech.published_at) == ("新标题", "draft", None)


def test_change_form_offers_the_transitions_as_buttons(editor, chief):
    speech = ready_draft()
    editor_page = editor.get(change_url(speech)).content.decode()
    assert 'value="submit"' in editor_page and 'value="publish"' not in editor_page
    chief_page = chief.get(change_url(speech)).content.decode()
    for name in ["submit", "publish", "schedule"]:
        assert f'name="transition" value="{name}"' in chief_page
    assert 'formaction="' + workflow_from_change_form(speech) in chief_page.replace("&amp;", "&")


def test_a_chief_submits_then_publishes_from_the_change_form(chief):
    speech = ready_draft(review_comment="")
    chief.post(workflow_from_change_form(speech), {"transition": "submit"})
    speech.refresh_from_db()
    assert speech.status == "review"
    response = chief.post(workflow_from_change_form(speech), {"transition": "publish"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(speech)
    speech.refresh_from_db()
    assert speech.status == "published" and speech.is_visible
    assert [e.change_message for e in audit_trail(speech)][:2] == ["发布", "提交审核"]
    assert Version.objects.get_for_object(speech).first().revision.comment == "发布"


def test_return_and_unpublish_from_the_change_form(chief):
    speech = ready_draft()
    workflow.submit_for_review(editor_user(), speech)
    chief.post(workflow_from_change_form(speech), {"transition": "return", "comment": "请补充数据。"})
    speech.refresh_from_db()
    assert (speech.status, speech.review_comment) == ("draft", "请补充数据。")
    published = SpeechFactory()
    chief.post(workflow_from_change_form(published), {"transition": "unpublish"})
    published.refresh_from_db()
    assert published.status == "draft"


def test_schedule_keeps_the_seconds_typed(chief):
    speech = ready_draft()
    later = timezone.localtime() + timezone.timedelta(days=2)
    typed = f"{later:%Y-%m-%dT%H:%M}:37"
    chief.post(workflow_from_change_form(speech), {"transition": "schedule", "publish_at": typed})
    speech.refresh_from_db()
    assert speech.status == "published" and not speech.is_visible
    assert timezone.localtime(speech.published_at).strftime("%Y-%m-%dT%H:%M:%S") == typed
    assert audit_trail(speech).first().change_message.startswith("定时发布：")
    assert audit_trail(speech).first().change_message.endswith(":37")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "请填写定时发布的时间"),
        ("明天早上", "请填写定时发布的时间"),
        ("2001-01-01T08:00", "定时发布的时间必须晚于现在"),
    ],
)
def test_schedule_refuses_a_missing_or_past_time(chief, typed, message):
    speech = ready_draft()
    response = chief.post(
        workflow_from_change_form(speech), {"transition": "schedule", "publish_at": typed}, follow=True
    )
    assert message in response.content.decode()
    speech.refresh_from_db()
    assert speech.status == "draft"


def test_publish_as_a_plain_function():
    chief = chief_user()
    speech = ready_draft()
    at = timezone.now() + timezone.timedelta(hours=5)
    workflow.publish(chief, speech, at=at)
    speech.refresh_from_db()
    assert (speech.status, speech.published_at) == ("published", at)
    with pytest.raises(PermissionDenied):
        workflow.unpublish(editor_user(), speech)
    with pytest.raises(workflow.WorkflowError, match="已经发布"):
        workflow.publish(chief, speech)


def test_the_publish_time_constraint_reads_as_a_sentence():
    speech = SpeechFactory.build(category=CategoryFactory(), status="published", published_at=None)
    with pytest.raises(ValidationError) as refused:
        speech.validate_constraints()
    assert refused.value.messages == ["已发布的讲话稿必须有发布时间：请用“发布”或“定时发布”按钮发布。"]


# History you can trust.


def test_saving_an_unchanged_form_keeps_the_seconds_and_writes_no_version(chief):
    published_at = timezone.make_aware(datetime(2026, 3, 5, 23, 2, 20))
    speech = SpeechFactory(published_at=published_at)
    SectionFactory(speech=speech, position=1)
    chief.post(change_url(speech), change_form_data(speech, title="改过的标题"))
    before = Version.objects.get_for_object(speech).count()
    response = chief.post(change_url(speech), change_form_data(speech))
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    assert speech.published_at == published_at
    assert Version.objects.get_for_object(speech).count() == before == 1


def test_a_new_speech_is_logged_with_its_final_section_numbers(editor):
    sections = [("提高认识", "<p>甲</p>"), ("狠抓落实", "<p>乙</p>")]
    data = add_form_data(CategoryFactory(), sections=sections, numbered=False, tags="")
    response = editor.post(reverse("admin:speeches_speech_add"), data)
    assert response.status_code == 302, form_errors(response)
    message = LogEntry.objects.get().get_change_message()
    assert "一、提高认识" in message and "二、狠抓落实" in message
    assert "九千" not in message


def test_restore_is_one_audited_write(chief):
    speech = ready_draft()
    chief.post(change_url(speech), change_form_data(speech, title="第一稿"))
    chief.post(change_url(speech), change_form_data(speech, title="第二稿"))
    first = Version.objects.get_for_object(speech).order_by("pk").first()
    revisions.restore(chief_user("laozhang"), speech, first)
    speech.refresh_from_db()
    assert speech.title == "第一稿"
    latest = audit_trail(speech).first()
    assert latest.user.username == "laozhang" and latest.change_message.startswith("恢复到 ")
    assert Version.objects.get_for_object(speech).first().revision.comment == latest.change_message


def test_the_change_form_has_a_query_budget(chief, django_assert_max_num_queries):
    speech = ready_draft()
    for position in range(2, 6):
        SectionFactory(speech=speech, position=position)
    chief.get(change_url(speech))  # the first opening notes presence only
    # 13 when measured: session, user, speech, sections, links, tags, workflow buttons,
    # 建议标签 (4), presence lives in the cache.
    with django_assert_max_num_queries(15) as captured:
        response = chief.get(change_url(speech))
    assert response.status_code == 200
    budget = len(captured)
    for position in range(6, 11):
        SectionFactory(speech=speech, position=position)
    with django_assert_max_num_queries(budget):  # more sections cost no more queries
        assert chief.get(change_url(speech)).status_code == 200
