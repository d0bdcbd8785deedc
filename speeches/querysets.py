"""Query shape for the public site and the admin: what each page needs, in one place."""

from django.db import models
from django.utils import timezone


def visible_to_readers(now=None, prefix=""):
    """The condition for a speech readers may see; `prefix` reaches it through a relation."""
    return models.Q(
        **{f"{prefix}status": "published", f"{prefix}published_at__lte": now or timezone.now()}
    )


class SpeechQuerySet(models.QuerySet):
    def published(self, now=None):
        """Speeches readers may see: published, and their publish time has come."""
        return self.filter(visible_to_readers(now))

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """What a list row shows: title, date, category, meeting, speaker."""
        return self.select_related("category", "meeting").defer(
            "opening", "closing", "summary"
        )

    def for_detail(self, now=None):
        """Everything the speech page prints, in a fixed number of queries.

        延伸阅读 leaves out links to speeches readers cannot see yet (drafts, scheduled).
        """
        from .models import RelatedArticle, Section

        readable_links = RelatedArticle.objects.filter(
            models.Q(to_speech__isnull=True) | visible_to_readers(now, prefix="to_speech__")
        )

        return self.select_related("category__parent", "meeting").prefetch_related(
            models.Prefetch("sections", queryset=Section.objects.order_by("position")),
            "tags",
            models.Prefetch(
                "related_links",
                queryset=readable_links.select_related("to_speech").order_by(
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
