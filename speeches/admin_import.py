"""The admin's 导入 page: upload pages, preview what will be created, confirm."""

import secrets
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .importing.decoding import MAX_PAGE_BYTES, PageError, check_size, decode_page
from .importing.parser import parse_page
from .importing.pipeline import import_text, known_category_names
from .importing.writer import FAILED, STATUS_LABELS, parsed_content_hash
from .models import Speech
from .numbering import section_label

SESSION_PREFIX = "speech_import:"
MAX_FILES = 50
# Accepted pages wait in the session between preview and confirm; keep that bounded.
MAX_BATCH_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
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
            raise forms.ValidationError(f"一次上传的文件合计不能超过 {MAX_BATCH_BYTES // 1024 // 1024} MB，请分批导入。")
        return files


class ImportUploadForm(forms.Form):
    files = MultipleFileField(label="页面文件", help_text="可多选；支持 .txt 和 .html,UTF-8 或 GBK/GB18030 编码。")
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text="不勾选则存为草稿。")


def _read_upload(upload) -> str:
    check_size(upload.size)
    return decode_page(upload.read())


def _preview_item(name, text, known):
    """What the editor sees for one file before confirming."""
    try:
        parsed = parse_page(text, known)
    except PageError as error:
        return {"name": name, "error": str(error)}
    duplicate = Speech.objects.filter(content_hash=parsed_content_hash(parsed)).first()
    headings = [section_label(n) + s.heading for n, s in enumerate(parsed.sections, start=1)]
    return {"name": name, "parsed": parsed, "duplicate": duplicate, "headings": headings}


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
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        known = known_category_names()
        items, pages = [], []
        for upload in form.cleaned_data["files"]:
            try:
                text = _read_upload(upload)
            except PageError as error:
                items.append({"name": upload.name, "error": str(error)})
                continue
            item = _preview_item(upload.name, text, known)
            items.append(item)
            if "parsed" in item and not item["duplicate"]:
                pages.append([upload.name, text])
        token = secrets.token_urlsafe(16)
        request.session[SESSION_PREFIX + token] = {"publish": form.cleaned_data["publish"], "pages": pages}
        context.update(items=items, token=token if pages else "", publish=form.cleaned_data["publish"])
        return TemplateResponse(request, "admin/speeches/speech/import_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/speeches/speech/import.html", context)


def _confirm(request, model_admin):
    batch = request.session.pop(SESSION_PREFIX + request.POST["token"], None)
    changelist = reverse("admin:speeches_speech_changelist")
    if not batch:
        messages.error(request, "导入已过期或已完成，请重新上传文件。")
        return redirect(reverse("admin:speeches_speech_import"))
    known = known_category_names()
    for name, text in batch["pages"]:
        outcome = import_text(name, text, publish=batch["publish"], editor=request.user, known_categories=known)
        level = messages.ERROR if outcome.status == FAILED else messages.SUCCESS
        detail = outcome.message or (outcome.speech.title if outcome.speech else "")
        messages.add_message(request, level, f"{STATUS_LABELS[outcome.status]}：{name}：{detail}")
    return redirect(changelist)


class ImportAdminMixin:
    """Adds the 导入 page and its button to a ModelAdmin's change list."""


    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_view, model_admin=self))
        return [path("import/", view, name="speeches_speech_import")] + super().get_urls()
