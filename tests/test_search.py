"""Search index and ranking on the database the suite runs on (SQLite or PostgreSQL)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from speeches.models import Section, Speech
from speeches.search import MatchCount, filter_speeches, parse_query, rank_speeches
from speeches.search.backends import PostgresBackend, TokenMatchBackend, get_backend
from speeches.search.indexing import deferred_indexing, index_speeches
from speeches.search.models import SearchDocument

from .factories import MeetingFactory, SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db


def titles(text, speeches=None):
    return [s.title for s in rank_speeches(speeches or Speech.objects.published(), parse_query(text))]


def test_backend_follows_the_database_vendor():
    expected = PostgresBackend if connection.vendor == "postgresql" else TokenMatchBackend
    assert isinstance(get_backend(), expected)


def test_title_match_beats_body_match():
    body = SpeechFactory(title="在全市工作会议上的讲话")
    SectionFactory(speech=body, heading="强化责任", body="<p>认真贯彻信访条例。</p>")
    SpeechFactory(title="学习信访条例的体会")
    assert titles("信访条例") == ["学习信访条例的体会", "在全市工作会议上的讲话"]


def test_heading_match_beats_body_match():
    body = SpeechFactory(title="讲话甲")
    SectionFactory(speech=body, heading="提高认识", body="<p>开好民主生活会。</p>")
    heading = SpeechFactory(title="讲话乙")
    SectionFactory(speech=heading, heading="开好民主生活会", body="<p>认真准备。</p>")
    assert titles("民主生活会") == ["讲话乙", "讲话甲"]


def test_all_words_beat_some_words():
    some = SpeechFactory(title="防汛工作讲话")
    SectionFactory(speech=some, body="<p>防汛防汛防汛,防汛是头等大事。</p>")
    SpeechFactory(title="防汛与堤防建设讲话")
    assert titles("防汛 堤防") == ["防汛与堤防建设讲话", "防汛工作讲话"]


def test_an_older_all_words_match_beats_newer_partial_matches_past_the_window():
    """Only the newest matches are ranked on PostgreSQL; all-words matches have their own
    window, so an older one is not lost behind newer speeches with one of the words."""
    old = timezone.now() - timezone.timedelta(days=400)
    SpeechFactory(title="防汛与堤防建设讲话", published_at=old)
    for day in range(3):
        SpeechFactory(title=f"防汛工作讲话{day}", published_at=timezone.now() - timezone.timedelta(days=day))
    ranked = rank_speeches(Speech.objects.published(), parse_query("防汛 堤防"), limit=2)
    assert [speech.title for speech in ranked] == ["防汛与堤防建设讲话", "防汛工作讲话0"]


def test_fresher_speech_wins_a_tie():
    SpeechFactory(title="安全生产讲话之一", published_at=timezone.now() - timezone.timedelta(days=30))
    SpeechFactory(title="安全生产讲话之二", published_at=timezone.now() - timezone.timedelta(days=1))
    assert titles("安全生产") == ["安全生产讲话之二", "安全生产讲话之一"]


def test_part_of_a_long_term_finds_it_and_the_term_finds_its_parts():
    SpeechFactory(title="加强党风廉政建设")
    SpeechFactory(title="廉政建设")
    assert titles("廉政") == ["廉政建设", "加强党风廉政建设"]  # a tie: the fresher first
    assert set(titles("党风廉政建设")) == {"加强党风廉政建设"}
    assert set(titles("廉政建设")) == {"廉政建设", "加强党风廉政建设"}


def test_a_dictionary_word_needs_to_occur_not_just_its_parts():
    SpeechFactory(title="全面加强应急管理")
    SpeechFactory(title="应急演练与安全管理")
    SpeechFactory(title="认真总结经验教训")
    assert titles("应急管理") == ["全面加强应急管理"]
    assert titles("总结经验") == ["认真总结经验教训"]


def test_no_match_and_unpublished_speeches_are_not_found():
    SpeechFactory(title="信访工作讲话", draft=True)
    assert titles("信访") == []
    assert titles("扶贫") == []


def test_tags_meeting_and_speaker_are_indexed():
    speech = SpeechFactory(title="讲话", speaker="李四", meeting=MeetingFactory(name="全省河长制工作会议"))
    speech.tags.add("标准化堤防")
    assert titles("标准化堤防") == ["讲话"]
    assert titles("河长制") == ["讲话"]
    assert titles("李四") == ["讲话"]


def test_index_follows_section_save_and_delete():
    speech = SpeechFactory(title="讲话")
    section = SectionFactory(speech=speech, body="<p>抓好森林防火。</p>")
    assert titles("森林防火") == ["讲话"]
    section.body = "<p>抓好防汛抗旱。</p>"
    section.save()
    assert titles("森林防火") == [] and titles("防汛抗旱") == ["讲话"]
    section.delete()
    assert titles("防汛抗旱") == []


def test_index_follows_speech_save_and_tag_removal():
    speech = SpeechFactory(title="森林防火讲话")
    speech.tags.add("乡村振兴")
    speech.title = "营商环境讲话"
    speech.save()
    assert titles("营商环境") == ["营商环境讲话"] and titles("森林防火") == []
    speech.tags.remove("乡村振兴")
    assert titles("乡村振兴") == []


def test_deleting_a_speech_deletes_its_document():
    speech = SpeechFactory(title="讲话")
    SectionFactory(speech=speech)
    speech.delete()
    assert not SearchDocument.objects.exists()


def test_deferred_indexing_indexes_once_at_the_end():
    speech = SpeechFactory(title="讲话")
    with deferred_indexing():
        for position in range(1, 4):
            Section.objects.create(speech=speech, position=position, body=f"<p>第{position}部分巡视整改。</p>")
        assert titles("巡视整改") == []
    assert titles("巡视整改") == ["讲话"]


def test_rebuild_command_indexes_bulk_created_speeches():
    speech = SpeechFactory(title="讲话")
    Section.objects.bulk_create([Section(speech=speech, position=1, body="<p>数字政府建设。</p>")])
    SearchDocument.objects.all().delete()
    assert titles("数字政府") == []
    call_command("rebuild_search_index", verbosity=0)
    assert titles("数字政府") == ["讲话"]


def test_filter_keeps_the_given_order():
    SpeechFactory(title="安全生产甲")
    SpeechFactory(title="安全生产乙")
    SpeechFactory(title="别的")
    found = filter_speeches(Speech.objects.order_by("title"), parse_query("安全生产"))
    assert [s.title for s in found] == ["安全生产乙", "安全生产甲"]


@pytest.mark.parametrize("text", ["信访", "信访条例", "堤防 防汛", "党风廉政建设", "廉政", "讲话", "不存在的词"])
def test_both_backends_find_the_same_speeches(text):
    """The token-match backend runs on any database: on PostgreSQL the two must agree.
    (PostgreSQL's documents keep only the vector: re-index for the token columns.)"""
    SpeechFactory(title="学习信访条例")
    s = SpeechFactory(title="防汛讲话")
    SectionFactory(speech=s, heading="标准化堤防", body="<p>党风廉政建设常抓不懈。</p>")
    SpeechFactory(title="廉政建设讲话").tags.add("信访工作")
    query = parse_query(text)
    speeches = Speech.objects.published()
    native = get_backend().ranked_ids(speeches, query, 10)
    index_speeches(speeches.values_list("pk", flat=True), TokenMatchBackend())
    token_match = TokenMatchBackend().ranked_ids(speeches, query, 10)
    assert set(native) == set(token_match)
    assert native[:1] == token_match[:1]


def test_search_documents_follow_visibility_through_queryset_updates():
    """Workflow transitions and admin actions write with update(): a trigger keeps up."""
    speech = SpeechFactory(title="加强标准化堤防建设的讲话")
    assert SearchDocument.objects.get(speech=speech).visible_from == speech.published_at
    Speech.objects.filter(pk=speech.pk).update(status=Speech.Status.DRAFT)
    assert SearchDocument.objects.get(speech=speech).visible_from is None
    later = timezone.now() + timezone.timedelta(days=1)
    Speech.objects.filter(pk=speech.pk).update(status=Speech.Status.PUBLISHED, published_at=later)
    assert SearchDocument.objects.get(speech=speech).visible_from == later


def test_each_backend_stores_only_what_it_searches():
    document = SearchDocument.objects.get(speech=SpeechFactory(title="加强标准化堤防建设"))
    if connection.vendor == "postgresql":  # narrow rows: the vector alone
        assert "'标准化堤防':" in document.vector and "A" in document.vector.split("'标准化堤防':")[1]
        assert document.title == document.headings == document.context == document.body == ""
    else:
        assert " 标准化堤防 " in document.title and document.vector is None


def test_the_unfiltered_shortcut_agrees_with_the_filtered_path():
    shown = [SpeechFactory(title=f"堤防建设讲话{n}") for n in range(3)]
    SpeechFactory(title="堤防建设草稿", draft=True)
    SpeechFactory(title="堤防建设定时稿", published_at=timezone.now() + timezone.timedelta(days=1))
    hidden = SpeechFactory(title="堤防建设撤回稿")
    Speech.objects.filter(pk=hidden.pk).update(status=Speech.Status.DRAFT)
    backend, query, published = get_backend(), parse_query("堤防"), Speech.objects.published()
    assert backend.count(published, query, filtered=False) == backend.count(published, query) == MatchCount(3)
    ranked = backend.ranked_ids(published, query, 10, filtered=False, matches=3)
    assert ranked == backend.ranked_ids(published, query, 10)
    assert sorted(ranked) == sorted(s.pk for s in shown)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the two candidate plans are PostgreSQL's")
def test_walking_newest_first_and_collecting_every_match_agree():
    from django.test.utils import CaptureQueriesContext

    for n in range(5):
        SpeechFactory(title=f"河长制讲话{n}", published_at=timezone.now() - timezone.timedelta(days=n))
    SpeechFactory(title="河长制草稿", draft=True)
    SpeechFactory(title="河长制定时稿", published_at=timezone.now() + timezone.timedelta(days=1))
    backend, query, published = get_backend(), parse_query("河长制"), Speech.objects.published()
    with backend.session(), CaptureQueriesContext(connection) as walked:
        walking = backend.ranked_ids(published, query, 3, filtered=False, matches=5)
    with backend.session(), CaptureQueriesContext(connection) as collected:
        collecting = backend.ranked_ids(published, query, 3, filtered=False, matches=None)
    assert any("enable_bitmapscan" in q["sql"] for q in walked.captured_queries)
    assert any("enable_indexscan" in q["sql"] for q in collected.captured_queries)
    assert walking == collecting == backend.ranked_ids(published, query, 3)
    assert [Speech.objects.get(pk=pk).title for pk in walking] == ["河长制讲话0", "河长制讲话1", "河长制讲话2"]
