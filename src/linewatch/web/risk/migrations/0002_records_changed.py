# The "records last changed at" stamp for worklist freshness (web/risk/freshness.py).

from django.db import migrations, models
from django.utils import timezone


def stamp_now(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Start stamped: runs stored before this migration are recomputed once."""
    stamps = apps.get_model("risk", "RecordsChanged").objects.using(schema_editor.connection.alias)
    stamps.create(pk=1, changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="RecordsChanged",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.AddField(
            model_name="riskrun",
            name="records_changed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The records-changed stamp when the inputs were read.",
                null=True,
            ),
        ),
        migrations.RunPython(stamp_now, migrations.RunPython.noop),
    ]
