from django.apps import AppConfig


class SpeechesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speeches"
    verbose_name = "讲话稿"

    def ready(self):
        from .search import indexing  # noqa: F401  (connects the index-on-save signals)
