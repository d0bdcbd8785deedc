from django.core.management.base import BaseCommand

from speeches.demo.loader import load_demo


class Command(BaseCommand):
    help = "载入演示内容（可重复执行，已存在的不会重复创建）。"

    def handle(self, **options):
        created = load_demo()
        self.stdout.write(f"演示内容：新建 {created} 篇讲话稿。")
