from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo community: data files loaded through every app's services.

    The top of the stack: it may import any app, and no app imports it.
    """

    name = "oneteam.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
