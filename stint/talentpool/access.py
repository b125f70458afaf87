"""The talent pool's access grant: a talent invited from the pool to an unlisted or invite-only
project may open it and apply (until they decline)."""

from __future__ import annotations

from typing import Any

from stint.talentpool.choices import PoolInvitationStatus
from stint.talentpool.models import PoolInvitation


def project_invited_from_pool(user: Any, project: Any) -> bool:
    return (
        PoolInvitation.objects.filter(project_id=project.pk, talent=user)
        .exclude(status=PoolInvitationStatus.DECLINED)
        .exists()
    )
