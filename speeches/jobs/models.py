"""One row per enqueued job: what it is, its state and progress, as the admin shows it.

The task engine (django-tasks) keeps its own queue table only with the database backend;
this table exists whatever the backend, so the admin shows inline jobs too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        RETRYING = "retrying", "等待重试"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Kind(models.TextChoices):
        IMPORT_FILES = "import_files", "导入文件"
        IMPORT_UPLOADS = "import_uploads", "导入上传的文件"
        REBUILD_SEARCH_INDEX = "rebuild_search_index", "重建检索索引"
        REBUILD_RECOMMENDATIONS = "rebuild_recommendations", "重建延伸阅读"
        FIND_NEAR_DUPLICATES = "find_near_duplicates", "查找疑似重复"
        RENDER_DOCX = "render_docx", "生成 Word 文件"
        FOLD_VIEWS = "fold_views", "写入阅读次数"

    kind = models.CharField("任务", max_length=40, choices=Kind.choices)
    label = models.CharField("内容", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField("阶段", max_length=40, blank=True)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    retry_at = models.DateTimeField("下次重试时间", null=True, blank=True)
    summary = models.TextField("结果", blank=True)
    # [[level, text]]: one line per file of an import, pairs found by a scan (runner.Progress.report).
    lines = models.JSONField("明细", default=list, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "后台任务"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.label}" if self.label else self.get_kind_display()

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
