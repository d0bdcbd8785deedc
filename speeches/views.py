"""Public pages. Views stay thin: the query shape lives on the QuerySets, list paging in
pagination.py, page splitting and excerpts in reading.py."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View
from django.views.generic import DetailView, TemplateView

from . import hits
from .models import Meeting, Speech
from .navigation import category_tree, published_category
from .pagination import KeysetPaginator, parse_page_number
from .querysets import published_tags
from .reading import excerpt, plain_text, split_into_pages
from .tags import tag_url

SITE_DESCRIPTION = "讲稿库：讲话稿、发言稿、演讲稿全文，按栏目、标签和会议分类，附延伸阅读。"
HOME_LIST_SIZE = 10
COVER_LIST_SIZE = 4
MEETING_LIST_SIZE = 5
SPEECH_RECOMMENDED_SIZE = 6
DESCRIPTION_CHARACTERS = 120
# A 1×1 transparent GIF: the view-count beacon's body.
TRANSPARENT_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def page_meta(request, title, description, path, og_type="website"):
    """Context for <title>, the meta description, the canonical link and Open Graph tags."""
    return {
        "page_title": title,
        "page_description": description or SITE_DESCRIPTION,
        "canonical_url": request.build_absolute_uri(path),
        "og_type": og_type,
    }


class HomeView(TemplateView):
    template_name = "speeches/home.html"

    def get_context_data(self, **kwargs):
        published = Speech.objects.published()
        return super().get_context_data(
            latest=published.for_list().latest_first()[:HOME_LIST_SIZE],
            recommended=published.for_list().recommended()[:HOME_LIST_SIZE],
            covers=published.for_list().recommended().with_cover()[:COVER_LIST_SIZE],
            popular=published.for_list().popular()[:HOME_LIST_SIZE],
            categories=category_tree(),
            meetings=Meeting.objects.with_published_speeches()[:MEETING_LIST_SIZE],
            **page_meta(self.request, "", SITE_DESCRIPTION, reverse("speeches:home")),
            **kwargs,
        )


class SpeechListView(TemplateView):
    """A paginated list of published speeches belonging to one object.

    Subclasses define get_object(), filter_speeches(speeches) and list_key(); lists are
    latest first unless `descending` is False.
    """

    template_name = "speeches/speech_list.html"
    descending = True

    def get_context_data(self, **kwargs):
        self.object = self.get_object()
        number = parse_page_number(self.request.GET.get("page"))
        speeches = self.filter_speeches(Speech.objects.published().for_list())
        page = KeysetPaginator(speeches, self.list_key(), descending=self.descending).page(number)
        path = self.list_path() + (f"?page={number}" if number > 1 else "")
        title = self.heading() + (f"（第{number}页）" if number > 1 else "")
        return super().get_context_data(
            object=self.object,
            heading=self.heading(),
            page=page,
            list_path=self.list_path(),
            speeches=page.object_list,
            **page_meta(self.request, title, self.description(), path),
            **kwargs,
        )

    def list_path(self):
        return self.object.get_absolute_url()

    def heading(self):
        return str(self.object)

    def description(self):
        return ""


class CategoryView(SpeechListView):
    template_name = "speeches/category.html"

    def get_object(self):
        return published_category(self.kwargs["slug"])

    def filter_speeches(self, speeches):
        return speeches.in_category_tree(self.object)

    def list_key(self):
        return f"category:{self.object.id}"

    def heading(self):
        return self.object.name

    def description(self):
        return self.object.description or f"{self.object.name}栏目的讲话稿、发言稿范文，按发布时间排列。"


class MeetingView(SpeechListView):
    template_name = "speeches/meeting.html"
    descending = False  # in the order the speeches were given

    def get_object(self):
        return get_object_or_404(Meeting.objects.with_published_speeches(), pk=self.kwargs["pk"])

    def filter_speeches(self, speeches):
        return speeches.filter(meeting=self.object)

    def list_key(self):
        return f"meeting:{self.object.id}"

    def heading(self):
        return self.object.name

    def description(self):
        return self.object.summary or f"{self.object.name}上的讲话稿。"


class TagView(SpeechListView):
    template_name = "speeches/tag.html"

    def get_object(self):
        return get_object_or_404(published_tags(), slug=self.kwargs["slug"])

    def list_path(self):
        return tag_url(self.object)

    def filter_speeches(self, speeches):
        return speeches.filter(tagged_items__tag=self.object)

    def list_key(self):
        return f"tag:{self.object.id}"

    def heading(self):
        return f"标签：{self.object.name}"

    def description(self):
        return f"标签为“{self.object.name}”的讲话稿。"


def speech_page_context(request, speech, number=1, full=False):
    """What the speech template needs to print reading page `number` (or the full text).

    Shared by the public page and the staff preview, so a preview is drawn exactly as
    readers will see it.
    """
    sections = list(speech.sections.all())
    pages = split_into_pages(
        [len(plain_text(section.heading)) + len(plain_text(section.body)) for section in sections],
        len(plain_text(speech.opening)),
    )
    if not 1 <= number <= len(pages):
        raise Http404("没有这一页。")
    shown = range(len(sections)) if full else pages[number - 1]
    page_of_section = {index: page for page, indexes in enumerate(pages, start=1) for index in indexes}

    def section_url(page, anchor):
        if full or page == number:
            return f"#{anchor}"
        if page == 1:
            return f"{speech.get_absolute_url()}#{anchor}"
        return reverse("speeches:page", kwargs={"pk": speech.pk, "number": page}) + f"#{anchor}"

    context = {
        "sections": [sections[index] for index in shown],
        "show_opening": full or number == 1,
        "show_closing": full or number == len(pages),
        "table_of_contents": [
            (section, section_url(page_of_section[index], section.anchor)) for index, section in enumerate(sections)
        ],
        "page_numbers": range(1, len(pages) + 1),
        "page_number": None if full else number,
        "previous_page": None if full or number == 1 else number - 1,
        "next_page": None if full or number == len(pages) else number + 1,
        "related_links": [
            (link, _link_excerpt(link)) for link in speech.shown_related_links
        ],
        "counts_view": speech.is_visible and (full or number == 1),
    }
    if speech.is_visible:
        in_category = Speech.objects.published().filter(category_id=speech.category_id).only("id", "title")
        context["newer"] = in_category.after(speech).first()
        context["older"] = in_category.before(speech).first()
        context["recommended"] = list(
            Speech.objects.published().recommended().exclude(pk=speech.pk).only("id", "title")[:SPEECH_RECOMMENDED_SIZE]
        )
    context.update(
        page_meta(
            request,
            speech.title + (f"（第{number}页）" if number > 1 and not full else ""),
            excerpt(speech.summary or f"{speech.opening} {sections[0].body if sections else ''}", DESCRIPTION_CHARACTERS),
            reverse("speeches:full", kwargs={"pk": speech.pk}),
            og_type="article",
        )
    )
    if speech.cover_image:
        context["og_image"] = request.build_absolute_uri(speech.cover_image.url)
    return context


def _link_excerpt(link):
    target = link.to_speech
    return excerpt(target.summary or f"{target.opening} {link.lead_section or ''}")


class SpeechDetailView(DetailView):
    """The speech page: reading page N of a long speech, or the full text (`full=True`).

    Everyone, staff included, sees what readers see: staff preview unpublished speeches at
    the admin's never-cached preview URL (speeches/preview.py), so a cached public page
    never leaks one.
    """

    template_name = "speeches/speech_detail.html"
    context_object_name = "speech"
    full = False

    def get_queryset(self):
        return Speech.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        if kwargs.get("number") == 1:
            return redirect("speeches:detail", pk=kwargs["pk"], permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(speech_page_context(self.request, self.object, self.kwargs.get("number", 1), self.full))
        return context



class SpeechHitView(View):
    """The view-count beacon: an <img> on the speech page requests it on every reading.

    It is never cached, so counting keeps working when the page itself is served from a
    cache; the update is a single atomic `view_count = view_count + 1`, made only for a
    reader's first view in the window and within the client's rate limit (hits.py).
    """

    def get(self, request, pk):
        if not hits.within_rate_limit(request):
            return self.gif(429)
        if hits.is_first_view(request, pk):
            visible = Speech.objects.count_view(pk)
        else:
            visible = Speech.objects.published().filter(pk=pk).exists()
        return self.gif(200 if visible else 404)

    @staticmethod
    def gif(status):
        response = HttpResponse(TRANSPARENT_GIF, content_type="image/gif", status=status)
        add_never_cache_headers(response)
        return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /speech/*/hit.gif",
        f"Sitemap: {request.build_absolute_uri(reverse('speeches:sitemap-index'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response
