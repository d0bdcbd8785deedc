"""Issue 14, row 6: one visibility rule. With a 栏目, subcategory, meeting and tag that hold
only drafts and scheduled speeches, no public page names any of them, their own pages are
404s, and the search filters do not know them; everything readers may see is still there."""

import pytest
from django.urls import reverse
from django.utils import timezone

from speeches.urls import urlpatterns

from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .security.walk import NOT_WALKED, route_name, walk

pytestmark = pytest.mark.django_db

SECRETS = ["秘密栏目甲", "秘密子栏目丁", "秘密会议乙", "秘密标签丙", "草稿讲话戊", "定时讲话己"]


@pytest.fixture
def site():
    public = CategoryFactory(name="公开栏目", slug="gongkai")
    meeting = MeetingFactory(name="公开会议")
    speech = SpeechFactory(title="公开讲话", category=public, meeting=meeting, summary="公开的摘要")
    for position in range(1, 4):
        SectionFactory(
            speech=speech, position=position, heading=f"部分{position}", body="<p>" + "讲话正文。" * 400 + "</p>"
        )
    speech.tags.add("公开标签")
    hidden = CategoryFactory(name="秘密栏目甲", slug="mimi")
    hidden_child = CategoryFactory(name="秘密子栏目丁", slug="mimi-zi", parent=public)
    hidden_meeting = MeetingFactory(name="秘密会议乙")
    draft = SpeechFactory(title="草稿讲话戊", category=hidden, meeting=hidden_meeting, draft=True)
    scheduled = SpeechFactory(
        title="定时讲话己",
        category=hidden_child,
        meeting=hidden_meeting,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    for each in (draft, scheduled):
        each.tags.add("秘密标签丙", "公开标签")
    return {"hidden": hidden, "hidden_child": hidden_child, "meeting": hidden_meeting, "speech": speech}


def test_no_public_page_names_what_only_drafts_hold(client, site):
    pages = walk(client)
    assert len(pages) > 15
    for path, response in pages.items():
        assert response.status_code < 500, path
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (secret, path)
    assert "公开讲话" in pages["/"].content.decode()
    # Every public route was reached, so a new one is walked too (or this fails).
    routes = {route_name(path) for path, response in pages.items() if response.status_code == 200}
    every_route = {f"speeches:{pattern.name}" for pattern in urlpatterns} - NOT_WALKED
    assert every_route <= routes, every_route - routes


def test_their_own_pages_and_search_filters_do_not_exist(client, site):
    hidden, child, meeting = site["hidden"], site["hidden_child"], site["meeting"]
    for url in [
        hidden.get_absolute_url(),
        hidden.feed_url,
        child.get_absolute_url(),
        child.feed_url,
        meeting.get_absolute_url(),
        reverse("speeches:tag", kwargs={"slug": "秘密标签丙"}),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
    search = reverse("speeches:search")
    refusals = [
        ({"meeting": meeting.pk}, "没有这个会议。"),
        ({"tag": "秘密标签丙"}, "没有这个标签。"),
        ({"category": hidden.slug}, "没有这个栏目。"),
        ({"category": child.slug}, "没有这个栏目。"),
    ]
    for query, message in refusals:
        response = client.get(search, {"q": "讲话", **query})
        assert response.status_code == 400, query
        html = response.content.decode()
        assert message in html and "筛选：" not in html, query
        # The only trace is the reader's own input, echoed back in the form.
        assert html.count("秘密") == html.count('value="秘密标签丙"'), query


def test_popular_tags_count_only_what_readers_see(client, site):
    html = client.get(reverse("speeches:search")).content.decode()
    assert "公开标签" in html and "秘密标签丙" not in html
    tag_page = client.get(reverse("speeches:tag", kwargs={"slug": "公开标签"})).content.decode()
    assert "共 1 篇" in tag_page
