"""Issue 17, item 5: background jobs on django-tasks — inline by default, queued in the
database for a worker, with progress, retries and an admin list (docs/jobs.md)."""

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from speeches import workflow
from speeches.jobs import tasks
from speeches.jobs.models import Job
from speeches.jobs.runner import enqueue, retry_delay, tracked_task
from speeches.models import Speech
from speeches.search.models import SearchDocument
from speeches.view_counts import record_view

from .factories import SectionFactory, SpeechFactory
from .servers import ROOT, production_environment
from .test_admin_import import IMPORT_URL, upload
from .test_near_duplicates import EDITED, SENTENCES, speech_with
from .workflow_helpers import chief_user

pytestmark = pytest.mark.django_db

IMPORT_FIXTURES = Path(__file__).parent / "fixtures" / "import"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@tracked_task
def flaky(progress, failures):
    """Fails on its first `failures` attempts, then succeeds."""
    if progress.job.attempts <= failures:
        raise RuntimeError(f"第 {progress.job.attempts} 次失败")
    return "成功"


@tracked_task
def count_to(progress, total):
    """Counts, noting after each step what the Job row in the database says."""
    progress.start("计数", total)
    for _ in range(total):
        progress.update(1)
        progress.report("success", str(Job.objects.get(pk=progress.job.pk).done))
    return "数完了"


@pytest.fixture
def database_backend(settings):
    """Jobs are queued in the database (TASKS_BACKEND=database), run by `run_worker()`."""
    settings.TASKS = DATABASE_BACKEND
    return settings


def run_worker():
    """What `manage.py db_worker --batch` does, task by task through the worker's own
    claim and run_task, without its loop's connection handling (which would close the
    test's transaction on PostgreSQL; the worker process test runs the real loop)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (queued := DBTaskResult.objects.ready().filter(backend_name="default").first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)


def unindexed_speeches(count):
    speeches = [SpeechFactory() for _ in range(count)]
    SearchDocument.objects.all().delete()
    return speeches


# Inline: the default, so `make run` and `make test` need no worker.


def test_inline_by_default_the_job_runs_at_once_and_is_recorded():
    unindexed_speeches(3)
    call_command("rebuild_search_index", "--enqueue", "--batch-size", "2")
    job = Job.objects.get()
    assert job.kind == "rebuild_search_index" and job.get_kind_display() == "重建检索索引"
    assert (job.state, job.attempts, job.phase, job.done, job.total) == (Job.State.DONE, 1, "重建检索索引", 3, 3)
    assert job.started_at <= job.finished_at
    assert job.summary == "已为 3 篇讲话稿重建检索索引。"
    assert SearchDocument.objects.count() == 3
    assert not DBTaskResult.objects.exists()  # nothing queued


def test_inline_a_failing_job_is_tried_again_at_once_and_succeeds(settings):
    settings.JOB_MAX_ATTEMPTS = 3
    job = enqueue(flaky, 2, label="两次失败")
    assert (job.state, job.attempts, job.summary) == (Job.State.DONE, 3, "成功")
    assert job.error == "RuntimeError：第 2 次失败"  # the last failure stays visible


def test_inline_a_job_that_keeps_failing_shows_failed_without_raising(settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job = enqueue(flaky, 5)
    assert (job.state, job.attempts, job.error) == (Job.State.FAILED, 2, "RuntimeError：第 2 次失败")
    assert job.finished_at is not None and job.summary == ""


# The database backend and its worker.


def test_a_queued_job_waits_for_the_worker(database_backend):
    unindexed_speeches(2)
    job = enqueue(tasks.rebuild_search_index, 500)
    assert job.state == Job.State.QUEUED and job.started_at is None
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.args_kwargs["args"] == [job.pk, 500]
    assert SearchDocument.objects.count() == 0

    run_worker()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == (Job.State.DONE, 2, 2, 1)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert SearchDocument.objects.count() == 2


def test_a_failing_job_retries_with_backoff_then_shows_its_error(database_backend):
    database_backend.JOB_MAX_ATTEMPTS, database_backend.JOB_RETRY_SECONDS = 3, 30
    job = enqueue(flaky, 5, label="总是失败")

    def waiting_retry():
        return DBTaskResult.objects.get(status="READY")

    for attempt, delay in ((1, 30), (2, 60)):
        before = timezone.now()
        run_worker()
        job.refresh_from_db()
        assert (job.state, job.attempts, job.error) == (
            Job.State.RETRYING,
            attempt,
            f"RuntimeError：第 {attempt} 次失败",
        )
        retry = waiting_retry()
        assert retry.run_after == job.retry_at
        assert before + timedelta(seconds=delay) <= job.retry_at <= timezone.now() + timedelta(seconds=delay)
        run_worker()  # not due yet: the worker leaves it
        assert waiting_retry().pk == retry.pk
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the backoff has passed

    run_worker()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (Job.State.FAILED, 3, "RuntimeError：第 3 次失败")
    assert job.finished_at is not None and job.retry_at is None
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3


def test_backoff_doubles_per_attempt(settings):
    settings.JOB_RETRY_SECONDS = 30
    assert [retry_delay(attempt) for attempt in (1, 2, 3)] == [30, 60, 120]


def test_a_job_deleted_before_it_runs_is_dropped(database_backend):
    job = enqueue(flaky, 0)
    job.delete()
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL" and not Job.objects.exists()


# Progress.


def test_progress_is_written_as_the_job_goes(settings):
    settings.JOB_PROGRESS_SECONDS = 0
    job = enqueue(count_to, 5)
    assert [text for _, text in job.lines] == ["1", "2", "3", "4", "5"]
    assert (job.phase, job.done, job.total) == ("计数", 5, 5)


def test_progress_writes_are_throttled(settings):
    settings.JOB_PROGRESS_SECONDS = 3600
    with CaptureQueriesContext(connection) as queries:
        job = enqueue(count_to, 200)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "speeches_job" in q["sql"]]
    # start, the last step, and the job's own state changes (running, done); never one per step
    assert len(updates) <= 5, updates
    assert [text for _, text in job.lines][:3] == ["0", "0", "0"] and job.lines[-1][1] == "200"
    assert (job.done, job.total) == (200, 200)


# The jobs themselves.


def test_import_command_enqueues_one_job_per_batch_and_a_bad_file_writes_nothing(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("page.html", "diyi_numbering.txt", "no_sections.txt"):
        shutil.copy(IMPORT_FIXTURES / name, pages / name)
    (pages / "bad.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="有 1 个文件导入失败"):
        call_command("import_speeches", str(pages), "--enqueue", "--batch-size", "2")
    jobs = list(Job.objects.order_by("pk"))
    assert [(job.kind, job.state, job.done, job.total) for job in jobs] == [
        ("import_files", Job.State.DONE, 2, 2),
        ("import_files", Job.State.DONE, 2, 2),
    ]
    assert Speech.objects.count() == 3
    lines = [line for job in jobs for line in job.lines]
    assert ["error", f"失败：{pages / 'bad.txt'}：文件是空的。"] in lines
    assert jobs[0].summary == "新建 1 篇，更新 0 篇，跳过重复 0 篇，失败 1 个文件。"
    out = capsys.readouterr().out
    assert out.count("（已完成）") == 2 and f"失败：{pages / 'bad.txt'}：文件是空的。" in out


def test_admin_import_with_a_worker_is_queued_then_imported(staff_client, admin_user, database_backend):
    preview = staff_client.post(reverse(IMPORT_URL), {"files": [upload("page.html"), upload("no_sections.txt")]})
    done = staff_client.post(reverse(IMPORT_URL), {"token": preview.context["token"]}, follow=True)
    job = Job.objects.get()
    link = reverse("admin:speeches_job_change", args=[job.pk])
    assert [str(m) for m in done.context["messages"]] == [f'已交给后台导入，<a href="{link}">查看进度</a>。']
    assert job.state == Job.State.QUEUED and job.created_by == admin_user
    assert Speech.objects.count() == 0

    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and (job.done, job.total) == (2, 2)
    assert Speech.objects.filter(editor=admin_user).count() == 2
    page = staff_client.get(reverse("admin:speeches_job_change", args=[job.pk])).content.decode()
    assert "新建：page.html：局长在全市防汛工作会议上的讲话" in page
    assert "导入上传的文件" in page and "已完成" in page and "2 / 2" in page


def test_near_duplicate_scan_job_lists_the_pairs():
    first = speech_with(SENTENCES, title="甲")
    second = speech_with(EDITED, title="乙")
    call_command("find_near_duplicates", "--enqueue")
    job = Job.objects.get()
    assert job.summary == "疑似重复 1 对（补建签名 2 篇）。"
    assert job.lines[0][1].endswith(f"\t{first.pk}\t{second.pk}\t甲 | 乙")


def test_rebuild_recommendations_job_reports_both_phases(settings):
    settings.JOB_PROGRESS_SECONDS = 0
    for n in range(3):
        SectionFactory(speech=SpeechFactory(title=f"在防汛工作会议上的讲话{n}"), body="<p>防汛抗旱，水库堤防巡查。</p>")
    call_command("rebuild_recommendations", "--enqueue", "--workers", "1")
    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.summary == "已重建 3 篇讲话稿的延伸阅读。"
    assert (job.phase, job.done, job.total) == ("延伸阅读", 3, 3)


def test_fold_views_job_writes_the_counted_views():
    speech = SpeechFactory()
    record_view(speech.pk)
    record_view(speech.pk)
    call_command("fold_views", "--enqueue")
    job = Job.objects.get()
    assert job.summary == "写入 2 次阅读（1 条按日记录）。"
    speech.refresh_from_db()
    assert speech.view_count == 2


def test_publishing_with_a_worker_prerenders_the_word_file(
    database_backend, client, django_capture_on_commit_callbacks
):
    speech = SpeechFactory(draft=True, title="在全市防汛工作会议上的讲话")
    SectionFactory(speech=speech, heading="提高认识", body="<p>防汛抗旱工作事关人民群众生命财产安全。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(chief_user(), Speech.objects.get(pk=speech.pk))
    job = Job.objects.get(kind="render_docx")
    assert job.state == Job.State.QUEUED and job.label == speech.title
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.summary.startswith("已生成")

    speech = Speech.objects.get(pk=speech.pk)
    key = f"docx:{speech.pk}:{speech.lock_version}:{speech.updated_at.timestamp()}"
    cached = cache.get(key)
    assert cached and cached.startswith(b"PK")  # a .docx (zip) built by the job
    response = client.get(reverse("speeches:word", args=[speech.pk]))
    assert response.status_code == 200 and response.content == cached


def test_publishing_inline_enqueues_no_word_file(client, django_capture_on_commit_callbacks):
    speech = SpeechFactory(draft=True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(chief_user(), speech)
    assert not Job.objects.exists()
    response = client.get(reverse("speeches:word", args=[speech.pk]))  # rendered on demand
    assert response.status_code == 200 and response.content.startswith(b"PK")


# The admin list.


def test_admin_job_list_shows_state_progress_times_and_errors(staff_client, admin_user, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(30):
        Job.objects.create(
            kind="import_files",
            label=f"批次{n}",
            state=Job.State.RUNNING,
            phase="导入",
            done=n,
            total=100,
            started_at=now,
            created_by=admin_user,
        )
    Job.objects.create(
        kind="fold_views", state=Job.State.FAILED, attempts=3, error="OperationalError：数据库连接失败", finished_at=now
    )
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("admin:speeches_job_changelist"))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "后台任务",
        "运行中",
        "导入：29 / 100",
        "失败",
        "OperationalError：数据库连接失败",
        "开始时间",
        "结束时间",
    ):
        assert text in page, text
    assert "Task Results" not in staff_client.get(reverse("admin:index")).content.decode()


def test_an_editor_sees_the_job_list_but_cannot_change_it(editor):
    job = Job.objects.create(
        kind="import_files", label="上传", state=Job.State.DONE, lines=[["error", "失败：a.txt：<b>"]]
    )
    assert editor.get(reverse("admin:speeches_job_changelist")).status_code == 200
    page = editor.get(reverse("admin:speeches_job_change", args=[job.pk])).content.decode()
    assert "失败：a.txt：&lt;b&gt;" in page  # file names are escaped
    assert editor.post(reverse("admin:speeches_job_delete", args=[job.pk])).status_code == 403
    assert editor.get(reverse("admin:speeches_job_change", args=[999999])).status_code in (302, 404)


# A real worker process.


def _manage(environment, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def worker_database(tmp_path):
    """A database that another process can read: PostgreSQL's committed test database (the
    test is transactional, so pytest-django runs it after the others), or a migrated SQLite
    file (pytest's SQLite test database lives in memory)."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    result = _manage(production_environment(DATABASE_URL=url), "migrate", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    return url


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_jobs_an_import_queued(worker_database, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(IMPORT_FIXTURES / "page.html", pages / "page.html")
    (pages / "legacy.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    environment = production_environment(DATABASE_URL=worker_database, TASKS_BACKEND="database")
    queued = _manage(environment, "import_speeches", str(pages), "--enqueue", "--batch-size", "1")
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.count("（排队中）") == 2

    assert report(worker_database) == [0, ("queued", 0, None), ("queued", 0, None)]
    worker = _manage(environment, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")
    assert worker.returncode == 0, worker.stderr
    assert report(worker_database) == [1, ("done", 1, 1), ("done", 1, 1)]
    lines = report(worker_database, "SELECT lines FROM speeches_job ORDER BY id")
    assert [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in lines] == [
        [["error", f"失败：{pages / 'legacy.docx'}：这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入。"]],
        [["success", f"新建：{pages / 'page.html'}：局长在全市防汛工作会议上的讲话"]],
    ]


def report(url, sql=None):
    """What the other processes left in the database: the speech count and each job's
    (state, done, total), read over a connection of our own (the test's may not see it)."""
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            rows = database.execute(sql or "SELECT state, done, total FROM speeches_job ORDER BY id").fetchall()
            count = database.execute("SELECT count(*) FROM speeches_speech").fetchone()[0]
    else:
        with psycopg.connect(url.replace("postgres://", "postgresql://")) as database:
            rows = database.execute(sql or "SELECT state, done, total FROM speeches_job ORDER BY id").fetchall()
            count = database.execute("SELECT count(*) FROM speeches_speech").fetchone()[0]
    return rows if sql else [count, *rows]


def test_an_unknown_tasks_backend_is_refused():
    result = _manage(production_environment(TASKS_BACKEND="celery"), "check")
    assert result.returncode != 0 and "TASKS_BACKEND must be one of immediate, database" in result.stderr
