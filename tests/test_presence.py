"""Issue 15, item 7: who else opened this speech in the last few minutes (shared cache)."""

import pytest
from django.contrib.auth.models import User

from speeches.presence import WINDOW_SECONDS, note_opening

from .factories import SectionFactory, SpeechFactory
from .workflow_helpers import change_url, chief_user, editor_user, logged_in


def user(pk, name):
    return User(pk=pk, username=name)


def test_others_within_the_window_earliest_first_and_never_oneself():
    wang, li, zhao = user(1, "xiaowang"), user(2, "laoli"), user(3, "xiaozhao")
    assert note_opening(7, wang, now=1000) == []
    assert note_opening(7, li, now=1060) == [("xiaowang", 1000)]
    assert note_opening(7, wang, now=1100) == [("laoli", 1060)]  # wang again: li is the other
    assert note_opening(7, zhao, now=1120) == [("xiaowang", 1000), ("laoli", 1060)]
    # Another speech is another room.
    assert note_opening(8, zhao, now=1120) == []


def test_an_opening_older_than_the_window_is_forgotten():
    wang, li = user(1, "xiaowang"), user(2, "laoli")
    note_opening(7, wang, now=1000)
    assert note_opening(7, li, now=1000 + WINDOW_SECONDS + 1) == []
    # The first opening within the window is the one shown.
    note_opening(7, wang, now=2000)
    note_opening(7, wang, now=2100)
    assert note_opening(7, li, now=2150) == [("xiaowang", 2000)]


@pytest.mark.django_db
def test_the_second_editor_is_told_who_has_the_speech_open(client):
    speech = SpeechFactory(draft=True)
    SectionFactory(speech=speech)
    first = logged_in(type(client), editor_user())
    assert "也打开了这篇讲话稿" not in first.get(change_url(speech)).content.decode()
    second = logged_in(type(client), chief_user())
    page = second.get(change_url(speech)).content.decode()
    assert "注意：xiaowang（" in page and "最近几分钟也打开了这篇讲话稿" in page
