"""Scoring one speech's candidates: plain functions over Profiles, no database.

The full rebuild and the per-speech update both call these, so a list comes out the same
whichever path computed it.
"""

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from .text import cosine
from .weights import (
    CANDIDATES_SCORED,
    COMMON_KEYWORD_MIN,
    COMMON_KEYWORD_SHARE,
    FRESH_HALF_LIFE_DAYS,
    MIN_SCORE,
    NEAR_DUPLICATE_COSINE,
    SAME_PARENT_CATEGORY,
    TAG_IDF_SCALE,
    WEIGHTS,
)


@dataclass(slots=True)
class Profile:
    """What scoring needs to know about one speech."""

    id: int
    category_id: int
    parent_category_id: int | None
    meeting_id: int | None
    published_at: datetime | None
    content_hash: str
    tags: tuple  # tag ids
    terms: dict  # keyword vector: as stored, then corpus_weighted() for scoring


@dataclass(slots=True)
class Scored:
    target_id: int
    score: float
    parts: dict


def tag_idf(document_frequency: int, speech_count: int) -> float:
    return math.log(1 + speech_count / max(document_frequency, 1))


def corpus_weighted(terms: dict, frequencies: dict, speech_count: int) -> dict:
    """The keyword vector reweighted by corpus IDF, common keywords dropped, unit length."""
    common = max(COMMON_KEYWORD_SHARE * speech_count, COMMON_KEYWORD_MIN)
    weighted = {}
    for term, weight in terms.items():
        uses = frequencies.get(term, 0)
        if uses <= common:
            weighted[term] = weight * math.log((1 + speech_count) / (1 + uses))
    norm = math.sqrt(sum(weight * weight for weight in weighted.values()))
    return {term: weight / norm for term, weight in weighted.items()} if norm else {}


def freshness(published_at: datetime | None, today: date) -> float:
    if published_at is None:
        return 0.0
    age_days = max((today - published_at.date()).days, 0)
    return 0.5 ** (age_days / FRESH_HALF_LIFE_DAYS)


def partial_scores(speech: Profile, postings, idf: dict) -> list[int]:
    """Ids of the most promising candidates, from the speech's (bounded) posting lists.

    `postings` maps a feature key to [(speech id, weight)]. The partial score adds up the
    parts each shared feature contributes; CANDIDATES_SCORED of them get a full score.
    """
    found = defaultdict(float)
    # Features in a fixed order: the sums, and so the ranking, do not depend on row order.
    for tag in speech.tags:
        share = WEIGHTS["tags"] * idf.get(tag, 0.0) / TAG_IDF_SCALE
        for other, _ in postings.get(("tag", tag), ()):
            found[other] += share
    for term, weight in sorted(speech.terms.items()):
        share = WEIGHTS["text"] * weight
        for other, other_weight in postings.get(("term", term), ()):
            found[other] += share * other_weight
    if speech.meeting_id:
        for other, _ in postings.get(("meeting", speech.meeting_id), ()):
            found[other] += WEIGHTS["meeting"]
    for other, _ in postings.get(("category", speech.category_id), ()):
        found[other] += WEIGHTS["category"]
    found.pop(speech.id, None)
    best = heapq.nlargest(CANDIDATES_SCORED, zip(found.values(), found.keys(), strict=True))
    return [other for _, other in best]


def top_category(profile: Profile) -> int:
    """The id of the top-level 栏目 a speech is filed under (its own 栏目 or that one's parent)."""
    return profile.parent_category_id or profile.category_id


def shared_parts(a: Profile, b: Profile, idf: dict, tag_names: dict) -> dict | None:
    """The symmetric parts of the score of a pair, or None for a near-duplicate pair."""
    if a.content_hash and a.content_hash == b.content_hash:
        return None
    text = cosine(a.terms, b.terms)
    if text >= NEAR_DUPLICATE_COSINE:
        return None
    shared_tags = sorted(set(a.tags) & set(b.tags))
    idf_sum = sum(idf.get(tag, 0.0) for tag in shared_tags)
    if a.category_id == b.category_id:
        category = 1.0
    elif top_category(a) == top_category(b):
        category = SAME_PARENT_CATEGORY
    else:
        category = 0.0
    return {
        "tags": round(1 - math.exp(-idf_sum / TAG_IDF_SCALE), 4),
        "text": round(text, 4),
        "meeting": 1.0 if a.meeting_id and a.meeting_id == b.meeting_id else 0.0,
        "category": category,
        "shared_tags": [tag_names.get(tag, str(tag)) for tag in shared_tags],
    }


def total(parts: dict, fresh: float) -> tuple[float, dict]:
    """The weighted score and the parts with freshness, as stored in score_parts."""
    parts = {**parts, "fresh": round(fresh, 4)}
    score = sum(weight * parts[name] for name, weight in WEIGHTS.items())
    return round(score, 6), parts


def relevant(score: float, fresh: float) -> bool:
    """A candidate must share something: freshness alone does not make further reading."""
    return score - WEIGHTS["fresh"] * fresh >= MIN_SCORE


def rank(pairs: list[Scored], capacity: int) -> list[Scored]:
    """Best first; ties go to the newer speech (higher id)."""
    return sorted(pairs, key=lambda s: (-s.score, -s.target_id))[: max(capacity, 0)]


def score_candidates(speech, candidates, idf, tag_names, today, excluded=frozenset()):
    """Full scores of `speech`'s candidates (excluded ids and near-duplicates left out).

    Returns (scored, symmetric): `scored` for the speech's own list, and `symmetric`
    {candidate id: parts without freshness} for placing the speech in the candidates' lists.
    """
    scored, symmetric = [], {}
    for other in candidates:
        if other.id == speech.id:
            continue
        parts = shared_parts(speech, other, idf, tag_names)
        if parts is None:
            continue
        symmetric[other.id] = parts
        if other.id in excluded:
            continue
        fresh = freshness(other.published_at, today)
        score, stored_parts = total(parts, fresh)
        if relevant(score, fresh):
            scored.append(Scored(other.id, score, stored_parts))
    return scored, symmetric
