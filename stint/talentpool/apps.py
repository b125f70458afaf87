from django.apps import AppConfig


class TalentpoolConfig(AppConfig):
    name = "stint.talentpool"
    label = "talentpool"

    def ready(self) -> None:
        # Followers hear of an organization's new projects (stint.projects.signals).
        from stint.projects.signals import project_published
        from stint.talentpool.receivers import notify_followers

        project_published.connect(notify_followers, dispatch_uid="talentpool.notify_followers")
