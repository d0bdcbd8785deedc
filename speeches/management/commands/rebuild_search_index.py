"""Rebuild the full-text search index of every speech, in batches, in several processes."""

import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from speeches.jobs import tasks
from speeches.search.indexing import rebuild_index
from speeches.search.models import SearchDocument


class Command(BaseCommand):
    help = "重建全文检索索引（分批处理，多进程，显示进度）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批讲话稿数量（默认 500）")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="分词进程数（默认为 CPU 核数）")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行，进度见后台“后台任务”")

    def handle(self, batch_size, workers, enqueue, **options):
        if batch_size < 1 or workers < 1:
            raise CommandError("--batch-size 和 --workers 必须是正整数。")
        if enqueue:
            job = tasks.enqueue(tasks.rebuild_search_index, batch_size)
            self.stdout.write(f"后台任务 {job.pk}（{job.get_state_display()}）{job.summary}")
            return
        quiet = options["verbosity"] == 0

        def progress(description, total):
            return tqdm(total=total, desc=description, unit="篇", disable=quiet)

        count = rebuild_index(progress, batch_size, workers)
        self.stdout.write(
            self.style.SUCCESS(f"已为 {count} 篇讲话稿重建检索索引（共 {SearchDocument.objects.count()} 条）。")
        )
