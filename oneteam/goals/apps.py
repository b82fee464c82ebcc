from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "oneteam.goals"
    label = "goals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry

        from . import views

        registry.register_section(
            registry.Section(name="goals", order=20, template="goals/_chapter_section.html",
                             context=views.chapter_section)
        )
