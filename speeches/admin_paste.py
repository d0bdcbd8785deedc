"""The admin's 粘贴全文 page: paste a whole speech (from Word or a web page), check the
split in a preview, correct title, speaker, meeting, 栏目 and headings, save one draft.

The same engine as the importer reads the paste: the clipboard's HTML when the browser
gives it (headings, bold sub-headings and numbering survive), else the plain text.
"""

import secrets
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .duplicates.messages import duplicates_warning
from .importing.decoding import MAX_PAGE_BYTES, PageError, to_simplified
from .importing.pipeline import Source, known_category_names, parse_source
from .importing.writer import CREATED, FAILED, SKIPPED, save_parsed_speech
from .models import Category, Speech
from .numbering import section_label

SESSION_PREFIX = "speech_paste:"


class PasteForm(forms.Form):
    text = forms.CharField(
        label="讲话稿全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField paste-text"}),
        help_text="从 Word 或网页复制整篇讲话稿，粘贴到上面的框里（保留小标题和编号）；也可以直接粘贴纯文本。",
    )
    # The clipboard's HTML, put here by paste.js when the browser offers it.
    html = forms.CharField(required=False, widget=forms.HiddenInput)
    simplify = forms.BooleanField(label="繁体转为简体", required=False)

    def clean(self):
        data = super().clean()
        text, html = data.get("text", ""), data.get("html", "")
        if not text.strip() and not html.strip():
            self.add_error("text", "请先粘贴讲话稿全文。")
        elif len((html or text).encode()) > MAX_PAGE_BYTES:
            self.add_error("text", f"粘贴的内容太长，不能超过 {MAX_PAGE_BYTES // 1024 // 1024} MB。")
        return data

    def source(self) -> Source:
        html = self.cleaned_data["html"].strip()
        source = Source("clipboard", html) if html else Source("page", self.cleaned_data["text"])
        return Source(source.kind, to_simplified(source.text)) if self.cleaned_data["simplify"] else source


class PastePreviewForm(forms.Form):
    """What the editor may correct before saving; headings are added per section."""

    title = forms.CharField(label="标题", max_length=Speech._meta.get_field("title").max_length)
    speaker = forms.CharField(label="讲话人", required=False, max_length=Speech._meta.get_field("speaker").max_length)
    speaker_post = forms.CharField(
        label="讲话人职务", required=False, max_length=Speech._meta.get_field("speaker_post").max_length
    )
    meeting_name = forms.CharField(label="会议", required=False, max_length=200)
    delivered_on = forms.DateField(label="讲话日期", required=False, help_text="格式：2024-03-05；不清楚时留空。")
    category = forms.ModelChoiceField(
        label="栏目",
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label="（按页面上的栏目，没有则放入“待分类”）",
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        for number, section in enumerate(sections, start=1):
            self.fields[f"heading_{number}"] = forms.CharField(
                label=f"第{section_label(number)[:-1]}部分小标题",
                required=False,
                max_length=300,
                initial=section.heading,
            )

    def heading_fields(self):
        return [self[name] for name in self.fields if name.startswith("heading_")]

    def apply(self, parsed):
        """Write the editor's corrections into the parsed speech; corrected things are settled."""
        data = self.cleaned_data
        if data["title"] != parsed.title:
            parsed.title = data["title"]
            parsed.settle("title")
        headings = [data[f"heading_{n}"] for n in range(1, len(parsed.sections) + 1)]
        if headings != [section.heading for section in parsed.sections]:
            parsed.settle("headings")
        for section, heading in zip(parsed.sections, headings, strict=True):
            section.heading = heading
        parsed.speaker, parsed.speaker_post = data["speaker"], data["speaker_post"]
        parsed.meeting_name, parsed.delivered_on = data["meeting_name"], data["delivered_on"]
        return data["category"]


def _initial(parsed):
    return {
        "title": parsed.title,
        "speaker": parsed.speaker,
        "speaker_post": parsed.speaker_post,
        "meeting_name": parsed.meeting_name,
        "delivered_on": parsed.delivered_on,
    }


def paste_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": "粘贴全文"}
    if request.method == "POST" and "token" in request.POST:
        return _save(request, context)
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.source()
        try:
            parsed = parse_source(source, known_category_names())
        except PageError as error:
            form.add_error("text", str(error))
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_PREFIX + token] = {"kind": source.kind, "text": source.text}
            preview = PastePreviewForm(initial=_initial(parsed), sections=parsed.sections)
            context.update(parsed=parsed, form=preview, token=token)
            return TemplateResponse(request, "admin/speeches/speech/paste_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/speeches/speech/paste.html", context)


def _save(request, context):
    token = request.POST["token"]
    stored = request.session.get(SESSION_PREFIX + token)
    if not stored:
        messages.error(request, "预览已过期或已保存，请重新粘贴。")
        return redirect(reverse("admin:speeches_speech_paste"))
    parsed = parse_source(Source(stored["kind"], stored["text"]), known_category_names())
    form = PastePreviewForm(request.POST, sections=parsed.sections)
    if not form.is_valid():
        context.update(parsed=parsed, form=form, token=token)
        return TemplateResponse(request, "admin/speeches/speech/paste_preview.html", context)
    category = form.apply(parsed)
    outcome = save_parsed_speech(parsed, name="粘贴全文", editor=request.user, category=category)
    if outcome.status == FAILED:
        form.add_error(None, outcome.message)
        context.update(parsed=parsed, form=form, token=token)
        return TemplateResponse(request, "admin/speeches/speech/paste_preview.html", context)
    del request.session[SESSION_PREFIX + token]
    change_url = reverse("admin:speeches_speech_change", args=[outcome.speech.pk])
    if outcome.status == SKIPPED:
        messages.warning(request, format_html('{}<a href="{}">打开已有的讲话稿</a>', outcome.message, change_url))
    elif outcome.status == CREATED:
        messages.success(request, f"已保存为草稿：{outcome.speech.title}")
        if outcome.near_duplicates:
            messages.warning(request, duplicates_warning(outcome.near_duplicates))
    return redirect(change_url)


class PasteAdminMixin:
    """Adds the 粘贴全文 page to a ModelAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view(partial(paste_view, model_admin=self))
        return [path("paste/", view, name="speeches_speech_paste")] + super().get_urls()
