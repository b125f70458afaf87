from typing import Any

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "stint.projects"
    label = "projects"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(_bind_invitations, dispatch_uid="projects.bind_invitations_on_email_confirmed")


def _bind_invitations(sender: Any, request: Any = None, email_address: Any = None, **kwargs: Any) -> None:
    """Invitations sent to an address reach the talent account once it confirms that address."""
    from stint.projects.services import project_invitations_bind

    if email_address is not None and email_address.user_id:
        project_invitations_bind(user=email_address.user, email=email_address.email)
