"""Every page type, public and admin (CKEditor 5 included), runs under the Content-Security-
Policy with no violation: Chromium reports each blocked script, style, image, font or
connection as a `securitypolicyviolation` event, which the page records from before its
first script runs."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import CategoryFactory, MeetingFactory, RelatedArticleFactory, SectionFactory, SpeechFactory
from tests.images import image_bytes

from .polling import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "s3cret-pass-123"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""

PUBLIC_PAGES = {
    "home": lambda site: reverse("speeches:home"),
    "category": lambda site: site["category"].get_absolute_url(),
    "tag": lambda site: reverse("speeches:tag", kwargs={"slug": "安全生产"}),
    "meeting": lambda site: site["meeting"].get_absolute_url(),
    "speech": lambda site: site["speech"].get_absolute_url(),
    "speech page 2": lambda site: reverse("speeches:page", kwargs={"pk": site["speech"].pk, "number": 2}),
    "full text": lambda site: reverse("speeches:full", kwargs={"pk": site["speech"].pk}),
    "search": lambda site: reverse("speeches:search") + "?q=工作会议",
    "search, no hits": lambda site: reverse("speeches:search") + "?q=没有这个词语",
    "not found": lambda site: "/no-such-page/",
}
ADMIN_PAGES = {
    "index": lambda site: reverse("admin:index"),
    "speeches": lambda site: reverse("admin:speeches_speech_changelist"),
    "add speech": lambda site: reverse("admin:speeches_speech_add"),
    "workflow": lambda site: reverse("admin:speeches_speech_workflow", args=[site["speech"].pk]),
    "history": lambda site: reverse("admin:speeches_speech_history", args=[site["speech"].pk]),
    "preview": lambda site: reverse("admin:speeches_speech_preview", args=[site["draft"].pk]),
    "import": lambda site: reverse("admin:speeches_speech_import"),
    "paste": lambda site: reverse("admin:speeches_speech_paste"),
    "categories": lambda site: reverse("admin:speeches_category_changelist"),
    "meeting": lambda site: reverse("admin:speeches_meeting_change", args=[site["meeting"].pk]),
    "tags": lambda site: reverse("admin:taggit_tag_changelist"),
    "login failures": lambda site: reverse("admin:speeches_loginfailures_changelist"),
}


@pytest.fixture
def site(django_user_model):
    category = CategoryFactory(name="讲话", slug="jianghua")
    meeting = MeetingFactory(name="全市工作会议")
    speech = SpeechFactory(
        title="在全市工作会议上的讲话",
        category=category,
        meeting=meeting,
        summary="会议讲话摘要",
        opening="<p>同志们：</p>",
    )
    for position in range(1, 4):
        SectionFactory(
            speech=speech, position=position, heading=f"第{position}部分", body="<p>" + "正文。" * 600 + "</p>"
        )
    speech.tags.add("安全生产")
    other = SpeechFactory(title="另一篇讲话", category=category, is_recommended=True)
    RelatedArticleFactory(from_speech=speech, to_speech=other)
    draft = SpeechFactory(title="草稿讲话", draft=True)
    # A transactional test starts without the roles' groups: a superuser sees every page.
    user = django_user_model.objects.create_superuser("zhubian", "", PASSWORD)
    return {"speech": speech, "category": category, "meeting": meeting, "draft": draft, "user": user}


@pytest.fixture
def listening(page):
    page.add_init_script(LISTEN)
    return page


@pytest.fixture
def staff_page(listening, live_server, site):
    """The page, logged in as staff through a session made by Django's test client."""
    client = Client()
    client.force_login(site["user"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    listening.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return listening


def violations(page):
    return page.evaluate("window.__csp")


def visit(page, url):
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_runs_without_a_violation(listening, live_server, site, name):
    response = visit(listening, live_server.url + PUBLIC_PAGES[name](site))
    assert response.status == (404 if name == "not found" else 200)
    assert violations(listening) == []


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_runs_without_a_violation(staff_page, live_server, site, name):
    response = visit(staff_page, live_server.url + ADMIN_PAGES[name](site))
    assert response.status == 200
    assert violations(staff_page) == []


def test_logging_in_runs_without_a_violation(listening, live_server, site):
    visit(listening, f"{live_server.url}/admin/login/")
    listening.fill("#id_username", "zhubian")
    listening.fill("#id_password", PASSWORD)
    listening.click("input[type=submit]")
    listening.wait_for_url(f"{live_server.url}/admin/")
    assert violations(listening) == []


def test_the_editor_at_work_runs_without_a_violation(staff_page, live_server, site, settings, tmp_path):
    """CKEditor 5 injects its styles from script: typing, a table, an upload, saving."""
    settings.MEDIA_ROOT = tmp_path
    visit(staff_page, f"{live_server.url}{reverse('admin:speeches_speech_change', args=[site['speech'].pk])}")
    wait_until(staff_page, "Object.keys(window.editors || {}).length === 5")
    staff_page.locator("#id_opening + .ck-editor .ck-editor__editable").click()
    staff_page.keyboard.press("Control+B")
    staff_page.keyboard.type("在内容安全策略下输入的文字。")
    toolbar = staff_page.locator("#id_opening + .ck-editor .ck-toolbar")
    toolbar.locator("[data-cke-tooltip-text^='插入表格']").click()
    staff_page.locator(".ck-insert-table-dropdown-grid-box").first.click()
    toolbar.locator("input[type=file]").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(120, 80))}
    )
    wait_until(staff_page, "window.editors['id_opening'].getData().includes('/media/editor/')")
    staff_page.click("input[name=_continue]")
    staff_page.wait_for_load_state("networkidle")
    assert "在内容安全策略下输入的文字" in staff_page.content()
    assert violations(staff_page) == []


def test_the_listener_does_report_a_violation(listening, live_server, site):
    """The check above can fail: an inline script and an image from elsewhere are reported."""
    visit(listening, live_server.url + reverse("speeches:home"))
    listening.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
          document.body.append(Object.assign(document.createElement("img"), {src: "https://tracker.invalid/p.gif"}));
        }"""
    )
    wait_until(listening, "window.__csp.length >= 2")
    reported = " ".join(violations(listening))
    assert "script-src" in reported and "img-src" in reported
    assert listening.evaluate("window.ran === undefined")


def test_api_docs_list_the_endpoints_from_own_files_without_a_violation(listening, live_server, site):
    """Swagger UI (/api/v1/docs/) from the site's own static files, no CDN, under the CSP."""
    requested = []
    listening.on("request", lambda request: requested.append(request.url))
    visit(listening, f"{live_server.url}/api/v1/docs/")
    listening.wait_for_selector(".opblock-summary-path")
    paths = listening.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/speeches/" in paths and "/api/v1/search/" in paths
    assert "讲稿库 API" in listening.content()
    assert violations(listening) == []
    assert all(url.startswith(live_server.url) for url in requested), "no CDN"
