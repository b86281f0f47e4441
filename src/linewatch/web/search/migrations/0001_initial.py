"""The search index tables, filled for the people and places already recorded."""

import django.db.models.deletion
from django.db import migrations, models


def index_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from linewatch.web.search.index import index_missing

    index_missing(
        apps.get_model("pole", "Person"),
        apps.get_model("pole", "Location"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pole", "0002_person_person_name_order_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="AddressGram",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("gram", models.CharField(max_length=3)),
                (
                    "location",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="pole.location",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["gram", "location"], name="addressgram_gram_loc_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("location", "gram"), name="addressgram_unique_location_gram"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="NameGram",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("gram", models.CharField(max_length=3)),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="pole.person",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["gram", "person"], name="namegram_gram_person_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "gram"), name="namegram_unique_person_gram"
                    )
                ],
            },
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop, elidable=True),
    ]
