from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "stint.coach"
    label = "coach"
