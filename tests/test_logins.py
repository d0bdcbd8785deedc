"""Issue 14, row 8: login throttling (django-axes). After LOGIN_FAILURE_LIMIT wrong
passwords for a username, or from one address, logins are refused (429, in Chinese) even
with the right password, until the cool-off ends or a 主编 unlocks them in the admin."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from speeches.logins import LoginFailures

from .workflow_helpers import editor_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every login attempt hashes a password; the production hasher takes ~0.3 s on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(username, password, address="203.0.113.7"):
    """A fresh browser (no cookies) posting the admin's login form from `address`."""
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def set_password(user, password="right-password-1"):
    user.set_password(password)
    user.save()
    return user


def test_a_username_is_locked_after_the_limit_even_with_the_right_password():
    writer = set_password(editor_user())
    for attempt in range(LIMIT - 1):
        response = log_in(writer.username, f"wrong-{attempt}", address=f"198.51.100.{attempt}")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    assert log_in(writer.username, "wrong-again", address="198.51.100.98").status_code == 429  # the limit-th
    refused = log_in(writer.username, "right-password-1", address="198.51.100.99")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "登录已暂时锁定" in html and f"连续 {LIMIT} 次输错密码" in html and "联系主编" in html
    # Another account from the same addresses is not affected.
    other = set_password(editor_user("xiaozhang"))
    assert log_in(other.username, "right-password-1", address="198.51.100.1").status_code == 302


def test_an_address_is_locked_after_the_limit_across_usernames():
    writer = set_password(editor_user())
    for attempt in range(LIMIT):
        log_in(f"guess{attempt}", "wrong", address="192.0.2.50")
    assert log_in(writer.username, "right-password-1", address="192.0.2.50").status_code == 429
    assert log_in(writer.username, "right-password-1", address="192.0.2.51").status_code == 302


def test_a_success_before_the_limit_clears_the_count():
    writer = set_password(editor_user())
    for _ in range(LIMIT - 1):
        log_in(writer.username, "wrong")
    assert log_in(writer.username, "right-password-1").status_code == 302
    for _ in range(LIMIT - 1):
        log_in(writer.username, "wrong")
    assert log_in(writer.username, "right-password-1").status_code == 302


def test_a_chief_editor_unlocks_in_the_admin(chief):
    writer = set_password(editor_user())
    for _ in range(LIMIT):
        log_in(writer.username, "wrong")
    assert log_in(writer.username, "right-password-1").status_code == 429

    page = chief.get(reverse("admin:speeches_loginfailures_changelist"))
    assert page.status_code == 200 and writer.username in page.content.decode()
    assert "登录失败记录" in chief.get(reverse("admin:index")).content.decode()
    records = LoginFailures.objects.filter(username=writer.username)
    response = chief.post(
        reverse("admin:speeches_loginfailures_changelist"),
        {"action": "unlock", "_selected_action": [record.pk for record in records]},
        follow=True,
    )
    assert f"已解锁：{writer.username}" in response.content.decode()
    assert log_in(writer.username, "right-password-1").status_code == 302


def test_editors_cannot_see_or_clear_login_failures(editor):
    assert editor.get(reverse("admin:speeches_loginfailures_changelist")).status_code == 403


def test_behind_proxies_the_forwarded_client_address_is_the_one_locked(settings):
    from django.test import RequestFactory

    from speeches.clients import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"  # what the outer proxy saw; 6.6.6.6 is the client's claim
    settings.TRUSTED_PROXY_COUNT = 4
    assert client_ip(request) == "0.0.0.0"  # fewer hops than promised: not trusted
