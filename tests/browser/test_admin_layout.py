"""Issue 15, items 1 and 10: the editors' admin at a 1280 x 800 office laptop.

No page scrolls sideways; the speech list shows whole titles with 状态 and 发布时间 in
view; the change form loads CKEditor in every section. Screenshots: test-artifacts/.
"""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from speeches.models import Meeting, Speech
from tests.factories import CategoryFactory, RelatedArticleFactory, SectionFactory, SpeechFactory

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
        SpeechFactory(
            title=f"{LONG_TITLE}（之{number}）",
            category=category,
            meeting=meeting,
            status=Speech.Status.REVIEW if number < 3 else Speech.Status.PUBLISHED,
            published_at=None if number < 3 else timezone.now(),
        )
    return long


def log_in(page, live_server):
    # A superuser: transactional tests flush the groups the roles migration made.
    User.objects.create_superuser("laoli", "", "s3cret-pass-123")
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
    title_width = page.evaluate(
        "document.querySelector('#result_list td.field-title, #result_list th.field-title').getBoundingClientRect().width"
    )
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


def section_labels(page):
    return page.eval_on_selector_all(
        "#sections-group .inline-related:not(.empty-form) h3",
        "rows => rows.map(h => h.querySelector('.section-number').textContent + h.querySelector('.inline_label').textContent)",
    )


def drag(page, source, target):
    """Drag with the mouse in small steps, as a hand does (HTML5 drag and drop); both ends
    in view, because a scripted drag does not scroll."""
    page.locator(target).scroll_into_view_if_needed()
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 3, start["y"] + 3)
    page.mouse.down()
    page.mouse.move(end["x"] + 5, end["y"] + 2, steps=20)
    page.mouse.up()


def test_sections_are_ordered_by_dragging_and_numbered_live(laptop, live_server, speeches, screenshot):
    page = laptop
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/speeches/speech/{speeches.pk}/change/")
    wait_until(page, "Object.keys(window.editors || {}).length >= 5")
    assert section_labels(page) == ["一、统一思想，提高认识", "二、突出重点，狠抓落实", "三、加强领导，强化保障"]
    page.set_viewport_size({"width": WIDTH, "height": 1400})  # the three sections in view at once
    drag(page, "#sections-2 .section-handle", "#sections-0 h3")
    assert section_labels(page) == ["一、加强领导，强化保障", "二、统一思想，提高认识", "三、突出重点，狠抓落实"]
    page.locator("#sections-group .add-row a").click()
    page.locator("#sections-3 input[name$='-heading']").fill("新增一节")
    assert section_labels(page)[3] == "四、新增一节"
    page.locator("#sections-3 input[name$='-heading']").fill("")
    page.locator("#sections-3 .inline-deletelink").click()
    screenshot(page, "admin-1280-sections-reordered")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    headings = list(speeches.sections.order_by("position").values_list("heading", flat=True))
    assert headings == ["加强领导，强化保障", "统一思想，提高认识", "突出重点，狠抓落实"]
    # Text moved with its section: each editor still holds its own body.
    bodies = list(speeches.sections.order_by("position").values_list("body", flat=True))
    assert bodies[0] == "<p>加强领导，强化保障的正文。</p>"


def test_autosave_offers_the_unsaved_form_back_and_never_overwrites_silently(laptop, live_server, speeches):
    page = laptop
    log_in(page, live_server)
    url = f"{live_server.url}/admin/speeches/speech/{speeches.pk}/change/"
    page.goto(url)
    wait_until(page, "Object.keys(window.editors || {}).length >= 5")
    page.fill("#id_title", "崩溃前改过的标题")
    page.evaluate("window.editors['id_sections-0-body'].setData('<p>崩溃前写的正文。</p>')")
    wait_until(page, "(localStorage.getItem('speech-draft:' + location.pathname) || '').includes('崩溃前写的正文')")
    page.goto(url)  # the tab crashed and was opened again
    wait_until(page, "document.getElementById('autosave-offer') !== null")
    assert page.input_value("#id_title") == LONG_TITLE  # the server copy until the editor chooses
    page.get_by_role("button", name="恢复这些修改").click()
    assert page.input_value("#id_title") == "崩溃前改过的标题"
    assert "崩溃前写的正文" in page.evaluate("window.editors['id_sections-0-body'].getData()")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    speeches.refresh_from_db()
    assert speeches.title == "崩溃前改过的标题"
    assert page.locator("#autosave-offer").count() == 0  # saved: nothing left to offer
