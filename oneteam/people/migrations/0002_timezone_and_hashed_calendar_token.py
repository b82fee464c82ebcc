import hashlib

from django.db import migrations, models

import oneteam.people.models


def hash_calendar_tokens(apps, schema_editor):
    """Keep every existing feed address working: store the hash of its secret."""
    User = apps.get_model("people", "User")
    for user in User.objects.exclude(calendar_token="").only("pk", "calendar_token"):
        User.objects.filter(pk=user.pk).update(
            calendar_token_hash=hashlib.sha256(user.calendar_token.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="timezone",
            field=models.CharField(
                blank=True, help_text="Where the person is: every date they read is shown in this zone.",
                max_length=64, validators=[oneteam.people.models.validate_timezone], verbose_name="time zone",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="calendar_token_hash",
            field=models.CharField(blank=True, default=None, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(hash_calendar_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="user", name="calendar_token"),
    ]
