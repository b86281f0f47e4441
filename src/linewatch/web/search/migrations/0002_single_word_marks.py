"""Marks of one-word names (aliases, surnames recorded alone) for people indexed before."""

from django.db import migrations


def add_marks(apps, schema_editor):  # type: ignore[no-untyped-def]
    from linewatch.web.search.index import add_single_word_marks

    add_single_word_marks(apps.get_model("pole", "Person"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_marks, migrations.RunPython.noop, elidable=True)]
