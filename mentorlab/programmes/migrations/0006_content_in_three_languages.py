"""Content in English, Finnish and Swedish: the existing single-language text becomes the
English (default) version; the Finnish and Swedish ones start empty and fall back to it."""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {'Programme': ['name', 'description'], 'Topic': ['name'], 'CustomQuestion': ['label', 'help_text', 'choices']}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('programmes', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})




class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_programme_retention_months'),
    ]

    operations = [
        migrations.AddField(
            model_name='customquestion',
            name='choices_en',
            field=models.TextField(blank=True, help_text='One choice per line.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='choices_fi',
            field=models.TextField(blank=True, help_text='One choice per line.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='choices_sv',
            field=models.TextField(blank=True, help_text='One choice per line.', null=True, verbose_name='choices'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='help_text_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='help_text_fi',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='help_text_sv',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='help text'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='label_en',
            field=models.CharField(max_length=200, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='label_fi',
            field=models.CharField(max_length=200, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='customquestion',
            name='label_sv',
            field=models.CharField(max_length=200, null=True, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='programme',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='programme',
            name='description_fi',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='programme',
            name='description_sv',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='programme',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='programme',
            name='name_fi',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='programme',
            name='name_sv',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_fi',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_sv',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.RunPython(copy_into_english, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='topic',
            constraint=models.UniqueConstraint(fields=('programme', 'name_en'), name='topic_unique_per_programme-en'),
        ),
        migrations.AddConstraint(
            model_name='topic',
            constraint=models.UniqueConstraint(fields=('programme', 'name_fi'), name='topic_unique_per_programme-fi'),
        ),
        migrations.AddConstraint(
            model_name='topic',
            constraint=models.UniqueConstraint(fields=('programme', 'name_sv'), name='topic_unique_per_programme-sv'),
        ),
    ]
