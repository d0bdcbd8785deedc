"""Login throttling with django-axes: the Chinese lockout page, and the record 主编 unlock.

After settings.AXES_FAILURE_LIMIT wrong passwords for one username, or from one client
address (speeches/clients.py), further logins for it are refused for
AXES_COOLOFF_TIME, even with the right password. Each failure is an AccessAttempt row
(in the database, so every app server sees it); deleting the rows unlocks at once, which
is what the admin's 登录失败记录 page does for 主编 (admin_logins.py).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 page saying why and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


class LoginFailures(AccessAttempt):
    """AccessAttempt under a Chinese name, with permissions of its own for the 主编 group."""

    class Meta:
        proxy = True
        app_label = "speeches"
        verbose_name = verbose_name_plural = "登录失败记录"
        default_permissions = ("view", "delete")
