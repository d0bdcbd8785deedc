"""List every pair of speeches whose texts are at least 85 % the same (nightly-style)."""

import time

from django.core.management.base import BaseCommand

from speeches.duplicates import signature as sig
from speeches.duplicates.store import index_speech, load_signatures, unindexed_speeches
from speeches.models import Speech


class Command(BaseCommand):
    help = "找出正文高度相似（≥85%）的讲话稿对，列为疑似重复。"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="最多列出多少对（默认 200）。")

    def handle(self, limit, **options):
        started = time.perf_counter()
        # Speeches saved before the index existed (or by a bulk load) get their signature now.
        missing = list(unindexed_speeches())
        for speech in missing:
            index_speech(speech)
        pairs = sig.all_pairs(load_signatures())
        titles = dict(
            Speech.objects.filter(pk__in={pk for pair in pairs[:limit] for pk in pair[:2]}).values_list("pk", "title")
        )
        for first, second, score in pairs[:limit]:
            self.stdout.write(f"{score:.0%}\t{first}\t{second}\t{titles[first]} | {titles[second]}")
        self.stdout.write(
            f"疑似重复 {len(pairs)} 对（补建签名 {len(missing)} 篇），用时 {time.perf_counter() - started:.1f} 秒。"
        )
