"""Keep SearchDocument in step with speeches, sections and tags, in the same transaction.

Saving a speech, saving or deleting one of its sections, and changing its tags re-index
that speech at once. Code that saves many pieces of one speech (the admin saves the speech,
then its tags and sections) wraps them in `deferred_indexing()` so the speech is indexed
once, after the last piece and still inside the transaction. Bulk writes (bulk_create,
update) bypass this: run `manage.py rebuild_search_index` after them.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from speeches.models import Section, Speech, TaggedSpeech
from speeches.parallel import in_processes

from .backends import get_backend
from .documents import INDEXED_SPEECH_FIELDS, document_fields, speech_text

_pending = ContextVar("pending_search_index", default=None)


def index_speeches(speech_ids, backend=None):
    """(Re)build the search documents of these speeches (for the default database's backend)."""
    speeches = (
        Speech.objects.filter(pk__in=list(speech_ids))
        .select_related("meeting")
        .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("position")), "tags")
    )
    rows = {
        speech.pk: {
            **document_fields(speech_text(speech, speech.sections.all(), [tag.name for tag in speech.tags.all()])),
            "visible_from": speech.visible_since,
        }
        for speech in speeches
    }
    if rows:
        (backend or get_backend()).save_documents(rows)


def index_speech(speech_id):
    pending = _pending.get()
    if pending is None:
        index_speeches([speech_id])
    else:
        pending.add(speech_id)


@contextmanager
def deferred_indexing():
    """Collect index updates inside the block; apply them once when it ends without error."""
    if _pending.get() is not None:  # already deferred by an outer block
        yield
        return
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    index_speeches(pending)


def _deleted_through(origin, model):
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return origin_model is model


@receiver(post_save, sender=Speech)
def speech_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_SPEECH_FIELDS.intersection(update_fields)):
        return
    index_speech(instance.pk)


@receiver(post_save, sender=Section)
def section_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_speech(instance.speech_id)


@receiver(post_delete, sender=Section)
def section_deleted(sender, instance, origin=None, **kwargs):
    # When the speech itself is being deleted its sections go first: nothing to re-index.
    if _deleted_through(origin, Section):
        index_speech(instance.speech_id)


@receiver(m2m_changed, sender=TaggedSpeech)
def tags_changed(sender, instance, action, reverse=False, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Speech):
        index_speech(instance.pk)


def rebuild_index(progress, batch_size=500, workers=1):
    """Re-index every speech, one transaction per batch, in `workers` processes; returns the
    number of speeches. `progress(description, total)` returns a tqdm-like bar."""
    ids = list(Speech.objects.order_by("pk").values_list("pk", flat=True))
    batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    bar = progress("重建检索索引", len(ids))
    for indexed in in_processes(_index_batch, None, batches, workers):
        bar.update(indexed)
    bar.close()
    return len(ids)


def _index_batch(_, batch):
    with transaction.atomic():
        index_speeches(batch)
    return len(batch)
