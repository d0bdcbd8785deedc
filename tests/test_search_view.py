"""The /search/ page and the admin's speech search."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from speeches.search import MatchCount

from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db

URL = reverse("speeches:search")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Popular tags are cached: each test counts its own."""
    cache.clear()


@pytest.fixture
def speeches():
    parent = CategoryFactory(name="讲话", slug="jianghua")
    child = CategoryFactory(name="领导讲话", slug="lingdao", parent=parent)
    other = CategoryFactory(name="发言", slug="fayan")
    meeting = MeetingFactory(name="全市信访工作会议")
    first = SpeechFactory(
        title="在全市信访工作会议上的讲话",
        category=child,
        meeting=meeting,
        published_at=timezone.make_aware(timezone.datetime(2023, 5, 1)),
    )
    SectionFactory(
        speech=first, heading="学习信访条例", body="<p>" + "开头的话。" * 40 + "认真贯彻<b>信访条例</b>。</p>"
    )
    first.tags.add("信访工作")
    second = SpeechFactory(
        title="信访条例学习发言",
        category=other,
        published_at=timezone.make_aware(timezone.datetime(2024, 3, 1)),
    )
    second.tags.add("法治建设")
    return {"first": first, "second": second, "parent": parent, "meeting": meeting}


def hit_titles(response):
    return [hit.speech.title for hit in response.context["hits"]]


def test_results_are_highlighted_and_counted(client, speeches, django_assert_max_num_queries):
    # Count, ranked ids, the page's speeches, their sections, the 栏目 tree (header and
    # filter). On PostgreSQL also the savepoint, SET LOCAL and release, the planner's
    # estimate of the count, the table's size, and SET/RESET around the candidates' query
    # (whose plan the backend chooses).
    with django_assert_max_num_queries(5 if connection.vendor == "sqlite" else 13):
        response = client.get(URL, {"q": "信访条例"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "找到 <strong>2</strong> 篇" in html
    assert "<mark>信访条例</mark>学习发言" in html
    assert "…" in html and "认真贯彻<mark>信访条例</mark>" in html
    assert "<b>" not in html.split('class="search-results"')[1]


def test_header_has_the_search_box(client, speeches):
    response = client.get(reverse("speeches:home"))
    assert f'action="{URL}"' in response.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"category": "jianghua"}, ["在全市信访工作会议上的讲话"]),  # a parent includes its children
        ({"category": "fayan"}, ["信访条例学习发言"]),
        ({"year": "2024"}, ["信访条例学习发言"]),
        ({"tag": "信访工作"}, ["在全市信访工作会议上的讲话"]),
    ],
)
def test_filters(client, speeches, params, expected):
    response = client.get(URL, {"q": "信访", **params})
    assert response.status_code == 200
    assert hit_titles(response) == expected


def test_filter_selects_keep_the_chosen_values(client, speeches):
    SpeechFactory(category=CategoryFactory(name="<b>栏目</b>", slug="tricky"))
    html = client.get(URL, {"q": "信访", "category": "fayan", "year": "2024"}).content.decode()
    assert '<select aria-label="栏目" id="id_category" name="category">' in html
    assert '<option value="fayan" selected>发言</option>' in html
    assert '<option value="jianghua">讲话</option>' in html
    assert '<option value="2024" selected>2024年</option>' in html
    assert '<option value="2023">2023年</option>' in html
    assert "&lt;b&gt;栏目&lt;/b&gt;" in html and "<b>栏目</b>" not in html


def test_meeting_filter(client, speeches):
    response = client.get(URL, {"q": "信访", "meeting": speeches["meeting"].pk})
    assert hit_titles(response) == ["在全市信访工作会议上的讲话"]
    assert "会议「全市信访工作会议」" in response.content.decode()


def test_pagination_keeps_the_query(client, speeches):
    for index in range(21):
        SpeechFactory(title=f"安全生产讲话{index}")
    first = client.get(URL, {"q": "安全生产"})
    assert len(first.context["hits"]) == 20
    assert "?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7&amp;page=2" in first.content.decode()
    second = client.get(URL, {"q": "安全生产", "page": "2"})
    assert len(second.context["hits"]) == 1
    assert client.get(URL, {"q": "安全生产", "page": "abc"}).context["page_obj"].number == 1
    assert client.get(URL, {"q": "安全生产", "page": "999"}).context["page_obj"].number == 2


def test_empty_query_shows_popular_tags_and_recent_speeches(client, speeches, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "热门标签" in html and "信访工作" in html
    assert "最新讲话稿" in html and "信访条例学习发言" in html


def test_no_hit_shows_the_empty_state(client, speeches):
    response = client.get(URL, {"q": "扶贫"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有找到与“扶贫”相关的讲话稿" in html and "热门标签" in html


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "q=",
        "q=%20%20%20",
        "q=%E4%BF%A1",  # one character
        "q=" + "%E4%BF%A1%E8%AE%BF" * 5000,  # 10,000 characters
        "q=" + "%26%7C%21%3A%2A%28%29%27%5C%3B",  # & | ! : * ( ) ' \ ;
        "q=%E4%BF%A1%E8%AE%BF%27%29%3B%20DROP%20TABLE%20speeches_speech%3B--",
        "q=%F0%9F%98%80%F0%9F%8E%89",  # emoji
        "q=%EF%BC%81%EF%BC%88%EF%BC%89%E3%80%82%EF%BC%8C",  # full-width punctuation
        "q=%E4%BF%A1%EF%BC%9A%E8%AE%BF",  # full-width colon inside a word
        "q=%E4%BF%A1%E8",  # broken percent-encoding (truncated UTF-8)
        "q=%ZZ%",  # broken percent-encoding (not hex)
        "q=%FF%FE",  # not UTF-8
        "q=信访&page=-1",
        "q=信访&page=1e9",
    ],
)
def test_bad_queries_give_a_page_never_an_error(client, speeches, query_string):
    response = client.get(f"{URL}?{query_string}")
    assert response.status_code == 200
    assert "搜索讲话稿" in response.content.decode()


def test_long_query_says_it_was_cut(client, speeches):
    response = client.get(URL, {"q": "信访" * 5000})
    assert "关键词过长" in response.content.decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "信访\x00"}, "关键词"),
        ({"q": "信访", "year": "abc"}, "年份"),
        ({"q": "信访", "year": "3000"}, "年份"),
        ({"q": "信访", "category": "no-such"}, "栏目"),
        ({"q": "信访", "meeting": "x"}, "会议"),
        ({"q": "信访", "meeting": "99999999999999999999"}, "会议"),
        ({"q": "信访", "tag": "不存在\x00"}, "标签"),
    ],
)
def test_bad_filters_give_400_naming_the_field(client, speeches, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "搜索条件有误" in html and f"<li>{field}：" in html


def test_admin_search_uses_the_index(staff_client, speeches):
    body_only = SpeechFactory(title="普通讲话", draft=True)
    SectionFactory(speech=body_only, body="<p>做好标准化堤防建设。</p>")
    response = staff_client.get(reverse("admin:speeches_speech_changelist"), {"q": "标准化堤防"})
    assert response.status_code == 200
    assert [s.title for s in response.context["cl"].result_list] == ["普通讲话"]
    # A term without searchable words falls back to the field search.
    response = staff_client.get(reverse("admin:speeches_speech_changelist"), {"q": "!!"})
    assert response.status_code == 200


def test_admin_save_indexes_the_final_sections(staff_client, speeches):
    from .test_admin import inline_management, speech_form

    speech = speeches["second"]
    data = speech_form(
        speech.category, title=speech.title, status="published", published_at_0="2024-03-01", published_at_1="00:00:00"
    )
    data.update(inline_management("sections", 1))
    data.update({"sections-0-position": "1", "sections-0-heading": "河长制", "sections-0-body": "<p>河湖治理。</p>"})
    data.update(inline_management("related_links", 0))
    response = staff_client.post(reverse("admin:speeches_speech_change", args=[speech.pk]), data)
    assert response.status_code == 302
    response = staff_client.get(URL, {"q": "河长制"})
    assert hit_titles(response) == [speech.title]
    assert hit_titles(staff_client.get(URL, {"q": "群众"})) == [speech.title]  # from the new tags


def test_results_past_the_ranking_window_are_counted_not_listed(client, speeches, monkeypatch):
    monkeypatch.setattr("speeches.search.MAX_RANKED", 3)
    for index in range(4):
        SpeechFactory(title=f"森林防火讲话{index}")
    response = client.get(URL, {"q": "森林防火", "page": "9"})
    page = response.context["page_obj"]
    assert response.context["results"].total == MatchCount(4) and page.paginator.count == 3
    assert page.number == 1 and len(response.context["hits"]) == 3  # page 9 does not exist: the last one
    assert "列出最相关的 3 篇" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL estimates large counts")
def test_a_large_count_is_the_planners_estimate(client, speeches, monkeypatch):
    monkeypatch.setattr("speeches.search.MAX_RANKED", 3)
    monkeypatch.setattr("speeches.search.backends.EXACT_COUNT_BELOW", 1)
    for index in range(4):
        SpeechFactory(title=f"森林防火讲话{index}")
    response = client.get(URL, {"q": "森林防火"})
    total = response.context["results"].total
    assert not total.exact and total.number >= 1
    assert f"找到 <strong>{total}</strong> 篇" in response.content.decode() and str(total).startswith("约 ")
    # With a filter the count is exact.
    assert client.get(URL, {"q": "森林防火", "year": timezone.now().year}).context["results"].total == MatchCount(4)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL estimates large counts")
def test_an_estimate_is_replaced_when_every_match_was_ranked(client, speeches, monkeypatch):
    monkeypatch.setattr("speeches.search.backends.EXACT_COUNT_BELOW", 1)
    for index in range(4):
        SpeechFactory(title=f"森林防火讲话{index}")
    response = client.get(URL, {"q": "森林防火"})
    assert response.context["results"].total == MatchCount(4)
    assert "找到 <strong>4</strong> 篇" in response.content.decode()
