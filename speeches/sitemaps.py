"""sitemap.xml (django.contrib.sitemaps): home and the meeting and tag indexes, 栏目,
meetings, tags and every visible speech.

Speeches are listed by their full-text URL, the canonical one."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Meeting, Speech
from .navigation import tree_nodes
from .querysets import published_tags
from .tags import tag_url


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["speeches:home", "speeches:meetings", "speeches:tags"]

    def location(self, name):
        return reverse(name)


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return list(tree_nodes())


class MeetingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Meeting.objects.with_published_speeches().order_by("id").only("id")


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return published_tags().order_by("id").only("id", "name", "slug")

    def location(self, tag):
        return tag_url(tag)


class SpeechSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Speech.objects.published().order_by("id").only("id", "updated_at")

    def location(self, speech):
        return speech.get_canonical_url()

    def lastmod(self, speech):
        return speech.updated_at


SITEMAPS = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "meetings": MeetingSitemap,
    "tags": TagSitemap,
    "speeches": SpeechSitemap,
}
