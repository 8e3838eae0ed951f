from django.db import migrations

AUDIENCES = ["actor", "mentor", "coordinator", "everyone"]
PHASES = ["before-start", "first-meeting", "during", "halfway", "closing"]


def create_rows(apps, schema_editor):
    AudienceTag = apps.get_model("library", "AudienceTag")
    PhaseTag = apps.get_model("library", "PhaseTag")
    for code in AUDIENCES:
        AudienceTag.objects.get_or_create(code=code)
    for code in PHASES:
        PhaseTag.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_articles_and_translations")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
