"""The rich-text editor in a real Chromium: type, format, paste from Word, upload, save, read."""

import re

import pytest

from speeches.sanitize import sanitize_html
from tests.factories import SectionFactory, SpeechFactory
from tests.images import image_bytes

from .polling import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "s3cret-pass-123"

WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
    '<head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{margin:0}</style></head>'
    '<body lang=ZH-CN><!--StartFragment--><p class=MsoNormal style="text-indent:2em;mso-line-height-alt:20pt">'
    '<b><span style="font-family:黑体;color:red">从Word粘贴的加粗</span></b>'
    '<span lang=EN-US style="font-size:16pt">和普通文字</span><o:p></o:p></p><!--EndFragment--></body></html>'
)


def log_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def editable(page, field_id):
    return page.locator(f"#{field_id} + .ck-editor .ck-editor__editable")


def get_data(page, field_id):
    return page.evaluate(f"window.editors['{field_id}'].getData()")


def test_editor_types_formats_uploads_saves_and_the_public_page_shows_it(
    page, live_server, django_user_model, settings, tmp_path, screenshot
):
    settings.MEDIA_ROOT = tmp_path
    speech = SpeechFactory(title="浏览器编辑测试", opening="<p>旧的开场白</p>")
    SectionFactory(speech=speech, position=1, heading="提高认识", body="<p>旧的正文</p>")
    log_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/speeches/speech/{speech.pk}/change/")
    wait_until(page, "Object.keys(window.editors || {}).length === 3")

    # The UI is Simplified Chinese, with the speech toolbar and no word counter.
    toolbar = page.locator("#id_opening + .ck-editor .ck-toolbar")
    assert toolbar.locator("[data-cke-tooltip-text^='加粗']").count() == 1
    assert toolbar.locator("[data-cke-tooltip-text^='插入表格']").count() == 1
    assert page.locator(".ck-word-count").count() == 0

    # Type a (一) sub-heading and a bold sentence into the opening.
    opening = editable(page, "id_opening")
    opening.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    toolbar.locator(".ck-heading-dropdown button").first.click()
    page.get_by_role("menuitemradio", name="小标题（一）").click()
    page.keyboard.type("(一)浏览器里的小标题")
    page.keyboard.press("Enter")
    page.keyboard.type("同志们,")
    page.keyboard.press("Control+B")
    page.keyboard.type("这是在浏览器里输入的开场白。")
    page.keyboard.press("Control+B")

    # The admin's CSS does not shrink the heading inside the editing area.
    heading_size = opening.locator("h3").evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    assert heading_size >= 17

    # Upload an image through the toolbar (our view, with the CSRF header the editor sends).
    page.keyboard.press("Enter")
    toolbar.locator("input[type=file]").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(320, 200))}
    )
    wait_until(page, "window.editors['id_opening'].getData().includes('src=\"/media/editor/')")

    # Paste from Word into the section body: formatting that matters stays, the rest goes.
    body = editable(page, "id_sections-0-body")
    body.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    body.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '从Word粘贴的加粗和普通文字');
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_HTML,
    )
    wait_until(page, "window.editors['id_sections-0-body'].getData().includes('普通文字')")
    pasted = get_data(page, "id_sections-0-body")
    assert "<strong>从Word粘贴的加粗</strong>" in pasted
    for residue in ["style=", "class=", "Mso", "<o:p", "<span", "<!--"]:
        assert residue not in pasted

    # What the editor produces is what the sanitizer keeps, except the image's inline
    # aspect-ratio style (its width and height attributes give browsers the same ratio).
    for field_id in ["id_opening", "id_sections-0-body"]:
        data = get_data(page, field_id)
        assert sanitize_html(data) == re.sub(r' style="aspect-ratio:\d+/\d+;"', "", data), data

    # A section added on the page gets its own editor.
    page.locator("#sections-group .add-row a").click()
    wait_until(page, "Object.keys(window.editors).length === 4")
    page.fill("#id_sections-1-heading", "强化责任")
    editable(page, "id_sections-1-body").click()
    page.keyboard.type("新增章节的正文。")

    screenshot(page, "admin-editor")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/speeches/speech/")

    page.goto(f"{live_server.url}/speech/{speech.pk}/")
    article = page.locator("article.speech")
    assert article.locator(".opening h3").inner_text() == "(一)浏览器里的小标题"
    assert article.locator(".opening strong").inner_text() == "这是在浏览器里输入的开场白。"
    assert article.locator(".opening img").get_attribute("src").startswith("/media/editor/")
    assert "从Word粘贴的加粗和普通文字" in article.locator("#section-1").inner_text()
    assert "旧的开场白" not in article.inner_text()
    assert article.locator("#section-2 h2").inner_text() == "二、强化责任"
    assert "新增章节的正文。" in article.locator("#section-2").inner_text()
    screenshot(page, "speech-after-editing")


# One toolbar command per entry, applied to a fresh paragraph "甲乙丙" selected whole.
TOOLBAR_COMMANDS = [
    ["heading", {"value": "heading3"}],
    ["heading", {"value": "heading4"}],
    ["bold"],
    ["italic"],
    ["bulletedList"],
    ["numberedList"],
    ["blockQuote"],
    ["link", "https://www.gov.cn/"],
    ["link", "/speech/1/"],
    ["shiftEnter"],
    ["insertTable", {"rows": 2, "columns": 2}],
]
# Editor-internal markers the sanitizer drops on purpose (lists get fresh ids on load;
# width/height attributes already give images their ratio).
EDITOR_ONLY = re.compile(r' data-list-item-id="[^"]*"| style="aspect-ratio:\d+/\d+;"')


def test_every_toolbar_feature_produces_html_the_sanitizer_keeps(page, live_server, django_user_model):
    speech = SpeechFactory(opening="<p>x</p>")
    log_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/speeches/speech/{speech.pk}/change/")
    wait_until(page, "window.editors && window.editors['id_opening']")
    outputs = page.evaluate(
        """(commands) => {
            const editor = window.editors['id_opening'];
            return commands.map(([name, ...args]) => {
                editor.setData('<p>甲乙丙</p>');
                editor.model.change(writer => {
                    writer.setSelection(editor.model.document.getRoot().getChild(0), 'in');
                });
                editor.execute(name, ...args);
                if (name === 'insertTable') editor.execute('mergeTableCellRight');
                if (name === 'shiftEnter') editor.execute('insertText', {text: '丁'});
                return editor.getData();
            });
        }""",
        TOOLBAR_COMMANDS,
    )
    expected = [
        "<h3>",
        "<h4>",
        "<strong>",
        "<i>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        'href="https://www.gov.cn/"',
        'href="/speech/1/"',
        "<br>",
        'colspan="2"',
    ]
    for fragment, data in zip(expected, outputs, strict=True):
        assert fragment in data, data
        kept = sanitize_html(data)
        assert kept == EDITOR_ONLY.sub("", data).replace(
            '<a href="https://www.gov.cn/">', '<a href="https://www.gov.cn/" rel="noopener nofollow">'
        ), data
