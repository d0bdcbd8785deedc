"""What the speech template prints: the reading plan (reading.py), 延伸阅读, neighbours,
the side column (sidebar.py) and the page's meta tags.

Shared by the public page and the staff preview (preview.py), so a preview is drawn
exactly as readers will see it.
"""

from django.http import Http404

from .models import Speech
from .page_meta import SITE_NAME, page_meta
from .reading import excerpt, plain_text, reading_plan, related_excerpt
from .sidebar import side_column
from .structured_data import article_data, breadcrumb_data, json_ld

DESCRIPTION_CHARACTERS = 120


def speech_page_context(request, speech, number=1, full=False):
    """Context for reading page `number` of `speech` (or its full text); 404 for no such page."""
    sections = list(speech.sections.all())
    plan = reading_plan(
        sections,
        [len(plain_text(section.heading)) + len(plain_text(section.body)) for section in sections],
        len(plain_text(speech.opening)),
        speech.get_page_url,
        speech.get_canonical_url(),
        number,
        full,
    )
    if plan is None:
        raise Http404("没有这一页。")
    context = {
        "plan": plan,
        "sections": [sections[index] for index in plan.shown],
        "related_links": [(link, related_excerpt(link)) for link in speech.shown_related_links],
        # Paging through a speech counts one reading: its first page or full text.
        "counts_view": speech.is_visible and plan.show_opening,
    }
    if speech.is_visible:
        context["older"], context["newer"] = Speech.objects.published().neighbours(speech)
        context.update(side_column(speech))
    title = speech.title + (f"（第{number}页）" if plan.number and number > 1 else "")
    lead = speech.summary or f"{speech.opening} {sections[0].body if sections else ''}"
    description = excerpt(lead, DESCRIPTION_CHARACTERS)
    context.update(page_meta(request, title, description, plan.full_url, og_type="article"))
    if speech.cover_image:
        context["og_image"] = request.build_absolute_uri(speech.cover_image.url)
    if speech.is_visible:
        context["json_ld"] = _json_ld(request, speech, context)
    return context


def _json_ld(request, speech, context):
    crumbs = [(SITE_NAME, request.build_absolute_uri("/"))]
    for category in speech.category.path:
        crumbs.append((category.name, request.build_absolute_uri(category.get_absolute_url())))
    crumbs.append((speech.title, context["canonical_url"]))
    article = article_data(
        url=context["canonical_url"],
        headline=speech.title,
        description=context["page_description"],
        published=speech.published_at,
        modified=speech.updated_at,
        speaker=speech.speaker,
        image=context.get("og_image", ""),
        delivered_on=speech.delivered_on,
    )
    return json_ld(article, breadcrumb_data(crumbs))
