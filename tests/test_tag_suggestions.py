"""Issue 15, item 8: 建议标签 from a speech's own keywords and its nearest speeches' tags."""

from collections import defaultdict

import pytest

from speeches.models import Speech
from speeches.recommend import rebuild
from speeches.recommend.suggest import rank_tags, tag_suggestions

from .recommend_labeled import build_labeled_set

# Measured 建议标签 precision on the labeled set: bench/results/tag_suggestions.txt.
PRECISION_FLOOR = 0.80


def suggestion_precision(labels):
    """(share of suggested tags that the speech's group carries, tags suggested, speeches)."""
    carried = defaultdict(set)
    speeches = Speech.objects.filter(pk__in=labels).prefetch_related("tags")
    for speech in speeches:
        carried[labels[speech.pk]].update(speech.tags.names())
    hits = suggested = with_suggestions = 0
    for speech in speeches:
        names = [name for name, _ in tag_suggestions(speech)]
        hits += sum(name in carried[labels[speech.pk]] for name in names)
        suggested += len(names)
        with_suggestions += bool(names)
    return hits / suggested, suggested, with_suggestions


def test_rank_tags_votes_by_similarity_and_keywords_and_skips_current_tags():
    ranked = rank_tags(
        own_terms={"防汛": 0.6, "会议": 0.2},
        known_tags={"防汛", "讲话"},
        neighbours=[(0.9, ["防汛", "讲话", "水库"]), (0.5, ["水库"]), (0.1, ["综合1"])],
        current={"讲话"},
    )
    # 综合1: one neighbour only, not enough support.
    assert ranked == [("防汛", "本文关键词，1 篇相近讲话使用"), ("水库", "2 篇相近讲话使用")]
    one_each = [(0.5, ["甲"]), (0.4, ["乙"])]
    assert rank_tags({}, set(), one_each, set(), limit=1, min_support=1) == [("甲", "1 篇相近讲话使用")]


@pytest.mark.django_db
def test_suggestions_on_the_labeled_set_are_mostly_the_groups_tags():
    labels = build_labeled_set()
    rebuild()
    precision, suggested, speeches = suggestion_precision(labels)
    assert speeches >= len(labels) // 2 and suggested >= speeches
    assert precision >= PRECISION_FLOOR


@pytest.mark.django_db
def test_a_draft_gets_suggestions_from_its_keyword_neighbours():
    labels = build_labeled_set()
    rebuild()
    first = Speech.objects.get(pk=min(labels))
    group = labels[first.pk]
    draft = Speech.objects.create(
        title="草稿", category=first.category, opening=first.opening, status=Speech.Status.DRAFT
    )
    for section in first.sections.all():
        draft.sections.create(position=section.position, heading=section.heading, body=section.body)
    from speeches.recommend import refresh_speech

    refresh_speech(draft.pk)  # keywords only: a draft has no 延伸阅读
    suggested = [name for name, _ in tag_suggestions(draft)]
    assert group in suggested


@pytest.mark.django_db
def test_the_change_form_offers_the_suggestions_as_buttons(client):
    from .workflow_helpers import change_url, chief_user, logged_in

    labels = build_labeled_set()
    rebuild()
    speech = next(s for s in Speech.objects.filter(pk__in=labels) if tag_suggestions(s))
    page = logged_in(type(client), chief_user()).get(change_url(speech)).content.decode()
    assert 'id="tag-suggestions"' in page
    for name, reason in tag_suggestions(speech):
        assert f'data-tag="{name}" title="{reason}"' in page
