from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import editorial, views
from .errors import not_found

app_name = "api"

# Staff endpoints (token, workflow permissions) under editorial/.
editorial_patterns = [
    path("speeches/", editorial.DraftCreateView.as_view(), name="draft-create"),
    path("speeches/import/", editorial.DraftImportView.as_view(), name="draft-import"),
    path("speeches/<int:pk>/", editorial.DraftDetailView.as_view(), name="draft-detail"),
    path("speeches/<int:pk>/submit/", editorial.SubmitView.as_view(), name="draft-submit"),
    path("speeches/<int:pk>/publish/", editorial.PublishView.as_view(), name="draft-publish"),
]

urlpatterns = [
    path("speeches/", views.SpeechListView.as_view(), name="speech-list"),
    path("speeches/<int:pk>/", views.SpeechDetailView.as_view(), name="speech-detail"),
    path("popular/", views.PopularView.as_view(), name="popular"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("categories/", views.CategoryTreeView.as_view(), name="category-tree"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("editorial/", include(editorial_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from our own static files (drf-spectacular-sidecar); its setup script is
    # served from the same origin, not inline, so the site's CSP holds.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found),
]
