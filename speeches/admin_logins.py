"""The 主编's unlock page: login failures recorded by django-axes (speeches/logins.py)."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from .logins import LoginFailures


@admin.register(LoginFailures)
class LoginFailuresAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures", "locked", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = readonly_fields = ["username", "ip_address", "user_agent", "failures", "attempt_time", "path_info"]

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, record):
        return record.failures_since_start

    @admin.display(description="仍在锁定", boolean=True)
    def locked(self, record):
        recent = record.attempt_time >= timezone.now() - settings.AXES_COOLOFF_TIME
        return recent and record.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description="解锁所选账号和地址（清除失败记录）", permissions=["delete"])
    def unlock(self, request, queryset):
        names = sorted({record.username or record.ip_address for record in queryset})
        count = queryset.delete()[0]
        self.message_user(request, f"已解锁：{'、'.join(names)}（清除 {count} 条失败记录）。")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "解锁" says what deleting means here
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
