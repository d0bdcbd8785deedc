import pytest

from speeches.models import Speech
from tests.factories import SectionFactory, SpeechFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_preview_button_shows_the_unsaved_change_in_a_new_tab(page, live_server, django_user_model, screenshot):
    django_user_model.objects.create_superuser("chief", "", "s3cret-pass-123")
    speech = SpeechFactory(draft=True, title="已保存的标题")
    SectionFactory(speech=speech, position=1, heading="已保存的小标题")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/speeches/speech/{speech.pk}/change/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "s3cret-pass-123")
    page.click("input[type=submit]")
    page.fill("#id_title", "浏览器里改的标题")
    page.fill("#id_sections-0-heading", "浏览器里改的小标题")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="预览未保存的修改").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "浏览器里改的标题"
    assert "一、浏览器里改的小标题" in preview.locator("article").inner_text()
    assert preview.locator(".preview-banner").inner_text().startswith("预览")
    assert screenshot(preview, "preview-unsaved").stat().st_size > 5_000
    assert Speech.objects.get(pk=speech.pk).title == "已保存的标题"
