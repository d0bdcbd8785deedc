"""Every public page type in Chromium at 1280 px and 360 px: axe-core (npm, package.json)
finds no serious or critical violation, no console error, no sideways scroll; the speech
page stays light. Screenshots and the axe figures go to test-artifacts/."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

from ..factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 360}
PAGE_WEIGHT_LIMIT = 100 * 1024  # HTML + CSS + JS of the speech page, uncompressed
PARAGRAPH = "同志们要进一步统一思想、提高认识，切实增强做好新形势下各项工作的责任感和紧迫感。" * 10


@pytest.fixture
def site():
    parent = CategoryFactory(name="经济发展", slug="jingji", position=1)
    category = CategoryFactory(name="乡村振兴", slug="xiangcun", parent=parent)
    meeting = MeetingFactory(name="全市乡村振兴工作会议", date=timezone.localdate())
    now = timezone.now()
    for index in range(12):
        other = SpeechFactory(
            title=f"乡村振兴第{index}次推进会讲话",
            category=category,
            meeting=meeting,
            speaker="某某某",
            summary="推进乡村振兴的讲话摘要。" * 3,
            published_at=now - timezone.timedelta(days=index + 1),
            is_recommended=index < 3,
            view_count=index * 10,
        )
        other.tags.add("乡村振兴", f"专题{index % 4}")
    speech = SpeechFactory(
        title="在全市乡村振兴工作会议上的讲话",
        category=category,
        meeting=meeting,
        speaker="某某某",
        speaker_post="市委书记",
        opening=f"<p>同志们：</p><p>{PARAGRAPH}</p>",
        closing="<p>谢谢大家！</p>",
        published_at=now - timezone.timedelta(hours=1),
    )
    speech.tags.add("乡村振兴", "产业振兴")
    for position, heading in enumerate(["提高认识", "突出重点", "强化保障", "压实责任"], start=1):
        SectionFactory(
            speech=speech,
            position=position,
            heading=heading,
            body=f"<p>（一）抓好重点。{PARAGRAPH}</p><p>{PARAGRAPH}</p>",
        )
    return {
        "home": "/",
        "list": "/category/xiangcun/",
        "speech": speech.get_absolute_url(),
        "search": "/search/?q=乡村振兴",
        "meetings": "/meeting/",
        "meeting": meeting.get_absolute_url(),
        "tags": "/tag/",
        "tag": "/tag/乡村振兴/",
    }


@pytest.fixture(params=list(WIDTHS))
def viewport(request, browser):
    width = WIDTHS[request.param]
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": 900 if width > 400 else 740},
        is_mobile=width < 400,
        device_scale_factor=2 if width < 400 else 1,
        bypass_csp=True,  # lets the test inject axe-core; the site's own CSP is tested elsewhere
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield request.param, page
    context.close()


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )


def test_public_pages_pass_axe_without_console_errors_or_sideways_scroll(live_server, site, viewport, screenshot):
    name, page = viewport
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    results = {}
    for kind, path in site.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = run_axe(page)
        results[kind] = violations
        screenshot(page, f"a11y-{kind}-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], (kind, width)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    serious = {kind: [v for v in found if v["impact"] in ("serious", "critical")] for kind, found in results.items()}
    assert not any(serious.values()), serious
    assert errors == []


def test_speech_page_is_light_and_nothing_blocks_rendering(live_server, site, page):
    response = page.goto(live_server.url + site["speech"])
    sizes = {response.url: len(response.body())}
    # Every stylesheet (print included) and script the page links, fetched as the browser would.
    linked = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet][href], script[src]')].map(e => e.href || e.src)"
    )
    for url in linked:
        sizes[url] = len(page.request.get(url).body())
    assert len(sizes) >= 4  # the page, site.css, rich-text.css, print.css, print.js
    total = sum(sizes.values())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "speech-page-weight.txt").write_text(f"{total} bytes: {json.dumps(sizes, indent=1)}\n")
    assert total < PAGE_WEIGHT_LIMIT, sizes
    blocking = page.evaluate(
        "() => [...document.querySelectorAll('head script[src]')]"
        ".filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)"
    )
    assert blocking == []
    # The print and Word buttons are there, the print one shown by its (deferred) script.
    assert page.get_by_role("button", name="打印").is_visible()
    assert page.get_by_role("link", name="下载 Word").is_visible()


def test_side_column_is_beside_the_article_on_desktop_and_below_on_phones(live_server, site, page, phone_page):
    page.goto(live_server.url + site["speech"])
    article, side = page.locator("article.speech").bounding_box(), page.locator(".side-column").bounding_box()
    assert side["x"] >= article["x"] + article["width"] and side["y"] < article["y"] + 200
    phone_page.goto(live_server.url + site["speech"])
    article, side = (
        phone_page.locator("article.speech").bounding_box(),
        phone_page.locator(".side-column").bounding_box(),
    )
    assert side["y"] >= article["y"] + article["height"]
    # The header's search box lines up with the site name on a phone.
    name_x = phone_page.locator(".site-name").bounding_box()["x"]
    search_x = phone_page.locator(".site-search").bounding_box()["x"]
    assert abs(search_x - name_x) <= 1, (name_x, search_x)
