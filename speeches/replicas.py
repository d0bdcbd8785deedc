"""Which database a query goes to when PostgreSQL read replicas are configured.

settings.DATABASE_REPLICAS names the replica aliases (from DATABASE_REPLICA_URLS). A read
goes to a healthy replica only when all of these hold, else to the primary ("default"):

- it runs inside a request that ReplicaRoutingMiddleware marked as a public read: a GET,
  HEAD or OPTIONS outside PRIMARY_PATHS (the admin, the editorial API), without an API
  token, and not within READ_YOUR_WRITES_SECONDS of a write by the same browser (a signed
  cookie set on the response of any request that wrote). Management commands and tasks
  run outside requests and so always use the primary;
- the request has not written yet, and no transaction is open on the primary;
- a replica is healthy: reachable, and its replay lag at most REPLICA_MAX_LAG_SECONDS.

A request keeps the replica it was given, so its pages are consistent. If that replica
fails during a safe request, the request is answered again from the primary: readers get a
page, never an error, because a replica died. docs/replicas.md.
"""

import math
import random
import time
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

PRIMARY_PATHS = ("/admin/", "/api/v1/editorial/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
READ_YOUR_WRITES_COOKIE = "primary_reads"
_COOKIE_SALT = "speeches.replicas"
# A replica that could not be reached is not tried again for this long, so that one that
# times out (rather than refusing) costs one slow request per process every few seconds.
UNREACHABLE_RECHECK_SECONDS = 10.0

# How far behind a replica reads, as an upper bound in seconds (docs/replicas.md):
# - 0 when it has replayed up to the primary's current WAL position, or is not in recovery
#   (a managed read endpoint that was promoted);
# - else the smaller of two bounds: the time since this process last saw the primary at a
#   WAL position the replica has now replayed (all committed by then is visible), and the
#   age of the last transaction the replica replayed. The second alone would call a current
#   replica minutes behind while the primary streams one long bulk transaction.
REPLICA_QUERY = """
    SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
           EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
"""
# (monotonic time, primary WAL position) seen by this process's checks, newest last.
_primary_positions: deque[tuple[float, int]] = deque(maxlen=120)


@dataclass
class RequestRouting:
    """What the router needs to know about the request it serves."""

    public_read: bool
    wrote: bool = False
    replica: str | None = None
    replica_chosen: bool = False

    def read_alias(self):
        if not self.replica_chosen:
            self.replica, self.replica_chosen = healthy_replica(), True
        return self.replica or DEFAULT_DB_ALIAS

    def replica_failed(self):
        return self.replica is not None and connections[self.replica].errors_occurred


_routing: ContextVar[RequestRouting | None] = ContextVar("replica_routing", default=None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        routing = _routing.get()
        if routing is None or not routing.public_read or routing.wrote:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return routing.read_alias()

    def db_for_write(self, model, **hints):
        routing = _routing.get()
        if routing is not None:
            routing.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas follow the primary's schema by replication


class ReplicaRoutingMiddleware:
    """Tells the router whether this request is a public read, and gives a writer's browser
    the cookie that keeps its reads on the primary while replicas catch up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        routing = RequestRouting(public_read=is_public_read(request))
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
            if routing.replica_failed() and request.method in SAFE_METHODS:
                forget_verdict(routing.replica)
                routing = RequestRouting(public_read=False)
                _routing.set(routing)
                response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote:
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                salt=_COOKIE_SALT,
                max_age=math.ceil(settings.READ_YOUR_WRITES_SECONDS),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def is_public_read(request) -> bool:
    if request.method not in SAFE_METHODS or request.path_info.startswith(PRIMARY_PATHS):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False  # an API token is an editor's tool: it reads what it just wrote
    wrote_recently = request.get_signed_cookie(
        READ_YOUR_WRITES_COOKIE, default=None, salt=_COOKIE_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS
    )
    return wrote_recently is None


# alias -> (monotonic time the verdict expires, healthy); per process, like the connections.
_verdicts: dict[str, tuple[float, bool]] = {}


def healthy_replica():
    """A replica fit to read from, or None; checks at most one replica per verdict expiry."""
    replicas = list(settings.DATABASE_REPLICAS)
    random.shuffle(replicas)  # spreads readers over the replicas
    return next((alias for alias in replicas if is_healthy(alias)), None)


def is_healthy(alias) -> bool:
    now = time.monotonic()
    expires, healthy = _verdicts.get(alias, (0.0, False))
    if now >= expires:
        lag = replay_lag(alias)
        healthy = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
        wait = settings.REPLICA_CHECK_SECONDS if lag is not None else UNREACHABLE_RECHECK_SECONDS
        _verdicts[alias] = (now + wait, healthy)
    return healthy


def forget_verdict(alias):
    _verdicts.pop(alias, None)


def replay_lag(alias):
    """Seconds the replica's data may be behind the primary's (inf if unknown), or None
    when either server cannot be asked."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_position, checked = lsn(cursor.fetchone()[0]), time.monotonic()
        with connections[alias].cursor() as cursor:
            cursor.execute(REPLICA_QUERY)
            in_recovery, replayed, last_replay_age = cursor.fetchone()
    except DatabaseError:
        return None
    _primary_positions.append((checked, primary_position))
    if not in_recovery or lsn(replayed) >= primary_position:
        return 0.0
    bounds = [checked - seen for seen, position in _primary_positions if position <= lsn(replayed)]
    if last_replay_age is not None:
        bounds.append(float(last_replay_age))
    return min(bounds, default=float("inf"))


def lsn(text):
    """A WAL position such as '0/16B3748' as a number."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)
