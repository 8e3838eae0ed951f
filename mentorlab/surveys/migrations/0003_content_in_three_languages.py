"""Content in English, Finnish and Swedish: the existing single-language text becomes the
English (default) version; the Finnish and Swedish ones start empty and fall back to it."""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {'ProgrammeBenefit': ['statement'], 'Survey': ['title', 'intro'], 'Item': ['text', 'help_text', 'choices']}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('surveys', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})




class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_built_in_benefits_for_existing_programmes'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='choices_en',
            field=models.TextField(blank=True, help_text='One per line. For an agreement item, five lines replace the usual labels.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='item',
            name='choices_fi',
            field=models.TextField(blank=True, help_text='One per line. For an agreement item, five lines replace the usual labels.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='item',
            name='choices_sv',
            field=models.TextField(blank=True, help_text='One per line. For an agreement item, five lines replace the usual labels.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='item',
            name='help_text_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='item',
            name='help_text_fi',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='item',
            name='help_text_sv',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='item',
            name='text_en',
            field=models.CharField(max_length=300, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='item',
            name='text_fi',
            field=models.CharField(max_length=300, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='item',
            name='text_sv',
            field=models.CharField(max_length=300, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='programmebenefit',
            name='statement_en',
            field=models.CharField(max_length=300, null=True, verbose_name='statement'),
        ),
        migrations.AddField(
            model_name='programmebenefit',
            name='statement_fi',
            field=models.CharField(max_length=300, null=True, verbose_name='statement'),
        ),
        migrations.AddField(
            model_name='programmebenefit',
            name='statement_sv',
            field=models.CharField(max_length=300, null=True, verbose_name='statement'),
        ),
        migrations.AddField(
            model_name='survey',
            name='intro_en',
            field=models.TextField(blank=True, max_length=3000, null=True, verbose_name='introduction'),
        ),
        migrations.AddField(
            model_name='survey',
            name='intro_fi',
            field=models.TextField(blank=True, max_length=3000, null=True, verbose_name='introduction'),
        ),
        migrations.AddField(
            model_name='survey',
            name='intro_sv',
            field=models.TextField(blank=True, max_length=3000, null=True, verbose_name='introduction'),
        ),
        migrations.AddField(
            model_name='survey',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='survey',
            name='title_fi',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='survey',
            name='title_sv',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.RunPython(copy_into_english, migrations.RunPython.noop),
    ]
