"""Write the views counted since the last run to the database (run every minute by cron)."""

from django.core.management.base import BaseCommand

from speeches.jobs import tasks
from speeches.view_counts import fold_views


class Command(BaseCommand):
    help = "把缓存中累计的阅读次数批量写入数据库（每分钟运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行（失败时自动重试）")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            job = tasks.enqueue(tasks.fold_views)
            self.stdout.write(f"后台任务 {job.pk}（{job.get_state_display()}）{job.summary}")
            return
        views, rows = fold_views()
        self.stdout.write(f"{views} views, {rows} daily rows")
