"""The meeting index (/meeting/) and the tag index (/tag/): order, counts, paging, links."""

import re
import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta

import pytest
from django.utils import timezone

from speeches.tags import cloud_sizes

from .factories import MeetingFactory, SpeechFactory

pytestmark = pytest.mark.django_db

INDEX_BUDGET = 3  # count, rows, 栏目 tree (header)
TAG_INDEX_BUDGET = 4  # and the tag cloud, when its cache is cold
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_cloud_sizes_are_logarithmic_between_least_and_most_used():
    assert cloud_sizes([]) == []
    assert cloud_sizes([7, 7]) == [1, 1]
    assert cloud_sizes([1, 10, 100, 1000, 10000]) == [1, 2, 3, 4, 5]
    sizes = cloud_sizes([1, 2, 500])
    assert sizes[0] == 1 and sizes[-1] == 5 and 1 <= sizes[1] < 3


def test_meeting_index_by_year_newest_first_with_counts(client, django_assert_max_num_queries):
    old = MeetingFactory(name="二〇二三年务虚会", date=date(2023, 12, 30))
    new = MeetingFactory(name="二〇二四年经济工作会议", date=date(2024, 3, 2))
    newer = MeetingFactory(name="二〇二四年党建会议", date=date(2024, 6, 1))
    undated = MeetingFactory(name="日期不详的会议", date=None)
    only_drafts = MeetingFactory(name="只有草稿的会议", date=date(2025, 1, 1))
    for meeting, visible in ((old, 1), (new, 3), (newer, 2), (undated, 1)):
        for _ in range(visible):
            SpeechFactory(meeting=meeting)
    SpeechFactory(meeting=new, draft=True)
    SpeechFactory(meeting=only_drafts, draft=True)
    SpeechFactory(meeting=newer, published_at=timezone.now() + timedelta(hours=1))
    with django_assert_max_num_queries(INDEX_BUDGET):
        response = client.get("/meeting/")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>会议 - 讲稿库</title>" in html
    assert re.findall(r'<h3 class="year-heading">([^<]+)</h3>', html) == ["2024年", "2023年", "日期不详"]
    names = re.findall(r'<li><a href="/meeting/\d+/">([^<]+)</a>', html)
    assert names == ["二〇二四年党建会议", "二〇二四年经济工作会议", "二〇二三年务虚会", "日期不详的会议"]
    counts = re.findall(r'讲话 <span class="count">(\d+)</span> 篇', html)
    assert counts == ["2", "3", "1", "1"]
    assert "只有草稿的会议" not in html and "共 4 个" in html
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group()
    assert '<a href="/">首页</a>' in breadcrumb and "会议" in breadcrumb


def test_meeting_index_pages_and_bad_pages(client):
    for index in range(35):
        SpeechFactory(meeting=MeetingFactory(name=f"会议{index:02d}", date=date(2020, 1, 1) + timedelta(days=index)))
    first = client.get("/meeting/").content.decode()
    assert len(re.findall(r'<li><a href="/meeting/\d+/', first)) == 30 and "第 1/2 页" in first
    assert '<a rel="next" href="/meeting/?page=2">下一页</a>' in first
    second = client.get("/meeting/?page=2").content.decode()
    assert len(re.findall(r'<li><a href="/meeting/\d+/', second)) == 5 and "会议00" in second
    for bad in ("3", "0", "abc", "-1"):
        response = client.get(f"/meeting/?page={bad}")
        assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_meeting_and_tag_pages_link_back_to_their_index(client):
    meeting = MeetingFactory(name="全市会议")
    speech = SpeechFactory(meeting=meeting)
    speech.tags.add("安全生产")
    for url, index in ((meeting.get_absolute_url(), "/meeting/"), ("/tag/安全生产/", "/tag/")):
        html = client.get(url).content.decode()
        breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group()
        assert f'<a href="{index}">' in breadcrumb
    header = re.search(r'<header class="site-header">.*?</header>', client.get("/").content.decode(), re.S).group()
    assert '<a href="/meeting/">会议</a>' in header and '<a href="/tag/">标签</a>' in header


def test_tag_index_by_use_with_counts_and_cloud(client, django_assert_max_num_queries):
    for index in range(5):
        SpeechFactory().tags.add("常用标签", *(["次常用"] if index < 3 else []))
    SpeechFactory().tags.add("少用标签")
    SpeechFactory(draft=True).tags.add("草稿标签", "少用标签")
    with django_assert_max_num_queries(TAG_INDEX_BUDGET):
        response = client.get("/tag/")
    html = response.content.decode()
    index = re.search(r'<ul class="tag-index">.*?</ul>', html, re.S).group()
    assert re.findall(r'>([^<>]+)</a> <span class="count">(\d+)</span>', index) == [
        ("常用标签", "5"),
        ("次常用", "3"),
        ("少用标签", "1"),
    ]
    cloud = re.search(r'<p class="tag-cloud">.*?</p>', html, re.S).group()
    sizes = dict(
        (name, int(size)) for size, name in re.findall(r'class="tag-size-(\d)" href="[^"]+">([^<]+)</a>', cloud)
    )
    assert sizes["常用标签"] == 5 and sizes["少用标签"] == 1 and 1 < sizes["次常用"] < 5
    assert "草稿标签" not in html and "共 3 个" in html
    assert client.get("/tag/?page=2").status_code == 404


def test_sitemap_lists_the_indexes_and_tag_pages(client):
    speech = SpeechFactory(meeting=MeetingFactory())
    speech.tags.add("安全生产")
    SpeechFactory(draft=True).tags.add("草稿标签")
    home = client.get("/sitemap-home.xml")
    urls = [node.text for node in ElementTree.fromstring(home.content).findall("sm:url/sm:loc", SITEMAP_NS)]
    assert urls == ["http://testserver/", "http://testserver/meeting/", "http://testserver/tag/"]
    tags = client.get("/sitemap-tags.xml").content.decode()
    assert "/tag/%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7/" in tags or "/tag/安全生产/" in tags
    assert "草稿" not in tags and "%E8%8D%89%E7%A8%BF" not in tags
