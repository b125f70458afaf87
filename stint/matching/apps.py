from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "stint.matching"
    label = "matching"
