"""The 栏目 tree with reader-visible counts, shared by the header, the home page's
栏目列表 and category pages. Cached: counting speeches per category scans the table."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import Category
from .pagination import CACHE_SECONDS, lists_version


def category_tree():
    """Top-level categories in order, each with `.subcategories` and `.total_count`
    (its own speeches plus its subcategories')."""
    key = f"category-tree:{lists_version()}"
    tree = cache.get(key)
    if tree is None:
        categories = list(Category.objects.with_published_counts().order_by("position", "id"))
        tree = [category for category in categories if category.parent_id is None]
        by_id = {category.id: category for category in tree}
        for top in tree:
            top.subcategories = []
            top.total_count = top.published_count
        for category in categories:
            parent = by_id.get(category.parent_id)
            if parent is not None:
                category.subcategories = []
                category.total_count = category.published_count
                parent.subcategories.append(category)
                parent.total_count += category.published_count
        cache.set(key, tree, CACHE_SECONDS)
    return tree


def find_in_tree(tree, category_id):
    """The tree node for a category id (top-level or subcategory), or None."""
    for top in tree:
        if top.id == category_id:
            return top
        for child in top.subcategories:
            if child.id == category_id:
                return child
    return None


def site_navigation(request):
    """Context processor: the header's 栏目 links, loaded only when a template uses them."""
    return {"nav_categories": SimpleLazyObject(category_tree)}
