"""Programmes now get their promised benefits when they are created (programme_prepare),
not when a coordinator first opens a page. Give the programmes that exist already theirs."""

from django.db import migrations


def add_built_in_benefits(apps, schema_editor):
    from mentorlab.surveys.benefits import BUILT_IN_BENEFITS

    Programme = apps.get_model("programmes", "Programme")
    ProgrammeBenefit = apps.get_model("surveys", "ProgrammeBenefit")
    for programme in Programme.objects.all():
        existing = set(
            ProgrammeBenefit.objects.filter(programme=programme).values_list("audience", "key")
        )
        ProgrammeBenefit.objects.bulk_create(
            [
                ProgrammeBenefit(
                    programme=programme,
                    audience=audience,
                    key=key,
                    statement=str(statement),
                    order=order,
                )
                for audience, benefits in BUILT_IN_BENEFITS.items()
                for order, (key, statement) in enumerate(benefits)
                if (audience, key) not in existing
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_surveys_items_invitations_responses"),
        ("programmes", "0002_programme_suggestions_show_offer"),
    ]

    operations = [migrations.RunPython(add_built_in_benefits, migrations.RunPython.noop)]
