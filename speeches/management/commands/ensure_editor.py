"""Create the demo accounts (主编, 编辑, administrator) with generated passwords.

`make run` calls this: a newcomer can try the 编辑 → 主编 review flow at once. A password
is printed when its account is created, never again; --reset gives the demo accounts new
ones."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from speeches.workflow import CHIEF_EDITOR_GROUP, EDITOR_GROUP

# (username, role shown, group or None for the superuser)
ACCOUNTS = [
    ("zhubian", "主编", CHIEF_EDITOR_GROUP),
    ("bianji", "编辑", EDITOR_GROUP),
    ("admin", "系统管理员", None),
]


class Command(BaseCommand):
    help = "创建演示账号：主编、编辑和系统管理员（首次创建时生成并打印密码）。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")
        parser.add_argument("--reset", action="store_true", help="为已有的演示账号重新生成密码。")

    def handle(self, url, reset, **options):
        User = get_user_model()
        self.stdout.write(f"管理后台：{url}")
        for username, role, group_name in ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is not None and not reset:
                self.stdout.write(
                    f"{role}账号 {username} 已存在（密码只在创建时显示一次；"
                    "忘记密码请运行 python manage.py ensure_editor --reset）。"
                )
                continue
            password = secrets.token_urlsafe(12)
            if user is None and group_name is None:
                user = User.objects.create_superuser(username=username, email="", password=password)
            elif user is None:
                user = User.objects.create_user(username=username, password=password, is_staff=True)
                user.groups.add(Group.objects.get(name=group_name))
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            self.stdout.write(self.style.SUCCESS(f"{role}账号：用户名 {username} 密码 {password}"))
        self.stdout.write("请妥善保存，密码不会再次显示。")
