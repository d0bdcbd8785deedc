"""Staff preview: a speech as readers would see it, before it is public or even saved.

Both previews render the public detail template with `preview` set (the page says 预览)
and are never cached. An unsaved change is saved inside a transaction that is always
rolled back, so the page is drawn by exactly the code readers get, and nothing stays.
"""

from django.db import transaction
from django.forms.formsets import all_valid
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from .models import Speech
from .speech_page import speech_page_context

DETAIL_TEMPLATE = "speeches/speech_detail.html"
ERRORS_TEMPLATE = "speeches/preview_errors.html"


def _no_store(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def error_lines(form, formsets):
    """ "<field label>:<message>" for every error, so the editor knows what to fix."""
    lines = []
    for each in [form, *(f for formset in formsets for f in formset.forms)]:
        for name, messages in each.errors.items():
            label = each.fields[name].label if name in each.fields else "表单"
            lines.extend(f"{label}:{message}" for message in messages)
    for formset in formsets:
        lines.extend(f"{formset.model._meta.verbose_name}:{message}" for message in formset.non_form_errors())
    return lines


def render_saved(request, speech):
    speech = Speech.objects.for_detail().get(pk=speech.pk)
    context = {"speech": speech, "preview": "saved", **speech_page_context(request, speech, full=True)}
    response = TemplateResponse(request, DETAIL_TEMPLATE, context)
    return _no_store(response.render())


def render_unsaved(request, model_admin, speech):
    """Render the POSTed change form (with its sections, tags and 延伸阅读) without keeping it."""
    change = speech is not None
    form_class = model_admin.get_form(request, speech, change=change)
    # Uploaded files would be written to storage before the rollback: previews skip them.
    form = form_class(request.POST, {}, instance=speech)
    form.check_lock = False
    errors = None
    with transaction.atomic():
        form_valid = form.is_valid()
        obj = form.save(commit=False) if form_valid else form.instance
        formsets, _ = model_admin._create_formsets(request, obj, change=change)
        if form_valid and all_valid(formsets):
            model_admin.save_model(request, obj, form, change)
            form.save_m2m()
            for formset in formsets:
                formset.save()
            shown = Speech.objects.for_detail().get(pk=obj.pk)
            context = {"speech": shown, "preview": "unsaved", **speech_page_context(request, shown, full=True)}
            response = TemplateResponse(request, DETAIL_TEMPLATE, context).render()
        else:
            errors = error_lines(form, formsets)
        transaction.set_rollback(True)
    if errors is not None:
        # Rendered after the rollback: the page's own queries (navigation) need a usable connection.
        response = TemplateResponse(request, ERRORS_TEMPLATE, {"errors": errors}, status=400).render()
    return _no_store(response)
