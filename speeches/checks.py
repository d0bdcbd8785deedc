"""System checks for the editorial workflow's promises."""

from django.conf import settings
from django.core import checks

# Scheduled publishing needs no cron job; only a cache can show a speech late or keep
# showing an unpublished one, so no public cache may outlive a minute, counting the app's
# page cache and the edge cache in front of it together (speeches/cache_headers.py).
MAX_PUBLIC_CACHE_SECONDS = 60


@checks.register(checks.Tags.caches)
def public_cache_expires_within_a_minute(app_configs, **kwargs):
    limits = {"PUBLIC_CACHE_SECONDS": settings.PUBLIC_CACHE_SECONDS}
    if "django.middleware.cache.FetchFromCacheMiddleware" in settings.MIDDLEWARE:
        # The site-wide cache middleware defaults to 600 s: it must be set explicitly.
        limits["CACHE_MIDDLEWARE_SECONDS"] = settings.CACHE_MIDDLEWARE_SECONDS
    errors = []
    for name, value in limits.items():
        if value > MAX_PUBLIC_CACHE_SECONDS:
            errors.append(
                checks.Error(
                    f"{name} = {value}: public pages may be cached for at most {MAX_PUBLIC_CACHE_SECONDS} s, "
                    "or scheduled and unpublished speeches show up late or linger.",
                    hint="See docs/workflow.md (scheduled publishing).",
                    id="speeches.E001",
                )
            )
    stale, pages = settings.EDGE_STALE_SECONDS, settings.PAGE_CACHE_SECONDS
    if stale < 0 or pages < 1 or pages + stale > settings.PUBLIC_CACHE_SECONDS:
        errors.append(
            checks.Error(
                f"PAGE_CACHE_SECONDS = {pages} and EDGE_STALE_SECONDS = {stale}: the app's page cache and the "
                f"edge's stale copies together must fit in PUBLIC_CACHE_SECONDS = {settings.PUBLIC_CACHE_SECONDS}.",
                hint="EDGE_STALE_SECONDS must be at least 0 and less than PUBLIC_CACHE_SECONDS (docs/workflow.md).",
                id="speeches.E003",
            )
        )
    return errors


@checks.register()
def writers_read_the_primary_until_replicas_catch_up(app_configs, **kwargs):
    """A browser that wrote reads the primary for READ_YOUR_WRITES_SECONDS; a replica may be
    used while up to REPLICA_MAX_LAG_SECONDS behind, a verdict that is up to
    REPLICA_CHECK_SECONDS old (speeches/replicas.py). Shorter, and a writer could read a
    replica that has not replayed their write yet."""
    needed = settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS
    if not settings.DATABASE_REPLICAS or needed < settings.READ_YOUR_WRITES_SECONDS:
        return []
    return [
        checks.Error(
            f"READ_YOUR_WRITES_SECONDS = {settings.READ_YOUR_WRITES_SECONDS} must exceed "
            f"REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS = {needed}, or writers may not see their writes.",
            hint="See docs/replicas.md.",
            id="speeches.E002",
        )
    ]
