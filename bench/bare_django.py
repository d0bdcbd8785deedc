"""The Django ceiling for bench/load.py: a bare Django 5.2 project (no middleware, no
database, no templates) whose one view returns the bytes of the file named by
BARE_PAGE_FILE from memory, for any path. Served by gunicorn like the site:

    BARE_PAGE_FILE=page.html gunicorn --pythonpath bench bare_django:application
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import re_path

PAGE = Path(os.environ["BARE_PAGE_FILE"]).read_bytes()


def page(request, path=""):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"^(?P<path>.*)$", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-django-benchmark",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)
application = get_wsgi_application()
