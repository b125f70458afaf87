from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TALENT = "talent", _("Talent (student or recent graduate)")
    COMPANY = "company", _("Company member")
    ADVISOR = "advisor", _("Advisor (career centre or professor)")
    STAFF = "staff", _("Platform staff")


SIGNUP_ROLES = (Role.TALENT, Role.COMPANY, Role.ADVISOR)
