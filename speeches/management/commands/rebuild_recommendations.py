"""Rebuild every computed 延伸阅读 list (batched, resumable)."""

import os
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from speeches.jobs import tasks
from speeches.recommend import rebuild, refresh_recently_published


class Command(BaseCommand):
    help = "重建全部系统推荐的延伸阅读（分批写入；中断后再次运行会从上次完成处继续）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="每批写入的讲话稿数（默认 1000）")
        parser.add_argument(
            "--workers", type=int, default=min(2, os.cpu_count() or 1), help="分词与打分的进程数（默认 2）"
        )
        parser.add_argument("--restart", action="store_true", help="忽略上次中断的进度，从头重建")
        parser.add_argument("--retokenize", action="store_true", help="重新计算所有讲话稿的关键词")
        parser.add_argument(
            "--recent",
            type=int,
            metavar="MINUTES",
            help="只更新最近 MINUTES 分钟内到达发布时间的讲话稿（供定时任务处理定时发布）",
        )
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行，进度见后台“后台任务”")

    def handle(self, batch_size, workers, restart, retokenize, recent, enqueue, **options):
        if batch_size < 1 or workers < 1 or (recent is not None and recent < 1):
            raise CommandError("批大小、进程数和分钟数必须是正整数。")
        if recent is not None:
            count = refresh_recently_published(timedelta(minutes=recent))
            self.stdout.write(self.style.SUCCESS(f"已更新 {count} 篇新近发布的讲话稿的延伸阅读。"))
            return
        if enqueue:
            job = tasks.enqueue(tasks.rebuild_recommendations, batch_size, workers, restart, retokenize)
            self.stdout.write(f"后台任务 {job.pk}（{job.get_state_display()}）{job.summary}")
            return
        quiet = options["verbosity"] == 0

        def progress(description, total, initial=0):
            return tqdm(total=total, initial=initial, desc=description, unit="篇", disable=quiet)

        written = rebuild(
            batch_size=batch_size, workers=workers, restart=restart, retokenize=retokenize, progress=progress
        )
        self.stdout.write(self.style.SUCCESS(f"已重建 {written} 篇讲话稿的延伸阅读。"))
