"""Rebuild the full-text search index of every speech, in batches, in several processes."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from speeches.models import Speech
from speeches.parallel import in_processes
from speeches.search.indexing import index_speeches
from speeches.search.models import SearchDocument


class Command(BaseCommand):
    help = "重建全文检索索引（分批处理，多进程，显示进度）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批讲话稿数量（默认 500）")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="分词进程数（默认为 CPU 核数）")

    def handle(self, batch_size, workers, **options):
        if batch_size < 1 or workers < 1:
            raise CommandError("批大小和进程数必须是正整数。")
        ids = list(Speech.objects.order_by("pk").values_list("pk", flat=True))
        batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
        progress = tqdm(total=len(ids), desc="重建检索索引", unit="篇", disable=options["verbosity"] == 0)
        for indexed in in_processes(_index_batch, None, batches, workers):
            progress.update(indexed)
        progress.close()
        self.stdout.write(
            self.style.SUCCESS(f"已为 {len(ids)} 篇讲话稿重建检索索引（共 {SearchDocument.objects.count()} 条）。")
        )


def _index_batch(_, batch):
    with transaction.atomic():
        index_speeches(batch)
    return len(batch)
