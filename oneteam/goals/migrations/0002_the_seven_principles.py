"""The seven principles, as reference data every app tags with (in our own words)."""

from django.db import migrations

from oneteam.goals.principles import PRINCIPLES, ensure_principles


def add_principles(apps, schema_editor):
    ensure_principles(apps.get_model("goals", "Principle"))


def remove_principles(apps, schema_editor):
    apps.get_model("goals", "Principle").objects.filter(slug__in=[slug for slug, _n, _s in PRINCIPLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(add_principles, remove_principles)]
