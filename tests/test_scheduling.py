"""Scheduled publishing: a future publish time hides a speech on every public surface until
that moment, with no cron job. Time is controlled by the `clock` fixture, never by sleeping."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.core.checks import run_checks
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from speeches.models import Speech

from .factories import CategoryFactory, MeetingFactory, RelatedArticleFactory, SpeechFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(timezone.datetime(2026, 3, 1, 9, 0))


class Clock:
    def __init__(self, now):
        self.now = now

    def advance(self, **delta):
        self.now += timezone.timedelta(**delta)

    def time(self):
        """Seconds since the epoch, as time.time() gives them to the cache."""
        return self.now.timestamp()


@pytest.fixture
def clock(monkeypatch):
    """Freeze django.utils.timezone.now (what every visibility rule reads) and the local-memory
    cache's clock (what expires cached pages and lists), and move both by hand."""
    assert isinstance(caches["default"], locmem.LocMemCache), "the clock drives the local-memory cache only"
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    monkeypatch.setattr(cache_base, "time", frozen)  # sets expiry times
    monkeypatch.setattr(locmem, "time", frozen)  # reads them
    return frozen


@pytest.fixture
def scheduled():
    """A speech due at 10:00, reachable from every public surface, and a speech linking to it."""
    meeting = MeetingFactory()
    speech = SpeechFactory(title="定时发布的讲话", meeting=meeting, published_at=START + timezone.timedelta(hours=1))
    speech.tags.add("定时")
    neighbour = SpeechFactory(title="已经公开的讲话", published_at=START - timezone.timedelta(days=1))
    RelatedArticleFactory(from_speech=neighbour, to_speech=speech)
    return speech, neighbour


def public_pages(speech, neighbour):
    """Every public surface that can show the speech or its title."""
    return {
        "搜索": reverse("speeches:search") + "?q=定时发布",
        "首页": reverse("speeches:home"),
        "RSS": reverse("speeches:feed"),
        "栏目 RSS": reverse("speeches:category-feed", kwargs={"slug": speech.category.slug}),
        "网站地图": reverse("speeches:sitemap-section", kwargs={"section": "speeches"}),
        "栏目": speech.category.get_absolute_url(),
        "会议": speech.meeting.get_absolute_url(),
        "标签": reverse("speeches:tag", kwargs={"slug": "定时"}),
        "延伸阅读": neighbour.get_absolute_url(),
    }


def query_budget(url):
    # A PostgreSQL search also sets and resets planner settings around its queries
    # (the search page's own test itemises them).
    if url.startswith(reverse("speeches:search")) and connection.vendor == "postgresql":
        return 13
    if url.startswith("/speech/"):
        return 10  # the speech page with a cold side column (tests/test_speech_side_column.py)
    return 8


# The speech is all its 栏目, meeting and tag hold: until it is visible, their pages are
# 404s like any 栏目, meeting or tag holding only drafts (the one visibility rule).
ONLY_THROUGH_THE_SPEECH = {"栏目", "栏目 RSS", "会议", "标签"}


def shows(client, url, speech, django_assert_max_num_queries, missing_is_hidden=False):
    """Whether the page names the speech: its title, a link to it, or (sitemap) its canonical URL.
    With `missing_is_hidden`, a 404 counts as not showing it."""
    with django_assert_max_num_queries(query_budget(url)):
        response = client.get(url)
    if missing_is_hidden and response.status_code == 404:
        return False
    assert response.status_code == 200, url
    max_age = get_max_age(response)
    assert max_age is None or max_age <= settings.PUBLIC_CACHE_SECONDS, url
    html = response.content.decode()
    return (
        speech.title in html
        or f'href="{speech.get_absolute_url()}"' in html
        or reverse("speeches:full", kwargs={"pk": speech.pk}) in html
    )


def test_a_scheduled_speech_appears_everywhere_at_its_time_and_not_before(
    client, clock, scheduled, django_assert_max_num_queries
):
    speech, neighbour = scheduled
    pages = public_pages(speech, neighbour)

    clock.advance(minutes=59, seconds=59)
    for name, url in pages.items():
        hidden_page = name in ONLY_THROUGH_THE_SPEECH
        assert not shows(client, url, speech, django_assert_max_num_queries, missing_is_hidden=hidden_page), name
        assert hidden_page == (client.get(url).status_code == 404), name
    assert client.get(speech.get_absolute_url()).status_code == 404
    assert speech not in Speech.objects.published()

    clock.advance(seconds=1)  # due; pages and lists cached before may lag for a minute
    clock.advance(seconds=settings.PUBLIC_CACHE_SECONDS)
    for name, url in pages.items():
        assert shows(client, url, speech, django_assert_max_num_queries), name
    assert client.get(speech.get_absolute_url()).status_code == 200


def test_within_a_minute_of_its_time_a_scheduled_speech_is_counted_in_every_list(client, clock):
    """The 60 s promise for the data caches behind list pages, not only for whole pages: the
    栏目 tree's counts and a list's page-key index (its total), filled before the speech is due."""
    category = CategoryFactory(name="定时栏目")
    SpeechFactory(category=category, title="早已公开的讲话", published_at=START - timezone.timedelta(days=1))
    SpeechFactory(category=category, title="定时发布的讲话", published_at=START + timezone.timedelta(hours=1))
    home, listing = reverse("speeches:home"), category.get_absolute_url()
    clock.advance(minutes=59, seconds=59)
    assert "共 1 篇" in client.get(listing).content.decode()
    assert '定时栏目</a> <span class="count">1</span>' in client.get(home).content.decode()

    clock.advance(seconds=1 + settings.PUBLIC_CACHE_SECONDS)
    listed = client.get(listing).content.decode()
    assert "共 2 篇" in listed and "定时发布的讲话" in listed
    assert '定时栏目</a> <span class="count">2</span>' in client.get(home).content.decode()


def test_staff_see_what_readers_see_on_public_pages(admin_client, clock, scheduled):
    speech, neighbour = scheduled
    assert admin_client.get(speech.get_absolute_url()).status_code == 404
    assert speech.title not in admin_client.get(neighbour.get_absolute_url()).content.decode()


def test_unpublishing_hides_at_once_everywhere(client, clock, scheduled, django_assert_max_num_queries):
    speech, neighbour = scheduled
    clock.advance(hours=2)
    Speech.objects.filter(pk=speech.pk).update(status=Speech.Status.DRAFT)
    for name, url in public_pages(speech, neighbour).items():
        assert not shows(client, url, speech, django_assert_max_num_queries, missing_is_hidden=True), name
        assert (name in ONLY_THROUGH_THE_SPEECH) == (client.get(url).status_code == 404), name
    assert client.get(speech.get_absolute_url()).status_code == 404


def test_a_pending_related_title_is_kept_but_not_shown():
    link = RelatedArticleFactory(to_speech=None, target_title="尚未收录的讲话")
    speech = Speech.objects.for_detail().get(pk=link.from_speech_id)
    assert [related.title for related in speech.related_links.all()] == ["尚未收录的讲话"]
    assert speech.shown_related_links == []


def test_the_cache_middleware_default_of_ten_minutes_is_refused():
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, "django.middleware.cache.FetchFromCacheMiddleware"]):
        assert [error.id for error in run_checks()] == ["speeches.E001"]


@pytest.mark.parametrize("setting", ["PUBLIC_CACHE_SECONDS", "CACHE_MIDDLEWARE_SECONDS"])
def test_public_caches_longer_than_a_minute_are_a_configuration_error(setting):
    cache_middleware = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    within_a_minute = {"PUBLIC_CACHE_SECONDS": 60, "CACHE_MIDDLEWARE_SECONDS": 60}
    with override_settings(MIDDLEWARE=cache_middleware, **{**within_a_minute, setting: 61}):
        assert [error.id for error in run_checks()] == ["speeches.E001"]
    with override_settings(MIDDLEWARE=cache_middleware, **within_a_minute):
        assert run_checks() == []
    assert settings.PUBLIC_CACHE_SECONDS <= 60
