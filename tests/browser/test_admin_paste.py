"""粘贴全文 in Chromium: a paste event carrying Word-style HTML, the preview, the draft."""

import pytest

from speeches.models import Speech

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPENING = "同志们：今天我们召开全县经济工作会议，主要任务是总结去年的工作，安排部署今年的经济工作。下面，我讲两点意见。"
PART_ONE = "一年来，全县上下团结一心，攻坚克难，经济运行总体平稳，主要指标好于预期，发展质量稳步提升。"
PART_TWO = "今年是实施“十四五”规划的关键一年，我们要坚持稳中求进工作总基调，统筹发展和安全，全力以赴稳增长。"
CLIPBOARD_HTML = (
    "<p class=MsoTitle align=center><b>在全县经济工作会议上的讲话</b></p>"
    f"<p class=MsoNormal>{OPENING}</p><h2>一、认清形势</h2><p class=MsoNormal><b>（一）成绩来之不易。</b>{PART_ONE}</p>"
    f"<h2>二、突出重点</h2><p class=MsoNormal>{PART_TWO}</p><script>window.pwned = true</script>"
)
# What the browser does when an editor presses Ctrl+V with Word's HTML on the clipboard.
PASTE = """([html, text]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", text);
  const area = document.getElementById("paste-area");
  area.focus();
  area.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_editor_pastes_word_html_checks_the_split_and_saves_a_draft(page, live_server, django_user_model, screenshot):
    django_user_model.objects.create_superuser("editor", "", "s3cret-pass-123")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/speeches/speech/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass-123")
    page.click("input[type=submit]")
    page.get_by_role("link", name="粘贴全文").click()
    page.wait_for_selector("#paste-area", state="visible")  # paste.js swaps the plain box for it
    assert not page.locator("textarea[name=text]").is_visible()

    plain = "\n".join(["在全县经济工作会议上的讲话", OPENING, "一、认清形势", PART_ONE, "二、突出重点", PART_TWO])
    page.evaluate(PASTE, [CLIPBOARD_HTML, plain])
    assert "在全县经济工作会议上的讲话" in page.locator("#paste-area").inner_text()
    assert page.evaluate("window.pwned") is None  # pasted markup never runs
    page.click("input[value=预览拆分结果]")

    preview = page.locator("#content")
    text = preview.inner_text()
    assert "一、认清形势" in text and "二、突出重点" in text and "（一）成绩来之不易" not in text.split("章节")[0]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    assert screenshot(page, "admin-paste-preview").stat().st_size > 10_000
    assert not Speech.objects.exists()
    page.fill("#id_title", "县长在全县经济工作会议上的讲话")
    page.fill("#id_heading_1", "认清形势，坚定信心")
    page.click("input[value=保存为草稿]")

    page.wait_for_url(f"{live_server.url}/admin/speeches/speech/*/change/")
    speech = Speech.objects.get()
    assert speech.title == "县长在全县经济工作会议上的讲话" and speech.status == Speech.Status.DRAFT
    sections = list(speech.sections.order_by("position"))
    assert [s.heading for s in sections] == ["认清形势，坚定信心", "突出重点"]
    assert "<h3>（一）成绩来之不易</h3>" in sections[0].body
    assert "pwned" not in sections[0].body + speech.opening
