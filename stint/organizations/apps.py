from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "stint.organizations"
    label = "organizations"
