# Invitations made before they were by address: record the invited account's address (lower-cased).

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower


def backfill(apps, schema_editor):
    ProjectInvitation = apps.get_model("projects", "ProjectInvitation")
    User = apps.get_model("accounts", "User")
    email = Subquery(User.objects.filter(pk=OuterRef("talent_id")).values("email")[:1])
    ProjectInvitation.objects.filter(email="", talent__isnull=False).update(email=Lower(email))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_invitation_by_email"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
