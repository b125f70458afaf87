from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "stint.projects"
    label = "projects"
