"""Query shape for the public site and the admin: what each page needs, in one place."""

from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone

from .sanitize import sanitize_fields, sanitize_html

# Enough of a linked speech's first section to cut a ~60-character excerpt from.
EXCERPT_SOURCE_CHARACTERS = 400
RELATED_LINKS_SHOWN = 8


def visible_to_readers(now=None, prefix=""):
    """The condition for a speech readers may see; `prefix` reaches it through a relation."""
    return models.Q(
        **{f"{prefix}status": "published", f"{prefix}published_at__lte": now or timezone.now()}
    )



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
        return self.filter(visible_to_readers(now))

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """What a list row shows: title, date, category, meeting, speaker."""
        return self.select_related("category", "meeting").defer(
            "opening", "closing", "summary"
        )

    def load_search_results(self):
        """Result rows in any order, each with `section_bodies`: its sections' HTML in order,
        the text an excerpt is cut from. The bodies are read as plain rows: building a
        Section for each through prefetch_related took longer than the query."""
        from .models import Section

        speeches = list(self.select_related("category", "meeting"))
        by_id = {speech.pk: speech for speech in speeches}
        for speech in speeches:
            speech.section_bodies = []
        bodies = Section.objects.filter(speech__in=by_id).order_by("position").values_list("speech_id", "body")
        for speech_id, body in bodies:
            by_id[speech_id].section_bodies.append(body)
        return speeches

    def for_detail(self, now=None):
        """Everything the speech page prints, in a fixed number of queries.

        `shown_related_links` (延伸阅读) keeps links to speeches readers may see, staff
        choices first, at most RELATED_LINKS_SHOWN; each carries the start of its target's
        first section (`lead_section`) for the excerpt. Pending links (a title not on the
        site yet) wait in the admin: readers never see an entry they cannot open.
        """
        from .models import RelatedArticle, Section

        now = now or timezone.now()
        visible_target = visible_to_readers(now, prefix="to_speech__")
        first_section = Section.objects.filter(speech=models.OuterRef("to_speech_id"), position=1)
        related = (
            RelatedArticle.objects.filter(visible_target)
            .select_related("to_speech")
            .annotate(
                lead_section=Substr(
                    models.Subquery(first_section.values("body")[:1]), 1, EXCERPT_SOURCE_CHARACTERS
                )
            )
            .order_by("kind", "position", "id")
        )
        return self.select_related("category__parent", "meeting").prefetch_related(
            models.Prefetch("sections", queryset=Section.objects.order_by("position")),
            "tags",
            # A sliced prefetch needs to_attr.
            models.Prefetch("related_links", queryset=related[:RELATED_LINKS_SHOWN], to_attr="shown_related_links"),
        )

    def for_feed(self):
        """Feed items: the list row plus the summary and opening for the description."""
        return self.select_related("category").defer("closing")

    def in_categories(self, category_ids):
        return self.filter(category_id__in=category_ids)

    def recommended(self):
        """推荐阅读: staff-recommended speeches, lowest rank first."""
        return self.filter(is_recommended=True).order_by("recommend_rank", "-published_at", "-id")

    def with_cover(self):
        return self.exclude(cover_image="")

    def popular(self):
        """热门: most read first."""
        return self.order_by("-view_count", "-id")

    def before(self, speech):
        """Speeches listed after `speech` in a latest-first list (older ones), nearest first."""
        return self.filter(published_at__lte=speech.published_at).filter(
            models.Q(published_at__lt=speech.published_at) | models.Q(published_at=speech.published_at, id__lt=speech.id)
        ).latest_first()

    def after(self, speech):
        """Speeches listed before `speech` in a latest-first list (newer ones), nearest first."""
        return self.filter(published_at__gte=speech.published_at).filter(
            models.Q(published_at__gt=speech.published_at) | models.Q(published_at=speech.published_at, id__gt=speech.id)
        ).order_by("published_at", "id")

    def count_view(self, pk):
        """Add one read to a visible speech atomically; return whether it was counted."""
        return self.published().filter(pk=pk).update(view_count=models.F("view_count") + 1) == 1


class CategoryQuerySet(models.QuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))

    def with_published_counts(self, now=None):
        """Each category with `published_count`: speeches readers may see in it (not its children)."""
        now = now or timezone.now()
        return self.annotate(
            published_count=models.Count(
                "speeches",
                filter=models.Q(speeches__status="published", speeches__published_at__lte=now),
            )
        )

    def top_level(self):
        return self.filter(parent__isnull=True)


class MeetingQuerySet(models.QuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))

    def with_published_speeches(self, now=None):
        """Meetings where at least one speech readers may see was given."""
        from .models import Speech

        return self.filter(models.Exists(Speech.objects.published(now).filter(meeting=models.OuterRef("pk"))))


class RelatedArticleQuerySet(models.QuerySet):
    def connect_pending_to(self, speech):
        """Point pending links elsewhere whose target title is this speech's title at it."""
        already_linked = self.filter(to_speech=speech).values("from_speech")
        return (
            self.filter(to_speech__isnull=True, target_title=speech.title)
            .exclude(from_speech=speech)
            .exclude(from_speech__in=already_linked)
            .update(to_speech=speech)
        )
