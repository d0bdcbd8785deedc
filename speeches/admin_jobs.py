"""后台任务: the background jobs (speeches/jobs), their state, progress and errors.

Read-only: a job is started by the page or command that needs it. The task engine's own
queue table (django-tasks-db) is left out of the admin; this list says all an editor
needs, in Chinese, whatever the backend.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_tasks_db.models import DBTaskResult

from .jobs.models import Job

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "state",
        "progress",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
        "short_error",
    ]
    list_filter = ["state", "kind", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["label", "summary", "error"]
    date_hierarchy = "created_at"
    fields = readonly_fields = [
        "kind",
        "label",
        "state",
        "progress",
        "attempts",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "retry_at",
        "summary",
        "details",
        "error",
    ]

    @admin.display(description="进度")
    def progress(self, job):
        if job.total is None:
            return job.phase or "—"
        return f"{job.phase + '：' if job.phase else ''}{job.done} / {job.total}"

    @admin.display(description="错误信息")
    def short_error(self, job):
        return job.error[:80] + ("…" if len(job.error) > 80 else "")

    @admin.display(description="明细")
    def details(self, job):
        if not job.lines:
            return "—"
        # "warning_html" lines were built with format_html (their titles escaped).
        rows = ((mark_safe(text) if level == "warning_html" else text,) for level, text in job.lines)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
