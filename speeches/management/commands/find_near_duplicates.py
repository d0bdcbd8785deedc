"""List every pair of speeches whose texts are at least 85 % the same (nightly-style)."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from speeches.duplicates.store import pair_lines, scan
from speeches.jobs import tasks


class Command(BaseCommand):
    help = "找出正文高度相似（≥85%）的讲话稿对，列为疑似重复。"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="最多列出多少对（默认 200）。")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行，结果见后台“后台任务”")

    def handle(self, limit, enqueue, **options):
        if limit < 0:
            raise CommandError("--limit 不能是负数。")
        if enqueue:
            job = tasks.enqueue(tasks.find_near_duplicates, limit, label=f"最多列出 {limit} 对")
            self.stdout.write(f"后台任务 {job.pk}（{job.get_state_display()}）{job.summary}")
            return
        started = time.perf_counter()
        quiet = options["verbosity"] == 0

        def progress(description, total):
            return tqdm(total=total, desc=description, unit="篇", disable=quiet)

        pairs, signed = scan(progress)
        for line in pair_lines(pairs[:limit]):
            self.stdout.write(line)
        self.stdout.write(
            f"疑似重复 {len(pairs)} 对（补建签名 {signed} 篇），用时 {time.perf_counter() - started:.1f} 秒。"
        )
