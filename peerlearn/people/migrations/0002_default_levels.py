"""A default career ladder so a fresh install can import people at once; admins may rename it."""

import uuid

from django.db import migrations

DEFAULT_LEVELS = [
    (1, "L1", "Entry", "Learning the role with close guidance."),
    (2, "L2", "Associate", "Does routine work independently."),
    (3, "L3", "Professional", "Owns substantial work end to end."),
    (4, "L4", "Senior", "Leads complex work and guides others."),
    (5, "L5", "Lead", "Sets direction across a team."),
    (6, "L6", "Principal", "Shapes practice across teams."),
    (7, "L7", "Director", "Accountable for a whole area."),
]


def add_levels(apps, schema_editor):
    Level = apps.get_model("people", "Level")
    for rank, code, name, description in DEFAULT_LEVELS:
        Level.objects.get_or_create(
            code=code,
            defaults={"id": uuid.uuid4(), "rank": rank, "name": name, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
