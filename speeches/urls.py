from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.decorators.cache import cache_page

from . import feeds, upload_views, views
from .search.views import SearchView
from .sitemaps import SITEMAPS

app_name = "speeches"

# Public pages are cached whole for PAGE_CACHE_SECONDS; view counting goes through the
# uncached beacon (views.SpeechHitView), and staff previews send no-cache headers. With the
# edge cache's share (EDGE_STALE_SECONDS) this stays within settings.PUBLIC_CACHE_SECONDS
# (at most 60 s, checked by speeches.checks) so that a scheduled speech appears, and an
# unpublished one goes, within a minute (speeches/cache_headers.py).
PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS
SITEMAP_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS


class SlugConverter:
    """Any slug without slashes or control characters (tag slugs may be Chinese);
    lookups of unknown slugs are 404s."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SlugConverter, "anyslug")


def public(view):
    return cache_page(PAGE_CACHE_SECONDS)(view)


urlpatterns = [
    path("", public(views.HomeView.as_view()), name="home"),
    path("speech/<int:pk>/", public(views.SpeechDetailView.as_view()), name="detail"),
    path("speech/<int:pk>/page/<int:number>/", public(views.SpeechDetailView.as_view()), name="page"),
    path("speech/<int:pk>/full/", public(views.SpeechDetailView.as_view(full=True)), name="full"),
    path("speech/<int:pk>/word/", views.SpeechWordView.as_view(), name="word"),
    path("speech/<int:pk>/hit.gif", views.SpeechHitView.as_view(), name="hit"),
    path("category/<anyslug:slug>/", public(views.CategoryView.as_view()), name="category"),
    path("category/<anyslug:slug>/rss/", public(feeds.CategorySpeechesFeed()), name="category-feed"),
    path("meeting/", public(views.MeetingIndexView.as_view()), name="meetings"),
    path("meeting/<int:pk>/", public(views.MeetingView.as_view()), name="meeting"),
    path("tag/", public(views.TagIndexView.as_view()), name="tags"),
    path("tag/<anyslug:slug>/", public(views.TagView.as_view()), name="tag"),
    path("rss/", public(feeds.LatestSpeechesFeed()), name="feed"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "speeches:sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("editor/images/", upload_views.upload_editor_image, name="editor_image_upload"),
    path("search/", SearchView.as_view(), name="search"),
]
