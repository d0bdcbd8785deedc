"""The full rebuild: keywords for speeches that lack them, then every list, in batches.

Each batch of lists is written in one transaction together with the checkpoint, so an
interruption leaves every list old or new, and the next run resumes after the last batch.
"""

import multiprocessing
from dataclasses import dataclass

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from speeches.models import RelatedArticle, Speech, TaggedSpeech
from speeches.parallel import in_processes

from . import store
from .models import CorpusFrequency, RecommendationCheckpoint, SpeechKeyword
from .postings import build_postings
from .scoring import corpus_weighted, partial_scores, rank, score_candidates, tag_idf
from .weights import LIST_SIZE

KEYWORD_BATCH = 1000


class NullProgress:
    def update(self, n=1):
        pass

    def close(self):
        pass


def no_progress(description, total, initial=0):
    return NullProgress()


def rebuild(*, batch_size=1000, workers=1, restart=False, retokenize=False, progress=no_progress):
    """Rebuild every computed list; returns the number of lists written in this run.

    `progress(description, total, initial)` returns a tqdm-like bar for each phase.
    """
    now = timezone.now()
    checkpoint = RecommendationCheckpoint.objects.first()
    if restart and checkpoint:
        checkpoint.delete()
        checkpoint = None
    if checkpoint is None:
        checkpoint = RecommendationCheckpoint.objects.create(last_speech_id=0, started_at=now)
        store.withdraw_invisible(now)
    compute_keywords(now, workers, retokenize and checkpoint.last_speech_id == 0, progress)
    return write_lists(now, checkpoint, batch_size, progress, workers)


def compute_keywords(now, workers, everything, progress):
    speeches = store.visible_speeches(now)
    if not everything:
        speeches = speeches.filter(~Exists(SpeechKeyword.objects.filter(speech=OuterRef("pk"))))
    ids = list(speeches.order_by("pk").values_list("pk", flat=True))
    bar = progress("关键词", len(ids))
    pool = None
    if workers > 1 and len(ids) > KEYWORD_BATCH:
        # Workers only segment text; they never touch the database.
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        for start in range(0, len(ids), KEYWORD_BATCH):
            batch = ids[start : start + KEYWORD_BATCH]
            texts = store.speech_texts(batch)
            keys = list(texts)
            values = [texts[key] for key in keys]
            vectors = pool.map(store.vector_of, values, chunksize=50) if pool else map(store.vector_of, values)
            store.save_keywords(dict(zip(keys, vectors, strict=True)))
            bar.update(len(batch))
    finally:
        if pool:
            pool.close()
            pool.join()
        bar.close()


@dataclass
class Corpus:
    """What scoring any speech needs: read once by the parent, inherited by forked workers."""

    profiles: dict
    postings: dict
    idf: dict
    names: dict
    today: object


def write_lists(now, checkpoint, batch_size, progress, workers=1):
    profiles = store.load_profiles(now)
    words, tags = store.count_corpus(list(profiles.values()))
    postings = build_postings(profiles)
    for profile in profiles.values():
        profile.terms = corpus_weighted(profile.terms, words, len(profiles))
    idf = {tag: tag_idf(count, len(profiles)) for tag, count in tags.items()}
    corpus = Corpus(profiles, postings, idf, store.tag_names(list(tags)), now.date())

    ids = sorted(profiles)
    pending = [pk for pk in ids if pk > checkpoint.last_speech_id]
    batches = [pending[start : start + batch_size] for start in range(0, len(pending), batch_size)]
    bar = progress("延伸阅读", len(ids), len(ids) - len(pending))
    written = 0
    try:
        # Batches finish in order, so the checkpoint never passes an unwritten one; a batch
        # written after it is written again on resume, which changes nothing.
        for batch in in_processes(_write_batch, corpus, batches, workers, ordered=True):
            checkpoint.last_speech_id = batch[-1]
            checkpoint.save(update_fields=["last_speech_id"])
            written += len(batch)
            bar.update(len(batch))
    finally:
        bar.close()
    checkpoint.delete()
    refresh_statistics()
    return written


def _write_batch(corpus, batch):
    """Score and store the lists of one batch of speeches, in one transaction."""
    staff = store.staff_choices(batch)
    blocked = store.blocked_pairs(batch)
    lists = {}
    for pk in batch:
        speech = corpus.profiles[pk]
        candidates = [corpus.profiles[other] for other in partial_scores(speech, corpus.postings, corpus.idf)]
        scored, _ = score_candidates(
            speech, candidates, corpus.idf, corpus.names, corpus.today, {*staff[pk], *blocked[pk]}
        )
        lists[pk] = rank(scored, LIST_SIZE - len(staff[pk]))
    with transaction.atomic():
        store.replace_lists(lists)
    return batch


def refresh_statistics():
    """A rebuild rewrites most rows of these tables: fresh planner statistics keep the
    per-speech queries on their indexes (PostgreSQL only; SQLite plans without them)."""
    if connection.vendor == "postgresql":
        tables = [
            model._meta.db_table for model in [Speech, TaggedSpeech, SpeechKeyword, CorpusFrequency, RelatedArticle]
        ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
