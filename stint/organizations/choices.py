from django.db import models


class MemberRole(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"


# Who may do what inside an organization.
MANAGE_MEMBERS = (MemberRole.OWNER, MemberRole.ADMIN)
MANAGE_PROJECTS = (MemberRole.OWNER, MemberRole.ADMIN, MemberRole.MEMBER)


class OrganizationSize(models.TextChoices):
    SOLO = "1", "Just me"
    SMALL = "2-10", "2–10 people"
    MEDIUM = "11-50", "11–50 people"
    LARGE = "51-250", "51–250 people"
    XLARGE = "251-1000", "251–1,000 people"
    ENTERPRISE = "1000+", "More than 1,000 people"
