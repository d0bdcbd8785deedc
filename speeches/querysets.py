"""Query shape for the public site and the admin: what each page needs, in one place.

What readers may see is decided here and nowhere else (docs/security.md):
`visible_to_readers()` is the condition for a speech, and every public query reaches it:
`Speech.objects.published()`, `Meeting.objects.with_published_speeches()`,
`published_tags()`, `Category.objects.with_published_counts()` (the 栏目 tree keeps the
categories whose count is not zero), and through a relation with `prefix`.
"""

from datetime import timedelta

from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone

from .cleaning import CleanTextQuerySet

# Enough of a linked speech's first section to cut a ~60-character excerpt from.
EXCERPT_SOURCE_CHARACTERS = 400
# Enough of a summary or opening to cut a list row's ~80-character 摘要 from.
SUMMARY_SOURCE_CHARACTERS = 400
RELATED_LINKS_SHOWN = 8
POPULAR_PERIOD_DAYS = {"week": 7, "month": 30}


def visible_to_readers(now=None, prefix=""):
    """The condition for a speech readers may see; `prefix` reaches it through a relation
    (`prefix="content_object__"` from a TaggedSpeech). Its Python twin is Speech.visible_since;
    the search table keeps a copy (migration 0008's trigger, search/indexing.py)."""
    return models.Q(**{f"{prefix}status": "published", f"{prefix}published_at__lte": now or timezone.now()})


def published_tags(now=None, counted=True):
    """Tags on at least one speech readers may see, each with `uses`: how many such speeches.
    `counted=False` leaves `uses` out and only asks that one exists: a single tag's page
    then stops at its first visible speech instead of counting thousands (48 ms at 100k)."""
    from taggit.models import Tag

    if not counted:
        from .models import TaggedSpeech

        visible = TaggedSpeech.objects.filter(
            visible_to_readers(now, prefix="content_object__"), tag=models.OuterRef("pk")
        )
        return Tag.objects.filter(models.Exists(visible))
    uses = models.Count(
        "speeches_taggedspeech_items",
        filter=visible_to_readers(now, prefix="speeches_taggedspeech_items__content_object__"),
    )
    return Tag.objects.annotate(uses=uses).filter(uses__gt=0)


class SpeechQuerySet(CleanTextQuerySet):
    def published(self, now=None):
        """Speeches readers may see: published, and their publish time has come."""
        return self.filter(visible_to_readers(now))

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """What a list row shows: title, dates, category, meeting, speaker, and the start of
        the summary and opening (`summary_head`, `opening_head`) its 摘要 is cut from."""
        return (
            self.select_related("category", "meeting")
            .defer("opening", "closing", "summary")
            .annotate(
                summary_head=Substr("summary", 1, SUMMARY_SOURCE_CHARACTERS),
                opening_head=Substr("opening", 1, SUMMARY_SOURCE_CHARACTERS),
            )
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

    def for_detail(self):
        """Everything the speech page prints but 延伸阅读, in a fixed number of queries:
        `Speech.shown_related_links` reads those on first use
        (`RelatedArticleQuerySet.shown_from`)."""
        from .models import Section

        return self.select_related("category__parent", "meeting").prefetch_related(
            models.Prefetch("sections", queryset=Section.objects.order_by("position")), "tags"
        )

    def for_feed(self):
        """Feed items: the list row plus the summary and opening for the description."""
        return self.select_related("category").defer("closing")

    def in_category_tree(self, category):
        """Speeches filed under a 栏目 or any of its subcategories: the one rule for what a
        栏目 holds. A node of navigation.category_tree() knows its subcategories
        (`.subcategories`, no query); any other Category reads its children. A plain list of
        ids keeps a 栏目 without subcategories an ordered index scan on PostgreSQL."""
        children = getattr(category, "subcategories", None)
        if children is None:
            children = category.children.all()
        return self.filter(category_id__in=[category.pk, *(child.pk for child in children)])

    def filtered_by(self, category=None, meeting=None, tag=None, year=None, speaker=None):
        """The filters readers choose on the search page and in the API (each optional):
        a 栏目 with its subcategories, a meeting, a tag, the year published, a speaker."""
        speeches = self
        if category is not None:
            speeches = speeches.in_category_tree(category)
        if meeting is not None:
            speeches = speeches.filter(meeting=meeting)
        if tag is not None:
            speeches = speeches.filter(tagged_items__tag=tag)
        if year is not None:
            speeches = speeches.filter(published_at__year=year)
        if speaker:
            speeches = speeches.filter(speaker=speaker)
        return speeches

    def recommended(self):
        """推荐阅读: staff-recommended speeches, lowest rank first."""
        return self.filter(is_recommended=True).order_by("recommend_rank", "-published_at", "-id")

    def with_cover(self):
        return self.exclude(cover_image="")

    def popular(self, period="all"):
        """热门: most read first, of all time or, for "week" and "month", of the last 7 or 30
        days (today included) by their DailyViews; speeches unread in the period are left out."""
        if period == "all":
            return self.order_by("-view_count", "-id")
        since = timezone.localdate() - timedelta(days=POPULAR_PERIOD_DAYS[period] - 1)
        # Filtered before annotating, the sum reads only the period's rows (an inner join).
        return (
            self.filter(daily_views__day__gte=since)
            .annotate(period_views=models.Sum("daily_views__views"))
            .order_by("-period_views", "-id")
        )

    def from_key(self, published_at, pk, descending=True, inclusive=True):
        """Speeches from the (published_at, id) key on, in a list ordered by both (descending:
        the key and older ones); `inclusive=False` leaves the key's own row out. The keyset
        condition of list pages and neighbours: the plain range condition first lets the
        database start its index scan at the key."""
        beyond = "lt" if descending else "gt"
        last_id = {f"id__{beyond}e" if inclusive else f"id__{beyond}": pk}
        return self.filter(**{f"published_at__{beyond}e": published_at}).filter(
            models.Q(**{f"published_at__{beyond}": published_at}) | models.Q(published_at=published_at, **last_id)
        )

    def before(self, speech):
        """Speeches listed after `speech` in a latest-first list (older ones), nearest first."""
        return self.from_key(speech.published_at, speech.id, inclusive=False).latest_first()

    def after(self, speech):
        """Speeches listed before `speech` in a latest-first list (newer ones), nearest first."""
        return self.from_key(speech.published_at, speech.id, descending=False, inclusive=False).order_by(
            "published_at", "id"
        )

    def neighbours(self, speech):
        """(上一篇, 下一篇) of `speech` in its 栏目: the nearest older and newer speech of
        this queryset (DedeCMS order: 上一篇 is the older one), titles only, None at an end."""
        in_category = self.filter(category_id=speech.category_id).only("id", "title")
        return in_category.before(speech).first(), in_category.after(speech).first()


class CategoryQuerySet(CleanTextQuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))

    def with_published_counts(self, now=None):
        """Each category with `published_count`: speeches readers may see in it (not its children)."""
        return self.annotate(
            published_count=models.Count("speeches", filter=visible_to_readers(now, prefix="speeches__"))
        )

    def top_level(self):
        return self.filter(parent__isnull=True)


class MeetingQuerySet(CleanTextQuerySet):
    def with_speech_counts(self):
        return self.annotate(speech_count=models.Count("speeches", distinct=True))

    def with_published_counts(self, now=None):
        """Meetings where a speech readers may see was given, each with `published_count`."""
        count = models.Count("speeches", filter=visible_to_readers(now, prefix="speeches__"))
        return self.annotate(published_count=count).filter(published_count__gt=0)

    def newest_first(self):
        """By meeting date, newest first; meetings of unknown date last."""
        return self.order_by(models.F("date").desc(nulls_last=True), "-id")

    def with_published_speeches(self, now=None):
        """Meetings where at least one speech readers may see was given."""
        from .models import Speech

        return self.filter(models.Exists(Speech.objects.published(now).filter(meeting=models.OuterRef("pk"))))


class RelatedArticleQuerySet(CleanTextQuerySet):
    def shown_from(self, speech, now=None):
        """延伸阅读 of `speech` as readers see it: links to speeches readers may see, staff
        choices first, at most RELATED_LINKS_SHOWN; each carries the start of its target's
        first section (`lead_section`) for the excerpt. Pending links (a title not on the
        site yet) wait in the admin: readers never see an entry they cannot open.

        One plain LIMIT query for one speech: as a sliced prefetch (a window function over
        every speech fetched) it took twice the time to build and run."""
        from .models import Section

        first_section = Section.objects.filter(speech=models.OuterRef("to_speech_id"), position=1)
        return (
            self.filter(visible_to_readers(now, prefix="to_speech__"), from_speech=speech)
            .select_related("to_speech")
            .defer("to_speech__closing")
            .annotate(
                lead_section=Substr(models.Subquery(first_section.values("body")[:1]), 1, EXCERPT_SOURCE_CHARACTERS)
            )
            .order_by("kind", "position", "id")[:RELATED_LINKS_SHOWN]
        )

    def connect_pending_to(self, speech):
        """Point pending links elsewhere whose target title is this speech's title at it."""
        already_linked = self.filter(to_speech=speech).values("from_speech")
        return (
            self.filter(to_speech__isnull=True, target_title=speech.title)
            .exclude(from_speech=speech)
            .exclude(from_speech__in=already_linked)
            .update(to_speech=speech)
        )
