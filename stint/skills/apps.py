from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "stint.skills"
    label = "skills"
