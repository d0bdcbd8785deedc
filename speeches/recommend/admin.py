"""Admin pieces for 延伸阅读: why a computed link was chosen, promoting and blocking links."""

from django import forms
from django.contrib import admin
from django.db.models import Max
from django.forms import BaseInlineFormSet

from speeches.models import RelatedArticle

from .explain import explain
from .models import BlockedRecommendation


class RelatedArticleForm(forms.ModelForm):
    promote = forms.BooleanField(
        label="设为编辑选定", required=False, help_text="勾选后这条系统推荐变为编辑选定，不再被系统替换。"
    )

    class Meta:
        model = RelatedArticle
        fields = ["position", "to_speech", "target_title", "target_excerpt", "kind"]
        # A one-line excerpt keeps the inline one row a link (the reader sees ~60 characters).
        widgets = {"target_excerpt": forms.TextInput}

    def save(self, commit=True):
        link = self.instance
        if self.cleaned_data.get("promote") and link.kind == RelatedArticle.Kind.COMPUTED:
            link.kind = RelatedArticle.Kind.STAFF
            last = RelatedArticle.objects.filter(
                from_speech_id=link.from_speech_id, kind=RelatedArticle.Kind.STAFF
            ).aggregate(last=Max("position"))["last"]
            link.position = (last or 0) + 1
        return super().save(commit)


class RelatedArticleFormSet(BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        # A computed link staff delete must not come back with the next rebuild.
        if commit and obj.kind == RelatedArticle.Kind.COMPUTED and obj.to_speech_id:
            BlockedRecommendation.objects.get_or_create(
                from_speech_id=obj.from_speech_id, to_speech_id=obj.to_speech_id
            )
        super().delete_existing(obj, commit)


def recommendation_reasons(link):
    if link.kind != RelatedArticle.Kind.COMPUTED:
        return "—"
    return explain(link.score_parts)


@admin.register(BlockedRecommendation)
class BlockedRecommendationAdmin(admin.ModelAdmin):
    """Pairs staff removed from 延伸阅读; deleting a row lets the pair be computed again."""

    list_display = ["from_speech", "to_speech", "created_at"]
    list_select_related = ["from_speech", "to_speech"]
    search_fields = ["from_speech__title", "to_speech__title"]
    autocomplete_fields = ["from_speech", "to_speech"]
    list_per_page = 50
