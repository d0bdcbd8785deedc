"""延伸阅读 computed by the site: scoring, the inverted index, storage, rebuild and updates.

See docs/recommendations.md. Other modules call only these functions.
"""

from .rebuild import rebuild
from .update import refresh_recently_published, refresh_speech, refresh_speeches, withdraw_speeches

__all__ = ["rebuild", "refresh_recently_published", "refresh_speech", "refresh_speeches", "withdraw_speeches"]
