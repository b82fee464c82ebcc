from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "oneteam.stories"
    label = "stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oneteam.chapters import registry as chapter_registry
        from oneteam.goals import registry as principle_registry

        from . import views

        chapter_registry.register_section(
            chapter_registry.Section(name="stories", order=30, template="stories/_chapter_section.html",
                                     context=views.chapter_section)
        )
        principle_registry.register_section(
            principle_registry.Section(name="stories", order=10, template="stories/_principle_section.html",
                                       context=views.principle_section)
        )
        principle_registry.register_section(
            principle_registry.Section(name="stories", order=10, template="stories/_goal_section.html",
                                       context=views.goal_section, page=principle_registry.GOAL)
        )
