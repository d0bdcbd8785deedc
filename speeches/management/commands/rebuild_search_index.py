"""Rebuild the full-text search index of every speech, in batches."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from speeches.models import Speech
from speeches.search.indexing import index_speeches
from speeches.search.models import SearchDocument


class Command(BaseCommand):
    help = "重建全文检索索引（分批处理，显示进度）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批讲话稿数量（默认 500）")

    def handle(self, batch_size, **options):
        ids = list(Speech.objects.order_by("pk").values_list("pk", flat=True))
        progress = tqdm(total=len(ids), desc="重建检索索引", unit="篇", disable=options["verbosity"] == 0)
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            with transaction.atomic():
                index_speeches(batch)
            progress.update(len(batch))
        progress.close()
        self.stdout.write(
            self.style.SUCCESS(f"已为 {len(ids)} 篇讲话稿重建检索索引（共 {SearchDocument.objects.count()} 条）。")
        )
