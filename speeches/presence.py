"""Who else has a speech open: each opening of the change form is noted in the shared
cache (Redis when several app servers run), so the next editor is told before a
conflicting save rather than after it.

One cache entry a speech: {user id: [name, first opened, last opened]} in epoch seconds.
Two servers writing it at the same instant may drop one opening; it comes back with that
editor's next opening. Advisory only: the edit lock still refuses the conflicting save.
"""

import time

from django.core.cache import cache

WINDOW_SECONDS = 5 * 60


def _key(speech_id):
    return f"presence:speech:{speech_id}"


def note_opening(speech_id, user, now=None):
    """Record that `user` opened the speech; return the others seen within the window as
    [(name, since)], earliest first (`since`: epoch seconds of their first opening)."""
    now = now if now is not None else time.time()
    seen = {
        int(user_id): entry
        for user_id, entry in (cache.get(_key(speech_id)) or {}).items()
        if now - entry[2] <= WINDOW_SECONDS
    }
    earlier = seen.get(user.pk)
    seen[user.pk] = [user.get_username(), earlier[1] if earlier else now, now]
    cache.set(_key(speech_id), seen, WINDOW_SECONDS)
    others = [(name, since) for user_id, (name, since, _) in seen.items() if user_id != user.pk]
    return sorted(others, key=lambda other: other[1])
