"""Load the team's demo speeches (speeches.json beside this file). Idempotent."""

import json
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from speeches.catalogue import ensure_categories
from speeches.models import Meeting, RelatedArticle, Section, Speech
from speeches.recommend import refresh_speeches

DEMO_FILE = Path(__file__).with_name("speeches.json")


def _date(value):
    return date.fromisoformat(value) if value else None


def _meeting(data):
    if not data:
        return None
    meeting, _ = Meeting.objects.get_or_create(
        name=data["name"],
        date=_date(data.get("date")),
        defaults={
            "organizer": data.get("organizer", ""),
            "place": data.get("place", ""),
            "summary": data.get("summary", ""),
        },
    )
    return meeting


@transaction.atomic
def load_demo(path=DEMO_FILE):
    """Create the demo speeches that are not there yet; return how many were created."""
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    categories = ensure_categories()
    by_title = {}
    created = []
    now = timezone.now()
    for index, item in enumerate(items):
        speech = Speech.objects.filter(title=item["title"]).first()
        if speech is None:
            speech = Speech.objects.create(
                title=item["title"],
                category=categories[tuple(item["category"])],
                meeting=_meeting(item.get("meeting")),
                speaker=item.get("speaker", ""),
                speaker_post=item.get("speaker_post", ""),
                delivered_on=_date(item.get("delivered_on")),
                summary=item.get("summary", ""),
                opening=item.get("opening", ""),
                closing=item.get("closing", ""),
                status=Speech.Status.PUBLISHED,
                published_at=now - timedelta(hours=index),
                is_recommended=item.get("recommended", False),
                recommend_rank=index,
                source_name="讲稿库编辑部",
            )
            Section.objects.bulk_create(
                Section(speech=speech, position=position, heading=s["heading"], body=s["body"])
                for position, s in enumerate(item["sections"], start=1)
            )
            speech.tags.add(*item.get("tags", []))
            speech.refresh_content_hash()
            created.append(speech.pk)
        by_title[item["title"]] = speech

    for item in items:
        source = by_title[item["title"]]
        for position, title in enumerate(item.get("related", []), start=1):
            RelatedArticle.objects.get_or_create(
                from_speech=source,
                to_speech=by_title[title],
                defaults={"position": position, "kind": RelatedArticle.Kind.STAFF},
            )
    # The site's own 延伸阅读 for the new speeches (staff links above come first).
    refresh_speeches(created)
    return len(created)
