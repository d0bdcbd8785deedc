"""The public search page, /search/?q=."""

from django.core.cache import cache
from django.db.models import Count
from django.views.generic import TemplateView
from taggit.models import Tag

from speeches.models import Speech

from . import parse_query, search_page
from .forms import SearchForm
from .highlight import speech_hit

POPULAR_TAGS_CACHE_SECONDS = 600


def popular_tags(limit=20):
    """The most used tags, cached: counting them scans every tag link."""

    def most_used():
        return list(
            Tag.objects.annotate(uses=Count("speeches_taggedspeech_items"))
            .filter(uses__gt=0)
            .order_by("-uses", "name")[:limit]
        )

    return cache.get_or_set(f"search:popular-tags:{limit}", most_used, POPULAR_TAGS_CACHE_SECONDS)


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
