from django.apps import AppConfig


class LeanCoffeeConfig(AppConfig):
    name = "oneteam.leancoffee"
    label = "leancoffee"
    verbose_name = "Lean coffee"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry as chapter_registry
        from oneteam.events import registry as event_registry

        from . import views

        chapter_registry.register_section(
            chapter_registry.Section(name="leancoffee", order=20, template="leancoffee/_chapter_section.html",
                                     context=views.chapter_section)
        )
        event_registry.register_section(
            event_registry.Section(name="leancoffee", order=10, template="leancoffee/_event_section.html",
                                   context=views.event_section)
        )
        event_registry.register_my_events_section(
            event_registry.MySection(name="leancoffee", order=10, template="leancoffee/_my_actions.html",
                                     context=views.my_events_section)
        )
