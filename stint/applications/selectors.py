"""Reads of applications, scoped to the acting user. Outside their scope: 404, never 403."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Case, F, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from stint.applications.choices import ACTIONS, SCORABLE_STATUSES, ApplicationStatus
from stint.applications.models import Application
from stint.core.errors import NotFound
from stint.core.transitions import actions_open
from stint.core.types import Actor, User
from stint.organizations.selectors import user_is_member
from stint.projects.access import Access, project_access
from stint.projects.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # annotated rows (a dev-only package: types only)

SORTS = ("fit", "created_at", "-created_at", "status", "-status", "rubric_total", "-rubric_total")
DEFAULT_SORT = "fit"

_STATUS_ORDER = [
    ApplicationStatus.OFFERED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.HIRED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.EXPIRED,
    ApplicationStatus.WITHDRAWN,
]


def _authenticated(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _base() -> QuerySet[Application]:
    return Application.objects.select_related("project", "project__organization", "talent").annotate(
        profile_id=F("talent__talent_profile__id")
    )


# --- Projects, as seen by a talent who wants to apply --------------------------------------------


def project_get_for_application(*, talent: User, project_id: Any, secret: str = "") -> Project:
    """The project a signed-in user wants to apply to; 404 when ``project_access`` lets them see
    nothing of it (an unlisted project needs its secret link: ``secret``). Whether they may apply
    (talent role, open) is ``application_submit``'s check."""
    project = Project.objects.select_related("organization").filter(pk=project_id).first()
    if (
        project is None
        or not _authenticated(talent)
        or project_access(project=project, user=talent, secret=secret) is Access.NONE
    ):
        raise NotFound(_("Project not found."))
    return project


def project_get_for_company(*, user: User, project_id: Any) -> Project:
    """The project if ``user`` is a member of its organization (any role); 404 otherwise."""
    project = Project.objects.select_related("organization").filter(pk=project_id).first()
    if project is None or not user_is_member(user=user, organization_id=project.organization_id):
        raise NotFound(_("Project not found."))
    return project


# --- Applications ----------------------------------------------------------------------------------


def application_list_for_talent(*, talent: User) -> QuerySet[Application]:
    if not _authenticated(talent):
        return Application.objects.none()
    return _base().filter(talent=talent).prefetch_related("rubric_scores").order_by("-created_at")


def application_get_for_talent(*, talent: User, application_id: Any) -> Application:
    application = (
        _base()
        .prefetch_related("rubric_scores")
        .filter(pk=application_id, talent_id=getattr(talent, "pk", None))
        .first()
        if _authenticated(talent)
        else None
    )
    if application is None:
        raise NotFound(_("Application not found."))
    return application


def rubric_total_expression(rubric: list[dict[str, Any]]) -> Any:
    """Σ score × weight over the project's rubric, as a SQL expression (0 when nothing is scored)."""
    whens = [
        When(rubric_scores__criterion=item["criterion"], then=F("rubric_scores__score") * int(item.get("weight") or 1))
        for item in rubric
        if item.get("criterion")
    ]
    if not whens:
        return Value(0, output_field=IntegerField())
    return Coalesce(Sum(Case(*whens, default=Value(0), output_field=IntegerField())), Value(0))


class RubricAnnotations(TypedDict):
    """What ``application_list_for_project`` adds to each application."""

    rubric_total: int


def application_list_for_project(
    *, user: User, project_id: Any, sort: str = "-created_at"
) -> QuerySet[WithAnnotations[Application, RubricAnnotations]]:
    """The project's applications for a member of its organization, sortable by ``SORTS``."""
    project = project_get_for_company(user=user, project_id=project_id)
    qs = (
        _base()
        .filter(project=project)
        .annotate(rubric_total=rubric_total_expression(project.rubric or []))
        .prefetch_related("rubric_scores")
    )
    if sort not in SORTS or sort == "fit":
        sort = "-created_at"
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "status":
        order = Case(*[When(status=s, then=Value(i)) for i, s in enumerate(_STATUS_ORDER)], output_field=IntegerField())
        return qs.order_by(order.desc() if descending else order.asc(), "-created_at")
    if key == "rubric_total":
        return qs.order_by(F("rubric_total").desc() if descending else F("rubric_total").asc(), "-created_at")
    return qs.order_by(sort)


def application_get_for_company(*, user: User, application_id: Any) -> Application:
    application = _base().prefetch_related("rubric_scores").filter(pk=application_id).first()
    if application is None or not user_is_member(user=user, organization_id=application.project.organization_id):
        raise NotFound(_("Application not found."))
    return application


def application_get_for_participant(*, user: User, application_id: Any) -> tuple[Application, str]:
    """The application for its talent (side ``"talent"``) or a member of the project's organization
    (side ``"company"``); 404 for everyone else."""
    if not _authenticated(user):
        raise NotFound(_("Application not found."))
    application = _base().prefetch_related("rubric_scores").filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("Application not found."))
    if application.talent_id == user.pk:
        return application, "talent"
    if user_is_member(user=user, organization_id=application.project.organization_id):
        return application, "company"
    raise NotFound(_("Application not found."))


def scores_visible(*, application: Application, side: str) -> bool:
    """The company always sees its scores; the talent sees them once rejected."""
    return side == "company" or application.status == ApplicationStatus.REJECTED


def application_scores(application: Application) -> list[dict[str, Any]]:
    return [{"criterion": s.criterion, "score": s.score} for s in application.rubric_scores.all()]


def application_rubric_total(application: Application) -> int | None:
    weights = {r.get("criterion"): int(r.get("weight") or 1) for r in application.project.rubric or []}
    scores = list(application.rubric_scores.all())
    if not scores:
        return None
    return sum(s.score * weights.get(s.criterion, 0) for s in scores)


def best_shortlisted_application(*, project_id: Any) -> Application | None:
    """The project's shortlisted applicant with the highest weighted rubric total (then the earliest)."""
    candidates = list(
        Application.objects.filter(project_id=project_id, status=ApplicationStatus.SHORTLISTED)
        .select_related("project", "project__organization", "talent")
        .prefetch_related("rubric_scores")
        .order_by("created_at")
    )
    if not candidates:
        return None
    return max(candidates, key=lambda a: (application_rubric_total(a) or 0, -a.created_at.timestamp()))


def talent_applied_to_organization_of(member: Actor, talent_user_id: Any) -> bool:
    """Has this talent applied to a project of an organization ``member`` belongs to? (A résumé
    grant of ``stint.talent.selectors``, registered by ``ApplicationsConfig.ready``.)

    A withdrawn application does not count: a talent who takes their application back takes their
    profile and résumé back too (unless another application to that organization stands)."""
    if not member.is_authenticated:
        return False
    return (
        Application.objects.filter(talent_id=talent_user_id, project__organization__memberships__user=member)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    )


def application_side(*, application: Application, user: User) -> str | None:
    """``"talent"`` (its applicant), ``"company"`` (a member of the project's organization) or None."""
    if not _authenticated(user):
        return None
    if application.talent_id == user.pk:
        return "talent"
    if user_is_member(user=user, organization_id=application.project.organization_id):
        return "company"
    return None


def application_allowed_actions(*, application: Application, side: str | None) -> list[str]:
    """The actions the viewer on ``side`` (``application_side``) may take on ``application`` now,
    named as in its URLs (``POST /applications/{id}/<action>``): from ``ACTIONS`` in choices.py,
    plus ``score`` for the company while the application can be scored. The pages show these
    buttons and the API returns them as ``allowed_actions``; the services claim the same table."""
    if side not in ("talent", "company"):
        return []
    actions = actions_open(ACTIONS, status=application.status, side=side)
    if side == "company" and application.status in SCORABLE_STATUSES:
        actions.append("score")
    return actions
