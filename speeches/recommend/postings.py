"""Bounded posting lists (the inverted index): in memory for a rebuild, from SQL for one speech.

Both builders cut each list the same way, so both paths find the same candidates:
tags keep their newest speeches (highest id, an index walk on TaggedSpeech), meetings
and 栏目 their most recently published ones, keywords the speeches where the keyword
weighs most.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import FloatField, Value

from speeches.models import Speech, TaggedSpeech
from speeches.querysets import visible_to_readers

from .models import SpeechKeyword
from .scoring import Profile
from .weights import POSTINGS_PER_CATEGORY, POSTINGS_PER_KEYWORD, POSTINGS_PER_MEETING, POSTINGS_PER_TAG

LIMITS = {
    "tag": POSTINGS_PER_TAG,
    "term": POSTINGS_PER_KEYWORD,
    "meeting": POSTINGS_PER_MEETING,
    "category": POSTINGS_PER_CATEGORY,
}


def newest_first(profile: Profile):
    return (profile.published_at, profile.id)


def build_postings(profiles: dict[int, Profile]) -> dict:
    """Every feature's posting list for a whole corpus, in memory."""
    postings = defaultdict(list)
    for profile in sorted(profiles.values(), key=newest_first, reverse=True):
        keys = [("category", profile.category_id)]
        if profile.meeting_id:
            keys.append(("meeting", profile.meeting_id))
        for key in keys:
            if len(postings[key]) < LIMITS[key[0]]:
                postings[key].append((profile.id, 1.0))
    for speech_id in sorted(profiles, reverse=True):
        for tag in profiles[speech_id].tags:
            bucket = postings[("tag", tag)]
            if len(bucket) < LIMITS["tag"]:
                bucket.append((speech_id, 1.0))
    postings.update(_term_postings(profiles))
    return dict(postings)


def _term_postings(profiles: dict[int, Profile]) -> dict:
    """Each term's speeches, heaviest first, at most LIMITS["term"]."""
    by_term = defaultdict(list)
    for profile in profiles.values():
        for term, weight in profile.terms.items():
            by_term[term].append((weight, profile.id))
    postings = {}
    for term, entries in by_term.items():
        entries.sort(reverse=True)
        postings[("term", term)] = [(speech_id, weight) for weight, speech_id in entries[: LIMITS["term"]]]
    return postings


def query_postings(profile: Profile, now) -> dict:
    """The posting lists of one speech's features, each cut with LIMIT on its index.

    On PostgreSQL the keyword and tag lists travel in one UNION ALL query each; SQLite
    cannot LIMIT inside a compound query, so it runs them one by one.
    """
    speeches = Speech.objects.published(now)
    term_lists = [
        SpeechKeyword.objects.filter(visible_to_readers(now, prefix="speech__"), term=term)
        .order_by("-weight", "-speech_id")
        .values_list("term", "speech_id", "weight")[: LIMITS["term"]]
        for term in profile.terms
    ]
    tag_lists = [
        TaggedSpeech.objects.filter(visible_to_readers(now, prefix="content_object__"), tag_id=tag)
        .order_by("-content_object_id")
        .annotate(weight_one=Value(1.0, output_field=FloatField()))
        .values_list("tag_id", "content_object_id", "weight_one")[: LIMITS["tag"]]
        for tag in profile.tags
    ]
    postings = defaultdict(list)
    for kind, lists in [("term", term_lists), ("tag", tag_lists)]:
        for key, speech_id, weight in union_all(lists):
            postings[(kind, key)].append((speech_id, weight))
    if profile.meeting_id:
        rows = speeches.filter(meeting_id=profile.meeting_id).order_by("-published_at", "-id")
        postings[("meeting", profile.meeting_id)] = [
            (pk, 1.0) for pk in rows.values_list("pk", flat=True)[: LIMITS["meeting"]]
        ]
    rows = speeches.filter(category_id=profile.category_id).order_by("-published_at", "-id")
    postings[("category", profile.category_id)] = [
        (pk, 1.0) for pk in rows.values_list("pk", flat=True)[: LIMITS["category"]]
    ]
    return postings


def union_all(querysets):
    """Rows of all the (sliced) querysets, in one query where the database allows it."""
    if not querysets:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        return list(querysets[0].union(*querysets[1:], all=True))
    return [row for queryset in querysets for row in queryset]
