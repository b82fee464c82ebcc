from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "oneteam.goals"
    label = "goals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from oneteam.chapters import registry
        from oneteam.leancoffee import registry as lean_coffee_registry

        from . import views

        registry.register_section(
            registry.Section(name="goals", order=20, template="goals/_chapter_section.html",
                             context=views.chapter_section)
        )
        lean_coffee_registry.register_action_link(
            lean_coffee_registry.ActionLink(name="goals", order=10, label=_("Take it forward"),
                                            url=views.lean_coffee_action_url)
        )
