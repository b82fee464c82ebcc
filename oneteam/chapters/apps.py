from django.apps import AppConfig


class ChaptersConfig(AppConfig):
    name = "oneteam.chapters"
    label = "chapters"
    default_auto_field = "django.db.models.BigAutoField"
