"""Issue 15, items 1 and 10: the editors' admin at a 1280 x 800 office laptop.

No page scrolls sideways; the speech list shows whole titles with 状态 and 发布时间 in
view; the change form loads CKEditor in every section. Screenshots: test-artifacts/.
"""

import pytest
from django.utils import timezone

from speeches.models import Meeting, Speech
from tests.factories import CategoryFactory, RelatedArticleFactory, SectionFactory, SpeechFactory
from tests.workflow_helpers import chief_user

from .polling import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1280, 800
LONG_TITLE = "在全市深入推进营商环境优化提升暨重点项目建设攻坚年动员部署大会上的讲话"


@pytest.fixture
def laptop(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def speeches():
    category = CategoryFactory(name="领导讲话")
    meeting = Meeting.objects.create(name="全市深入推进营商环境优化提升暨重点项目建设攻坚年动员部署大会")
    long = SpeechFactory(title=LONG_TITLE, category=category, meeting=meeting, speaker="市长", summary="<p>摘要。</p>")
    for position, heading in enumerate(["统一思想，提高认识", "突出重点，狠抓落实", "加强领导，强化保障"], start=1):
        SectionFactory(speech=long, position=position, heading=heading, body=f"<p>{heading}的正文。</p>")
    RelatedArticleFactory(from_speech=long, to_speech=SpeechFactory(title="在全市优化营商环境大会上的讲话"))
    for number in range(8):
        SpeechFactory(title=f"{LONG_TITLE}（之{number}）", category=category, meeting=meeting,
                      status=Speech.Status.REVIEW if number < 3 else Speech.Status.PUBLISHED,
                      published_at=None if number < 3 else timezone.now())
    return long


def log_in(page, live_server):
    user = chief_user("laoli")
    user.set_password("s3cret-pass-123")
    user.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "laoli")
    page.fill("#id_password", "s3cret-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def sideways_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def assert_fits(page, name, screenshot):
    screenshot(page, f"admin-1280-{name}")
    assert sideways_overflow(page) <= 0, f"{name} scrolls sideways"


def assert_list_readable(page):
    """Whole titles wrapping by words (a cell at least 16 characters wide), 状态 and
    发布时间 inside the window."""
    title_width = page.evaluate("document.querySelector('#result_list td.field-title, #result_list th.field-title').getBoundingClientRect().width")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#result_list th.field-title')).fontSize)")
    assert title_width >= 16 * font, f"title column {title_width}px"
    for column in ["column-status", "column-published_at"]:
        right = page.evaluate(f"document.querySelector('#result_list th.{column}').getBoundingClientRect().right")
        assert right <= WIDTH, f"{column} ends at {right}px"


def test_admin_pages_fit_a_1280_laptop(laptop, live_server, speeches, screenshot):
    page = laptop
    log_in(page, live_server)
    admin = f"{live_server.url}/admin/speeches/speech/"

    assert page.locator("#desk-mine").count() == 1
    assert_fits(page, "desk", screenshot)

    page.goto(admin)
    assert_fits(page, "list", screenshot)
    assert_list_readable(page)

    page.goto(admin + "?review=queue")
    assert page.locator("#result_list tbody tr").count() == 3
    assert_fits(page, "review-queue", screenshot)
    assert_list_readable(page)

    page.goto(admin + "import/")
    assert_fits(page, "import", screenshot)

    page.goto(f"{admin}{speeches.pk}/change/")
    wait_until(page, "document.querySelectorAll('.inline-related .ck-editor').length >= 3")
    sections = page.locator("#sections-group .inline-related:not(.empty-form)")
    assert sections.count() == 3
    for index in range(3):
        assert sections.nth(index).locator(".ck-editor").count() == 1, f"section {index} has no editor"
    screenshot(page, "admin-1280-change-form")
    title_input = page.evaluate("document.querySelector('#id_title').getBoundingClientRect().width")
    assert title_input >= 40 * 13, f"title input {title_input}px"
    assert page.locator("#workflow-panel button[value=unpublish]").count() == 1
    assert_fits(page, "change-form", screenshot)
