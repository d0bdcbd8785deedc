from django.urls import path

from . import views
from .search.views import SearchView

app_name = "speeches"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("speech/<int:pk>/", views.SpeechDetailView.as_view(), name="detail"),
    path("category/<str:slug>/", views.CategoryView.as_view(), name="category"),
    path("meeting/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", SearchView.as_view(), name="search"),
]
