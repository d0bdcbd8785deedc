"""Help for staff tagging: 建议标签 from a speech's own keywords and the tags of its
nearest speeches: its computed 延伸阅读 when it has them, else (a draft) the visible
speeches sharing the most keyword weight with it.

The ranking is a plain function; `tag_suggestions` reads what it needs (four queries).
Precision on the labeled set: bench/results/tag_suggestions.txt.
"""

from collections import defaultdict

from django.utils import timezone
from taggit.models import Tag

from ..models import RelatedArticle, TaggedSpeech
from ..querysets import visible_to_readers
from .models import SpeechKeyword

SUGGESTED = 5
NEIGHBOURS = 5
# A neighbour's tag is suggested when this many neighbours carry it: one alone was wrong
# one time in five on the labeled set, two were right every time.
MIN_SUPPORT = 2
# Enough of a speech's keywords to find its neighbours (the strongest come first).
QUERY_TERMS = 20


def rank_tags(own_terms, known_tags, neighbours, current, limit=SUGGESTED, min_support=MIN_SUPPORT):
    """[(tag name, reason)], best first.

    own_terms: {keyword: weight} of the speech; known_tags: tag names that exist;
    neighbours: [(similarity, [tag names])] of its nearest speeches; current: its tags.
    A neighbour's tag scores its similarity and needs `min_support` neighbours; a keyword
    that is already a tag scores its weight. Tags the speech has are never suggested."""
    votes, users = defaultdict(float), defaultdict(int)
    for similarity, names in neighbours:
        for name in set(names):
            votes[name] += similarity
            users[name] += 1
    keyword_tags = {term for term in own_terms if term in known_tags}
    for term in keyword_tags:
        votes[term] += own_terms[term]
    eligible = [name for name in votes if name not in current and (name in keyword_tags or users[name] >= min_support)]
    ranked = sorted(eligible, key=lambda name: (-votes[name], name))
    suggestions = []
    for name in ranked[:limit]:
        reasons = []
        if name in keyword_tags:
            reasons.append("本文关键词")
        if users[name]:
            reasons.append(f"{users[name]} 篇相近讲话使用")
        suggestions.append((name, "，".join(reasons)))
    return suggestions


def nearest(speech_id, own_terms, now, limit=NEIGHBOURS):
    """[(similarity, speech id)] of visible speeches sharing the most keyword weight."""
    strongest = dict(sorted(own_terms.items(), key=lambda item: -item[1])[:QUERY_TERMS])
    shared = defaultdict(float)
    postings = SpeechKeyword.objects.filter(visible_to_readers(now, prefix="speech__"), term__in=list(strongest))
    for other_id, term, weight in postings.exclude(speech_id=speech_id).values_list("speech_id", "term", "weight"):
        shared[other_id] += strongest[term] * weight
    return sorted(((score, pk) for pk, score in shared.items()), key=lambda pair: (-pair[0], pair[1]))[:limit]


def tag_suggestions(speech, now=None):
    """建议标签 for a saved speech, from its stored keywords (refreshed on every save)."""
    now = now or timezone.now()
    own_terms = dict(SpeechKeyword.objects.filter(speech_id=speech.pk).values_list("term", "weight"))
    if not own_terms:
        return []
    computed = RelatedArticle.objects.filter(
        from_speech_id=speech.pk, kind=RelatedArticle.Kind.COMPUTED, to_speech__isnull=False
    ).order_by("position")
    neighbours = [(score, pk) for pk, score in computed.values_list("to_speech_id", "score")[:NEIGHBOURS]]
    neighbours = neighbours or nearest(speech.pk, own_terms, now)
    tags_of = defaultdict(list)
    current = set()
    rows = TaggedSpeech.objects.filter(content_object_id__in=[speech.pk, *(pk for _, pk in neighbours)])
    for speech_id, name in rows.values_list("content_object_id", "tag__name"):
        if speech_id == speech.pk:
            current.add(name)
        else:
            tags_of[speech_id].append(name)
    known = set(Tag.objects.filter(name__in=list(own_terms)).values_list("name", flat=True))
    return rank_tags(own_terms, known, [(score, tags_of[pk]) for score, pk in neighbours], current)
