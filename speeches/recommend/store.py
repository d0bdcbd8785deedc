"""Reading profiles from the database and writing lists back."""

import sys
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from taggit.models import Tag

from speeches.models import RelatedArticle, Section, Speech, TaggedSpeech
from speeches.querysets import published_tags, visible_to_readers

from .models import BlockedRecommendation, CorpusFrequency, SpeechKeyword
from .scoring import Profile
from .text import keyword_text, keyword_vector

CHUNK = 20_000


def visible_speeches(now):
    return Speech.objects.published(now)


def load_profiles(now, ids=None) -> dict[int, Profile]:
    """Profiles of visible speeches (all of them, or those in `ids`)."""
    speeches = visible_speeches(now)
    tagged = TaggedSpeech.objects.filter(visible_to_readers(now, prefix="content_object__"))
    keywords = SpeechKeyword.objects.filter(visible_to_readers(now, prefix="speech__"))
    if ids is not None:
        speeches = speeches.filter(pk__in=ids)
        tagged = tagged.filter(content_object_id__in=ids)
        keywords = keywords.filter(speech_id__in=ids)
    tags, terms = defaultdict(list), defaultdict(dict)
    for speech_id, tag_id in tagged.values_list("content_object_id", "tag_id").iterator(chunk_size=CHUNK):
        tags[speech_id].append(tag_id)
    for speech_id, term, weight in keywords.values_list("speech_id", "term", "weight").iterator(chunk_size=CHUNK):
        terms[speech_id][sys.intern(term)] = weight
    rows = speeches.values_list(
        "pk", "category_id", "category__parent_id", "meeting_id", "published_at", "content_hash"
    ).order_by()
    return {
        pk: Profile(pk, category, parent, meeting, published_at, content_hash, tuple(sorted(tags[pk])), terms[pk])
        for pk, category, parent, meeting, published_at, content_hash in rows.iterator(chunk_size=CHUNK)
    }


def tag_names(tag_ids=None) -> dict[int, str]:
    tags = Tag.objects.all() if tag_ids is None else Tag.objects.filter(pk__in=tag_ids)
    return dict(tags.values_list("pk", "name"))


def tag_document_frequencies(now, tag_ids) -> dict[int, int]:
    return dict(published_tags(now).filter(pk__in=tag_ids).values_list("pk", "uses"))


def speech_texts(ids) -> dict[int, str]:
    """The keyword text of each speech in `ids` (two queries)."""
    headings, bodies = defaultdict(list), defaultdict(list)
    sections = Section.objects.filter(speech_id__in=ids).order_by("speech_id", "position")
    for speech_id, heading, body in sections.values_list("speech_id", "heading", "body"):
        headings[speech_id].append(heading)
        bodies[speech_id].append(body)
    texts = {}
    for pk, title, summary, opening, closing in Speech.objects.filter(pk__in=ids).values_list(
        "pk", "title", "summary", "opening", "closing"
    ):
        texts[pk] = keyword_text(title, summary, headings[pk], [opening, *bodies[pk], closing])
    return texts


def vector_of(text: str) -> dict[str, float]:
    """Module-level so that worker processes can run it."""
    return keyword_vector(text)


def save_keywords(vectors: dict[int, dict[str, float]]):
    """Replace the stored keywords of these speeches."""
    with transaction.atomic():
        SpeechKeyword.objects.filter(speech_id__in=list(vectors)).delete()
        SpeechKeyword.objects.bulk_create(
            [
                SpeechKeyword(speech_id=speech_id, term=term, weight=weight)
                for speech_id, vector in vectors.items()
                for term, weight in vector.items()
            ],
            batch_size=5000,
        )


SPEECH_COUNT = "speeches"


def count_corpus(profiles) -> tuple[dict, dict]:
    """({keyword: speeches}, {tag id: speeches}) over the profiles, stored in CorpusFrequency
    in place of the old counts."""
    words, tags = defaultdict(int), defaultdict(int)
    for profile in profiles:
        for term in profile.terms:
            words[term] += 1
        for tag in profile.tags:
            tags[tag] += 1
    rows = [CorpusFrequency(key=SPEECH_COUNT, speeches=len(profiles))]
    rows += [CorpusFrequency(key=f"word:{term}", speeches=uses) for term, uses in words.items()]
    rows += [CorpusFrequency(key=f"tag:{tag}", speeches=uses) for tag, uses in tags.items()]
    with transaction.atomic():
        CorpusFrequency.objects.all().delete()
        CorpusFrequency.objects.bulk_create(rows, batch_size=5000)
    return words, tags


def corpus_counts(now, terms=(), tags=()) -> tuple[int, dict, dict]:
    """(visible speeches, {keyword: speeches}, {tag id: speeches}) as the last rebuild counted
    them; counted live (slower) when no rebuild has run yet."""
    keys = [SPEECH_COUNT, *(f"word:{term}" for term in terms), *(f"tag:{tag}" for tag in tags)]
    stored = dict(CorpusFrequency.objects.filter(key__in=keys).values_list("key", "speeches"))
    if SPEECH_COUNT not in stored:
        return visible_speeches(now).count(), {}, tag_document_frequencies(now, tags)
    words = {key[5:]: uses for key, uses in stored.items() if key.startswith("word:")}
    tag_counts = {int(key[4:]): uses for key, uses in stored.items() if key.startswith("tag:")}
    return stored[SPEECH_COUNT], words, tag_counts


def staff_choices(ids) -> dict[int, list]:
    """{speech id: targets of its staff-chosen links}, one query. A pending title takes no
    slot from computed links until its speech arrives."""
    chosen = defaultdict(list)
    rows = RelatedArticle.objects.filter(
        from_speech_id__in=ids, kind=RelatedArticle.Kind.STAFF, to_speech__isnull=False
    )
    for from_id, to_id in rows.values_list("from_speech_id", "to_speech_id"):
        chosen[from_id].append(to_id)
    return chosen


def blocked_pairs(ids) -> dict[int, set[int]]:
    blocked = defaultdict(set)
    for from_id, to_id in BlockedRecommendation.objects.filter(from_speech_id__in=ids).values_list(
        "from_speech_id", "to_speech_id"
    ):
        blocked[from_id].add(to_id)
    return blocked


def replace_lists(lists: dict):
    """Swap the computed lists of these speeches for new ones. Call inside a transaction:
    readers then see every list either whole and old or whole and new."""
    RelatedArticle.objects.filter(from_speech_id__in=list(lists), kind=RelatedArticle.Kind.COMPUTED).delete()
    RelatedArticle.objects.bulk_create(
        [
            RelatedArticle(
                from_speech_id=from_id,
                to_speech_id=item.target_id,
                kind=RelatedArticle.Kind.COMPUTED,
                position=position,
                score=item.score,
                score_parts=item.parts,
            )
            for from_id, items in lists.items()
            for position, item in enumerate(items, start=1)
        ],
        batch_size=5000,
    )


def withdraw(ids):
    """Take these speeches out of every computed list, and drop their own (one DELETE)."""
    ids = list(ids)
    return RelatedArticle.objects.filter(
        Q(to_speech_id__in=ids) | Q(from_speech_id__in=ids), kind=RelatedArticle.Kind.COMPUTED
    ).delete()[0]


def withdraw_invisible(now):
    """Drop computed links from or to speeches readers cannot see (one DELETE)."""
    visible = visible_speeches(now).values("pk")
    return (
        RelatedArticle.objects.filter(kind=RelatedArticle.Kind.COMPUTED)
        .filter(~Q(from_speech_id__in=visible) | ~Q(to_speech_id__in=visible))
        .delete()[0]
    )
