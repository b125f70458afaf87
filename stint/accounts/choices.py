from django.db import models


class Role(models.TextChoices):
    TALENT = "talent", "Talent (student or recent graduate)"
    COMPANY = "company", "Company member"
    ADVISOR = "advisor", "Advisor (career centre or professor)"
    STAFF = "staff", "Platform staff"


SIGNUP_ROLES = (Role.TALENT, Role.COMPANY, Role.ADVISOR)
