from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "stint.talent"
    label = "talent"
