from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


# Who may do what inside an organization.
MANAGE_MEMBERS = (MemberRole.OWNER, MemberRole.ADMIN)
MANAGE_PROJECTS = (MemberRole.OWNER, MemberRole.ADMIN, MemberRole.MEMBER)


class OrganizationSize(models.TextChoices):
    SOLO = "1", _("Just me")
    SMALL = "2-10", _("2–10 people")
    MEDIUM = "11-50", _("11–50 people")
    LARGE = "51-250", _("51–250 people")
    XLARGE = "251-1000", _("251–1,000 people")
    ENTERPRISE = "1000+", _("More than 1,000 people")
