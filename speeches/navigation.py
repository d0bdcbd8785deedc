"""The 栏目 tree readers see, with their counts, shared by the header, the home page's
栏目列表, category pages, feeds, the sitemap and the search form. Cached: counting
speeches per category scans the table.

A 栏目 is shown when it or one of its subcategories holds a speech readers may see
(`Category.objects.with_published_counts()`, built on querysets.visible_to_readers); the
others, empty or holding only drafts, are left out everywhere and their pages are 404s.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from .models import Category
from .pagination import lists_version


def category_tree():
    """Top-level categories readers may see, in order, each with `.subcategories` and
    `.total_count` (its own speeches plus its subcategories'); subcategories have
    `.parent` set to their tree node."""
    key = f"category-tree:{lists_version()}"
    tree = cache.get(key)
    if tree is None:
        tree = _build_tree()
        # Counts change when a scheduled speech comes due, which no signal announces.
        cache.set(key, tree, settings.PUBLIC_CACHE_SECONDS)
    return tree


def _build_tree():
    categories = list(Category.objects.with_published_counts().order_by("position", "id"))
    tops = [category for category in categories if category.parent_id is None]
    by_id = {category.id: category for category in tops}
    for top in tops:
        top.subcategories = []
        top.total_count = top.published_count
    for category in categories:
        parent = by_id.get(category.parent_id)
        if parent is not None and category.published_count:
            category.subcategories = []
            category.total_count = category.published_count
            category.parent = parent
            parent.subcategories.append(category)
            parent.total_count += category.published_count
    return [top for top in tops if top.total_count]


def tree_nodes(tree=None):
    """Every category of the tree, each top-level one followed by its subcategories."""
    for top in category_tree() if tree is None else tree:
        yield top
        yield from top.subcategories


def published_category(slug):
    """The tree node of the 栏目 with this slug, or 404 when readers may not see it."""
    node = next((node for node in tree_nodes() if node.slug == slug), None)
    if node is None:
        raise Http404("没有这个栏目。")
    return node


def site_navigation(request):
    """Context processor: the header's 栏目 links, loaded only when a template uses them."""
    return {"nav_categories": SimpleLazyObject(category_tree)}
