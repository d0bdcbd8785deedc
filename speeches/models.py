"""Content model: categories (栏目), meetings (会议), speeches (讲话稿), their numbered
sections (章节) and further-reading links (延伸阅读)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .cleaning import CleanTextModel, CleanTextQuerySet, saved_fields
from .numbering import section_label
from .querysets import CategoryQuerySet, MeetingQuerySet, RelatedArticleQuerySet, SpeechQuerySet
from .reversing import fast_reverse
from .sanitize import is_web_url
from .slugs import slug_url, usable_slug
from .tags import CleanTagManager
from .uploads import clean_image, cover_thumbnail, cover_thumbnail_upload_to, cover_upload_to


class Category(CleanTextModel):
    """A 栏目. Two levels: top-level categories and their subcategories."""

    name = models.CharField("名称", max_length=50)
    slug = models.SlugField("网址名", max_length=60, unique=True, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    position = models.PositiveSmallIntegerField("排序", default=0)
    description = models.TextField("简介", blank=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "栏目"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="category_not_own_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent"),
        ]

    def __str__(self):
        return f"{self.parent.name} > {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if "slug" in saved_fields(self, kwargs.get("update_fields")):
            self.slug = usable_slug(self.slug, self.name, self._meta.get_field("slug").max_length, prefix="category")
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "栏目最多两级：上级栏目必须是一级栏目。"})
        if self.pk and self.parent_id and self.children.exists():
            raise ValidationError({"parent": "该栏目已有下级栏目，不能再设为下级栏目。"})

    def get_absolute_url(self):
        return slug_url("speeches:category", self.slug, self.name)

    @property
    def feed_url(self):
        return slug_url("speeches:category-feed", self.slug, self.name)

    @property
    def path(self):
        """Top-level first: [parent, self] or [self]."""
        return [self.parent, self] if self.parent_id else [self]


class Meeting(CleanTextModel):
    """A 会议 where speeches were given."""

    name = models.CharField("会议名称", max_length=200)
    date = models.DateField("会议日期", null=True, blank=True)
    organizer = models.CharField("主办单位", max_length=200, blank=True)
    place = models.CharField("会议地点", max_length=200, blank=True)
    summary = models.TextField("会议简介", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["name"], name="meeting_name_idx"),
            models.Index(fields=["-date", "-id"], name="meeting_date_idx"),
        ]

    def __str__(self):
        return f"{self.name}({self.date:%Y-%m-%d})" if self.date else self.name

    def get_absolute_url(self):
        return fast_reverse("speeches:meeting", pk=self.pk)


class TaggedSpeech(TaggedItemBase):
    """Tag through model with a real foreign key to the speech (faster than the generic one)."""

    content_object = models.ForeignKey(
        "Speech", verbose_name="讲话稿", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = verbose_name_plural = "标签关联"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_speech_unique"),
        ]
        indexes = [
            # A tag's newest speeches first: 延伸阅读's tag posting lists.
            models.Index(fields=["tag", "-content_object"], name="tagged_speech_posting_idx"),
        ]


class Speech(CleanTextModel):
    """A speech manuscript (讲话稿 / 发言稿 / 演讲稿)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"

    title = models.CharField("标题", max_length=200)
    category = models.ForeignKey(Category, verbose_name="栏目", on_delete=models.PROTECT, related_name="speeches")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="会议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
    )
    speaker = models.CharField("讲话人", max_length=100, blank=True)
    speaker_post = models.CharField("讲话人职务", max_length=200, blank=True)
    delivered_on = models.DateField("讲话日期", null=True, blank=True, help_text="不清楚时留空，不要估计。")
    opening = models.TextField("开场白", blank=True)
    closing = models.TextField("结束语", blank=True)
    summary = models.TextField("摘要", blank=True)
    cover_image = models.ImageField(
        "封面图", upload_to=cover_upload_to, blank=True, help_text="PNG、JPEG 或 WebP，不超过 8 MB。"
    )
    cover_thumbnail = models.ImageField("封面缩略图", upload_to=cover_thumbnail_upload_to, blank=True, editable=False)

    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, help_text="设为将来的时间即定时发布。")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任编辑",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_speeches",
    )

    source_name = models.CharField("来源网站", max_length=100, blank=True)
    source_url = models.URLField("来源网址", max_length=500, blank=True)
    content_hash = models.CharField("内容指纹", max_length=64, blank=True, editable=False)
    source_note = models.CharField(
        "来源说明", max_length=300, blank=True, help_text="原页面上的日期、编辑等说明，照原样保留。"
    )
    needs_review = models.BooleanField(
        "需要校对", default=False, help_text="导入时有拆分不确定的地方，请核对后取消勾选。"
    )
    review_reason = models.TextField("校对原因", blank=True)

    view_count = models.PositiveIntegerField("阅读次数", default=0, editable=False)
    is_recommended = models.BooleanField("推荐", default=False)
    recommend_rank = models.PositiveSmallIntegerField("推荐排序", default=0, help_text="数字越小越靠前。")

    review_comment = models.TextField("审核意见", blank=True, help_text="主编退回时填写，编辑修改后重新提交。")
    # Optimistic locking: every save bumps it; a form saved from an older value is refused.
    lock_version = models.PositiveIntegerField("编辑版本", default=0, editable=False)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    tags = TaggableManager("标签", through=TaggedSpeech, blank=True, manager=CleanTagManager)

    objects = SpeechQuerySet.as_manager()

    # Stored as HTML; sanitized on every save (see speeches/sanitize.py).
    rich_text_fields = ("opening", "closing")

    class Meta:
        verbose_name = verbose_name_plural = "讲话稿"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_speech", "可以发布、定时发布、撤回和退回讲话稿"),
            ("recommend_speech", "可以推荐讲话稿"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="speech_unique_content_hash",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="speech_published_has_time",
                violation_error_message="已发布的讲话稿必须有发布时间：请用“发布”或“定时发布”按钮发布。",
            ),
        ]
        indexes = [
            # Home page and feeds: latest published first.
            models.Index(fields=["status", "-published_at", "-id"], name="speech_latest_idx"),
            # Category and meeting lists.
            models.Index(fields=["category", "status", "-published_at", "-id"], name="speech_category_idx"),
            models.Index(fields=["meeting", "status", "published_at"], name="speech_meeting_idx"),
            # 推荐阅读 and 热门.
            models.Index(fields=["is_recommended", "recommend_rank"], name="speech_recommended_idx"),
            models.Index(fields=["-view_count"], name="speech_popular_idx"),
            models.Index(fields=["title"], name="speech_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if "cover_image" in saved_fields(self, kwargs.get("update_fields")):
            self._prepare_cover()
        super().save(*args, **kwargs)

    def _prepare_cover(self):
        """A newly assigned cover is checked, re-encoded and given its list rendition."""
        if not self.cover_image:
            self.cover_thumbnail = ""
        elif not self.cover_image._committed:
            cover = clean_image(self.cover_image.file)
            self.cover_image = cover
            self.cover_thumbnail = cover_thumbnail(cover)

    def get_absolute_url(self):
        return fast_reverse("speeches:detail", pk=self.pk)

    @cached_property
    def shown_related_links(self):
        """延伸阅读 as readers see it (RelatedArticleQuerySet.shown_from), read once."""
        return list(RelatedArticle.objects.shown_from(self))

    def get_page_url(self, number):
        """Reading page `number`: page 1 is the speech's own URL (/page/1/ redirects there)."""
        if number == 1:
            return self.get_absolute_url()
        return fast_reverse("speeches:page", pk=self.pk, number=number)

    def get_canonical_url(self):
        """The full text: the one URL search engines index for a speech (sitemap, canonical link)."""
        return fast_reverse("speeches:full", pk=self.pk)

    @property
    def visible_since(self):
        """When readers may see it from: its publish time once published, else None.

        The Python twin of querysets.visible_to_readers (a future time schedules it)."""
        return self.published_at if self.status == self.Status.PUBLISHED else None

    @property
    def is_visible(self):
        """Whether readers may see it now."""
        return self.visible_since is not None and self.visible_since <= timezone.now()

    @property
    def source_link(self):
        """The source URL when it is a web address a page may link to, else None."""
        return self.source_url if is_web_url(self.source_url) else None

    def refresh_content_hash(self):
        from .hashing import speech_hash

        sections = self.sections.order_by("position").values_list("heading", "body")
        self.content_hash = speech_hash(self.title, self.opening, sections, self.closing)
        Speech.objects.filter(pk=self.pk).update(content_hash=self.content_hash)


class Section(CleanTextModel):
    """A numbered part of a speech. Its number (一、二、…) comes from its position."""

    speech = models.ForeignKey(Speech, verbose_name="讲话稿", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("序号", validators=[MaxValueValidator(999)])
    heading = models.CharField("小标题", max_length=300, blank=True)
    body = models.TextField("正文", blank=True)

    objects = CleanTextQuerySet.as_manager()

    rich_text_fields = ("body",)

    class Meta:
        verbose_name = verbose_name_plural = "章节"
        ordering = ["speech", "position"]
        constraints = [
            models.UniqueConstraint(fields=["speech", "position"], name="section_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="section_position_positive"),
        ]

    def __str__(self):
        return f"{self.label}{self.heading}"

    @property
    def label(self):
        return section_label(self.position)

    @property
    def anchor(self):
        """Stable in-page anchor for the table of contents."""
        return f"section-{self.position}"


class RelatedArticle(CleanTextModel):
    """A 延伸阅读 link from one speech to another, or to a title not on the site yet."""

    class Kind(models.IntegerChoices):
        # Ordered: staff choices always come before computed ones.
        STAFF = 1, "编辑选定"
        COMPUTED = 2, "系统推荐"

    from_speech = models.ForeignKey(
        Speech, verbose_name="讲话稿", on_delete=models.CASCADE, related_name="related_links"
    )
    to_speech = models.ForeignKey(
        Speech,
        verbose_name="链接到",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="incoming_links",
    )
    target_title = models.CharField(
        "待关联标题", max_length=200, blank=True, help_text="目标文章尚未收录时填写，收录后自动关联。"
    )
    target_excerpt = models.TextField("摘要", blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    kind = models.PositiveSmallIntegerField("来源", choices=Kind.choices, default=Kind.STAFF)
    score = models.FloatField("得分", null=True, blank=True)
    score_parts = models.JSONField("得分构成", default=dict, blank=True)

    objects = RelatedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "延伸阅读"
        ordering = ["from_speech", "kind", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(to_speech=F("from_speech")), name="related_not_self"),
            models.CheckConstraint(
                condition=Q(to_speech__isnull=False) | ~Q(target_title=""),
                name="related_has_target",
            ),
            models.UniqueConstraint(
                fields=["from_speech", "to_speech"],
                condition=Q(to_speech__isnull=False),
                name="related_unique_target",
            ),
            models.UniqueConstraint(
                fields=["from_speech", "target_title"],
                condition=Q(to_speech__isnull=True),
                name="related_unique_pending_title",
            ),
        ]
        indexes = [
            models.Index(fields=["from_speech", "kind", "position"], name="related_order_idx"),
            models.Index(
                fields=["target_title"],
                condition=Q(to_speech__isnull=True),
                name="related_pending_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.to_speech.title if self.to_speech_id else self.target_title

    @property
    def is_pending(self):
        return self.to_speech_id is None

    def clean(self):
        if self.to_speech_id is None and not self.target_title:
            raise ValidationError({"to_speech": "请选择链接的讲话稿，或填写待关联标题。"})
        if self.to_speech_id and self.to_speech_id == self.from_speech_id:
            raise ValidationError({"to_speech": "不能链接到本文自身。"})


class DailyViews(models.Model):
    """Counted views of a speech on one day (site time zone): one row per speech per day,
    written in bulk by view_counts.fold_views(); 本周热门 and 本月热门 sum them."""

    speech = models.ForeignKey(Speech, verbose_name="讲话稿", on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField("日期")
    views = models.PositiveIntegerField("阅读次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "每日阅读"
        constraints = [models.UniqueConstraint(fields=["speech", "day"], name="daily_views_unique_day")]
        indexes = [
            # A period's totals read only this index: days in range, their speech and views.
            models.Index(fields=["day", "speech", "views"], name="daily_views_period_idx"),
        ]

    def __str__(self):
        return f"{self.speech_id} {self.day}: {self.views}"


# Tables that live with the code that uses them: django-axes' login failures under a name
# of the admin's unlock page, 延伸阅读's tables and the search index.
# The near-duplicate index lives with its code too.
from .duplicates.models import SpeechBand, SpeechSignature  # noqa: E402,F401
from .jobs.models import Job  # noqa: E402,F401
from .logins import LoginFailures  # noqa: E402,F401
from .recommend.models import (  # noqa: E402,F401
    BlockedRecommendation,
    CorpusFrequency,
    RecommendationCheckpoint,
    SpeechKeyword,
)
from .search.models import SearchDocument  # noqa: E402,F401
