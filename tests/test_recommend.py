"""延伸阅读 computed by the site: rebuild, updates, staff overrides, quality."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from speeches.models import BlockedRecommendation, RecommendationCheckpoint, RelatedArticle, Speech
from speeches.recommend import rebuild, refresh_speech, withdraw_speeches
from speeches.recommend.weights import LIST_SIZE

from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .recommend_labeled import build_labeled_set, precision_at_5
from .test_admin import inline_management, run_action, speech_form
from .test_public_speech import SPEECH_BUDGET

pytestmark = pytest.mark.django_db

FLOOD = "汛期将至,各地要做好防汛抢险工作,加强水库堤防巡查,落实防汛责任,确保安全度汛。"
SCHOOL = "新学期开始,学校要抓好课堂教学,关心学生成长,加强教师队伍建设,提高教学质量。"
FLOOD_MORE = [
    "河道清障要在主汛期前完成。",
    "山洪地质灾害易发区要提前转移群众。",
    "抢险物资和队伍要提前预置。",
    "气象水文部门要加强降雨监测预报。",
    "病险水库一律空库运行。",
    "城市内涝点要逐一整治。",
]
SCHOOL_MORE = ["校园安全要常抓不懈。", "家长学校要办出实效。", "课后服务要覆盖全体学生。", "青年教师要拜师结对。"]


def varied(base, extras, n):
    """The topic's core sentence plus two of its other sentences, different for each n."""
    return base + extras[n % len(extras)] + extras[(n * 2 + 1) % len(extras)]


def make_speech(body, tags=(), **fields):
    speech = SpeechFactory(**fields)
    if body is not None:
        SectionFactory(speech=speech, position=1, heading="", body=f"<p>{body}</p>")
    if tags:
        speech.tags.add(*tags)
    return speech


def computed(speech):
    rows = RelatedArticle.objects.filter(from_speech=speech, kind=RelatedArticle.Kind.COMPUTED)
    return list(rows.order_by("position").values_list("to_speech_id", flat=True))


@pytest.fixture
def topics():
    """Eight flood speeches and four school speeches in one 栏目."""
    category = CategoryFactory()
    flood = [make_speech(varied(FLOOD, FLOOD_MORE, n) * (n % 3 + 1), ["防汛"], category=category) for n in range(8)]
    school = [make_speech(varied(SCHOOL, SCHOOL_MORE, n), ["教育"], category=category) for n in range(4)]
    return flood, school


def test_rebuild_fills_each_list_with_the_same_topic_first(topics):
    flood, school = topics
    assert rebuild() == 12
    links = computed(flood[0])
    assert len(links) == LIST_SIZE
    assert set(links) <= {s.pk for s in flood[1:]}
    assert set(computed(school[0])[:3]) == {s.pk for s in school[1:]}
    scores = list(
        RelatedArticle.objects.filter(from_speech=flood[0]).order_by("position").values_list("score", flat=True)
    )
    assert scores == sorted(scores, reverse=True)
    parts = RelatedArticle.objects.filter(from_speech=flood[0]).first().score_parts
    assert parts["shared_tags"] == ["防汛"] and parts["text"] > 0


def test_staff_links_come_first_are_kept_and_take_places(topics):
    flood, school = topics
    staff = RelatedArticle.objects.create(
        from_speech=flood[0], to_speech=school[0], kind=RelatedArticle.Kind.STAFF, position=1
    )
    pending = RelatedArticle.objects.create(
        from_speech=flood[0], target_title="尚未收录的讲话", kind=RelatedArticle.Kind.STAFF, position=2
    )
    flood_staff = RelatedArticle.objects.create(
        from_speech=flood[0], to_speech=flood[1], kind=RelatedArticle.Kind.STAFF, position=3
    )
    rebuild()
    rebuild(restart=True)
    links = list(Speech.objects.for_detail().get(pk=flood[0].pk).related_links.all())
    assert links[:3] == [staff, pending, flood_staff]
    assert all(link.kind == RelatedArticle.Kind.COMPUTED for link in links[3:])
    # The pending title takes no place: only the two linked staff choices do.
    assert len(links) == LIST_SIZE + 1
    assert len(computed(flood[0])) == LIST_SIZE - 2
    assert flood[1].pk not in computed(flood[0])


def test_drafts_future_speeches_self_and_near_duplicates_are_left_out(topics):
    flood, _ = topics
    draft = make_speech(FLOOD, ["防汛"], draft=True)
    future = make_speech(FLOOD, ["防汛"], published_at=timezone.now() + timezone.timedelta(days=1))
    # The same speech imported twice, differing only in punctuation (so not in content hash).
    original = make_speech(FLOOD + "防汛专题。", ["防汛"], title="防汛讲话", opening="<p>同志们:</p>")
    copy = make_speech(FLOOD + "防汛专题。", ["防汛"], title="防汛讲话", opening="<p>同志们,</p>")
    rebuild()
    every_target = set(RelatedArticle.objects.values_list("to_speech_id", flat=True))
    assert draft.pk not in every_target and future.pk not in every_target
    assert not RelatedArticle.objects.filter(from_speech__in=[draft, future]).exists()
    assert copy.pk not in computed(original) and original.pk not in computed(copy)
    assert not RelatedArticle.objects.filter(from_speech=flood[0], to_speech=flood[0]).exists()


def test_bare_speeches_get_a_sensible_or_empty_list_without_error():
    category = CategoryFactory()
    peers = [make_speech(FLOOD, category=category) for _ in range(3)]
    no_body = make_speech(None, category=category, opening="")
    punctuation = make_speech(",。!?……", category=category, opening="<p>——</p>")
    alone = make_speech("", category=CategoryFactory(), opening="")
    rebuild()
    for speech in [no_body, punctuation, alone]:
        refresh_speech(speech.pk)
    # Nothing but the 栏目 in common: same-栏目 speeches, or nothing at all.
    assert set(computed(no_body)) <= {s.pk for s in [*peers, punctuation]}
    assert computed(alone) == []


def test_speeches_of_one_meeting_find_each_other_without_shared_words():
    meeting = MeetingFactory()
    flood = make_speech(FLOOD, meeting=meeting, category=CategoryFactory())
    school = make_speech(SCHOOL, meeting=meeting, category=CategoryFactory())
    make_speech(SCHOOL, category=CategoryFactory())
    rebuild()
    assert computed(flood) == [school.pk]
    parts = RelatedArticle.objects.get(from_speech=flood).score_parts
    assert parts["meeting"] == 1.0 and parts["shared_tags"] == []


def test_refresh_gives_the_same_list_as_a_rebuild(topics):
    flood, _ = topics
    rebuild()
    before = {s.pk: computed(s) for s in flood}
    for speech in flood:
        refresh_speech(speech.pk)
    assert {s.pk: computed(s) for s in flood} == before


def test_publishing_places_a_speech_in_the_lists_it_belongs_to(staff_client, topics):
    flood, school = topics
    rebuild()
    fresh = make_speech(FLOOD + "防汛抢险水库堤防。", ["防汛"], draft=True, category=flood[0].category)
    run_action(staff_client, "publish", [fresh])
    assert len(computed(fresh)) == LIST_SIZE
    holders = set(RelatedArticle.objects.filter(to_speech=fresh).values_list("from_speech_id", flat=True))
    assert len(holders & {s.pk for s in flood}) >= 4
    assert all(len(computed(s)) <= LIST_SIZE for s in [*flood, *school])


def test_unpublishing_removes_a_speech_from_every_list_in_one_delete(staff_client, topics):
    flood, _ = topics
    rebuild()
    target = flood[3]
    assert RelatedArticle.objects.filter(to_speech=target).exists()
    with CaptureQueriesContext(connection) as queries:
        withdraw_speeches([target.pk])
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["DELETE"]
    assert not RelatedArticle.objects.filter(to_speech=target).exists()
    refresh_speech(target.pk)
    run_action(staff_client, "unpublish", [target])
    assert not RelatedArticle.objects.filter(to_speech=target).exists()
    assert not RelatedArticle.objects.filter(from_speech=target, kind=RelatedArticle.Kind.COMPUTED).exists()


def test_editing_a_speech_in_the_admin_recomputes_its_list(staff_client, topics):
    flood, school = topics
    rebuild()
    speech = flood[0]
    data = speech_form(
        speech.category,
        title=speech.title,
        tags="教育",
        status="published",
        published_at_0="2025-01-01",
        published_at_1="08:00:00",
        opening=f"<p>{SCHOOL}</p>",
    )
    data.update(inline_management("sections", 1, 1))
    section = speech.sections.get()
    data.update(
        {
            "sections-0-id": section.pk,
            "sections-0-speech": speech.pk,
            "sections-0-position": "1",
            "sections-0-heading": "",
            "sections-0-body": f"<p>{SCHOOL}</p>",
        }
    )
    data.update(related_inline(speech))
    response = staff_client.post(reverse("admin:speeches_speech_change", args=[speech.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert set(computed(speech)[:4]) == {s.pk for s in school}


def related_inline(speech, changes=None):
    """The related-links inline as the change form posts it, with per-row changes."""
    links = list(RelatedArticle.objects.filter(from_speech=speech).order_by("kind", "position", "id"))
    data = inline_management("related_links", len(links), len(links))
    for index, link in enumerate(links):
        data.update(
            {
                f"related_links-{index}-id": link.pk,
                f"related_links-{index}-from_speech": speech.pk,
                f"related_links-{index}-position": link.position,
                f"related_links-{index}-to_speech": link.to_speech_id or "",
                f"related_links-{index}-target_title": link.target_title,
                f"related_links-{index}-target_excerpt": link.target_excerpt,
                f"related_links-{index}-kind": link.kind,
            }
        )
        for key, value in (changes or {}).get(link.pk, {}).items():
            data[f"related_links-{index}-{key}"] = value
    return data


def post_unchanged_speech(client, speech, changes=None):
    data = speech_form(
        speech.category,
        title=speech.title,
        tags=", ".join(speech.tags.names()),
        status="published",
        published_at_0=f"{speech.published_at:%Y-%m-%d}",
        published_at_1=f"{speech.published_at:%H:%M:%S}",
    )
    data.update(inline_management("sections", 0, 0))
    data.update(related_inline(speech, changes))
    return client.post(reverse("admin:speeches_speech_change", args=[speech.pk]), data)


def test_admin_shows_why_a_link_was_chosen(staff_client, topics):
    flood, _ = topics
    rebuild()
    page = staff_client.get(reverse("admin:speeches_speech_change", args=[flood[0].pk])).content.decode()
    assert "推荐理由" in page and "共同标签：防汛" in page and "文本相似度" in page and "设为编辑选定" in page


def test_a_computed_link_staff_delete_stays_deleted(staff_client, topics):
    flood, _ = topics
    rebuild()
    link = RelatedArticle.objects.filter(from_speech=flood[0], kind=RelatedArticle.Kind.COMPUTED).first()
    blocked_target = link.to_speech_id
    response = post_unchanged_speech(staff_client, flood[0], {link.pk: {"DELETE": "on"}})
    assert response.status_code == 302
    assert BlockedRecommendation.objects.filter(from_speech=flood[0], to_speech_id=blocked_target).exists()
    assert blocked_target not in computed(flood[0])
    assert len(computed(flood[0])) == LIST_SIZE  # the next best took the place
    rebuild()
    refresh_speech(blocked_target)
    assert blocked_target not in computed(flood[0])


def test_staff_promote_a_computed_link(staff_client, topics):
    flood, _ = topics
    rebuild()
    link = RelatedArticle.objects.filter(from_speech=flood[0], kind=RelatedArticle.Kind.COMPUTED).last()
    response = post_unchanged_speech(staff_client, flood[0], {link.pk: {"promote": "on"}})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.kind == RelatedArticle.Kind.STAFF and link.position == 1
    rebuild()
    assert RelatedArticle.objects.filter(pk=link.pk, kind=RelatedArticle.Kind.STAFF).exists()
    first = Speech.objects.for_detail().get(pk=flood[0].pk).related_links.all()[0]
    assert first == link


class Interrupt(Exception):
    pass


def interrupting_progress(after_batches):
    """A progress bar that stops the rebuild after `after_batches` batches of lists."""

    class Bar:
        batches = 0

        def __init__(self, description):
            self.description = description

        def update(self, n=1):
            if self.description == "延伸阅读":
                Bar.batches += 1
                if Bar.batches >= after_batches:
                    raise Interrupt

        def close(self):
            pass

    return lambda description, total, initial=0: Bar(description)


def test_an_interrupted_rebuild_leaves_old_or_new_lists_and_resumes(topics):
    flood, school = topics
    everyone = sorted([*flood, *school], key=lambda s: s.pk)
    rebuild()
    old = {s.pk: computed(s) for s in everyone}
    # A newer, closer speech arrives: lists written after it existed differ from the old ones.
    newcomer = make_speech(FLOOD * 3, ["防汛"], category=flood[0].category)
    with pytest.raises(Interrupt):
        rebuild(batch_size=5, restart=True, progress=interrupting_progress(1))
    checkpoint = RecommendationCheckpoint.objects.get()
    assert checkpoint.last_speech_id == everyone[4].pk
    for speech in everyone:
        lists = computed(speech)
        assert lists, "no list may be empty after an interruption"
        if speech.pk > checkpoint.last_speech_id:
            assert lists == old[speech.pk]
    assert any(newcomer.pk in computed(s) for s in everyone[:5] if s in flood)
    assert rebuild(batch_size=5) == len(everyone) + 1 - 5
    assert not RecommendationCheckpoint.objects.exists()
    assert all(computed(s) for s in everyone)


@pytest.mark.django_db(transaction=True)
def test_lists_written_by_worker_processes_equal_those_written_here(topics):
    """On PostgreSQL the batches are scored and written in forked workers (SQLite: here)."""
    everyone = [*topics[0], *topics[1]]
    assert rebuild(batch_size=3, restart=True, workers=1) == len(everyone)
    alone = {s.pk: computed(s) for s in everyone}
    RelatedArticle.objects.filter(kind=RelatedArticle.Kind.COMPUTED).delete()
    assert rebuild(batch_size=3, restart=True, workers=2) == len(everyone)
    assert {s.pk: computed(s) for s in everyone} == alone
    assert all(alone.values())
    assert not RecommendationCheckpoint.objects.exists()


def test_rebuild_command_reports_and_accepts_options(topics):
    out = StringIO()
    call_command("rebuild_recommendations", "--batch-size", "4", "--workers", "1", stdout=out, verbosity=0)
    assert "已重建 12 篇" in out.getvalue()
    assert RelatedArticle.objects.filter(kind=RelatedArticle.Kind.COMPUTED).count() > 0


def test_scheduled_speech_is_placed_once_its_time_has_come(topics):
    flood, _ = topics
    rebuild()
    scheduled = make_speech(
        varied(FLOOD, FLOOD_MORE, 3),
        ["防汛"],
        category=flood[0].category,
        published_at=timezone.now() + timezone.timedelta(minutes=5),
    )
    refresh_speech(scheduled.pk)
    assert not RelatedArticle.objects.filter(to_speech=scheduled).exists()
    Speech.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timezone.timedelta(minutes=1))
    out = StringIO()
    call_command("rebuild_recommendations", "--recent", "10", stdout=out)
    assert "已更新 1 篇" in out.getvalue()
    assert computed(scheduled) and RelatedArticle.objects.filter(to_speech=scheduled).exists()


def test_speech_page_reads_stored_links_within_its_query_budget(client, topics, django_assert_max_num_queries):
    flood, _ = topics
    rebuild()
    with django_assert_max_num_queries(SPEECH_BUDGET):  # the speech page's budget, whatever its links
        response = client.get(flood[0].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "延伸阅读" in page
    assert all(Speech.objects.get(pk=pk).title in page for pk in computed(flood[0]))


def test_recommended_flag_and_rank_are_editable_in_the_list(staff_client):
    speeches = [SpeechFactory(), SpeechFactory()]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "保存",
    }
    for index, speech in enumerate(speeches):
        data[f"form-{index}-id"] = speech.pk
        data[f"form-{index}-recommend_rank"] = str(index + 3)
    data["form-1-is_recommended"] = "on"
    response = staff_client.post(reverse("admin:speeches_speech_changelist"), data)
    assert response.status_code == 302
    assert list(Speech.objects.order_by("pk").values_list("is_recommended", "recommend_rank")) == [
        (False, 3),
        (True, 4),
    ]


def test_quality_precision_at_5_on_the_labeled_set():
    labels = build_labeled_set()
    assert len(labels) >= 60
    rebuild()
    assert precision_at_5(labels) >= 0.8


def test_before_any_rebuild_tags_are_counted_over_the_speeches_readers_may_see():
    from taggit.models import Tag

    from speeches.recommend.store import corpus_counts

    now = timezone.now()
    make_speech(None, tags=["防汛"])
    make_speech(None, tags=["防汛", "教育"])
    make_speech(None, tags=["防汛", "教育"], draft=True)
    tags = dict(Tag.objects.values_list("name", "pk"))
    total, _, counts = corpus_counts(now, tags=[tags["防汛"], tags["教育"]])
    assert total == 2
    assert counts == {tags["防汛"]: 2, tags["教育"]: 1}
