# Real-name verification against the identity-verification service (实名核验).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_officials_two_factor_and_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="real_name_checked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="核验时间"),
        ),
        migrations.AddField(
            model_name="person",
            name="real_name_reference",
            field=models.CharField(blank=True, max_length=64, verbose_name="核验流水号"),
        ),
    ]
