"""Views counted per day (DailyViews, written in bulk) and 本周热门 / 本月热门 from them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from speeches.models import DailyViews, Speech
from speeches.view_counts import fold_views, record_view, write_views

from .factories import SpeechFactory

pytestmark = pytest.mark.django_db


def test_views_fold_into_one_row_per_speech_per_day_and_the_total():
    first, second = SpeechFactory(view_count=10), SpeechFactory()
    today = timezone.localdate()
    for _ in range(3):
        record_view(first.pk)
    record_view(second.pk)
    record_view(first.pk, day=today - timedelta(days=1))  # just before midnight
    assert DailyViews.objects.count() == 0  # nothing is written per view
    assert fold_views() == (5, 3)
    rows = set(DailyViews.objects.values_list("speech_id", "day", "views"))
    assert rows == {(first.pk, today, 3), (second.pk, today, 1), (first.pk, today - timedelta(days=1), 1)}
    first.refresh_from_db()
    assert first.view_count == 14
    # Counters were emptied: a second fold writes nothing, later views add to the same row.
    assert fold_views() == (0, 0)
    record_view(first.pk)
    fold_views()
    assert DailyViews.objects.get(speech=first, day=today).views == 4


def test_a_fold_writes_in_a_fixed_number_of_statements():
    speeches = SpeechFactory.create_batch(30)
    counts = {(timezone.localdate(), speech.pk): index + 1 for index, speech in enumerate(speeches)}
    with CaptureQueriesContext(connection) as queries:
        assert write_views(counts) == (sum(range(1, 31)), 30)
    writes = [
        query["sql"] for query in queries if not query["sql"].upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert len(writes) == 2  # one upsert, one total update
    assert sorted(Speech.objects.values_list("view_count", flat=True)) == list(range(1, 31))


def test_views_of_deleted_speeches_are_dropped():
    speech = SpeechFactory()
    record_view(speech.pk)
    record_view(999999)
    assert fold_views() == (1, 1)


def test_popular_by_period():
    today = timezone.localdate()
    old_hit = SpeechFactory(title="两年前的热门", view_count=100000)
    this_week = SpeechFactory(title="本周读得多", view_count=30)
    this_month = SpeechFactory(title="本月读得多", view_count=60)
    write_views(
        {
            (today - timedelta(days=700), old_hit.pk): 100000,
            (today, this_week.pk): 20,
            (today - timedelta(days=6), this_week.pk): 10,
            (today - timedelta(days=7), this_month.pk): 50,
            (today - timedelta(days=29), this_month.pk): 10,
            (today - timedelta(days=30), this_month.pk): 999,  # outside the month
        }
    )
    published = Speech.objects.published()
    assert [s.title for s in published.popular()][:1] == ["两年前的热门"]  # all-time stays the default
    week = list(published.popular("week"))
    assert [(s.title, s.period_views) for s in week] == [("本周读得多", 30)]
    month = list(published.popular("month"))
    assert [(s.title, s.period_views) for s in month] == [("本月读得多", 60), ("本周读得多", 30)]


def test_home_shows_weekly_and_monthly_popular_cached(client, django_assert_max_num_queries):
    today = timezone.localdate()
    speech = SpeechFactory(title="本周热门的讲话")
    draft = SpeechFactory(title="草稿讲话", draft=True)
    write_views({(today, speech.pk): 7, (today, draft.pk): 70})
    html = client.get(reverse("speeches:home")).content.decode()
    week = re.search(r'<section class="block block-popular-week".*?</section>', html, re.S).group()
    month = re.search(r'<section class="block block-popular-month".*?</section>', html, re.S).group()
    assert '本周热门的讲话</a> <span class="meta">7 次阅读' in week and "本周热门的讲话" in month
    assert "草稿讲话" not in html
    # Another URL, so not the cached page: the period lists (and 栏目 tree) come from the cache.
    with django_assert_max_num_queries(5):
        assert "本周热门的讲话" in client.get(reverse("speeches:home") + "?from=feed").content.decode()


def test_several_views_can_be_recorded_at_once():
    speech = SpeechFactory()
    record_view(speech.pk, views=40)
    record_view(speech.pk)
    assert fold_views() == (41, 1)
    assert DailyViews.objects.get(speech=speech).views == 41
