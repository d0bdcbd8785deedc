import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_logs_in_and_sees_the_chinese_admin(page, live_server, django_user_model, screenshot):
    django_user_model.objects.create_superuser("editor", "", "s3cret-pass-123")
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("#site-name").inner_text() == "讲稿库管理后台"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="讲话稿").first.is_visible()
    assert screenshot(page, "admin-index").stat().st_size > 10_000
