"""Stored-data fuzz: random Unicode (control characters, bidirectional marks, emoji, lone
surrogates, 10,000-character strings, {{ }} and {% %}, </script>, markup) written into
every text field of speeches, sections, 延伸阅读, meetings, 栏目 and tags, through save(),
bulk_create() and update(). Then every public page (walked from the home page, the
sitemaps and the feeds), the admin pages of those objects and the RSS feeds are
requested: no 5xx, no live markup, feeds that parse as XML.

Each seed is one test; a failure names its seed (`-k "seed-7"`) and reproduces exactly.
"""

import random
from xml.etree import ElementTree

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from speeches.models import Category, Meeting, RelatedArticle, Section, Speech

from .fuzz import fuzz_text
from .markup import assert_no_live_markup
from .walk import walk

pytestmark = pytest.mark.django_db

SEEDS = range(12)


def fuzz_fields(rng, model, prefix, skip=()):
    """{field: random text} for every text field of the model, within its length."""
    values = {}
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.name in skip or field.choices:
            continue
        text = prefix + fuzz_text(rng, long=isinstance(field, models.TextField) and rng.random() < 0.3)
        values[field.name] = text[: field.max_length] if field.max_length else text
    return values


def fuzzed_site(seed):
    rng = random.Random(seed)
    now = timezone.now()
    top = Category.objects.create(position=1, **fuzz_fields(rng, Category, f"{seed}甲"))
    child = Category.objects.create(parent=top, position=2, **fuzz_fields(rng, Category, f"{seed}乙"))
    meeting = Meeting.objects.create(**fuzz_fields(rng, Meeting, f"{seed}会"))
    skip = {"content_hash", "status"}
    speeches = [
        Speech.objects.create(
            category=category,
            meeting=meeting,
            status=Speech.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=index + 1),
            is_recommended=index == 0,
            **fuzz_fields(rng, Speech, f"{seed}-{index}", skip),
        )
        for index, category in enumerate([top, child])
    ]
    Speech.objects.bulk_create(
        [
            Speech(
                category=child,
                status=Speech.Status.PUBLISHED,
                published_at=now - timezone.timedelta(days=1),
                **fuzz_fields(rng, Speech, f"{seed}-bulk", skip),
            )
        ]
    )
    for speech in speeches:
        Section.objects.bulk_create(
            Section(speech=speech, position=position, **fuzz_fields(rng, Section, f"{position}"))
            for position in range(1, 4)
        )
        Speech.objects.filter(pk=speech.pk).update(summary=fuzz_text(rng))
        speech.tags.add(*{f"{seed}{fuzz_text(rng)}"[:100] for _ in range(3)}, "…" * (seed + 1))
        RelatedArticle.objects.create(
            from_speech=speech, **fuzz_fields(rng, RelatedArticle, f"{seed}待", {"score_parts"})
        )
    RelatedArticle.objects.create(from_speech=speeches[0], to_speech=speeches[1], position=2)
    return speeches


def admin_pages(speeches):
    speech = speeches[0]
    tags = Tag.objects.filter(speeches_taggedspeech_items__content_object__in=speeches).distinct()
    return [
        reverse("admin:index"),
        reverse("admin:speeches_speech_changelist"),
        reverse("admin:speeches_speech_changelist") + "?q=" + speech.title[:20].replace("&", "").replace("#", ""),
        reverse("admin:speeches_speech_change", args=[speech.pk]),
        reverse("admin:speeches_speech_workflow", args=[speech.pk]),
        reverse("admin:speeches_speech_history", args=[speech.pk]),
        reverse("admin:speeches_speech_preview", args=[speech.pk]),
        reverse("admin:speeches_category_changelist"),
        reverse("admin:speeches_category_change", args=[speech.category_id]),
        reverse("admin:speeches_meeting_changelist"),
        reverse("admin:speeches_meeting_change", args=[speech.meeting_id]),
        reverse("admin:taggit_tag_changelist"),
        *(reverse("admin:taggit_tag_change", args=[tag.pk]) for tag in tags[:2]),
    ]


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{seed}" for seed in SEEDS])
def test_fuzzed_data_never_breaks_a_page(client, admin_client, seed):
    speeches = fuzzed_site(seed)
    pages = walk(client, limit=120)
    assert len(pages) > 10
    for path, response in pages.items():
        assert response.status_code < 500, (seed, path)
        assert_no_live_markup(response, (seed, path))
    for feed in [reverse("speeches:feed"), *(path for path in pages if path.endswith("/rss/"))]:
        ElementTree.fromstring(client.get(feed).content)  # well-formed XML
    for url in admin_pages(speeches):
        response = admin_client.get(url)
        assert response.status_code == 200, (seed, url)
        assert_no_live_markup(response, (seed, url))
