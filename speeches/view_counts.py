"""Counted views, written to the database in bulk rather than once per reader.

The beacon (views.SpeechHitView) records a counted view (hits.py decides which count) in
the shared cache: one counter per speech per day (site time zone). The first view of a
speech on a day also writes the counter's key into that day's registry (numbered slots),
so `fold_views()` can find every pending counter without scanning the cache. Every
minute `manage.py fold_views` (cron) takes each pending count off its counter with an
atomic decrement (views arriving meanwhile stay for the next fold) and writes them with
two statements per batch: an upsert into DailyViews (one row per speech per day) and an
UPDATE of the all-time `Speech.view_count`.

A failed write loses those views rather than counting them twice; so does an unreachable
cache (hits.py counts nothing then).
"""

from collections import defaultdict
from contextlib import suppress
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone

from .models import DailyViews, Speech

KEEP_SECONDS = 3 * 86400  # a counter outlives its day by enough for any fold to reach it
FOLD_DAYS = 2  # today and yesterday: views recorded just before midnight still fold
BATCH = 500


def _counter_key(day, speech_id):
    return f"views:pending:{day.isoformat()}:{speech_id}"


def _registry_key(day, slot="count"):
    return f"views:registry:{day.isoformat()}:{slot}"


def record_view(speech_id, day=None, views=1):
    """Add `views` counted views (one per beacon) of `speech_id` to today's pending counter."""
    day = day or timezone.localdate()
    key = _counter_key(day, speech_id)
    if cache.add(key, 0, KEEP_SECONDS):  # first view of the day: register the counter
        slot = _next_slot(day)
        if slot is not None:
            cache.set(_registry_key(day, slot), speech_id, KEEP_SECONDS)
    with suppress(ValueError):  # expired in between: lost, as when the cache is down
        cache.incr(key, views)


def _next_slot(day):
    key = _registry_key(day)
    cache.add(key, 0, KEEP_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        return None


def take_pending(today=None):
    """{(day, speech_id): views} recorded since the last fold, taken off their counters."""
    today = today or timezone.localdate()
    taken = {}
    for day in (today - timedelta(days=back) for back in range(FOLD_DAYS)):
        slots = cache.get(_registry_key(day)) or 0
        registry = cache.get_many([_registry_key(day, slot) for slot in range(1, slots + 1)])
        keys = {_counter_key(day, speech_id): speech_id for speech_id in registry.values()}
        for key, views in cache.get_many(list(keys)).items():
            if views:
                cache.decr(key, views)
                taken[(day, keys[key])] = views
    return taken


def fold_views(today=None):
    """Write the pending views to the database; return (views, DailyViews rows written)."""
    return write_views(take_pending(today))


def write_views(counts):
    """Add {(day, speech_id): views} to DailyViews and Speech.view_count, in batches.

    Views of speeches deleted since are dropped."""
    items = list(counts.items())
    total = rows = 0
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        ids = {speech_id for (_, speech_id), _ in batch}
        existing = set(Speech.objects.filter(pk__in=ids).values_list("pk", flat=True))
        batch = [((day, speech_id), views) for (day, speech_id), views in batch if speech_id in existing]
        if not batch:
            continue
        with transaction.atomic():
            _upsert_daily(batch)
            _add_to_totals(batch)
        total += sum(views for _, views in batch)
        rows += len(batch)
    return total, rows


def _upsert_daily(batch):
    table = DailyViews._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(batch))
    params = [value for (day, speech_id), views in batch for value in (speech_id, day, views)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (speech_id, day, views) VALUES {values} "
            f"ON CONFLICT (speech_id, day) DO UPDATE SET views = {table}.views + excluded.views",
            params,
        )


def _add_to_totals(batch):
    per_speech = defaultdict(int)
    for (_, speech_id), views in batch:
        per_speech[speech_id] += views
    increment = models.Case(
        *(models.When(pk=speech_id, then=models.Value(views)) for speech_id, views in per_speech.items()),
        default=models.Value(0),
        output_field=models.PositiveIntegerField(),
    )
    Speech.objects.filter(pk__in=per_speech).update(view_count=models.F("view_count") + increment)
