import pytest
from django.urls import reverse
from django.utils import timezone

from speeches.models import RelatedArticle, Section, Speech

from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .workflow_helpers import run_action

pytestmark = pytest.mark.django_db


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def speech_form(category, meeting=None, **overrides):
    data = {
        "title": "在全市信访工作会议上的讲话",
        "category": category.pk,
        "meeting": meeting.pk if meeting else "",
        "tags": "信访工作, 群众工作",
        "speaker": "王某某",
        "speaker_post": "局长",
        "delivered_on": "",
        "summary": "",
        "opening": "<p>同志们:</p>",
        "closing": "<p>谢谢大家。</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "is_recommended": "",
        "recommend_rank": "0",
        "editor": "",
        "source_name": "",
        "source_url": "",
        "edit_lock": "0",  # the edit lock a fresh speech starts with (optimistic locking)
    }
    data.update(overrides)
    return data


def test_add_speech_with_sections_and_related_links(staff_client, admin_user):
    category = CategoryFactory()
    meeting = MeetingFactory()
    target = SpeechFactory(title="另一篇讲话")
    data = speech_form(category, meeting)
    data.update(inline_management("sections", 2))
    data.update(
        {
            "sections-0-position": "2",
            "sections-0-heading": "强化责任",
            "sections-0-body": "<p>乙</p>",
            "sections-1-position": "1",
            "sections-1-heading": "提高认识",
            "sections-1-body": "<p>甲</p>",
        }
    )
    data.update(inline_management("related_links", 2))
    data.update(
        {
            "related_links-0-position": "1",
            "related_links-0-to_speech": target.pk,
            "related_links-0-kind": "1",
            "related_links-1-position": "2",
            "related_links-1-target_title": "尚未收录的讲话",
            "related_links-1-target_excerpt": "摘要",
            "related_links-1-kind": "1",
        }
    )
    response = staff_client.post(reverse("admin:speeches_speech_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    speech = Speech.objects.get(title="在全市信访工作会议上的讲话")
    assert [(s.position, s.heading) for s in speech.sections.order_by("position")] == [(1, "提高认识"), (2, "强化责任")]
    assert sorted(speech.tags.names()) == ["信访工作", "群众工作"]
    assert speech.editor == admin_user
    assert speech.meeting == meeting
    links = list(speech.related_links.order_by("position"))
    assert links[0].to_speech == target and links[1].target_title == "尚未收录的讲话"
    assert len(speech.content_hash) == 64


def test_change_speech_swaps_and_renumbers_sections(staff_client):
    speech = SpeechFactory()
    first = SectionFactory(speech=speech, position=1, heading="甲")
    second = SectionFactory(speech=speech, position=2, heading="乙")
    third = SectionFactory(speech=speech, position=3, heading="丙")
    data = speech_form(
        speech.category, status="published", published_at_0="2024-01-02", published_at_1="10:00:00", title=speech.title
    )
    data.update(inline_management("sections", 3, initial=3))
    # Swap 甲 and 乙, delete 丙.
    for index, (section, position) in enumerate([(first, 2), (second, 1), (third, 3)]):
        data.update(
            {
                f"sections-{index}-id": section.pk,
                f"sections-{index}-speech": speech.pk,
                f"sections-{index}-position": str(position),
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
            }
        )
    data["sections-2-DELETE"] = "on"
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_change", args=[speech.pk]), data)
    assert response.status_code == 302
    assert list(speech.sections.order_by("position").values_list("heading", "position")) == [("乙", 1), ("甲", 2)]


def test_duplicate_section_positions_are_a_form_error_on_the_field(staff_client):
    category = CategoryFactory()
    data = speech_form(category)
    data.update(inline_management("sections", 2))
    data.update(
        {
            "sections-0-position": "1",
            "sections-0-heading": "甲",
            "sections-0-body": "",
            "sections-1-position": "1",
            "sections-1-heading": "乙",
            "sections-1-body": "",
        }
    )
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_add"), data)
    assert response.status_code == 200
    assert "序号 1 与其他章节重复" in response.content.decode()
    assert not Speech.objects.exists()


def test_missing_title_names_the_field(staff_client):
    data = speech_form(CategoryFactory(), title="")
    data.update(inline_management("sections", 0))
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_add"), data)
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_publish_action_reports_changed_rows_and_keeps_a_scheduled_time(staff_client):
    future = timezone.now() + timezone.timedelta(days=2)
    drafts = [SpeechFactory(draft=True), SpeechFactory(status="draft", published_at=future)]
    already = SpeechFactory()
    response = run_action(staff_client, "publish", [*drafts, already])
    assert messages_of(response) == ["已发布 2 篇讲话稿。"]
    drafts[0].refresh_from_db()
    drafts[1].refresh_from_db()
    assert drafts[0].status == "published" and drafts[0].published_at is not None
    assert drafts[1].published_at == future  # scheduled stays scheduled


def test_unpublish_action(staff_client):
    speeches = [SpeechFactory(), SpeechFactory(), SpeechFactory(draft=True)]
    response = run_action(staff_client, "unpublish", speeches)
    assert messages_of(response) == ["已撤回 2 篇讲话稿。"]
    assert not Speech.objects.published().exists()


def test_recommend_and_unrecommend_actions(staff_client):
    speeches = [SpeechFactory(), SpeechFactory(is_recommended=True)]
    response = run_action(staff_client, "recommend", speeches)
    assert messages_of(response) == ["已推荐 1 篇讲话稿。"]
    assert Speech.objects.filter(is_recommended=True).count() == 2
    response = run_action(staff_client, "unrecommend", speeches)
    assert messages_of(response) == ["已取消推荐 2 篇讲话稿。"]
    assert not Speech.objects.filter(is_recommended=True).exists()


def test_speech_changelist_filters_and_search(staff_client, django_assert_max_num_queries):
    meeting = MeetingFactory(name="防汛工作会议")
    wanted = SpeechFactory(meeting=meeting, title="在防汛工作会议上的讲话")
    wanted.tags.add("防汛")
    for _ in range(30):
        SpeechFactory().tags.add("其他")
    url = reverse("admin:speeches_speech_changelist")
    with django_assert_max_num_queries(20) as captured:
        response = staff_client.get(url)
    assert response.status_code == 200
    # More speeches and more categories cost no more queries.
    for _ in range(10):
        SpeechFactory(category=CategoryFactory(parent=CategoryFactory()))
    with django_assert_max_num_queries(len(captured)):
        staff_client.get(url)
    for query in [f"?meeting={meeting.pk}", "?tag=防汛", "?q=防汛", f"?category__id__exact={wanted.category_id}"]:
        response = staff_client.get(url + query)
        assert list(response.context["cl"].result_list) == [wanted], query


def test_meeting_and_category_lists_count_speeches_without_n_plus_one(staff_client, django_assert_max_num_queries):
    for _ in range(3):
        meeting = MeetingFactory()
        category = CategoryFactory()
        for _ in range(2):
            SpeechFactory(meeting=meeting, category=category)
    counts = []
    for name in ["meeting", "category"]:
        url = reverse(f"admin:speeches_{name}_changelist")
        with django_assert_max_num_queries(10) as captured:
            response = staff_client.get(url)
        counts.append(len(captured))
        assert response.status_code == 200
        assert [obj.speech_count for obj in response.context["cl"].result_list] == [2, 2, 2]
    for _ in range(20):
        MeetingFactory()
        CategoryFactory()
    for name, before in zip(["meeting", "category"], counts, strict=True):
        with django_assert_max_num_queries(before):
            staff_client.get(reverse(f"admin:speeches_{name}_changelist"))


def test_autocomplete_for_related_speeches(staff_client):
    speech = SpeechFactory(title="关于春运工作的讲话")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "春运", "app_label": "speeches", "model_name": "relatedarticle", "field_name": "to_speech"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(speech.pk)]


def test_change_page_links_a_draft_to_its_preview_and_a_public_speech_to_its_page(staff_client):
    draft = SpeechFactory(draft=True)
    response = staff_client.get(reverse("admin:speeches_speech_change", args=[draft.pk]))
    assert response.status_code == 200
    preview_url = reverse("admin:speeches_speech_preview", args=[draft.pk])
    assert f'href="{preview_url}" class="viewsitelink"' in response.content.decode()
    assert staff_client.get(preview_url).status_code == 200
    # The public URL shows staff what readers see: nothing yet.
    assert staff_client.get(draft.get_absolute_url()).status_code == 404
    public = SpeechFactory()
    response = staff_client.get(reverse("admin:speeches_speech_change", args=[public.pk]))
    assert f'href="{public.get_absolute_url()}" class="viewsitelink"' in response.content.decode()


def test_admin_is_in_simplified_chinese(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "讲稿库管理后台" in response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"


def test_sections_inline_keeps_order_after_unnumbered_addition(staff_client):
    speech = SpeechFactory()
    existing = SectionFactory(speech=speech, position=1, heading="甲")
    data = speech_form(
        speech.category, status="published", published_at_0="2024-01-02", published_at_1="10:00:00", title=speech.title
    )
    data.update(inline_management("sections", 2, initial=1))
    data.update(
        {
            "sections-0-id": existing.pk,
            "sections-0-speech": speech.pk,
            "sections-0-position": "1",
            "sections-0-heading": "甲",
            "sections-0-body": existing.body,
            "sections-1-position": "",
            "sections-1-heading": "乙",
            "sections-1-body": "<p>新</p>",
        }
    )
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_change", args=[speech.pk]), data)
    assert response.status_code == 302
    assert list(Section.objects.filter(speech=speech).order_by("position").values_list("heading", "position")) == [
        ("甲", 1),
        ("乙", 2),
    ]
    assert RelatedArticle.objects.count() == 0


@pytest.mark.parametrize("field_name, make", [("category", CategoryFactory), ("meeting", MeetingFactory)])
def test_category_and_meeting_pickers_autocomplete(staff_client, field_name, make):
    wanted = make(name="防汛抗旱")
    make(name="其他")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "防汛", "app_label": "speeches", "model_name": "speech", "field_name": field_name},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(wanted.pk)]


def test_a_speech_added_in_the_admin_takes_over_pending_links_to_its_title(staff_client):
    importer_page = SpeechFactory()
    pending = RelatedArticle.objects.create(from_speech=importer_page, target_title="在全市信访工作会议上的讲话")
    data = speech_form(CategoryFactory())
    data.update(inline_management("sections", 0))
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_add"), data)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.to_speech == Speech.objects.get(title="在全市信访工作会议上的讲话")
