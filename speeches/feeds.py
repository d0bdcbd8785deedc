"""RSS feeds (django.contrib.syndication): the latest speeches, and per 栏目.

Feed readers differ on whether <title> and <description> hold text or HTML, and many
render them as HTML. So both are built from plain text and HTML-escaped exactly once
(`feed_html`) before the XML writer escapes them again: a speech that mentions
"<script>" shows those characters to every reader and runs nowhere. Other fields
(author, category) are plain text. Control characters, which XML cannot carry, never
reach the writer.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from .cleaning import clean_text
from .models import Speech
from .navigation import published_category
from .reading import excerpt, shorten

FEED_SIZE = 20
DESCRIPTION_CHARACTERS = 200


def feed_text(value) -> str:
    """Plain text for a feed field read as text: one line, no control characters."""
    return clean_text(value or "", multiline=False)


def feed_html(value) -> str:
    """Plain text for a feed field that readers may render as HTML: escaped once."""
    return escape(feed_text(value))


class LatestSpeechesFeed(Feed):
    title = "讲稿库 · 最新讲话稿"
    description = "讲稿库最新发布的讲话稿、发言稿、演讲稿。"
    language = "zh-Hans"

    def link(self):
        return reverse("speeches:home")

    def items(self):
        return Speech.objects.published().for_feed().latest_first()[:FEED_SIZE]

    def item_title(self, speech):
        return feed_html(speech.title)

    def item_description(self, speech):
        # The summary is plain text; the opening is rich text (HTML).
        if speech.summary.strip():
            return feed_html(shorten(speech.summary, DESCRIPTION_CHARACTERS))
        return feed_html(excerpt(speech.opening, DESCRIPTION_CHARACTERS))

    def item_link(self, speech):
        return reverse("speeches:full", kwargs={"pk": speech.pk})

    def item_pubdate(self, speech):
        return speech.published_at

    def item_updateddate(self, speech):
        return speech.updated_at

    def item_author_name(self, speech):
        return feed_text(speech.speaker) or None

    def item_categories(self, speech):
        return [feed_text(speech.category.name)]


class CategorySpeechesFeed(LatestSpeechesFeed):
    """The latest speeches of one 栏目 and its subcategories (404 for a 栏目 readers cannot see)."""

    def get_object(self, request, slug):
        return published_category(slug)

    def title(self, category):
        return feed_html(f"讲稿库 · {category.name}")

    def description(self, category):
        return feed_html(f"讲稿库“{category.name}”栏目最新发布的讲话稿。")

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        return Speech.objects.published().in_category_tree(category).for_feed().latest_first()[:FEED_SIZE]
