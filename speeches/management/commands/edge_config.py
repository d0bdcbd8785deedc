"""Print deploy/nginx.conf filled in from the settings and the given addresses.

The cookie names the edge must not cache for, STATIC_ROOT and MEDIA_ROOT come from the
settings, so the edge and the app cannot disagree about them (deploy/README.md).
"""

import getpass
import re
from pathlib import Path
from string import Template

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.replicas import READ_YOUR_WRITES_COOKIE

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


def nginx_conf(listen, upstreams, prefix, user):
    values = {
        "LISTEN": listen,
        "UPSTREAM_SERVERS": "\n".join(f"        server {address};" for address in upstreams),
        "PREFIX": str(prefix),
        "USER": user,
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SESSION_COOKIE_NAME": settings.SESSION_COOKIE_NAME,
        "CSRF_COOKIE_NAME": settings.CSRF_COOKIE_NAME,
        "READ_YOUR_WRITES_COOKIE": READ_YOUR_WRITES_COOKIE,
    }
    # safe_substitute: nginx's own $variables stay as they are; ${...} are ours, all filled.
    text = Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(values)
    if re.search(r"\$\{[A-Z_]+\}", text):
        raise CommandError(f"{TEMPLATE} has a placeholder this command does not fill")
    return text


class Command(BaseCommand):
    help = "输出填好地址和设置的 nginx 配置（边缘缓存，见 deploy/README.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx 监听的地址")
        parser.add_argument("--upstream", action="append", help="gunicorn 的地址，可重复（默认 127.0.0.1:8000）")
        parser.add_argument("--prefix", required=True, help="nginx 写入 pid、日志、缓存和临时文件的目录")
        parser.add_argument("--user", default=getpass.getuser(), help="nginx 工作进程的用户")

    def handle(self, *args, **options):
        upstreams = options["upstream"] or ["127.0.0.1:8000"]
        self.stdout.write(nginx_conf(options["listen"], upstreams, Path(options["prefix"]).resolve(), options["user"]))
