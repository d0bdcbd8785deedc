"""Keeping lists fresh when one speech is published, edited or withdrawn.

A refresh recomputes the speech's own list and places the speech in the lists of its
candidates (at most CANDIDATES_SCORED of them) where it now scores high enough; lists
it no longer belongs in lose it. Everything is bounded by the posting-list limits, so the
cost does not grow with the size of the site.
"""

from django.db import transaction
from django.utils import timezone

from speeches.models import RelatedArticle, Speech

from . import store
from .postings import query_postings
from .scoring import (
    Scored,
    corpus_weighted,
    freshness,
    partial_scores,
    rank,
    relevant,
    score_candidates,
    tag_idf,
    total,
)
from .weights import LIST_SIZE


def refresh_speech(speech_id: int):
    """Recompute one speech's keywords and list, and its place in other lists."""
    now = timezone.now()
    with transaction.atomic():
        texts = store.speech_texts([speech_id])
        if speech_id not in texts:
            return
        store.save_keywords({speech_id: store.vector_of(texts[speech_id])})
        profile = store.load_profiles(now, [speech_id]).get(speech_id)
        if profile is None:
            # Draft, or scheduled for later: out of every list until it is visible.
            store.withdraw([speech_id])
            return
        speech_count, words, tags = store.corpus_counts(now, profile.terms, profile.tags)
        profile.terms = corpus_weighted(profile.terms, words, speech_count)
        # A tag new since the last rebuild counts as rare.
        idf = {tag: tag_idf(tags.get(tag, 1), speech_count) for tag in profile.tags}
        names = store.tag_names(profile.tags)
        candidate_ids = partial_scores(profile, query_postings(profile, now), idf)
        candidates = store.load_profiles(now, candidate_ids)
        _, words, _ = store.corpus_counts(now, {term for other in candidates.values() for term in other.terms})
        for other in candidates.values():
            other.terms = corpus_weighted(other.terms, words, speech_count)
        involved = [speech_id, *candidates]
        staff, blocked = store.staff_choices(involved), store.blocked_pairs(involved)
        scored, symmetric = score_candidates(
            profile,
            [candidates[pk] for pk in candidate_ids if pk in candidates],
            idf,
            names,
            now.date(),
            {*staff[speech_id], *blocked[speech_id]},
        )
        lists = {speech_id: rank(scored, LIST_SIZE - len(staff[speech_id]))}
        lists.update(lists_gaining(profile, symmetric, staff, blocked, now))
        store.replace_lists(lists)
        # Lists that held the speech but are no longer among its candidates lose it.
        RelatedArticle.objects.filter(to_speech_id=speech_id, kind=RelatedArticle.Kind.COMPUTED).exclude(
            from_speech_id__in=[speech_id, *symmetric]
        ).delete()


def lists_gaining(profile, symmetric: dict, staff, blocked, now) -> dict:
    """The candidates' lists with this speech placed (or re-placed) by its score for them."""
    others = list(symmetric)
    current = {pk: [] for pk in others}
    rows = RelatedArticle.objects.filter(from_speech_id__in=others, kind=RelatedArticle.Kind.COMPUTED)
    for from_id, to_id, score, parts in rows.values_list("from_speech_id", "to_speech_id", "score", "score_parts"):
        current[from_id].append(Scored(to_id, score, parts))
    fresh = freshness(profile.published_at, now.date())
    changed = {}
    for other in others:
        kept = [item for item in current[other] if item.target_id != profile.id]
        score, parts = total(symmetric[other], fresh)
        if relevant(score, fresh) and profile.id not in staff[other] and profile.id not in blocked[other]:
            kept.append(Scored(profile.id, score, parts))
        new = rank(kept, LIST_SIZE - len(staff[other]))
        if [(s.target_id, s.score) for s in new] != [(s.target_id, s.score) for s in rank(current[other], LIST_SIZE)]:
            changed[other] = new
    return changed


def withdraw_speeches(speech_ids):
    """Take speeches out of every computed list at once (one DELETE)."""
    return store.withdraw(speech_ids)


def refresh_recently_published(window):
    """Refresh speeches whose publish time came within `window`: scheduled speeches go
    live without anyone saving them, so a periodic job places them."""
    now = timezone.now()
    ids = list(Speech.objects.published(now).filter(published_at__gt=now - window).values_list("pk", flat=True))
    refresh_speeches(ids)
    return len(ids)


def refresh_speeches(speech_ids):
    for speech_id in speech_ids:
        refresh_speech(speech_id)
