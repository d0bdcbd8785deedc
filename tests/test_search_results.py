"""search_page's results object: the base set is its own (the visibility rule), filters,
facets, and highlights as offsets."""

import pytest
from django.utils import timezone

from speeches.search import MatchCount, parse_query, search_page
from speeches.search.highlight import excerpt_window, match_spans

from .factories import CategoryFactory, MeetingFactory, SpeechFactory


def test_match_spans_are_offsets_into_the_text():
    assert match_spans("学习信访条例，做好信访工作", ["信访条例", "信访"]) == [(2, 6), (9, 11)]


def test_excerpt_window_offsets_count_the_leading_ellipsis():
    text = "甲" * 50 + "防汛抗旱" + "乙" * 200
    window, spans = excerpt_window(text, ["防汛"], length=40)
    assert window.startswith("…") and window.endswith("…")
    start, end = spans[0]
    assert window[start:end] == "防汛"


@pytest.mark.django_db
def test_search_page_sees_only_what_readers_may_see():
    SpeechFactory(title="安全生产讲话")
    SpeechFactory(title="安全生产草稿", draft=True)
    SpeechFactory(title="安全生产定时", published_at=timezone.now() + timezone.timedelta(days=1))
    results = search_page(parse_query("安全生产"))
    assert [hit.speech.title for hit in results.hits] == ["安全生产讲话"]
    assert results.total == MatchCount(1)


@pytest.mark.django_db
def test_filters_facets_and_title_highlights():
    parent = CategoryFactory(name="讲话")
    child = CategoryFactory(name="领导讲话", parent=parent)
    other = CategoryFactory(name="发言")
    meeting = MeetingFactory()
    in_child = SpeechFactory(title="防汛工作讲话", category=child, meeting=meeting)
    SpeechFactory(title="防汛工作发言", category=other)

    everything = search_page(parse_query("防汛"))
    assert everything.total == MatchCount(2)
    assert everything.facets["categories"] == {child.pk: 1, other.pk: 1}
    assert list(everything.facets["years"].values()) == [2]

    in_tree = search_page(parse_query("防汛"), {"category": parent})
    assert [hit.speech for hit in in_tree.hits] == [in_child]
    hit = in_tree.hits[0]
    assert [hit.title[start:end] for start, end in hit.title_highlights] == ["防汛"]
    assert str(hit.title_html) == "<mark>防汛</mark>工作讲话"
    assert search_page(parse_query("防汛"), {"meeting": meeting, "category": other}).total == MatchCount(0)
