from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "stint.planner"
    label = "planner"
