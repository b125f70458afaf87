from django.db import migrations, models


def enable_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Accounts recorded before onboarding was tracked were set up by hand (admin): keep them usable."""
    PayoutAccount = apps.get_model("payments", "PayoutAccount")
    PayoutAccount.objects.exclude(provider="stripe", provider_account_id="").update(payouts_enabled=True)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_funding_purpose_top_ups"),
    ]

    operations = [
        migrations.AddField(
            model_name="payoutaccount",
            name="payouts_enabled",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(enable_existing, migrations.RunPython.noop),
    ]
