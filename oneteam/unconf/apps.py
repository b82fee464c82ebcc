from django.apps import AppConfig


class UnconfConfig(AppConfig):
    name = "oneteam.unconf"
    label = "unconf"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry

        from . import views

        registry.register_section(
            registry.Section(name="unconferences", order=20, template="unconf/_chapter_section.html",
                             context=views.chapter_section)
        )
