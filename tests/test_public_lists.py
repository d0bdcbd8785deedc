"""Home, category, tag and meeting pages: content, paging, bad input and query budgets."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .factories import CategoryFactory, MeetingFactory, SpeechFactory
from .images import image_bytes

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
HOME_BUDGET = 8  # latest, recommended, covers, popular, meetings, 栏目 tree, 本周热门, 本月热门


def titles_in(html, css_class="speech-title"):
    return re.findall(rf'class="{css_class}" href="[^"]+">([^<]+)</a>', html)


def block(html, name):
    return re.search(rf'<section class="block block-{name}".*?</section>', html, re.S).group()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_home_page_blocks(client, media_root):
    now = timezone.now()
    parent = CategoryFactory(name="党建工作", position=1)
    child = CategoryFactory(name="主题教育", parent=parent)
    SpeechFactory(title="最新的讲话", category=child, published_at=now - timedelta(minutes=5))
    SpeechFactory(title="推荐第二", is_recommended=True, recommend_rank=2, category=parent)
    SpeechFactory(title="推荐第一", is_recommended=True, recommend_rank=1, category=child)
    SpeechFactory(
        title="有封面的推荐",
        is_recommended=True,
        recommend_rank=3,
        cover_image=SimpleUploadedFile("c.png", image_bytes("PNG")),
        category=child,
    )
    SpeechFactory(title="有封面但未推荐", cover_image=SimpleUploadedFile("d.png", image_bytes("PNG")), category=child)
    SpeechFactory(title="读者最多", view_count=500, category=child)
    SpeechFactory(title="草稿", draft=True, is_recommended=True, view_count=9999, category=child)
    SpeechFactory(title="定时", published_at=now + timedelta(hours=2), category=child)
    meeting = MeetingFactory(name="全市党建工作会议", date=date(2024, 5, 1))
    SpeechFactory(meeting=meeting, category=child)
    MeetingFactory(name="没有讲话的会议", date=date(2025, 1, 1))

    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    assert re.findall(r'href="[^"]+">([^<]+)</a>', block(html, "latest"))[0] == "最新的讲话"
    assert re.findall(r'<a class="speech-title" href="[^"]+">([^<]+)</a>', block(html, "recommended")) == [
        "推荐第一",
        "推荐第二",
        "有封面的推荐",
    ]
    assert "有封面的推荐" in block(html, "covers") and "有封面但未推荐" not in block(html, "covers")
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', block(html, "popular"))[0] == "读者最多"
    categories = block(html, "categories")
    assert re.search(r"党建工作</a> <span class=\"count\">7</span>", categories)
    assert re.search(r"主题教育</a> <span class=\"count\">6</span>", categories)
    meetings = block(html, "meetings")
    assert "全市党建工作会议" in meetings and "没有讲话的会议" not in meetings
    assert "草稿" not in html and "定时" not in html


def test_category_page_lists_its_own_and_subcategory_speeches(client):
    parent = CategoryFactory(name="党建工作", slug="dangjian", description="党建工作相关讲话。")
    child = CategoryFactory(name="主题教育", slug="zhuti", parent=parent)
    other = CategoryFactory(name="经济发展")
    SpeechFactory(title="党建讲话", category=parent)
    SpeechFactory(title="主题教育讲话", category=child)
    SpeechFactory(title="经济讲话", category=other)
    html = client.get("/category/dangjian/").content.decode()
    assert sorted(titles_in(html)) == ["主题教育讲话", "党建讲话"]
    assert "<h1>党建工作</h1>" in html and "党建工作相关讲话。" in html
    subcategories = re.search(r'<nav class="subcategories".*?</nav>', html, re.S).group()
    assert 'href="/category/zhuti/">主题教育</a> <span class="count">1</span>' in subcategories
    assert 'href="/category/dangjian/rss/"' in html
    child_html = client.get("/category/zhuti/").content.decode()
    assert titles_in(child_html) == ["主题教育讲话"]
    assert '<a href="/category/dangjian/">党建工作</a>' in child_html


def test_category_pages_link_pages_and_stay_in_order(client):
    category = CategoryFactory(slug="long")
    now = timezone.now()
    for index in range(45):
        SpeechFactory(title=f"讲话{index:02d}", category=category, published_at=now - timedelta(hours=index + 1))
    first = client.get("/category/long/").content.decode()
    assert titles_in(first)[:2] == ["讲话00", "讲话01"] and len(titles_in(first)) == 20
    assert "共 45 篇" in first and "第 1/3 页" in first
    assert '<a rel="next" href="/category/long/?page=2">下一页</a>' in first
    third = client.get("/category/long/?page=3").content.decode()
    assert titles_in(third) == [f"讲话{index}" for index in range(40, 45)]
    assert '<a rel="prev" href="/category/long/?page=2">上一页</a>' in third
    assert '<span aria-current="page">3</span>' in third
    assert '<link rel="canonical" href="http://testserver/category/long/?page=3">' in third


def test_list_rows_show_summary_speaker_meeting_and_speech_date(client):
    category = CategoryFactory(name="经济发展", slug="jingji")
    meeting = MeetingFactory(name="全市经济工作会议")
    SpeechFactory(
        title="有摘要的讲话",
        category=category,
        summary="摘要写明了讲话的要点。" * 12,
        speaker="李四",
        meeting=meeting,
        delivered_on=date(2024, 3, 2),
        published_at=timezone.now() - timedelta(hours=2),
    )
    SpeechFactory(
        title="只有开场白的讲话",
        category=category,
        summary="",
        opening="<p>同志们：今天我们召开全市经济工作会议。下面我讲三点意见。</p>",
    )
    html = client.get("/category/jingji/").content.decode()
    rows = re.findall(r'<li class="speech-row">.*?</li>', html, re.S)
    assert len(rows) == 2
    assert '<p class="summary">同志们：今天我们召开全市经济工作会议。</p>' in rows[0]
    assert "发布 <time" in rows[0] and "讲话日期" not in rows[0]
    summary = re.search(r'<p class="summary">([^<]+)</p>', rows[1]).group(1)
    assert summary == ("摘要写明了讲话的要点。" * 12)[:80] + "…"
    assert '讲话日期 <time datetime="2024-03-02">2024-03-02</time>' in rows[1] and "发布" not in rows[1]
    assert '<span class="speaker">李四</span>' in rows[1]
    assert f'<a class="meeting" href="{meeting.get_absolute_url()}">全市经济工作会议</a>' in rows[1]
    # The heading names the list.
    assert re.search(r'<h2 id="list-heading" class="list-heading">经济发展 <small>共 2 篇', html)


def test_tag_page_lists_tagged_published_speeches(client):
    tagged = SpeechFactory(title="讲安全生产")
    tagged.tags.add("安全生产")
    draft = SpeechFactory(title="草稿安全", draft=True)
    draft.tags.add("安全生产")
    SpeechFactory(title="无标签")
    response = client.get("/tag/安全生产/")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in(html) == ["讲安全生产"] and "标签：安全生产" in html


def test_meeting_page_shows_details_and_speeches_in_order(client):
    meeting = MeetingFactory(
        name="全市经济工作会议",
        date=date(2024, 3, 2),
        organizer="市政府",
        place="市政府第一会议室",
        summary="部署全年经济工作。",
    )
    now = timezone.now()
    SpeechFactory(title="主持词", meeting=meeting, published_at=now - timedelta(hours=3))
    SpeechFactory(title="主要讲话", meeting=meeting, published_at=now - timedelta(hours=2))
    SpeechFactory(title="总结讲话", meeting=meeting, published_at=now - timedelta(hours=1))
    SpeechFactory(title="别的会议", meeting=MeetingFactory())
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert titles_in(html) == ["主持词", "主要讲话", "总结讲话"]
    for text in (
        "2024年3月2日",
        "市政府",
        "市政府第一会议室",
        "部署全年经济工作。",
        "全市经济工作会议上的讲话 <small>共 3 篇",
    ):
        assert text in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", str(10**20), "2", "1.5", "%00"])
def test_bad_page_numbers_are_a_chinese_404(client, page):
    category = CategoryFactory(slug="short")
    SpeechFactory(category=category)
    meeting = MeetingFactory()
    for url in ("/category/short/", meeting.get_absolute_url()):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/category/no-such/",
        "/category/%E4%B8%8D%E5%AD%98%E5%9C%A8/",
        "/category/%F0%9F%98%80%E2%80%AE/",
        "/category/a%00b/",
        "/category/%ED%A0%80/",
        "/tag/%E2%80%8B/",
        "/tag/no%00tag/",
        "/tag/%FF%FE/",
        "/meeting/999999/",
        f"/meeting/{10**20}/",
        "/category/no-such/rss/",
    ],
)
def test_unknown_objects_and_odd_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


def fill_lists():
    parent = CategoryFactory(slug="parent")
    child = CategoryFactory(slug="child", parent=parent)
    meeting = MeetingFactory()
    now = timezone.now()
    for index in range(65):
        speech = SpeechFactory(
            category=child,
            meeting=meeting,
            published_at=now - timedelta(hours=index + 1),
            is_recommended=index % 5 == 0,
        )
        speech.tags.add("共同标签", f"标签{index}")
    return meeting


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/category/parent/",
        "/category/child/?page=2",
        "/category/parent/?page=4",
        "/tag/共同标签/?page=3",
        "MEETING",
        "MEETING?page=4",
    ],
)
def test_list_pages_query_budget(client, django_assert_max_num_queries, url):
    meeting = fill_lists()
    url = url.replace("MEETING", meeting.get_absolute_url())
    cache.clear()  # the cold, uncached page: the worst case
    with django_assert_max_num_queries(HOME_BUDGET if url == "/" else LIST_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(r'class="speech-row"', response.content.decode())) >= 5
