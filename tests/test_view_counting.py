"""Issue 14, row 10: the view-count beacon counts one view per reader and speech per window
and limits each client's requests, so a loop cannot push a speech up 热门. (The same rules
on a shared Redis, as several app servers use it: tests/test_faults.py.)"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from speeches.models import Speech
from speeches.view_counts import fold_views

from .factories import SpeechFactory

pytestmark = pytest.mark.django_db


def beacon(speech):
    return reverse("speeches:hit", kwargs={"pk": speech.pk})


def test_one_reader_counts_once_per_window_however_often_the_beacon_loads(client):
    speech = SpeechFactory()
    for attempt in range(50):
        response = client.get(beacon(speech), REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=f"bot/{attempt}")
        assert response.status_code in (200, 429)
    fold_views()
    speech.refresh_from_db()
    assert speech.view_count == 1
    cache.clear()  # the window has passed
    client.get(beacon(speech), REMOTE_ADDR="203.0.113.5")
    fold_views()
    speech.refresh_from_db()
    assert speech.view_count == 2


def test_different_readers_each_count(client):
    speech = SpeechFactory()
    for reader in range(5):
        assert client.get(beacon(speech), REMOTE_ADDR=f"198.51.100.{reader}").status_code == 200
    fold_views()
    speech.refresh_from_db()
    assert speech.view_count == 5


def test_a_client_over_the_rate_limit_counts_nothing_more(client):
    speeches = SpeechFactory.create_batch(settings.VIEW_COUNT_RATE_LIMIT + 5)
    statuses = [client.get(beacon(speech), REMOTE_ADDR="192.0.2.9").status_code for speech in speeches]
    assert statuses == [200] * settings.VIEW_COUNT_RATE_LIMIT + [429] * 5
    fold_views()
    assert sum(Speech.objects.values_list("view_count", flat=True)) == settings.VIEW_COUNT_RATE_LIMIT


def test_a_loop_cannot_push_a_speech_up_the_popular_list(client):
    popular = SpeechFactory(title="真正受欢迎的讲话")
    pushed = SpeechFactory(title="被刷的讲话")
    for reader in range(3):
        client.get(beacon(popular), REMOTE_ADDR=f"198.51.100.{reader}")
    for attempt in range(200):
        client.get(
            beacon(pushed), REMOTE_ADDR="203.0.113.66", HTTP_USER_AGENT=f"loop/{attempt}", HTTP_COOKIE=f"c={attempt}"
        )
    fold_views()
    pushed.refresh_from_db()
    assert pushed.view_count == 1
    html = client.get(reverse("speeches:home")).content.decode()
    section = html.split('id="popular-heading"')[1].split("</section>")[0]
    assert section.index("真正受欢迎的讲话") < section.index("被刷的讲话")


def test_the_beacon_still_refuses_drafts(client):
    draft = SpeechFactory(draft=True)
    assert client.get(beacon(draft)).status_code == 404
    assert client.get(beacon(draft)).status_code == 404  # also once this reader was seen
    fold_views()
    draft.refresh_from_db()
    assert draft.view_count == 0
