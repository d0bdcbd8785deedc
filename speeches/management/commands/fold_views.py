"""Write the views counted since the last run to the database (run every minute by cron)."""

from django.core.management.base import BaseCommand

from speeches.view_counts import fold_views


class Command(BaseCommand):
    help = "把缓存中累计的阅读次数批量写入数据库（每分钟运行一次）。"

    def handle(self, *args, **options):
        views, rows = fold_views()
        self.stdout.write(f"{views} views, {rows} daily rows")
