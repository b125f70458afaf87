from django.apps import AppConfig


class ExploreConfig(AppConfig):
    name = "stint.explore"
    label = "explore"
    verbose_name = "Career exploration"
