"""Keeping the near-duplicate index and asking it (speeches.duplicates.signature)."""

from django.db import transaction

from ..models import Speech
from ..sanitize import text_content
from . import signature as sig
from .models import SpeechBand, SpeechSignature


def speech_text(speech) -> str:
    """What is compared: the text a reader reads, in reading order (title and metadata
    left out, since same-titled speeches are common and different)."""
    parts = [speech.opening]
    for heading, body in speech.sections.order_by("position").values_list("heading", "body"):
        parts += [heading, body]
    parts.append(speech.closing)
    return "\n".join(text_content(part) for part in parts)


def index_speech(speech):
    """Store the speech's signature and band keys; return the signature (None: no words)."""
    values = sig.signature(speech_text(speech))
    with transaction.atomic():
        SpeechBand.objects.filter(speech_id=speech.pk).delete()
        if values is None:
            SpeechSignature.objects.filter(speech_id=speech.pk).delete()
            return None
        SpeechSignature.objects.update_or_create(speech_id=speech.pk, defaults={"hashvalues": sig.to_bytes(values)})
        SpeechBand.objects.bulk_create(SpeechBand(speech_id=speech.pk, key=key) for key in sig.band_keys(values))
    return values


def near_duplicates(speech, values):
    """[(speech, similarity)] of other speeches at the threshold or above, most similar
    first (two queries: the candidates sharing a band, then their titles)."""
    if values is None:
        return []
    candidates = (
        SpeechSignature.objects.filter(speech__bands__key__in=sig.band_keys(values))
        .exclude(speech_id=speech.pk)
        .distinct()
        .values_list("speech_id", "hashvalues")
    )
    scores = {pk: sig.similarity(values, sig.from_bytes(stored)) for pk, stored in candidates}
    close = {pk: score for pk, score in scores.items() if score >= sig.THRESHOLD}
    speeches = Speech.objects.filter(pk__in=close).only("pk", "title", "status")
    return sorted(((s, close[s.pk]) for s in speeches), key=lambda pair: (-pair[1], pair[0].pk))


def check_speech(speech):
    """Index the speech as it now reads and return its 疑似重复."""
    return near_duplicates(speech, index_speech(speech))


def load_signatures(chunk=5000) -> dict:
    return {
        pk: sig.from_bytes(stored)
        for pk, stored in SpeechSignature.objects.values_list("speech_id", "hashvalues").iterator(chunk_size=chunk)
    }


def unindexed_speeches():
    return Speech.objects.filter(signature__isnull=True)


def scan(progress):
    """Sign the speeches that lack a signature (saved before the index existed, or by a
    bulk load), then find every pair at the threshold: (pairs, speeches signed).
    `progress(description, total)` returns a tqdm-like bar."""
    missing = list(unindexed_speeches())
    bar = progress("补建签名", len(missing))
    for speech in missing:
        index_speech(speech)
        bar.update(1)
    bar.close()
    return sig.all_pairs(load_signatures()), len(missing)


def pair_lines(pairs):
    """ "87%\tid\tid\t标题 | 标题" for each pair, titles in one query."""
    titles = dict(Speech.objects.filter(pk__in={pk for pair in pairs for pk in pair[:2]}).values_list("pk", "title"))
    return [f"{score:.0%}\t{first}\t{second}\t{titles[first]} | {titles[second]}" for first, second, score in pairs]
