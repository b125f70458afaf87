from django.apps import AppConfig


class TalentpoolConfig(AppConfig):
    name = "stint.talentpool"
    label = "talentpool"

    def ready(self) -> None:
        # Followers hear of an organization's new projects (stint.projects.signals).
        # local import: AppConfig.ready() runs once the app registry is ready (models import safely)
        from stint.projects.access import register_access_grant
        from stint.projects.signals import project_published
        from stint.talentpool.access import project_invited_from_pool
        from stint.talentpool.receivers import notify_followers

        project_published.connect(notify_followers, dispatch_uid="talentpool.notify_followers")
        # A talent invited from the pool may open an unlisted or invite-only project and apply.
        register_access_grant(project_invited_from_pool)
