"""Public pages. Views stay thin: the query shape lives on SpeechQuerySet."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Category, Meeting, Speech


class HomeView(ListView):
    template_name = "speeches/home.html"
    context_object_name = "speeches"

    def get_queryset(self):
        return Speech.objects.published().for_list().latest_first()[:20]


class SpeechDetailView(DetailView):
    template_name = "speeches/speech_detail.html"
    context_object_name = "speech"

    def get_queryset(self):
        # Everyone, staff included, sees what readers see: staff preview unpublished speeches
        # at the admin's never-cached preview URL, so a cached public page never leaks one.
        return Speech.objects.published().for_detail()


class SpeechListView(ListView):
    """A paginated list of published speeches filtered by one object.

    Subclasses define get_object() and filter_speeches(speeches).
    """

    template_name = "speeches/speech_list.html"
    context_object_name = "speeches"
    paginate_by = 20

    def get_queryset(self):
        self.object = self.get_object()
        return self.filter_speeches(Speech.objects.published().for_list().latest_first())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=str(self.object), object=self.object, **kwargs)


class CategoryView(SpeechListView):
    def get_object(self):
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def filter_speeches(self, speeches):
        return speeches.filter(category__in=[self.object, *self.object.children.all()])


class MeetingView(SpeechListView):
    def get_object(self):
        return get_object_or_404(Meeting, pk=self.kwargs["pk"])

    def filter_speeches(self, speeches):
        return speeches.filter(meeting=self.object)


class TagView(SpeechListView):
    def get_object(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def filter_speeches(self, speeches):
        return speeches.filter(tags=self.object)
