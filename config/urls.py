from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("speeches.api.urls")),
    path("", include("speeches.urls")),
]

# 503 with Retry-After when the database cannot be reached, else 500 (speeches/faults.py).
handler500 = "speeches.faults.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
