from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


class EventsConfig(AppConfig):
    name = "oneteam.events"
    label = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry

        from . import health, rituals, selectors, signals, views

        registry.register_activity("events", selectors.recent_or_upcoming)
        registry.register_health_source("events", health.chapter_figures)
        rituals.register()
        registry.register_section(
            registry.Section(name="events", order=10, template="events/_chapter_section.html",
                             context=views.chapter_section)
        )
        pre_delete.connect(signals.free_places_of_deleted_person, sender=settings.AUTH_USER_MODEL,
                           dispatch_uid="events.free_places_of_deleted_person")
