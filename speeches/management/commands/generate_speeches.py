"""Bulk-generate synthetic speeches for benchmarks and manual testing.

The speeches come in chunks of BATCH, each from its own RNG seeded by (seed, chunk), so a
seed gives the same speeches whatever the number of worker processes; workers write their
chunks through their own database connections (speeches/parallel.py).
"""

import os
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from taggit.models import Tag
from tqdm import tqdm

from speeches.catalogue import ensure_categories
from speeches.generation import TOPICS, TextGenerator, as_html, meeting_name, tag_names
from speeches.hashing import speech_hash
from speeches.models import Meeting, Section, Speech, TaggedSpeech
from speeches.parallel import in_processes

BATCH = 1000
EPOCH = date(2015, 1, 1)
SPAN_DAYS = 3650


class Command(BaseCommand):
    help = "生成 N 篇合成讲话稿（批量写入，用于性能测试与手工测试）。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="要生成的讲话稿数量")
        parser.add_argument("--seed", type=int, default=None, help="随机种子（默认随机）")
        parser.add_argument("--tags", type=int, default=3000, help="标签总数（默认 3000）")
        parser.add_argument("--drafts", type=float, default=0.05, help="草稿比例（默认 0.05），其余为已发布")
        parser.add_argument("--batch-size", type=int, default=BATCH, help=f"每批讲话稿数量（默认 {BATCH}）")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="写入进程数（默认为 CPU 核数）")

    def handle(self, count, seed, tags, drafts, batch_size, workers, **options):
        if count < 1 or workers < 1 or batch_size < 1:
            raise CommandError("数量、批大小和进程数必须是正整数。")
        seed = random.randrange(2**32) if seed is None else seed
        rng = random.Random(seed)
        categories = [c for (parent, child), c in ensure_categories().items() if child]
        meetings = self._meetings(rng, max(20, count // 25))
        tag_ids = self._tags(tags)
        topic_tag = {name: tag_ids[name] for name in TOPICS if name in tag_ids}
        self.plan = Plan(seed, categories, meetings, topic_tag, list(tag_ids.values()), drafts)
        sizes = [min(batch_size, count - start) for start in range(0, count, batch_size)]

        progress = tqdm(total=count, desc="生成讲话稿", unit="篇", disable=options["verbosity"] == 0)
        created = 0
        for size, written in in_processes(_write_chunk, self.plan, enumerate(sizes), workers):
            created += written
            progress.update(size)
        progress.close()
        message = f"已生成 {created} 篇讲话稿（种子 {seed}）"
        if created < count:
            message += f"，跳过与已有内容重复的 {count - created} 篇"
        self.stdout.write(self.style.SUCCESS(message + "。"))

    def _meetings(self, rng, count):
        """Create `count` meetings spread over ten years."""
        new = []
        for _ in range(count):
            day = EPOCH + timedelta(days=rng.randrange(SPAN_DAYS))
            topic = rng.choice(TOPICS)
            new.append(
                Meeting(
                    name=meeting_name(rng, day.year, topic),
                    date=day if rng.random() < 0.9 else None,
                    organizer=f"某某市{rng.choice(['人民政府', '委员会', '党组', '管理局'])}",
                    place=rng.choice(["市政府第一会议室", "行政中心报告厅", "市委党校礼堂", ""]),
                    summary=f"会议围绕{topic}进行了部署。",
                )
            )
        return Meeting.objects.bulk_create(new, batch_size=BATCH)

    def _tags(self, count):
        names = tag_names(count)
        Tag.objects.bulk_create([Tag(name=name, slug=name) for name in names], batch_size=BATCH, ignore_conflicts=True)
        return dict(Tag.objects.filter(name__in=names).values_list("name", "id"))


@dataclass
class Plan:
    """What every chunk shares: the seed, and the categories, meetings and tags to draw from."""

    seed: int
    categories: list
    meetings: list
    topic_tag: dict
    all_tag_ids: list
    drafts: float


def _write_chunk(plan, job):
    number, size = job
    rng = random.Random(f"{plan.seed}:{number}")
    text = TextGenerator(f"{plan.seed}:{number}:text")
    with transaction.atomic():
        written = _write_batch(rng, text, size, plan)
    return size, written


def _write_batch(rng, text, size, plan):
    speeches, bodies = [], []
    for _ in range(size):
        meeting = rng.choice(plan.meetings) if rng.random() < 0.8 else None
        generated = text.speech(meeting.name if meeting else "全市工作会议", rng.randint(2000, 6000))
        published = rng.random() >= plan.drafts
        sections = [(s.heading, s.paragraphs) for s in generated.sections]
        fingerprint = speech_hash(
            generated.title,
            "".join(generated.opening),
            [(heading, "".join(paragraphs)) for heading, paragraphs in sections],
            "".join(generated.closing),
        )
        speeches.append(
            Speech(
                title=generated.title,
                category=rng.choice(plan.categories),
                meeting=meeting,
                speaker=generated.speaker,
                speaker_post="",
                delivered_on=meeting.date if meeting else text.delivered_on(EPOCH, SPAN_DAYS),
                opening=as_html(generated.opening),
                closing=as_html(generated.closing),
                summary=generated.opening[1][:100],
                status=Speech.Status.PUBLISHED if published else Speech.Status.DRAFT,
                published_at=datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(SPAN_DAYS * 1440))
                if published
                else None,
                content_hash=fingerprint,
                view_count=int(rng.paretovariate(1.2) * 10),
                is_recommended=rng.random() < 0.01,
                recommend_rank=rng.randrange(100),
            )
        )
        bodies.append((generated.topics, sections))
    # The same seed makes the same speeches: skip those already stored, like any duplicate.
    existing = set(
        Speech.objects.filter(content_hash__in=[s.content_hash for s in speeches]).values_list(
            "content_hash", flat=True
        )
    )
    fresh = {}
    for speech, body in zip(speeches, bodies, strict=True):
        if speech.content_hash not in existing:
            fresh.setdefault(speech.content_hash, (speech, body))
    speeches = [speech for speech, _ in fresh.values()]
    bodies = [body for _, body in fresh.values()]
    Speech.objects.bulk_create(speeches)

    section_rows, tag_rows = [], []
    for speech, (topics, sections) in zip(speeches, bodies, strict=True):
        for position, (heading, paragraphs) in enumerate(sections, start=1):
            section_rows.append(
                Section(speech_id=speech.pk, position=position, heading=heading, body=as_html(paragraphs))
            )
        chosen = {plan.topic_tag[t] for t in topics if t in plan.topic_tag}
        chosen.update(rng.sample(plan.all_tag_ids, rng.randint(0, 2)))
        tag_rows.extend(TaggedSpeech(content_object_id=speech.pk, tag_id=tag_id) for tag_id in chosen)
    Section.objects.bulk_create(section_rows)
    TaggedSpeech.objects.bulk_create(tag_rows)
    return len(speeches)
