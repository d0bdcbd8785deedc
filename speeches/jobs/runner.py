"""Tracked tasks: a Job row per enqueued task, throttled progress, retries with backoff.

django-tasks runs a task once and records its failure; it has no retries. `tracked_task`
adds them: a task that raises is enqueued again after JOB_RETRY_SECONDS, doubled each
time, until it has been tried JOB_MAX_ATTEMPTS times; then its Job shows 失败 and the
error. A backend that cannot defer (the inline one) retries at once, in the same call.

A task body is `body(progress, *args)` and returns a one-line summary (Chinese) for the
admin. Work that fails for a reason retrying cannot fix (a bad file) belongs in that
summary, not in an exception.
"""

import functools
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import Job


class Progress:
    """What a running job reports: its phase and n of m, written at most once per
    JOB_PROGRESS_SECONDS (a rebuild updates thousands of times) and always at the end.

    Also a tqdm-like bar factory: `progress(description, total, initial)` starts a phase
    and returns self, so services that take a tqdm factory report into the job."""

    def __init__(self, job):
        self.job = job
        self.lines = []
        self._written_at = 0.0

    def report(self, level, text):
        """A line for the job's 明细, saved at the end: level "success", "warning", "error",
        or "warning_html" for HTML built with format_html (shown unescaped)."""
        self.lines.append([level, text])

    def __call__(self, description, total, initial=0):
        self.start(description, total, initial)
        return self

    def start(self, phase, total, done=0):
        self.job.phase, self.job.total, self.job.done = phase, total, done
        self._write()

    def update(self, n=1):
        self.job.done += n
        if (
            self.job.total is not None
            and self.job.done >= self.job.total
            or time.monotonic() - self._written_at >= settings.JOB_PROGRESS_SECONDS
        ):
            self._write()

    def close(self):
        self._write()

    def _write(self):
        self._written_at = time.monotonic()
        Job.objects.filter(pk=self.job.pk).update(phase=self.job.phase, done=self.job.done, total=self.job.total)


def tracked_task(body):
    """A django-tasks Task that runs `body(progress, *args)` for a Job (see `enqueue`)."""

    @functools.wraps(body)
    def run(job_id, *args):
        return run_job(job_id, body, args)

    return task()(run)


def enqueue(tracked, *args, label="", user=None):
    """Create the Job and enqueue its task; inline, the job has run when this returns."""
    job = Job.objects.create(kind=tracked.name, label=label[:200], created_by=user)
    tracked.enqueue(job.pk, *args)
    job.refresh_from_db()
    return job


def retry_delay(attempt):
    """Seconds before attempt `attempt + 1`: JOB_RETRY_SECONDS, doubled per failed attempt."""
    return settings.JOB_RETRY_SECONDS * 2 ** (attempt - 1)


def run_job(job_id, body, args):
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:  # deleted in the admin, or a duplicate delivery
        return None
    tracked = import_string(f"{body.__module__}.{body.__qualname__}")
    while True:
        _mark_running(job)
        progress = Progress(job)
        try:
            summary = body(progress, *args)
        except Exception as error:
            job.error = f"{type(error).__name__}：{error}" if str(error) else type(error).__name__
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                _mark_failed(job)
                raise
            if not tracked.get_backend().supports_defer:
                job.save(update_fields=["error"])
                continue  # inline: the caller is waiting, so try again at once
            _schedule_retry(job, tracked, args)
            raise  # this attempt's queue row shows the failure; the retry has its own
        _mark_done(job, summary, progress.lines)
        return summary


def _mark_running(job):
    now = timezone.now()
    job.state, job.attempts, job.retry_at = Job.State.RUNNING, job.attempts + 1, None
    job.started_at = job.started_at or now
    job.save(update_fields=["state", "attempts", "retry_at", "started_at"])


def _schedule_retry(job, tracked, args):
    job.retry_at = timezone.now() + timedelta(seconds=retry_delay(job.attempts))
    job.state = Job.State.RETRYING
    with transaction.atomic():
        job.save(update_fields=["state", "error", "retry_at"])
        tracked.using(run_after=job.retry_at).enqueue(job.pk, *args)


def _mark_failed(job):
    job.state, job.finished_at = Job.State.FAILED, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def _mark_done(job, summary, lines):
    job.state, job.summary, job.lines, job.finished_at = Job.State.DONE, summary or "", lines, timezone.now()
    job.save(update_fields=["state", "summary", "lines", "finished_at"])
