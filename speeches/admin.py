"""The editors' admin, in Simplified Chinese."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F
from django.forms import BaseInlineFormSet, ModelForm
from django.urls import reverse
from django.utils.html import format_html
from taggit.models import Tag

from . import admin_jobs, admin_logins, workflow  # noqa: F401  (admin_jobs, admin_logins register their pages)
from .admin_import import ImportAdminMixin
from .admin_paste import PasteAdminMixin
from .admin_workflow import EditLockForm, WorkflowAdminMixin
from .cleaning import clean_value
from .duplicates.messages import duplicates_warning
from .duplicates.store import check_speech
from .editor import CheckedImageField, RichTextFormMixin, dropped_images_message
from .hashing import content_hash
from .models import Category, Meeting, RelatedArticle, Section, Speech
from .recommend import refresh_speech
from .recommend.admin import RelatedArticleForm, RelatedArticleFormSet, recommendation_reasons
from .search import filter_speeches, parse_query
from .search.indexing import deferred_indexing
from .tags import NAME_MAX_LENGTH as TAG_NAME_MAX_LENGTH
from .tags import clean_tag_name

# Temporary offset that moves existing sections out of the way while a formset renumbers
# them, so that swapping two positions never trips the unique (speech, position) constraint.
POSITION_SHIFT = 10000


class SectionForm(RichTextFormMixin, ModelForm):
    class Meta:
        model = Section
        fields = ["position", "heading", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "留空则排在最后；保存后自动重新编号为一、二、三……"


class SectionInlineFormSet(BaseInlineFormSet):
    """Sections in reading order; positions are normalised to 1..n on save."""

    def _kept_forms(self):
        return [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

    def clean(self):
        # Checked before the formset's own unique check, whose message names the raw field.
        seen = {}
        for form in self._kept_forms():
            position = form.cleaned_data.get("position")
            if position is None:
                continue
            if position in seen:
                form.add_error("position", f"序号 {position} 与其他章节重复。")
            seen[position] = form
        super().clean()
        if not any(form.errors for form in self.forms):
            self._refuse_duplicate_content()

    def _reading_order(self):
        """The kept section forms in the order saving gives them: numbered ones by number,
        then unnumbered ones as entered."""
        kept = list(enumerate(self._kept_forms()))
        return [
            form
            for index, form in sorted(
                kept,
                key=lambda item: (
                    item[1].cleaned_data.get("position") is None,
                    item[1].cleaned_data.get("position") or 0,
                    item[0],
                ),
            )
        ]

    def _refuse_duplicate_content(self):
        """The unique content hash as a form error that links to the speech already holding
        this title and text (instead of an IntegrityError when the hash is stored)."""
        speech = self.instance
        parts = [clean_value(Speech, "opening", speech.opening)]
        for form in self._reading_order():
            parts += [
                clean_value(Section, "heading", form.cleaned_data.get("heading", "")),
                clean_value(Section, "body", form.cleaned_data.get("body", "")),
            ]
        parts.append(clean_value(Speech, "closing", speech.closing))
        digest = content_hash(clean_value(Speech, "title", speech.title), parts)
        duplicate = Speech.objects.filter(content_hash=digest).exclude(pk=speech.pk).only("pk", "title").first()
        if duplicate is not None:
            raise ValidationError(
                format_html(
                    '与已有讲话稿<a href="{}">“{}”</a>的标题和正文完全相同，不能重复保存。请修改标题或正文，或直接编辑那篇讲话稿。',
                    reverse("admin:speeches_speech_change", args=[duplicate.pk]),
                    duplicate.title,
                ),
                code="duplicate_content",
            )

    def save(self, commit=True):
        with transaction.atomic():
            if self.instance.pk:
                self.instance.sections.update(position=F("position") + POSITION_SHIFT)
            for index, form in enumerate(self._kept_forms()):
                if form.cleaned_data.get("position") is None:
                    # Unnumbered sections go last, in the order they were entered.
                    form.instance.position = POSITION_SHIFT - 1000 + index
            saved = super().save(commit=commit)
            if commit:
                renumber_sections(self.instance)
                # The admin writes its audit text from these instances next: final numbers only.
                final = dict(self.instance.sections.values_list("pk", "position"))
                for form in self.forms:
                    if form.instance.pk in final:
                        form.instance.position = final[form.instance.pk]
        return saved


def renumber_sections(speech):
    """Give the speech's sections positions 1..n, keeping their order."""
    sections = sorted(
        speech.sections.all(),
        key=lambda s: (s.position - POSITION_SHIFT if s.position > POSITION_SHIFT else s.position, s.pk),
    )
    # Ascending assignment never collides: the i-th smallest position is always >= i.
    for rank, section in enumerate(sections, start=1):
        if section.position != rank:
            Section.objects.filter(pk=section.pk).update(position=rank)


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionInlineFormSet
    extra = 0
    ordering = ["position"]


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    form = RelatedArticleForm
    formset = RelatedArticleFormSet
    fk_name = "from_speech"
    extra = 0
    autocomplete_fields = ["to_speech"]
    # One readable line a link: the reasons column already ends with the score.
    fields = ["position", "to_speech", "target_title", "target_excerpt", "kind", "reasons", "promote"]
    readonly_fields = ["reasons"]
    ordering = ["kind", "position", "id"]
    verbose_name = "延伸阅读"
    verbose_name_plural = "延伸阅读（编辑选定的排在前面）"

    @admin.display(description="推荐理由")
    def reasons(self, link):
        return recommendation_reasons(link)


class SpeechAdminForm(RichTextFormMixin, EditLockForm):
    """Rich-text editors and sanitizing, a checked cover image, tags within their length,
    and the edit lock."""

    class Meta:
        field_classes = {"cover_image": CheckedImageField}

    def clean_tags(self):
        names = list(dict.fromkeys(filter(None, map(clean_tag_name, self.cleaned_data.get("tags") or []))))
        too_long = [name for name in names if len(name) > TAG_NAME_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                f"标签最多 {TAG_NAME_MAX_LENGTH} 个字，“{too_long[0][:20]}…”有 {len(too_long[0])} 个字，请缩短。",
                code="max_length",
            )
        return names


class CategoryListFilter(admin.RelatedFieldListFilter):
    """Category choices read with their parents in one query (their names show the path)."""

    def field_choices(self, field, request, model_admin):
        return [(c.pk, str(c)) for c in Category.objects.select_related("parent").order_by("position", "id")]


class MeetingListFilter(admin.SimpleListFilter):
    """Lists the most recent meetings only: a site has thousands of them."""

    title = "会议"
    parameter_name = "meeting"
    shown = 30

    def lookups(self, request, model_admin):
        meetings = Meeting.objects.filter(speeches__isnull=False).distinct().order_by("-date", "-id")
        return [(str(m.pk), str(m)) for m in meetings[: self.shown]]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(meeting_id=int(value))
        return queryset


class TagListFilter(admin.SimpleListFilter):
    """The most used tags; any tag can be filtered by following its link in the tag column."""

    title = "标签"
    parameter_name = "tag"
    shown = 40

    def lookups(self, request, model_admin):
        tags = (
            Tag.objects.annotate(uses=Count("speeches_taggedspeech_items")).filter(uses__gt=0).order_by("-uses", "name")
        )
        return [(t.slug, t.name) for t in tags[: self.shown]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


@admin.register(Speech)
class SpeechAdmin(ImportAdminMixin, PasteAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    form = SpeechAdminForm
    list_display = [
        "title",
        "category",
        "meeting",
        "speaker",
        "status",
        "published_at",
        "is_recommended",
        "recommend_rank",
        "view_count",
    ]
    list_display_links = ["title"]
    list_editable = ["is_recommended", "recommend_rank"]
    list_filter = [
        "status",
        "is_recommended",
        "needs_review",
        ("category", CategoryListFilter),
        MeetingListFilter,
        TagListFilter,
    ]
    list_select_related = ["category__parent", "meeting"]
    list_per_page = 50
    search_fields = ["title", "speaker", "meeting__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "meeting", "editor"]
    readonly_fields = ["view_count", "content_hash", "created_at", "updated_at"]
    inlines = [SectionInline, RelatedArticleInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["submit_for_review", "publish", "unpublish", "recommend", "unrecommend"]
    fieldsets = [
        (None, {"fields": ["title", "category", "meeting", "tags"]}),
        ("讲话人", {"fields": [("speaker", "speaker_post"), "delivered_on"]}),
        ("正文", {"fields": ["summary", "opening", "closing", "cover_image"]}),
        ("发布", {"fields": [("status", "published_at"), ("is_recommended", "recommend_rank"), "editor"]}),
        ("校对", {"fields": ["needs_review", "review_reason"]}),
        (
            "来源与统计",
            {
                "classes": ["collapse"],
                "fields": [
                    ("source_name", "source_url"),
                    "source_note",
                    "content_hash",
                    "view_count",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    class Media:
        js = ["admin/speeches/speech_form.js"]

    def save_model(self, request, obj, form, change):
        if obj.editor_id is None:
            obj.editor = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Tags and sections are saved one by one: index the speech once, after the last.
        with deferred_indexing():
            super().save_related(request, form, formsets, change)
            form.instance.refresh_content_hash()
        dropped = dropped_images_message([form, *(each for formset in formsets for each in formset.forms)])
        if dropped:
            messages.warning(request, dropped)
        # Imported pages may already link to this title: connect them now.
        RelatedArticle.objects.connect_pending_to(form.instance)
        refresh_speech(form.instance.pk)
        warning = duplicates_warning(check_speech(form.instance))
        if warning:
            messages.warning(request, warning)

    def get_search_results(self, request, queryset, search_term):
        """Search through the site's full-text index; fall back to the plain field search
        for a term with no searchable words."""
        query = parse_query(search_term)
        if not query:
            return super().get_search_results(request, queryset, search_term)
        return filter_speeches(queryset, query), False

    # Each action runs the checked workflow transition per speech (speeches.workflow), so a
    # role without the permission neither sees the action nor can POST it.
    @admin.action(description="发布所选讲话稿", permissions=["publish"])
    def publish(self, request, queryset):
        self.run_transition(request, queryset, workflow.publish, "已发布")

    @admin.action(description="撤回所选讲话稿", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.run_transition(request, queryset, workflow.unpublish, "已撤回")

    @admin.action(description="推荐所选讲话稿", permissions=["recommend"])
    def recommend(self, request, queryset):
        self.run_transition(request, queryset, workflow.recommend, "已推荐")

    @admin.action(description="取消推荐所选讲话稿", permissions=["recommend"])
    def unrecommend(self, request, queryset):
        self.run_transition(request, queryset, workflow.unrecommend, "已取消推荐")


def speech_list_link(obj, lookup):
    url = reverse("admin:speeches_speech_changelist") + f"?{lookup}={obj.pk}"
    return format_html('<a href="{}">{}</a>', url, obj.speech_count)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position", "speech_count"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    # Counting groups rows, which drops Meta.ordering; autocomplete pages need an order.
    ordering = ["position", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_speech_counts()

    @admin.display(description="讲话稿数", ordering="speech_count")
    def speech_count(self, obj):
        return speech_list_link(obj, "category__id__exact")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "organizer", "place", "speech_count"]
    search_fields = ["name", "organizer", "place"]
    date_hierarchy = "date"
    list_per_page = 50
    ordering = ["-date", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_speech_counts()

    @admin.display(description="讲话稿数", ordering="speech_count")
    def speech_count(self, obj):
        return speech_list_link(obj, "meeting")
