"""The speech page's side column: 图文推荐, 栏目列表, 推荐阅读, 本栏目热门, and its query cost."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .images import image_bytes

pytestmark = pytest.mark.django_db

# speech, sections, tags, 延伸阅读, 上一篇, 下一篇 + (cold only) 栏目 tree, 图文推荐, 推荐阅读, 本栏目热门
COLD_BUDGET = 10
WARM_BUDGET = 6


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def side_block(html, heading):
    side = re.search(r'<div class="side-column">.*', html, re.S).group()
    match = re.search(
        rf'<section class="block[^"]*" aria-labelledby="[^"]+">\s*<h2[^>]*>{heading}</h2>.*?</section>', side, re.S
    )
    return match.group() if match else ""


def link_texts(fragment):
    return re.findall(r'<a [^>]*href="[^"]+"[^>]*>([^<]+)</a>', fragment)


@pytest.fixture
def site(media_root):
    now = timezone.now()
    parent = CategoryFactory(name="经济发展", slug="jingji", position=1)
    own = CategoryFactory(name="乡村振兴", slug="xiangcun", parent=parent, position=1)
    sibling = CategoryFactory(name="营商环境", slug="yingshang", parent=parent, position=2)
    other = CategoryFactory(name="党建工作", slug="dangjian", position=2)
    speech = SpeechFactory(title="本篇讲话", category=own, published_at=now - timedelta(days=2), view_count=50)
    SectionFactory(speech=speech, position=1)
    SpeechFactory(title="乡村热门", category=own, view_count=900)
    SpeechFactory(title="营商热门", category=sibling, view_count=100)
    SpeechFactory(title="营商冷门", category=sibling, view_count=1)
    SpeechFactory(title="别栏目最热", category=other, view_count=99999)
    SpeechFactory(title="草稿最热", category=own, draft=True, view_count=100000)
    cover = SimpleUploadedFile("c.png", image_bytes("PNG"))
    SpeechFactory(title="有图推荐", category=other, is_recommended=True, recommend_rank=1, cover_image=cover)
    SpeechFactory(title="无图推荐", category=other, is_recommended=True, recommend_rank=2)
    SpeechFactory(title="定时推荐", category=other, is_recommended=True, published_at=now + timedelta(hours=1))
    return speech


def test_side_column_lists(client, site):
    html = client.get(site.get_absolute_url()).content.decode()
    covers = side_block(html, "图文推荐")
    assert "有图推荐" in covers and "<img" in covers and "无图推荐" not in covers
    categories = side_block(html, "栏目列表")
    assert link_texts(categories) == ["经济发展", "乡村振兴", "营商环境"]
    assert re.search(r'aria-current="true">乡村振兴</a> <span class="count">2</span>', categories)
    assert re.search(r'营商环境</a> <span class="count">2</span>', categories)
    assert re.search(r'经济发展</a> <span class="count">4</span>', categories)
    assert link_texts(side_block(html, "推荐阅读")) == ["有图推荐", "无图推荐"]
    # 本栏目热门: the speech's own 栏目, most read first, itself and drafts left out.
    assert link_texts(side_block(html, "本栏目热门")) == ["乡村热门"]
    assert "草稿最热" not in html and "定时推荐" not in html and "别栏目最热" not in html


def test_top_level_speech_counts_its_subcategories_as_its_column(client, site):
    top = SpeechFactory(title="一级栏目的讲话", category=site.category.parent)
    html = client.get(top.get_absolute_url()).content.decode()
    assert link_texts(side_block(html, "本栏目热门")) == ["乡村热门", "营商热门", "本篇讲话", "营商冷门"]
    assert 'aria-current="true">经济发展</a>' in side_block(html, "栏目列表")


def test_a_recommended_speech_is_not_recommended_on_its_own_page(client, site):
    recommended = SpeechFactory(title="被推荐的本篇", is_recommended=True, recommend_rank=0)
    html = client.get(recommended.get_absolute_url()).content.decode()
    assert "被推荐的本篇" not in side_block(html, "推荐阅读")
    assert link_texts(side_block(html, "推荐阅读")) == ["有图推荐", "无图推荐"]


def test_side_column_comes_after_the_article_in_the_page(client, site):
    """On phones the column stacks below the article: it must follow it in source order."""
    html = client.get(site.get_absolute_url()).content.decode()
    assert html.index('<article class="speech"') < html.index('<div class="side-column">')


def test_speech_page_query_cost_cold_and_warm(client, site, django_assert_num_queries):
    neighbour = SpeechFactory(title="同栏目另一篇", category=site.category)
    with django_assert_num_queries(COLD_BUDGET):
        assert client.get(site.get_absolute_url()).status_code == 200
    # Another speech of the 栏目, its page not cached yet: the side column comes from the cache.
    with django_assert_num_queries(WARM_BUDGET):
        assert client.get(neighbour.get_absolute_url()).status_code == 200
