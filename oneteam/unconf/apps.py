from django.apps import AppConfig


class UnconfConfig(AppConfig):
    name = "oneteam.unconf"
    label = "unconf"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry
        from oneteam.events import registry as event_registry

        from . import views

        registry.register_section(
            registry.Section(name="unconferences", order=20, template="unconf/_chapter_section.html",
                             context=views.chapter_section)
        )
        event_registry.register_section(
            event_registry.Section(name="unconference", order=15, template="unconf/_event_section.html",
                                   context=views.event_section)
        )
