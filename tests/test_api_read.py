"""The read API: what it returns, only what readers may see, and its query budgets."""

import pytest
from django.utils import timezone

from speeches.models import RelatedArticle, Speech
from speeches.view_counts import fold_views, record_view

from .factories import CategoryFactory, MeetingFactory, RelatedArticleFactory, SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - timezone.timedelta(days=days)


@pytest.fixture
def site():
    parent = CategoryFactory(name="讲话", slug="jianghua")
    child = CategoryFactory(name="领导讲话", slug="lingdao", parent=parent)
    other = CategoryFactory(name="发言", slug="fayan")
    meeting = MeetingFactory(name="全市防汛工作会议")
    main = SpeechFactory(
        title="在全市防汛工作会议上的讲话",
        category=child,
        meeting=meeting,
        speaker="张三",
        opening="<p>同志们：</p>",
        closing="<p>谢谢大家。</p>",
        published_at=ago(3),
        view_count=5,
    )
    SectionFactory(speech=main, position=1, heading="提高认识", body="<p>防汛工作<strong>极端重要</strong>。</p>")
    SectionFactory(speech=main, position=2, heading="压实责任", body="<p>层层落实。</p>")
    main.tags.add("防汛")
    older = SpeechFactory(title="防汛抗旱发言", category=other, published_at=ago(10), view_count=50)
    draft = SpeechFactory(title="防汛草稿", category=other, draft=True)
    RelatedArticleFactory(from_speech=main, to_speech=older, kind=RelatedArticle.Kind.STAFF, position=1)
    RelatedArticleFactory(
        from_speech=main,
        to_speech=SpeechFactory(title="关于防汛的讲话", published_at=ago(20)),
        kind=RelatedArticle.Kind.COMPUTED,
        position=1,
        score_parts={"shared_tags": ["防汛"], "text": 0.5, "fresh": 0.2},
    )
    RelatedArticleFactory(from_speech=main, to_speech=draft, kind=RelatedArticle.Kind.STAFF, position=2)
    return {"main": main, "older": older, "draft": draft, "parent": parent, "meeting": meeting}


def titles(rows):
    return [row["title"] for row in rows]


def test_speech_list_is_latest_first_and_hides_drafts(api, site):
    response = api.get("/api/v1/speeches/")
    assert response.status_code == 200
    body = response.json()
    assert titles(body["results"]) == ["在全市防汛工作会议上的讲话", "防汛抗旱发言", "关于防汛的讲话"]
    row = body["results"][0]
    assert row["category"]["slug"] == "lingdao" and row["meeting"]["name"] == "全市防汛工作会议"
    assert row["url"] == f"http://testserver/speech/{site['main'].pk}/"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"category": "jianghua"}, ["在全市防汛工作会议上的讲话"]),  # a parent includes its subcategories
        ({"category": "fayan"}, ["防汛抗旱发言"]),
        ({"tag": "防汛"}, ["在全市防汛工作会议上的讲话"]),
        ({"speaker": "张三"}, ["在全市防汛工作会议上的讲话"]),
        ({"ordering": "published_at"}, ["关于防汛的讲话", "防汛抗旱发言", "在全市防汛工作会议上的讲话"]),
    ],
)
def test_speech_list_filters(api, site, params, expected):
    assert titles(api.get("/api/v1/speeches/", params).json()["results"]) == expected


def test_speech_list_meeting_and_year_filters(api, site):
    assert titles(api.get("/api/v1/speeches/", {"meeting": site["meeting"].pk}).json()["results"]) == [
        "在全市防汛工作会议上的讲话"
    ]
    year = timezone.localtime(site["main"].published_at).year
    in_year = titles(api.get("/api/v1/speeches/", {"year": year}).json()["results"])
    assert "在全市防汛工作会议上的讲话" in in_year
    assert api.get("/api/v1/speeches/", {"year": 1950}).json()["results"] == []
    assert api.get("/api/v1/speeches/", {"year": timezone.localdate().year + 1}).status_code == 400


def test_cursor_pages_walk_the_whole_list_once(api):
    category = CategoryFactory()
    for day in range(7):
        SpeechFactory(title=f"讲话{day}", category=category, published_at=ago(day + 1))
    seen, url = [], "/api/v1/speeches/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += titles(body["results"])
        url = body["next"]
    assert seen == [f"讲话{day}" for day in range(7)]


def test_speech_detail(api, site):
    response = api.get(f"/api/v1/speeches/{site['main'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [(s["label"], s["heading"]) for s in body["sections"]] == [("一、", "提高认识"), ("二、", "压实责任")]
    assert body["sections"][0]["body"] == {
        "html": "<p>防汛工作<strong>极端重要</strong>。</p>",
        "text": "防汛工作极端重要。",
    }
    assert body["opening"]["text"] == "同志们："
    assert [tag["name"] for tag in body["tags"]] == ["防汛"]
    assert [c["name"] for c in body["category_path"]] == ["讲话", "领导讲话"]
    assert body["canonical_url"] == f"http://testserver/speech/{site['main'].pk}/full/"
    # 延伸阅读: staff choices first, a draft target never shown, reasons for computed ones.
    assert [(r["title"], r["kind"]) for r in body["related"]] == [
        ("防汛抗旱发言", "staff"),
        ("关于防汛的讲话", "computed"),
    ]
    assert body["related"][0]["reasons"] == ""
    assert "共同标签：防汛" in body["related"][1]["reasons"]


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_speech_detail_is_404_for_what_readers_may_not_see(api, site, which):
    speech = (
        site["draft"] if which == "draft" else SpeechFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    )
    response = api.get(f"/api/v1/speeches/{speech.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404 and response.json()["title"] == "没有找到"


def test_categories_meetings_tags_popular(api, site):
    tree = api.get("/api/v1/categories/").json()
    assert [(c["slug"], c["speech_count"], [s["slug"] for s in c["subcategories"]]) for c in tree][:2] == [
        ("jianghua", 1, ["lingdao"]),
        ("fayan", 1, []),
    ]
    assert [m["name"] for m in api.get("/api/v1/meetings/").json()["results"]] == ["全市防汛工作会议"]
    assert [(t["name"], t["speech_count"]) for t in api.get("/api/v1/tags/").json()["results"]] == [("防汛", 1)]
    assert titles(api.get("/api/v1/popular/", {"limit": 2}).json())[:2] == [
        "防汛抗旱发言",
        "在全市防汛工作会议上的讲话",
    ]
    assert api.get("/api/v1/popular/", {"period": "year"}).status_code == 400


def test_popular_of_the_week_counts_only_its_days(api, site):
    """All time, 防汛抗旱发言 leads; this week only the other speech was read."""
    speech = Speech.objects.get(title="在全市防汛工作会议上的讲话")
    record_view(speech.pk)
    record_view(speech.pk, day=timezone.localdate() - timezone.timedelta(days=20))
    fold_views()
    assert titles(api.get("/api/v1/popular/", {"period": "week"}).json()) == ["在全市防汛工作会议上的讲话"]
    assert titles(api.get("/api/v1/popular/", {"period": "month"}).json()) == ["在全市防汛工作会议上的讲话"]
    assert titles(api.get("/api/v1/popular/").json())[0] == "防汛抗旱发言"


def test_search_gives_highlights_as_offsets(api, site):
    body = api.get("/api/v1/search/", {"q": "防汛"}).json()
    assert body["count"] == 3 and body["count_exact"] is True
    assert set(titles(hit["speech"] for hit in body["results"])) == {
        "在全市防汛工作会议上的讲话",
        "防汛抗旱发言",
        "关于防汛的讲话",
    }
    for hit in body["results"]:
        text = hit["title"]["text"]
        assert [text[start:end] for start, end in hit["title"]["highlights"]] == ["防汛"]
    third = next(hit["speech"] for hit in body["results"] if hit["speech"]["title"] == "关于防汛的讲话")
    assert {(facet["value"], facet["count"]) for facet in body["facets"]["categories"]} == {
        ("lingdao", 1),
        ("fayan", 1),
        (third["category"]["slug"], 1),
    }
    filtered = api.get("/api/v1/search/", {"q": "防汛", "category": "jianghua"}).json()
    assert titles(hit["speech"] for hit in filtered["results"]) == ["在全市防汛工作会议上的讲话"]
    assert api.get("/api/v1/search/", {"q": "防汛", "tag": "nope"}).status_code == 404
    assert api.get("/api/v1/search/").status_code == 400


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/nothing/")
    assert response.status_code == 404 and response.json()["detail"] == "没有这个接口。"


# Query budgets: the same whatever the page size.
@pytest.mark.parametrize("size", [1, 20])
def test_list_budget_is_flat(api, django_assert_max_num_queries, size):
    category = CategoryFactory(slug="c")
    meeting = MeetingFactory()
    for day in range(size):
        SpeechFactory(category=category, meeting=meeting, published_at=ago(day + 1))
    api.get("/api/v1/categories/")  # the 栏目 tree is cached, as for the pages
    # Speeches; the meeting filter's lookup.
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/speeches/", {"page_size": size, "category": "c", "meeting": meeting.pk})
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [1, 8])
def test_detail_budget_is_flat(api, django_assert_max_num_queries, size):
    speech = SpeechFactory()
    for position in range(1, size + 1):
        SectionFactory(speech=speech, position=position)
        RelatedArticleFactory(from_speech=speech, position=position)
        speech.tags.add(f"标签{position}")
    # Speech, sections, tags, 延伸阅读.
    with django_assert_max_num_queries(4):
        response = api.get(f"/api/v1/speeches/{speech.pk}/")
    assert len(response.json()["sections"]) == size and len(response.json()["related"]) == size


@pytest.mark.parametrize("size", [1, 20])
def test_other_budgets_are_flat(api, django_assert_max_num_queries, size):
    for index in range(size):
        speech = SpeechFactory(meeting=MeetingFactory(), title=f"防汛讲话{index}")
        speech.tags.add(f"标签{index}")
    with django_assert_max_num_queries(1):
        api.get("/api/v1/categories/")
    with django_assert_max_num_queries(2):  # count, rows
        assert api.get("/api/v1/meetings/").status_code == 200
    with django_assert_max_num_queries(2):
        assert api.get("/api/v1/tags/").status_code == 200
    with django_assert_max_num_queries(1):
        assert len(api.get("/api/v1/popular/", {"limit": size}).json()) == size
    # Count, ranked ids, rows, their sections, facets (PostgreSQL: the backend's session and plan choices).
    from django.db import connection

    with django_assert_max_num_queries(5 if connection.vendor == "sqlite" else 13):
        assert len(api.get("/api/v1/search/", {"q": "防汛"}).json()["results"]) == size
