from pathlib import Path

import pytest

from speeches.models import Speech

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_editor_imports_pages_from_the_changelist(page, live_server, django_user_model, screenshot):
    django_user_model.objects.create_superuser("editor", "", "s3cret-pass-123")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/speeches/speech/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass-123")
    page.click("input[type=submit]")
    page.get_by_role("link", name="导入").click()
    page.set_input_files("#id_files", [str(FIXTURES / "page.html"), str(FIXTURES / "gb18030.txt")])
    page.click("input[value=预览]")
    preview = page.locator("#content")
    assert "提高认识，切实增强做好防汛工作的责任感" in preview.inner_text()
    assert "县委书记在全县民主生活会动员部署会上的讲话" in preview.inner_text()  # decoded from GB18030
    assert screenshot(page, "admin-import-preview").stat().st_size > 10_000
    assert Speech.objects.count() == 0
    page.click("input[value=确认导入]")
    page.wait_for_url(f"{live_server.url}/admin/speeches/speech/")
    assert page.locator(".messagelist .success").count() == 2
    assert Speech.objects.count() == 2
