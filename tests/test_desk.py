"""Issue 15, item 2: the admin home is the editor's desk, with counts, links and buttons."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from speeches.desk import desk_panels
from speeches.models import Speech

from .factories import SpeechFactory
from .workflow_helpers import chief_user, editor_user, logged_in

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
CHANGELIST = reverse("admin:speeches_speech_changelist")


@pytest.fixture
def desk_speeches():
    writer = editor_user()
    now = timezone.now()
    made = {
        "mine": SpeechFactory(draft=True, editor=writer, title="我的草稿一"),
        "returned": SpeechFactory(draft=True, editor=writer, review_comment="请核实数据。", title="被退回的稿"),
        "others": SpeechFactory(draft=True, title="别人的草稿"),
        "queue": SpeechFactory(status=Speech.Status.REVIEW, published_at=None, title="待审的稿"),
        "proofread": SpeechFactory(draft=True, needs_review=True, title="导入待校对"),
        "scheduled": SpeechFactory(published_at=now + timezone.timedelta(days=1), title="明天发布的稿"),
        "old": SpeechFactory(published_at=now - timezone.timedelta(days=30), view_count=999, title="上个月的稿"),
        "hot": SpeechFactory(published_at=now - timezone.timedelta(days=1), view_count=50, title="本周热门稿"),
    }
    return writer, made


def test_panels_count_what_waits_for_each_role(desk_speeches):
    writer, made = desk_speeches
    panels = {p.key: p for p in desk_panels(writer)}
    assert "queue" not in panels  # 待审核 is the 主编's
    assert [s.title for s in panels["mine"].speeches] == ["被退回的稿", "我的草稿一"]
    assert panels["mine"].count == 2
    assert [s.title for s in panels["returned"].speeches] == ["被退回的稿"]
    assert [s.title for s in panels["proofread"].speeches] == ["导入待校对"]
    assert [s.title for s in panels["scheduled"].speeches] == ["明天发布的稿"]
    assert [s.title for s in panels["recent"].speeches][:2] == ["本周热门稿", "上个月的稿"]
    assert [s.title for s in panels["hot"].speeches] == ["本周热门稿"]
    chief_panels = {p.key: p for p in desk_panels(chief_user())}
    assert chief_panels["queue"].count == 1 and chief_panels["mine"].count == 0


def test_the_admin_home_is_the_desk_within_its_query_budget(desk_speeches, django_assert_max_num_queries):
    chief = logged_in(Client, chief_user())
    with django_assert_max_num_queries(11):
        response = chief.get(HOME)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ["我的草稿", "退回给我的", "待审核", "需要校对", "定时发布", "最近发布", "本周热门"]:
        assert label in page
    for button in ["新建讲话稿", "粘贴全文", "导入"]:
        assert f">{button}</a>" in page
    assert f'href="{CHANGELIST}?review=queue"' in page
    assert "待审的稿" in page and "明天发布的稿" in page


def test_each_panel_link_lists_what_the_panel_counted(desk_speeches):
    writer, made = desk_speeches
    client = logged_in(Client, writer)
    for panel in desk_panels(writer):
        listed = client.get(f"{CHANGELIST}?review={panel.key}").context["cl"]
        assert listed.result_count == panel.count, panel.key
