from django.apps import AppConfig


class FlowsConfig(AppConfig):
    """Commands that touch more than one app (publishing, hiring, settlement), on top of them all."""

    name = "stint.flows"
    label = "flows"
    verbose_name = "Flows"
