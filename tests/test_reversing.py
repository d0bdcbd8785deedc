"""speeches.reversing.fast_reverse builds the same URLs as Django's reverse()."""

import pytest
from django.urls import reverse, set_script_prefix

from speeches.reversing import fast_reverse

CASES = [
    ("speeches:detail", {"pk": 7}),
    ("speeches:detail", {"pk": 1234567}),
    ("speeches:page", {"pk": 42, "number": 3}),
    ("speeches:full", {"pk": 42}),
    ("speeches:meeting", {"pk": 9}),
    ("speeches:category", {"slug": "gongzuo-baogao"}),
    ("speeches:category-feed", {"slug": "讲话_2024"}),
    ("speeches:tag", {"slug": "乡村振兴"}),
    ("speeches:tag", {"slug": "x-0a1b2c3d4e"}),
]


@pytest.mark.parametrize("prefix", ["/", "/站点/sub/"])
@pytest.mark.parametrize(("viewname", "kwargs"), CASES)
def test_same_url_as_reverse(viewname, kwargs, prefix):
    set_script_prefix(prefix)
    try:
        assert fast_reverse(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)
    finally:
        set_script_prefix("/")


def test_literal_urls():
    # Written out, not computed by reverse(): the quoting of a Chinese slug included.
    assert fast_reverse("speeches:detail", pk=5) == "/speech/5/"
    assert fast_reverse("speeches:page", pk=5, number=2) == "/speech/5/page/2/"
    assert fast_reverse("speeches:tag", slug="党建") == "/tag/%E5%85%9A%E5%BB%BA/"
