"""The speech page's side column: 图文推荐, 栏目列表, 推荐阅读 and 本栏目热门.

The lists are the same for every speech of a 栏目, so they are cached (site-wide lists
once, per-栏目 lists per 栏目) under the list-data version, for no longer than a public
page may be: a speech unpublished or due drops in or out within the minute.
"""

from .models import Speech
from .navigation import category_tree
from .pagination import cached_list

COVER_SIZE = 4
RECOMMENDED_SIZE = 6
POPULAR_SIZE = 8


def side_column(speech):
    """Context for the side column of `speech`'s page (it is never listed in its own column)."""
    tree = category_tree()
    top_id = speech.category.parent_id or speech.category_id
    top = next((node for node in tree if node.id == top_id), None)
    node = (
        top
        if top is None or top.id == speech.category_id
        else next((child for child in top.subcategories if child.id == speech.category_id), top)
    )
    published = Speech.objects.published()
    covers = cached_list(
        "sidebar:covers",
        lambda: list(
            published.recommended().with_cover().only("id", "title", "cover_image", "cover_thumbnail")[: COVER_SIZE + 1]
        ),
    )
    recommended = cached_list(
        "sidebar:recommended", lambda: list(published.recommended().only("id", "title")[: RECOMMENDED_SIZE + 1])
    )
    popular = []
    if node is not None:
        popular = cached_list(
            f"sidebar:popular:{node.id}",
            lambda: list(
                published.in_category_tree(node).popular().only("id", "title", "view_count")[: POPULAR_SIZE + 1]
            ),
        )
    return {
        "side_covers": _others(covers, speech, COVER_SIZE),
        "side_category": top,
        "side_recommended": _others(recommended, speech, RECOMMENDED_SIZE),
        "side_popular": _others(popular, speech, POPULAR_SIZE),
    }


def _others(speeches, speech, size):
    return [each for each in speeches if each.pk != speech.pk][:size]
