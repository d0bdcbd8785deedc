"""Batch work spread over forked processes, each with its own database connections.

The bulk commands (generate_speeches, rebuild_search_index, the 延伸阅读 lists of
rebuild_recommendations) hand their batches to
`in_processes`; the shared state (a plan, a list of ids) reaches the workers through
fork, not through pickling, so it costs nothing per batch.
"""

import multiprocessing

from django.db import connection, connections

_work = None  # (function, shared): set before the pool forks, inherited by its workers


def in_processes(function, shared, jobs, workers, ordered=False):
    """Yield `function(shared, job)` for each job: in `workers` forked processes, in the
    order they finish (in the jobs' order if `ordered`), or one by one here when one worker is asked for or the database is
    SQLite (one writer at a time; an in-memory test database is not shared with children)."""
    global _work
    jobs = list(jobs)
    if workers <= 1 or len(jobs) <= 1 or connection.vendor == "sqlite":
        yield from (function(shared, job) for job in jobs)
        return
    _work = (function, shared)
    connections.close_all()  # a forked child must never use its parent's connection
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=connections.close_all) as pool:
            yield from (pool.imap if ordered else pool.imap_unordered)(_run, jobs)
    finally:
        _work = None


def _run(job):
    function, shared = _work
    return function(shared, job)
