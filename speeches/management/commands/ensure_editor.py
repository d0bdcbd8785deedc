"""Create the first editor account with a generated password, printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "创建编辑账号（首次运行时生成并打印一次密码）。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, username, url, **options):
        User = get_user_model()
        self.stdout.write(f"管理后台：{url}")
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"编辑账号 {username} 已存在（密码只在创建时显示一次；"
                f"忘记密码请运行 python manage.py changepassword {username})。"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"已创建编辑账号：用户名 {username} 密码 {password}"))
        self.stdout.write("请妥善保存，此密码不会再次显示。")
