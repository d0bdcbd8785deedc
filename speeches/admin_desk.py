"""The admin home as the editor's desk (speeches.desk), for editors and 主编 alike."""

from django.contrib import admin

from .desk import desk_panels


class DeskAdminSite(admin.AdminSite):
    site_header = "讲稿库管理后台"
    site_title = "讲稿库"
    index_title = "工作台"
    index_template = "admin/speeches/desk.html"
    # The desk and the breadcrumbs lead everywhere; the sidebar took 300 px from every list.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        return super().index(request, {"desk": desk_panels(request.user), **(extra_context or {})})
