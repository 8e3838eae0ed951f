"""Content in English, Finnish and Swedish: the existing single-language text becomes the
English (default) version; the Finnish and Swedish ones start empty and fall back to it."""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {'Event': ['title', 'description', 'place'], 'PeerGroup': ['name', 'theme']}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model('events', model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})




class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_events_registrations_groups_directory'),
        ('programmes', '0006_content_in_three_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='description_en',
            field=models.TextField(blank=True, help_text='Markdown is allowed.', max_length=10000, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_fi',
            field=models.TextField(blank=True, help_text='Markdown is allowed.', max_length=10000, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_sv',
            field=models.TextField(blank=True, help_text='Markdown is allowed.', max_length=10000, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='place_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='event',
            name='place_fi',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='event',
            name='place_sv',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_fi',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_sv',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='name_fi',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='name_sv',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='theme_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='theme_fi',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='peergroup',
            name='theme_sv',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.RunPython(copy_into_english, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='peergroup',
            constraint=models.UniqueConstraint(fields=('programme', 'name_en'), name='peer_group_name_unique_per_programme-en'),
        ),
        migrations.AddConstraint(
            model_name='peergroup',
            constraint=models.UniqueConstraint(fields=('programme', 'name_fi'), name='peer_group_name_unique_per_programme-fi'),
        ),
        migrations.AddConstraint(
            model_name='peergroup',
            constraint=models.UniqueConstraint(fields=('programme', 'name_sv'), name='peer_group_name_unique_per_programme-sv'),
        ),
    ]
