"""RSS feeds (django.contrib.syndication): the latest speeches, and per 栏目."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .models import Category, Speech
from .navigation import category_tree, find_in_tree
from .reading import excerpt

FEED_SIZE = 20
DESCRIPTION_CHARACTERS = 200


class LatestSpeechesFeed(Feed):
    title = "讲稿库 · 最新讲话稿"
    description = "讲稿库最新发布的讲话稿、发言稿、演讲稿。"
    language = "zh-Hans"

    def link(self):
        return reverse("speeches:home")

    def speeches(self):
        return Speech.objects.published()

    def items(self):
        return self.speeches().for_feed().latest_first()[:FEED_SIZE]

    def item_title(self, speech):
        return speech.title

    def item_description(self, speech):
        return excerpt(speech.summary or speech.opening, DESCRIPTION_CHARACTERS)

    def item_link(self, speech):
        return reverse("speeches:full", kwargs={"pk": speech.pk})

    def item_pubdate(self, speech):
        return speech.published_at

    def item_updateddate(self, speech):
        return speech.updated_at

    def item_author_name(self, speech):
        return speech.speaker or None

    def item_categories(self, speech):
        return [speech.category.name]


class CategorySpeechesFeed(LatestSpeechesFeed):
    """The latest speeches of one 栏目 and its subcategories."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"讲稿库 · {category.name}"

    def description(self, category):
        return f"讲稿库“{category.name}”栏目最新发布的讲话稿。"

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        node = find_in_tree(category_tree(), category.id)
        ids = [category.id, *(child.id for child in (node.subcategories if node else []))]
        return Speech.objects.published().in_categories(ids).for_feed().latest_first()[:FEED_SIZE]
