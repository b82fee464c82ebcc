from django.apps import AppConfig


class ChaptersConfig(AppConfig):
    name = "oneteam.chapters"
    label = "chapters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import jobs

        jobs.register()
