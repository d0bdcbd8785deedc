"""Query shape for the public site and the admin: what each page needs, in one place."""

from django.db import models
from django.utils import timezone


class SpeechQuerySet(models.QuerySet):
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

    def for_search_results(self):
        """A result row: list fields plus the text an excerpt is cut from."""
        from .models import Section

        return self.select_related("category", "meeting").prefetch_related(
            models.Prefetch("sections", queryset=Section.objects.only("speech_id", "position", "body").order_by("position"))
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
