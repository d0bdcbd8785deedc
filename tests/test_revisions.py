"""Revisions (history, diff, restore with sections) and the concurrent-edit refusal, over HTTP."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from speeches.models import Speech
from speeches.revisions import describe_speech, describe_version, versions_of

from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .workflow_helpers import (
    change_form_data,
    change_url,
    form_errors,
    management,
)

pytestmark = pytest.mark.django_db


def save(client, speech, **overrides):
    response = client.post(change_url(speech), change_form_data(speech, **overrides))
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    return response


def sections_of(speech):
    return list(speech.sections.order_by("position").values_list("position", "heading", "body"))


def history_url(speech):
    return reverse("admin:speeches_speech_history", args=[speech.pk])


def revision_url(speech, version):
    return reverse("admin:speeches_speech_revision", args=[speech.pk, version.pk])


@pytest.fixture
def speech_with_two_versions(editor):
    """Version 1: sections 甲, 乙, tag 旧标签, a 延伸阅读 link; version 2 rewrites all of it."""
    target = SpeechFactory(title="被链接的讲话")
    speech = SpeechFactory(draft=True, category=CategoryFactory(), opening="<p>同志们:</p>")
    SectionFactory(speech=speech, position=1, heading="甲", body="<p>第一部分原文。</p>")
    SectionFactory(speech=speech, position=2, heading="乙", body="<p>第二部分原文。</p>")
    data = change_form_data(speech, tags="旧标签")
    data.update(
        {
            **management("related_links", 1),
            "related_links-0-position": "1",
            "related_links-0-to_speech": target.pk,
            "related_links-0-kind": "1",
        }
    )
    response = editor.post(change_url(speech), data)
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    links = list(speech.related_links.values_list("to_speech", flat=True))
    first_state = (sections_of(speech), list(speech.tags.names()), links)
    # Version 2: rename 甲, delete 乙, add 丙, change the tag, drop the link, new opening.
    data = change_form_data(speech, tags="新标签", opening="<p>各位同志:</p>")
    data.update(
        {
            "sections-0-heading": "甲改",
            "sections-1-DELETE": "on",
            "related_links-0-DELETE": "on",
            **management("sections", 3, 2),
            "sections-2-position": "",
            "sections-2-heading": "丙",
            "sections-2-body": "<p>新增的第三部分。</p>",
        }
    )
    response = editor.post(change_url(speech), data)
    assert response.status_code == 302, form_errors(response)
    speech.refresh_from_db()
    return speech, first_state


def test_every_save_keeps_a_version_with_sections_tags_and_links(editor, speech_with_two_versions):
    speech, first_state = speech_with_two_versions
    newest, oldest = versions_of(speech)
    assert oldest.revision.user.username == "xiaowang"
    first = describe_version(oldest)
    assert first["章节"] == "一、甲\n第一部分原文。\n二、乙\n第二部分原文。"
    assert (first["标签"], first["延伸阅读"]) == ("旧标签", "被链接的讲话")
    # The newest version is exactly the saved state, renumbered sections included.
    assert describe_version(newest) == describe_speech(speech)
    assert describe_version(newest)["章节"] == "一、甲改\n第一部分原文。\n二、丙\n新增的第三部分。"
    page = editor.get(history_url(speech)).content.decode()
    assert page.count("查看 / 恢复") == 2 and "xiaowang" in page


def test_readable_diff_between_two_versions(editor, speech_with_two_versions):
    speech, _ = speech_with_two_versions
    newest, oldest = versions_of(speech)
    response = editor.get(
        reverse("admin:speeches_speech_compare", args=[speech.pk]), {"old": oldest.pk, "new": newest.pk}
    )
    assert response.status_code == 200
    labels = {diff.label: diff for diff in response.context["diffs"]}
    assert set(labels) == {"开场白", "章节", "标签", "延伸阅读"}
    page = response.content.decode()
    assert "<mark>" in page and "删" in page and "增" in page
    removed = [line.text for line in labels["章节"].lines if line.op == "-"]
    added = [line.text for line in labels["章节"].lines if line.op == "+"]
    assert "二、乙" in removed and "二、丙" in added
    assert editor.get(reverse("admin:speeches_speech_compare", args=[speech.pk]), {"old": "x"}).status_code == 302


def test_restore_an_older_version_with_its_sections_keeping_publication(editor, chief, speech_with_two_versions):
    speech, (first_sections, first_tags, first_links) = speech_with_two_versions
    oldest = versions_of(speech).last()
    # Meanwhile the chief publishes it: restoring text must not unpublish it.
    chief.post(reverse("admin:speeches_speech_workflow", args=[speech.pk]), {"transition": "publish"})
    speech.refresh_from_db()
    lock_before = speech.lock_version

    page = editor.get(revision_url(speech, oldest))
    assert page.status_code == 200 and "恢复这个版本" in page.content.decode()
    assert Speech.objects.get(pk=speech.pk).title == speech.title  # viewing changes nothing
    response = editor.post(revision_url(speech, oldest))
    assert response.status_code == 302

    speech.refresh_from_db()
    assert sections_of(speech) == first_sections
    assert list(speech.tags.names()) == first_tags
    assert list(speech.related_links.values_list("to_speech", flat=True)) == first_links
    assert speech.opening == "<p>同志们:</p>"
    assert speech.status == "published" and speech.is_visible
    assert speech.lock_version == lock_before + 1
    newest = versions_of(speech).first()
    assert newest.revision.get_comment().startswith("恢复到")
    assert describe_version(newest) == describe_speech(speech)
    assert LogEntry.objects.filter(object_id=str(speech.pk), change_message__startswith="恢复到").count() == 1


def test_a_version_of_another_speech_is_not_found(editor, speech_with_two_versions):
    speech, _ = speech_with_two_versions
    other = SpeechFactory()
    version = versions_of(speech).first()
    assert editor.get(revision_url(other, version)).status_code == 404
    assert Version.objects.get_for_object(other).count() == 0


def test_the_second_of_two_concurrent_saves_is_refused_with_a_link(editor, chief):
    speech = SpeechFactory(draft=True)
    SectionFactory(speech=speech, position=1, heading="原标题")
    # Both open the form at the same edit lock.
    first_form = change_form_data(speech, title="编辑甲的标题")
    second_form = change_form_data(speech, title="编辑乙的标题", **{"sections-0-heading": "乙改的小标题"})
    response = chief.post(change_url(speech), first_form)
    assert response.status_code == 302, form_errors(response)

    response = editor.post(change_url(speech), second_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存失败" in page and "laoli" in page
    latest = versions_of(speech).first()
    assert f'href="{revision_url(speech, latest)}"' in page
    assert "编辑乙的标题" in page  # the refused text stays in the form to copy
    speech.refresh_from_db()
    assert speech.title == "编辑甲的标题"
    assert speech.sections.get().heading == "原标题"

    # Reopening the form picks up the new lock, and the save goes through.
    save(editor, speech, title="编辑乙重新保存的标题")
    assert speech.title == "编辑乙重新保存的标题"


def test_a_workflow_action_in_between_also_refuses_a_stale_form(editor, chief):
    speech = SpeechFactory(status=Speech.Status.REVIEW, published_at=None)
    stale = change_form_data(speech, title="过时表单")
    chief.post(reverse("admin:speeches_speech_workflow", args=[speech.pk]), {"transition": "publish"})
    response = editor.post(change_url(speech), stale)
    assert response.status_code == 200 and "保存失败" in response.content.decode()
    speech.refresh_from_db()
    assert (speech.title, speech.status) != ("过时表单", "review")
    assert speech.status == "published"


def test_a_save_without_the_edit_lock_is_refused(editor):
    speech = SpeechFactory(draft=True)
    data = change_form_data(speech, title="没有锁")
    del data["edit_lock"]
    response = editor.post(change_url(speech), data)
    assert response.status_code == 200 and "保存失败" in response.content.decode()
    speech.refresh_from_db()
    assert speech.title != "没有锁"


def test_restoring_text_that_another_speech_now_holds_is_refused_with_a_message(editor, speech_with_two_versions):
    speech, _ = speech_with_two_versions
    oldest = versions_of(speech).last()
    old_hash = oldest.field_dict["content_hash"]
    SpeechFactory(title="抄来的讲话", content_hash=old_hash)
    current_sections = sections_of(speech)
    response = editor.post(revision_url(speech, oldest), follow=True)
    assert response.status_code == 200
    assert "无法恢复" in response.content.decode()
    speech.refresh_from_db()
    assert sections_of(speech) == current_sections


def test_a_bulk_action_revision_restores_one_speech_only(chief):
    first, second = SpeechFactory(draft=True), SpeechFactory(draft=True)
    for speech, heading in [(first, "甲"), (second, "乙")]:
        SectionFactory(speech=speech, position=1, heading=heading)
    response = chief.post(
        reverse("admin:speeches_speech_changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    shared = versions_of(first).first()
    assert versions_of(second).first().revision_id == shared.revision_id
    assert describe_version(shared)["章节"] == "一、甲\n正文。"
    save(chief, second, **{"sections-0-heading": "乙改"})
    save(chief, first, **{"sections-0-heading": "甲改"})
    chief.post(revision_url(first, shared))
    assert sections_of(first)[0][1] == "甲"
    assert sections_of(second)[0][1] == "乙改"
