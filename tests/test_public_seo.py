"""SEO and syndication: meta tags, RSS feeds, sitemap.xml, robots.txt, error pages."""

import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .images import image_bytes

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_speech_page_meta_description_and_open_graph(client):
    speech = SpeechFactory(title="在安全生产会议上的讲话", summary="", opening="<p>同志们:</p>")
    SectionFactory(speech=speech, position=1, body="<p>" + "安全生产责任重于泰山。" * 30 + "</p>")
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "<title>在安全生产会议上的讲话 - 讲稿库</title>" in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert description.startswith("同志们: 安全生产责任重于泰山。") and len(description) <= 121
    assert f'<meta property="og:description" content="{description}">' in html
    assert f'<meta property="og:url" content="http://testserver/speech/{speech.pk}/full/">' in html


def test_speech_with_a_cover_has_an_open_graph_image(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    speech = SpeechFactory(cover_image=SimpleUploadedFile("cover.png", image_bytes("PNG")))
    html = client.get(speech.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="http://testserver{speech.cover_image.url}">' in html


def test_list_pages_have_their_own_title_and_canonical(client):
    SpeechFactory(category=CategoryFactory(name="党风廉政", slug="lianzheng"))
    html = client.get("/category/lianzheng/").content.decode()
    assert "<title>党风廉政 - 讲稿库</title>" in html
    assert '<link rel="canonical" href="http://testserver/category/lianzheng/">' in html
    assert "党风廉政栏目的讲话稿" in re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    home = client.get("/").content.decode()
    assert "<title>讲稿库</title>" in home and '<link rel="canonical" href="http://testserver/">' in home


def test_latest_feed_lists_published_speeches_newest_first(client, django_assert_max_num_queries):
    now = timezone.now()
    SpeechFactory(title="较早", summary="较早讲话的摘要", published_at=now - timedelta(days=2))
    SpeechFactory(title="较新", published_at=now - timedelta(days=1))
    SpeechFactory(title="草稿", draft=True)
    with django_assert_max_num_queries(2):
        response = client.get("/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "讲稿库 · 最新讲话稿"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["较新", "较早"]
    assert items[1].findtext("description") == "较早讲话的摘要"
    assert items[1].findtext("link").endswith("/full/")


def test_category_feed_covers_the_category_and_its_subcategories(client, django_assert_max_num_queries):
    parent = CategoryFactory(name="党建工作", slug="dangjian")
    child = CategoryFactory(slug="zhuti", parent=parent)
    SpeechFactory(title="子栏目讲话", category=child)
    SpeechFactory(title="本栏目讲话", category=parent)
    SpeechFactory(title="别的栏目")
    with django_assert_max_num_queries(3):
        response = client.get("/category/dangjian/rss/")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "讲稿库 · 党建工作"
    assert {item.findtext("title") for item in channel.findall("item")} == {"本栏目讲话", "子栏目讲话"}


def test_sitemap_lists_visible_speeches_by_canonical_url(client, django_assert_max_num_queries):
    category = CategoryFactory(slug="jiaoyu")
    visible = SpeechFactory(meeting=MeetingFactory(), category=category)
    draft = SpeechFactory(draft=True)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = [node.text for node in ElementTree.fromstring(index.content).findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert any(location.endswith("/sitemap-speeches.xml") for location in locations)
    with django_assert_max_num_queries(3):
        speeches = client.get("/sitemap-speeches.xml")
    urls = [node.text for node in ElementTree.fromstring(speeches.content).findall("sm:url/sm:loc", SITEMAP_NS)]
    assert urls == [f"http://testserver/speech/{visible.pk}/full/"]
    assert f"/speech/{draft.pk}/" not in speeches.content.decode()
    categories = client.get("/sitemap-categories.xml").content.decode()
    assert category.get_absolute_url() in categories
    assert draft.category.get_absolute_url() not in categories  # holds a draft only
    assert visible.meeting.get_absolute_url() in client.get("/sitemap-meetings.xml").content.decode()
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_favicon_and_touch_icons_are_real_images(client):
    from django.contrib.staticfiles import finders
    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/icons/favicon.ico"
    html = client.get("/").content.decode()
    linked = {path for _, path in re.findall(r'<link rel="(icon|apple-touch-icon)" href="/static/([^"]+)"', html)}
    assert linked == {"icons/favicon.ico", "icons/icon-192.png", "icons/apple-touch-icon.png"}
    expected = {
        "icons/favicon.ico": ("ICO", 48),
        "icons/icon-192.png": ("PNG", 192),
        "icons/apple-touch-icon.png": ("PNG", 180),
    }
    for path, (kind, size) in expected.items():
        with Image.open(finders.find(path)) as image:
            assert image.format == kind and image.size == (size, size), path


def test_search_page_title_names_the_query(client):
    SpeechFactory(title="安全生产讲话")
    assert "<title>安全生产 - 搜索 - 讲稿库</title>" in client.get("/search/?q=安全生产").content.decode()
    assert "<title>搜索 - 讲稿库</title>" in client.get("/search/").content.decode()


def test_404_page_is_chinese_and_keeps_the_site_frame(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and 'lang="zh-Hans"' in html and "返回首页" in html
    assert html.count("<h1") == 1


def test_500_page_is_chinese_and_needs_no_context():
    html = render_to_string("500.html")
    assert "服务器出错" in html and 'lang="zh-Hans"' in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()
