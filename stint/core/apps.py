from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stint.core"
    label = "core"
    verbose_name = "Core"
