"""Roles over HTTP: what an 编辑 and a 主编 may do, and what the server refuses."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from speeches.models import Speech

from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .workflow_helpers import (
    add_form_data,
    change_form_data,
    change_url,
    form_errors,
    management,
    run_action,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:speeches_speech_changelist")


def workflow_url(speech):
    return reverse("admin:speeches_speech_workflow", args=[speech.pk])


def test_editor_creates_a_draft_and_posted_publishing_fields_are_ignored(editor):
    future = timezone.localtime() + timezone.timedelta(days=1)
    response = editor.post(
        reverse("admin:speeches_speech_add"),
        add_form_data(
            CategoryFactory(),
            status="published",
            published_at_0=f"{future:%Y-%m-%d}",
            published_at_1="08:00:00",
            is_recommended="on",
            recommend_rank="1",
        ),
    )
    assert response.status_code == 302, form_errors(response)
    speech = Speech.objects.get()
    assert (speech.status, speech.published_at, speech.is_recommended, speech.recommend_rank) == (
        "draft",
        None,
        False,
        0,
    )
    assert speech.sections.get().heading == "提高认识"


def test_change_form_never_offers_status_or_publish_time_as_fields(editor, chief):
    speech = SpeechFactory(draft=True)
    page = editor.get(change_url(speech)).content.decode()
    assert 'name="title"' in page
    for field in ["status", "published_at_0", "is_recommended", "recommend_rank"]:
        assert f'name="{field}"' not in page
    chief_page = chief.get(change_url(speech)).content.decode()
    for field in ["status", "published_at_0"]:
        assert f'name="{field}"' not in chief_page
    for field in ["is_recommended", "recommend_rank"]:
        assert f'name="{field}"' in chief_page


def test_editor_edits_text_but_cannot_publish_through_the_change_form(editor):
    speech = SpeechFactory(draft=True)
    response = editor.post(
        change_url(speech),
        change_form_data(
            speech,
            title="新标题",
            status="published",
            published_at_0="2024-01-01",
            published_at_1="08:00:00",
            is_recommended="on",
        ),
    )
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    assert speech.title == "新标题"
    assert (speech.status, speech.published_at, speech.is_recommended) == ("draft", None, False)


@pytest.mark.parametrize("action", ["publish", "unpublish", "recommend", "unrecommend"])
def test_editor_cannot_run_chief_actions(editor, action):
    draft = SpeechFactory(draft=True)
    public = SpeechFactory(is_recommended=True)
    before = list(Speech.objects.order_by("pk").values_list("status", "is_recommended"))
    page = editor.get(CHANGELIST).content.decode()
    assert f'value="{action}"' not in page
    response = run_action(editor, action, [draft, public])
    assert response.status_code == 200
    assert list(Speech.objects.order_by("pk").values_list("status", "is_recommended")) == before
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    "action, field, expected",
    [
        ("publish", "status", "published"),
        ("recommend", "is_recommended", True),
    ],
)
def test_chief_runs_actions_and_each_is_logged(chief, action, field, expected):
    speech = SpeechFactory(draft=True)
    response = run_action(chief, action, [speech])
    assert [str(m) for m in response.context["messages"]][-1].endswith("1 篇讲话稿。")
    speech.refresh_from_db()
    assert getattr(speech, field) == expected
    assert LogEntry.objects.get().user.username == "laoli"


def test_editor_list_edit_of_recommendation_is_ignored_chiefs_is_saved(editor, chief):
    speech = SpeechFactory()
    assert 'name="form-0-is_recommended"' not in editor.get(CHANGELIST).content.decode()
    assert 'name="form-0-is_recommended"' in chief.get(CHANGELIST).content.decode()
    data = {
        **management("form", 1, 1),
        "form-0-id": speech.pk,
        "form-0-is_recommended": "on",
        "form-0-recommend_rank": "3",
        "_save": "保存",
    }
    editor.post(CHANGELIST, data)
    speech.refresh_from_db()
    assert (speech.is_recommended, speech.recommend_rank) == (False, 0)
    response = chief.post(CHANGELIST, data)
    assert response.status_code == 302
    speech.refresh_from_db()
    assert (speech.is_recommended, speech.recommend_rank) == (True, 3)


def test_editor_cannot_delete_chief_can_and_the_deletion_is_logged(editor, chief):
    speech = SpeechFactory()
    delete_url = reverse("admin:speeches_speech_delete", args=[speech.pk])
    assert editor.post(delete_url, {"post": "yes"}).status_code == 403
    run_action(editor, "delete_selected", [speech])
    assert Speech.objects.filter(pk=speech.pk).exists()
    assert chief.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Speech.objects.filter(pk=speech.pk).exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert (entry.object_id, entry.user.username) == (str(speech.pk), "laoli")


def test_editor_may_delete_a_section_inside_the_speech_form(editor):
    speech = SpeechFactory(draft=True)
    SectionFactory(speech=speech, position=1)
    SectionFactory(speech=speech, position=2)
    response = editor.post(change_url(speech), change_form_data(speech, **{"sections-1-DELETE": "on"}))
    assert response.status_code == 302, form_errors(response)
    assert speech.sections.count() == 1


@pytest.mark.parametrize("transition", ["publish", "unpublish", "recommend", "return"])
def test_workflow_page_refuses_chief_transitions_to_an_editor(editor, transition):
    speech = SpeechFactory(status=Speech.Status.REVIEW, published_at=None)
    page = editor.get(workflow_url(speech)).content.decode()
    assert f'value="{transition}"' not in page
    response = editor.post(workflow_url(speech), {"transition": transition, "comment": "改一改"})
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    speech.refresh_from_db()
    assert (speech.status, speech.is_recommended) == ("review", False)


def test_editor_cannot_recover_deleted_speeches(editor, chief):
    assert editor.get(reverse("admin:speeches_speech_recoverlist")).status_code == 403
    assert chief.get(reverse("admin:speeches_speech_recoverlist")).status_code == 200


def test_review_round_trip(editor, chief):
    # The editor writes a draft and submits it.
    response = editor.post(reverse("admin:speeches_speech_add"), add_form_data(CategoryFactory()))
    assert response.status_code == 302, form_errors(response)
    speech = Speech.objects.get()
    response = editor.post(workflow_url(speech), {"transition": "submit"}, follow=True)
    assert "已提交审核" in response.content.decode()
    speech.refresh_from_db()
    assert speech.status == "review"

    # The chief finds it in the queue and returns it with a comment.
    queue = chief.get(CHANGELIST + "?review=queue")
    assert list(queue.context["cl"].result_list) == [speech]
    assert "待审核队列（1）" in queue.content.decode()
    response = chief.post(workflow_url(speech), {"transition": "return", "comment": ""}, follow=True)
    assert "请填写审核意见" in response.content.decode()
    chief.post(workflow_url(speech), {"transition": "return", "comment": "第二部分数据需要核实。"})
    speech.refresh_from_db()
    assert (speech.status, speech.review_comment) == ("draft", "第二部分数据需要核实。")

    # The editor sees the comment on the speech and in the list of returned drafts.
    page = editor.get(change_url(speech)).content.decode()
    assert "主编退回意见：第二部分数据需要核实。" in page
    returned = editor.get(CHANGELIST + "?review=returned")
    assert list(returned.context["cl"].result_list) == [speech]

    # The editor fixes it and resubmits; the chief publishes it.
    response = editor.post(change_url(speech), change_form_data(speech, **{"sections-0-body": "<p>数据已核实。</p>"}))
    assert response.status_code == 302, form_errors(response)
    editor.post(workflow_url(speech), {"transition": "submit"})
    speech.refresh_from_db()
    assert (speech.status, speech.review_comment) == ("review", "")
    chief.post(workflow_url(speech), {"transition": "publish"})
    speech.refresh_from_db()
    assert speech.status == "published" and speech.is_visible
    assert Client().get(speech.get_absolute_url()).status_code == 200

    # Every step is on the speech's audit trail, with who did it.
    page = editor.get(workflow_url(speech))
    trail = [(e.user.username, e.get_change_message()) for e in page.context["audit"]]
    assert trail[0] == ("laoli", "发布")
    assert ("laoli", "退回修改：第二部分数据需要核实。") in trail
    assert [who for who, message in trail if message == "提交审核"] == ["xiaowang", "xiaowang"]
    assert trail[-1][0] == "xiaowang"  # the creation
    assert "第二部分数据需要核实。" in page.content.decode()


def test_audit_trail_records_unpublish_and_recommendation(chief):
    speech = SpeechFactory()
    for transition in ["recommend", "unrecommend", "unpublish"]:
        chief.post(workflow_url(speech), {"transition": transition})
    page = chief.get(workflow_url(speech))
    messages = [e.get_change_message() for e in page.context["audit"]]
    assert messages == ["撤回", "取消推荐", "推荐"]
    assert "laoli" in page.content.decode()


def test_workflow_refuses_a_transition_that_does_not_apply(chief):
    speech = SpeechFactory()
    response = chief.post(workflow_url(speech), {"transition": "submit"}, follow=True)
    assert "只有草稿可以提交审核" in response.content.decode()
    speech.refresh_from_db()
    assert speech.status == "published"


def test_chief_schedules_by_publishing_with_a_future_time(chief):
    later = timezone.now() + timezone.timedelta(hours=3)
    speech = SpeechFactory(status=Speech.Status.REVIEW, published_at=later)
    chief.post(workflow_url(speech), {"transition": "publish"})
    speech.refresh_from_db()
    assert speech.status == "published" and speech.published_at == later and not speech.is_visible
    assert LogEntry.objects.get().get_change_message().startswith("定时发布：")


def test_review_queue_count_is_one_query(chief, django_assert_max_num_queries):
    for _ in range(3):
        SpeechFactory(status=Speech.Status.REVIEW, published_at=None)
    with django_assert_max_num_queries(22):
        response = chief.get(CHANGELIST)
    assert "待审核队列（3）" in response.content.decode()


def test_editor_can_pick_the_responsible_editor_and_a_related_speech(editor):
    for field, model_name in [("editor", "speech"), ("to_speech", "relatedarticle")]:
        response = editor.get(
            reverse("admin:autocomplete"),
            {
                "term": "",
                "app_label": "speeches",
                "model_name": model_name,
                "field_name": field,
            },
        )
        assert response.status_code == 200, field


def test_chief_opens_a_deleted_speech_to_recover_it(chief):
    speech = SpeechFactory(title="被误删的讲话")
    SectionFactory(speech=speech, position=1)
    chief.post(change_url(speech), change_form_data(speech))  # keeps a version
    chief.post(reverse("admin:speeches_speech_delete", args=[speech.pk]), {"post": "yes"})
    page = chief.get(reverse("admin:speeches_speech_recoverlist")).content.decode()
    assert "被误删的讲话" in page
    version = Version.objects.get_deleted(Speech).get()
    response = chief.get(reverse("admin:speeches_speech_recover", args=[version.pk]))
    assert response.status_code == 200 and "被误删的讲话" in response.content.decode()
    assert not Speech.objects.exists()  # only shown, not yet recovered
