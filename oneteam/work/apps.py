from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "oneteam.work"
    label = "work"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Work register"

    def ready(self) -> None:
        from oneteam.chapters import registry

        from . import views

        registry.register_section(
            registry.Section(name="work", order=20, template="work/_chapter_section.html",
                             context=views.chapter_section)
        )
