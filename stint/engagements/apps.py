from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "stint.engagements"
    label = "engagements"
