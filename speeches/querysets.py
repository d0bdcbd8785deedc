"""Query shape for the public site and the admin: what each page needs, in one place."""

from django.db import models
from django.utils import timezone

from .sanitize import sanitize_fields, sanitize_html


class RichTextQuerySet(models.QuerySet):
    """Sanitizes the model's `rich_text_fields` on bulk writes, which bypass save()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            sanitize_fields(obj, self.model.rich_text_fields)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        rich = [name for name in self.model.rich_text_fields if name in fields]
        for obj in objs:
            sanitize_fields(obj, rich)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        for name in self.model.rich_text_fields:
            if isinstance(kwargs.get(name), str):
                kwargs[name] = sanitize_html(kwargs[name])
        return super().update(**kwargs)


class SpeechQuerySet(RichTextQuerySet):
    def published(self, now=None):
        """Speeches readers may see: published, and their publish time has come."""
        now = now or timezone.now()
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=now)

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """What a list row shows: title, date, category, meeting, speaker."""
        return self.select_related("category", "meeting").defer(
            "opening", "closing", "summary"
        )

    def for_detail(self):
        """Everything the speech page prints, in a fixed number of queries."""
        from .models import RelatedArticle, Section

        return self.select_related("category__parent", "meeting").prefetch_related(
            models.Prefetch("sections", queryset=Section.objects.order_by("position")),
            "tags",
            models.Prefetch(
                "related_links",
                queryset=RelatedArticle.objects.select_related("to_speech").order_by(
                    "kind", "position", "id"
                ),
            ),
        )


class CategoryQuerySet(models.QuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))

    def top_level(self):
        return self.filter(parent__isnull=True)


class MeetingQuerySet(models.QuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))
