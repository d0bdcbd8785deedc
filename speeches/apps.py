from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class SpeechesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speeches"
    verbose_name = "讲话稿"

    def ready(self):
        from .models import Category, Speech
        from .pagination import invalidate_lists

        # Cached list data (page keys, 栏目 counts) goes stale when speeches or categories change.
        for model in (Speech, Category):
            post_save.connect(invalidate_lists, sender=model, dispatch_uid=f"invalidate-lists-{model.__name__}")
            post_delete.connect(invalidate_lists, sender=model, dispatch_uid=f"invalidate-lists-del-{model.__name__}")
        m2m_changed.connect(invalidate_lists, sender=Speech.tags.through, dispatch_uid="invalidate-lists-tags")

        # Register the models with django-reversion and the workflow's system checks.
        from . import checks, revisions  # noqa: F401
        from .search import indexing  # noqa: F401  (connects the index-on-save signals)


class DeskAdminConfig(admin_apps.AdminConfig):
    """The stock admin whose home is the editor's desk (named in INSTALLED_APPS)."""

    default = False
    default_site = "speeches.admin_desk.DeskAdminSite"
