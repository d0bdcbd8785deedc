from django.apps import AppConfig


class SpeechesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speeches"
    verbose_name = "讲话稿"
