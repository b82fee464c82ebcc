from django.db import migrations, models
from django.db.models import Q


def set_published_at(apps, schema_editor):
    """Published events were published when last saved at the latest. A cancelled
    event that nobody ever signed up for was a draft cancelled before this
    field existed: it becomes a draft again, so it stays invisible."""
    Event = apps.get_model("events", "Event")
    for event in Event.objects.exclude(status="draft"):
        if event.status == "cancelled" and not event.registrations.exists():
            event.status = "draft"
        else:
            event.published_at = event.updated_at or event.created_at
        event.save(update_fields=["status", "published_at"])


class Migration(migrations.Migration):
    dependencies = [("events", "0002_initial")]

    operations = [
        migrations.AddField(model_name="event", name="published_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.RunPython(set_published_at, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True) | (~Q(status="draft") & Q(published_at__isnull=False)),
                name="event_published_at_iff_not_draft",
            ),
        ),
    ]
