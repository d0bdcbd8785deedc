"""The site's background jobs. Each calls the service that does the work (the same one the
management command calls) and reports progress into its Job; see docs/jobs.md.

Arguments are JSON (the database backend stores them): ids and plain values, never
model instances.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend

from .. import view_counts
from ..docx_export import cached_speech_docx
from ..duplicates.messages import duplicates_warning
from ..duplicates.store import pair_lines, scan
from ..importing.pipeline import Source, import_many, import_path, import_source, outcome_summary
from ..importing.writer import FAILED, SKIPPED, STATUS_LABELS
from ..models import Category, Speech
from ..recommend import rebuild
from ..search.indexing import rebuild_index
from .models import Job
from .runner import enqueue, tracked_task

__all__ = ["enqueue", "Job"]


def worker_configured():
    """Whether jobs go to a worker (TASKS_BACKEND=database) rather than run inline."""
    return not isinstance(render_docx.get_backend(), ImmediateBackend)


def _import_options(options):
    """JSON options back to what the importer takes: the 栏目 and the user by id."""
    user = get_user_model().objects.filter(pk=options.get("user_id")).first() if options.get("user_id") else None
    category = Category.objects.filter(pk=options["category_id"]).first() if options.get("category_id") else None
    return {"publish": options.get("publish", False), "editor": user, "category": category}


def _report_outcomes(progress, outcomes):
    for outcome in outcomes:
        detail = outcome.message or (outcome.speech.title if outcome.speech else "")
        level = "error" if outcome.status == FAILED else "warning" if outcome.status == SKIPPED else "success"
        progress.report(level, f"{STATUS_LABELS[outcome.status]}：{outcome.name}：{detail}")
        if outcome.near_duplicates:
            # Built by format_html (titles escaped): the admin shows it as HTML.
            progress.report("warning_html", duplicates_warning(outcome.near_duplicates))
    return outcome_summary(outcomes)


@tracked_task
def import_files(progress, paths, options):
    """Files on a disk the worker shares (`import_speeches --enqueue`). A bad file is a
    失败 line in the job, written nothing of; the job itself retries only unexpected errors,
    and a retry skips the files already imported (same content hash)."""
    progress.start("导入", len(paths))
    extra = {"update": options.get("update", False), "simplify": options.get("simplify", False)}
    outcomes = import_many([Path(path) for path in paths], import_path, progress, **_import_options(options), **extra)
    return _report_outcomes(progress, outcomes)


@tracked_task
def import_uploads(progress, pages, options):
    """Pages confirmed on the admin's 导入 page: [[name, kind, text]], already decoded."""
    progress.start("导入", len(pages))
    outcomes = import_many(pages, _import_page, progress, **_import_options(options))
    return _report_outcomes(progress, outcomes)


def _import_page(page, **options):
    name, kind, text = page
    return import_source(name, Source(kind, text), **options)


@tracked_task
def rebuild_search_index(progress, batch_size=500):
    return f"已为 {rebuild_index(progress, batch_size)} 篇讲话稿重建检索索引。"


@tracked_task
def rebuild_recommendations(progress, batch_size=1000, workers=1, restart=False, retokenize=False):
    written = rebuild(batch_size=batch_size, workers=workers, restart=restart, retokenize=retokenize, progress=progress)
    return f"已重建 {written} 篇讲话稿的延伸阅读。"


@tracked_task
def find_near_duplicates(progress, limit=200):
    pairs, signed = scan(progress)
    for line in pair_lines(pairs[:limit]):
        progress.report("warning", line)
    return f"疑似重复 {len(pairs)} 对（补建签名 {signed} 篇）。"


@tracked_task
def render_docx(progress, speech_id):
    """Put the speech's Word file in the cache, so its first download is a cache hit."""
    speech = Speech.objects.for_detail().filter(pk=speech_id).first()
    if speech is None:
        return "讲话稿已删除，未生成。"
    return f"已生成 {len(cached_speech_docx(speech)) // 1024} KB。"


@tracked_task
def fold_views(progress):
    views, rows = view_counts.fold_views()
    return f"写入 {views} 次阅读（{rows} 条按日记录）。"


def prerender_docx_after_commit(speech):
    """Enqueue the Word file of a just-published speech, once its transaction commits.
    Inline there is nothing to gain (the first download renders it), so only with a worker."""
    if worker_configured():
        pk, title = speech.pk, speech.title
        transaction.on_commit(lambda: enqueue(render_docx, pk, label=title))
