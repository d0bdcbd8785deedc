"""Public pages. Views stay thin: the query shape lives on the QuerySets, list paging in
pagination.py, what the speech page prints in speech_page.py."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import DetailView, TemplateView

from . import hits, view_counts
from .docx_export import cached_speech_docx
from .models import Meeting, Speech
from .navigation import category_tree, published_category
from .page_meta import SITE_DESCRIPTION, page_meta
from .pagination import KeysetPaginator, cached_list, offset_page, parse_page_number
from .querysets import published_tags
from .search.views import popular_tags
from .speech_page import speech_page_context
from .tags import cloud_sizes, tag_url

HOME_LIST_SIZE = 10
COVER_LIST_SIZE = 4
MEETING_LIST_SIZE = 5
TAG_CLOUD_SIZE = 40
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A 1×1 transparent GIF: the view-count beacon's body.
TRANSPARENT_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def popular_in(period):
    """本周热门 / 本月热门, cached: summing a period's DailyViews reads many rows."""
    return cached_list(
        f"popular:{period}",
        lambda: list(Speech.objects.published().popular(period).only("id", "title")[:HOME_LIST_SIZE]),
    )


class HomeView(TemplateView):
    template_name = "speeches/home.html"

    def get_context_data(self, **kwargs):
        published = Speech.objects.published()
        return super().get_context_data(
            latest=published.for_list().latest_first()[:HOME_LIST_SIZE],
            recommended=published.for_list().recommended()[:HOME_LIST_SIZE],
            covers=published.for_list().recommended().with_cover()[:COVER_LIST_SIZE],
            popular=published.for_list().popular()[:HOME_LIST_SIZE],
            popular_week=popular_in("week"),
            popular_month=popular_in("month"),
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
        return get_object_or_404(published_tags(counted=False), slug=self.kwargs["slug"])

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


class IndexView(TemplateView):
    """A paginated index of meetings or tags; subclasses give rows(), heading and per_page."""

    url_name = ""
    heading = ""
    description = ""
    per_page = 30

    def get_context_data(self, **kwargs):
        number = parse_page_number(self.request.GET.get("page"))
        page = offset_page(self.rows(), number, self.per_page)
        path = reverse(self.url_name)
        title = self.heading + (f"（第{number}页）" if number > 1 else "")
        return super().get_context_data(
            heading=self.heading,
            page=page,
            list_path=path,
            **page_meta(self.request, title, self.description, path + (f"?page={number}" if number > 1 else "")),
            **kwargs,
        )


class MeetingIndexView(IndexView):
    """会议: every meeting readers may see a speech of, by year, newest first."""

    template_name = "speeches/meeting_index.html"
    url_name = "speeches:meetings"
    heading = "会议"
    description = "按年份列出各次会议及会上讲话篇数。"

    def rows(self):
        return Meeting.objects.with_published_counts().newest_first()


class TagIndexView(IndexView):
    """标签: every tag readers may see a speech of, most used first, and a cloud of the top ones."""

    template_name = "speeches/tag_index.html"
    url_name = "speeches:tags"
    heading = "标签"
    description = "按使用次数列出全部标签。"
    per_page = 60

    def rows(self):
        return published_tags().order_by("-uses", "name")

    def get_context_data(self, **kwargs):
        cloud = popular_tags(TAG_CLOUD_SIZE)
        ranked = sorted(
            zip(cloud, cloud_sizes([tag.uses for tag in cloud]), strict=True), key=lambda pair: pair[0].name
        )
        return super().get_context_data(cloud=ranked, **kwargs)


class SpeechDetailView(DetailView):
    """Reading page N of a speech, or its full text (`full=True`); readers' speeches only,
    staff included: drafts are previewed at the never-cached preview.py URL."""

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


class SpeechWordView(View):
    """下载 Word: the speech as a .docx in 公文 style (docx_export.py), built once per version."""

    def get(self, request, pk):
        speech = get_object_or_404(Speech.objects.published().for_detail(), pk=pk)
        response = HttpResponse(cached_speech_docx(speech), content_type=DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{speech.title}.docx")
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response


class SpeechHitView(View):
    """The view-count beacon: an <img> on the speech page requests it on every reading.

    It is never cached, so counting keeps working when the page itself is served from a
    cache. A reader's first view in the window, within the client's rate limit (hits.py),
    is added to a counter in the cache; view_counts.fold_views() writes the counters to
    the database in bulk.
    """

    def get(self, request, pk):
        if not hits.within_rate_limit(request):
            return self.gif(429)
        visible = Speech.objects.published().filter(pk=pk).exists()
        if visible and hits.is_first_view(request, pk):
            view_counts.record_view(pk)
        return self.gif(200 if visible else 404)

    @staticmethod
    def gif(status):
        response = HttpResponse(TRANSPARENT_GIF, content_type="image/gif", status=status)
        add_never_cache_headers(response)
        return response


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the static icon."""
    response = redirect(static("icons/favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
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
