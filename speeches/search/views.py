"""The public search page, /search/?q=."""

from django.conf import settings
from django.core.cache import cache
from django.views.generic import TemplateView

from speeches.models import Speech
from speeches.pagination import lists_version
from speeches.querysets import published_tags

from . import parse_query, search_page
from .forms import SearchForm
from .highlight import speech_hit


def popular_tags(limit=20):
    """The tags on most speeches readers may see, cached: counting them scans every tag link."""

    def most_used():
        return list(published_tags().order_by("-uses", "name")[:limit])

    # Public data: no older than a public page may be (docs/workflow.md).
    key = f"search:popular-tags:{limit}:{lists_version()}"
    return cache.get_or_set(key, most_used, settings.PUBLIC_CACHE_SECONDS)


class SearchView(TemplateView):
    template_name = "speeches/search.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        query = parse_query(form.cleaned_data["q"])
        context = {"form": form, "query": query}
        if query:
            page = search_page(
                form.filter(Speech.objects.published()),
                query,
                request.GET.get("page"),
                self.paginate_by,
                filtered=form.has_filters(),
            )
            context.update(page_obj=page, hits=[speech_hit(speech, query.terms) for speech in page])
        if not context.get("hits"):
            context.update(
                popular_tags=popular_tags(),
                recent_speeches=Speech.objects.published().for_list().latest_first()[:10],
            )
        return self.render_to_response(context)
