"""The editorial workflow in the speech admin: roles, review, revisions, preview, audit,
optimistic locking. SpeechAdmin mixes WorkflowAdminMixin in; the rules themselves live in
speeches.workflow and speeches.revisions."""

from contextlib import contextmanager
from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import audit, desk, presence, preview, revisions, workflow
from .models import Speech
from .recommend.suggest import tag_suggestions
from .textdiff import compare

TRANSITION_LABELS = {
    "submit": "提交审核",
    "publish": "发布",
    "schedule": "定时发布",
    "return": "退回修改",
    "unpublish": "撤回",
    "recommend": "推荐",
    "unrecommend": "取消推荐",
}


def conflict_message(speech, latest_version):
    """The refusal shown to the second of two editors saving the same speech."""
    if latest_version is None:
        return "保存失败：这篇讲话稿在你打开之后已被他人修改。为免覆盖对方的修改，本次保存未生效。请重新打开后再修改。"
    revision = latest_version.revision
    who = revision.user.get_username() if revision.user else "他人"
    url = reverse("admin:speeches_speech_revision", args=[speech.pk, latest_version.pk])
    return format_html(
        "保存失败：这篇讲话稿在你打开之后已被 {} 于 {} 修改并保存。为免覆盖对方的修改，本次保存未生效。"
        '请先<a href="{}">查看对方的版本</a>，再重新打开编辑页修改（你填写的内容仍在下面，可复制保留）。',
        who,
        f"{timezone.localtime(revision.date_created):%Y-%m-%d %H:%M:%S}",
        url,
    )


def presence_message(others):
    names = "、".join(
        f"{name}（{datetime.fromtimestamp(since, tz=timezone.get_current_timezone()):%H:%M} 起）"
        for name, since in others
    )
    return f"注意：{names}最近几分钟也打开了这篇讲话稿。同时修改时，后保存的一方会被拒绝，请先与对方协调。"


def offered_transitions(user, speech):
    return [(name, TRANSITION_LABELS[name]) for name in workflow.available_transitions(user, speech)]


def scheduled_time(value):
    """The 定时发布 time typed in a datetime-local input, in the site's time zone."""
    try:
        at = forms.DateTimeField().clean(value.strip())
    except ValidationError:
        at = None
    if at is None:
        raise workflow.WorkflowError("请填写定时发布的时间，例如 2026-12-03 08:00。")
    return at


class EditLockForm(forms.ModelForm):
    """Carries the edit lock the editor started from, to refuse a save over someone else's."""

    # Named apart from the model field, which is not editable: the server owns its value.
    edit_lock = forms.IntegerField(widget=forms.HiddenInput, required=False)
    check_lock = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_lock"].initial = self.instance.lock_version

    def clean(self):
        cleaned_data = super().clean()
        if self.check_lock and self.instance.pk:
            # Row lock until the admin's transaction ends: two saves cannot both pass.
            current = (
                Speech.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("lock_version", flat=True)
                .first()
            )
            if current is not None and cleaned_data.get("edit_lock") != current:
                latest = revisions.versions_of(self.instance).first()
                raise ValidationError(conflict_message(self.instance, latest), code="conflict")
        return cleaned_data


class ReviewListFilter(admin.SimpleListFilter):
    """The desk's conditions (speeches.desk) as a filter: what each desk panel's 全部 lists."""

    title = "工作台"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in desk.conditions(request.user, timezone.now()).items()]

    def queryset(self, request, queryset):
        shown = desk.conditions(request.user, timezone.now())
        if self.value() in shown:
            return queryset.filter(shown[self.value()][1]).order_by(*desk.ORDERING[self.value()])
        return queryset


class WorkflowAdminMixin(VersionAdmin):
    form = EditLockForm
    change_form_template = "admin/speeches/speech/workflow_change_form.html"
    # Replaces reversion's list template: ours links recovery for 主编 only (and 导入, 待审核).
    change_list_template = "admin/speeches/speech/change_list.html"
    object_history_template = "admin/speeches/speech/workflow_history.html"

    # Permissions named in @admin.action(permissions=[...]).
    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_recommend_permission(self, request):
        return workflow.can_recommend(request.user)

    def has_submit_permission(self, request):
        return workflow.can_edit(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Publishing happens through the workflow buttons only, never by editing a field.
        fields = [*super().get_readonly_fields(request, obj), "review_comment", *workflow.PUBLISHING_FIELDS]
        if not workflow.can_recommend(request.user):
            fields += workflow.RECOMMENDATION_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.review_comment:
            fieldsets.insert(0, ("主编审核意见", {"fields": ["review_comment"]}))
        return [*fieldsets, (None, {"fields": ["edit_lock"], "classes": ["hidden"]})]

    def get_list_filter(self, request):
        return [ReviewListFilter, *super().get_list_filter(request)]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not workflow.can_recommend(request.user):
            # No inputs for 推荐 / 推荐排序, and a POSTed list edit is ignored.
            changelist.list_editable = ()
        return changelist

    def view_on_site(self, obj):
        """Readers' page when readers can see it, else the staff-only preview."""
        if obj.is_visible:
            return obj.get_absolute_url()
        return reverse("admin:speeches_speech_preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock_version += 1
        super().save_model(request, obj, form, change)

    @contextmanager
    def create_revision(self, request):
        # Nothing is added on save: log_addition/log_change record the speech by hand.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            yield

    # The admin logs after the speech, its sections and tags are all saved: record then.
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            revisions.record_revision(obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        # A save that changed nothing a reader or editor would compare keeps no version.
        if reversion.is_active() and revisions.differs_from_latest(obj):
            revisions.record_revision(obj)
        return entry

    # Views.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="speeches_speech_preview_new"),
            path("<path:object_id>/preview/", view(self.preview_view), name="speeches_speech_preview"),
            path("<path:object_id>/workflow/", view(self.workflow_view), name="speeches_speech_workflow"),
            path("<path:object_id>/history/compare/", view(self.compare_view), name="speeches_speech_compare"),
            *super().get_urls(),
        ]

    def _speech_or_404(self, request, object_id):
        speech = self.get_object(request, unquote(object_id))
        if speech is None:
            raise Http404("没有找到这篇讲话稿。")
        if not self.has_view_or_change_permission(request, speech):
            raise PermissionDenied
        return speech

    def _context(self, request, speech, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": speech,
            "title": title,
            "subtitle": str(speech),
            **extra,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        speech = self.get_object(request, unquote(object_id))
        if request.method == "GET" and speech is not None and speech.review_comment:
            messages.warning(request, f"主编退回意见：{speech.review_comment}")
        if request.method == "GET" and speech is not None:
            others = presence.note_opening(speech.pk, request.user)
            if others:
                messages.warning(request, presence_message(others))
        if speech is not None:
            extra_context = {
                "transitions": offered_transitions(request.user, speech),
                "tag_suggestions": tag_suggestions(speech),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "review_queue_count": Speech.objects.filter(status=Speech.Status.REVIEW).count(),
            "can_publish": workflow.can_publish(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def workflow_view(self, request, object_id):
        """Status, review comment, the transitions this user may make, and the audit trail."""
        speech = self._speech_or_404(request, object_id)
        if request.method == "POST":
            self._run_posted_transition(request, speech)
            # The change form's buttons post here too and return to it.
            back = "change" if request.GET.get("from") == "change" else "workflow"
            return redirect(f"admin:speeches_speech_{back}", speech.pk)
        context = self._context(
            request,
            speech,
            "审核与记录",
            transitions=offered_transitions(request.user, speech),
            audit=audit.audit_trail(speech)[:200],
        )
        return TemplateResponse(request, "admin/speeches/speech/workflow.html", context)

    def _run_posted_transition(self, request, speech):
        name = request.POST.get("transition", "")
        try:
            if name == "return":
                workflow.return_to_editor(request.user, speech, request.POST.get("comment", ""))
            elif name == "schedule":
                workflow.publish(request.user, speech, at=scheduled_time(request.POST.get("publish_at", "")))
            elif name in workflow.TRANSITIONS:
                workflow.TRANSITIONS[name](request.user, speech)
            else:
                raise workflow.WorkflowError("未知的操作。")
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已{TRANSITION_LABELS[name]}:{speech}")

    def preview_view(self, request, object_id=None):
        """GET: the saved speech as readers would see it; POST: the unsaved change form."""
        speech = self._speech_or_404(request, object_id) if object_id else None
        if request.method == "GET" and speech is not None:
            return preview.render_saved(request, speech)
        if request.method == "POST":
            if speech is None and not self.has_add_permission(request):
                raise PermissionDenied
            return preview.render_unsaved(request, self, speech)
        return HttpResponseNotAllowed(["POST"])

    def history_view(self, request, object_id, extra_context=None):
        speech = self._speech_or_404(request, object_id)
        context = self._context(request, speech, "历史版本", versions=revisions.versions_of(speech)[:200])
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One version: how it differs from the current text, and restoring it (POST)."""
        speech = self._speech_or_404(request, object_id)
        version = get_object_or_404(Version.objects.get_for_object(speech), pk=version_id)
        if request.method == "POST":
            if not self.has_change_permission(request, speech):
                raise PermissionDenied
            try:
                failed = revisions.restore(request.user, speech, version)
            except revisions.RestoreError as error:
                messages.error(request, str(error))
                return redirect("admin:speeches_speech_history", speech.pk)
            saved_at = timezone.localtime(version.revision.date_created)
            messages.success(request, f"已恢复到 {saved_at:%Y-%m-%d %H:%M:%S} 保存的版本。")
            if failed:
                messages.warning(request, f"{len(failed)} 项关联内容（已删除的标签或讲话稿）无法恢复，已跳过。")
            return redirect("admin:speeches_speech_change", speech.pk)
        context = self._context(
            request,
            speech,
            "查看历史版本",
            version=version,
            diffs=compare(revisions.describe_speech(speech), revisions.describe_version(version)),
            can_restore=self.has_change_permission(request, speech),
        )
        return TemplateResponse(request, "admin/speeches/speech/workflow_revision.html", context)

    def compare_view(self, request, object_id):
        """The difference between two versions (?old=<id>&new=<id>; `new` omitted: the current text)."""
        speech = self._speech_or_404(request, object_id)
        versions = Version.objects.get_for_object(speech)
        try:
            old = versions.get(pk=int(request.GET.get("old", "")))
            new = versions.get(pk=int(request.GET["new"])) if request.GET.get("new") else None
        except (ValueError, Version.DoesNotExist):
            messages.error(request, "请选择要对比的两个版本。")
            return redirect("admin:speeches_speech_history", speech.pk)
        if new is not None and new.pk < old.pk:
            old, new = new, old
        after = revisions.describe_version(new) if new else revisions.describe_speech(speech)
        context = self._context(
            request,
            speech,
            "版本对比",
            old=old,
            new=new,
            diffs=compare(revisions.describe_version(old), after),
        )
        return TemplateResponse(request, "admin/speeches/speech/workflow_compare.html", context)

    # Deleted speeches come back as they were, possibly published: a 主编's decision.
    def recoverlist_view(self, request, extra_context=None):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Bulk actions: each speech goes through the same checked transition as the workflow page.

    def run_transition(self, request, queryset, transition, verb):
        done = 0
        for speech in queryset:
            try:
                transition(request.user, speech)
            except workflow.WorkflowError:
                continue  # already in the target state
            done += 1
        self.message_user(request, f"{verb} {done} 篇讲话稿。")

    @admin.action(description="提交所选讲话稿审核", permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self.run_transition(request, queryset, workflow.submit_for_review, "已提交审核")
