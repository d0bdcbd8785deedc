from django.apps import AppConfig


class SpeechesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speeches"
    verbose_name = "讲话稿"

    def ready(self):
        # Register the models with django-reversion and the workflow's system checks.
        from . import checks, revisions  # noqa: F401
