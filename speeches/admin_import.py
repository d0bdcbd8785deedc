"""The admin's 导入 page: upload pages or Word files, preview what will be created, confirm."""

import secrets
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import workflow
from .importing.decoding import MAX_PAGE_BYTES, PageError
from .importing.pipeline import PAGE_SUFFIXES, known_category_names, parse_source, read_source
from .importing.writer import parsed_content_hash
from .jobs import tasks
from .models import Category, Speech

SESSION_PREFIX = "speech_import:"
MAX_FILES = 50
# Accepted pages wait in the session between preview and confirm; keep that bounded.
MAX_BATCH_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(PAGE_SUFFIXES))}))
        # Empty files get their own per-file message in the preview, like other bad files.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in files if item]
        if not files:
            raise forms.ValidationError("请选择要导入的文件。")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件。")
        # Oversized files are refused one by one in the preview; the rest must fit the batch.
        if sum(f.size for f in files if f.size <= MAX_PAGE_BYTES) > MAX_BATCH_BYTES:
            raise forms.ValidationError(
                f"一次上传的文件合计不能超过 {MAX_BATCH_BYTES // 1024 // 1024} MB，请分批导入。"
            )
        return files


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="文件",
        help_text="可多选：网页（.html/.htm）、Word 文档（.docx）、文本（.txt/.md）；编码 UTF-8、UTF-16、GBK/GB18030 或 Big5 均可。",
    )
    category = forms.ModelChoiceField(
        label="栏目",
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label="（按页面上的栏目，没有则放入“待分类”）",
    )
    simplify = forms.BooleanField(label="繁体转为简体", required=False)
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text="不勾选则存为草稿。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not workflow.can_publish(user):
            # Publishing is a 主编's decision: an 编辑's imports are drafts to submit for review.
            del self.fields["publish"]

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["publish"] = bool(cleaned_data.get("publish"))
        return cleaned_data


def _preview_item(name, source, known):
    """What the editor sees for one file before confirming."""
    try:
        parsed = parse_source(source, known)
    except PageError as error:
        return {"name": name, "error": str(error)}
    duplicate = Speech.objects.filter(content_hash=parsed_content_hash(parsed)).first()
    return {"name": name, "parsed": parsed, "duplicate": duplicate}


def import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "导入讲话稿",
    }
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, model_admin)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
    else:
        form = ImportUploadForm(user=request.user)
    if request.method == "POST" and form.is_valid():
        known = known_category_names()
        items, pages = [], []
        for upload in form.cleaned_data["files"]:
            try:
                source = read_source(upload.name, upload.read(MAX_PAGE_BYTES + 1), form.cleaned_data["simplify"])
            except PageError as error:
                items.append({"name": upload.name, "error": str(error)})
                continue
            item = _preview_item(upload.name, source, known)
            items.append(item)
            if "parsed" in item and not item["duplicate"]:
                pages.append([upload.name, source.kind, source.text])
        token = secrets.token_urlsafe(16)
        category = form.cleaned_data["category"]
        request.session[SESSION_PREFIX + token] = {
            "publish": form.cleaned_data["publish"],
            "category": category.pk if category else None,
            "pages": pages,
        }
        context.update(
            items=items, token=token if pages else "", publish=form.cleaned_data["publish"], category=category
        )
        return TemplateResponse(request, "admin/speeches/speech/import_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/speeches/speech/import.html", context)


def _confirm(request, model_admin):
    batch = request.session.pop(SESSION_PREFIX + request.POST["token"], None)
    changelist = reverse("admin:speeches_speech_changelist")
    if not batch:
        messages.error(request, "导入已过期或已完成，请重新上传文件。")
        return redirect(reverse("admin:speeches_speech_import"))
    # One job per confirmed batch: inline it has run by now, with a worker it is queued.
    # Publishing goes through workflow.publish, which checks the permission again.
    options = {"publish": batch["publish"], "user_id": request.user.pk, "category_id": batch.get("category")}
    label = f"{len(batch['pages'])} 个上传的文件：" + "、".join(name for name, _, _ in batch["pages"][:3])
    job = tasks.enqueue(tasks.import_uploads, batch["pages"], options, label=label, user=request.user)
    if not job.finished:
        link = reverse("admin:speeches_job_change", args=[job.pk])
        messages.info(request, format_html('已交给后台导入，<a href="{}">查看进度</a>。', link))
    elif job.state == job.State.FAILED:
        messages.error(request, f"导入失败：{job.error}")
    for level, text in job.lines:
        messages.add_message(
            request, MESSAGE_LEVELS[level], mark_safe(text) if level == "warning_html" else text
        )  # format_html output
    return redirect(changelist)


MESSAGE_LEVELS = {
    "success": messages.SUCCESS,
    "warning": messages.WARNING,
    "warning_html": messages.WARNING,
    "error": messages.ERROR,
}


class ImportAdminMixin:
    """Adds the 导入 page and its button to a ModelAdmin's change list."""

    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_view, model_admin=self))
        return [path("import/", view, name="speeches_speech_import")] + super().get_urls()
