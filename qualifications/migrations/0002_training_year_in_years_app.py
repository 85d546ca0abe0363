"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('qualifications', '0001_initial'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicallanguagecertificate',
                    name='conversion_year',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='years.trainingyear', verbose_name='năm học chọn bảng'),
                ),
                migrations.AlterField(
                    model_name='historicaltarget',
                    name='year',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AlterField(
                    model_name='historicalyearconversiontable',
                    name='year',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AlterField(
                    model_name='languagecertificate',
                    name='conversion_year',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='years.trainingyear', verbose_name='năm học chọn bảng'),
                ),
                migrations.AlterField(
                    model_name='target',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qualification_targets', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AlterField(
                    model_name='yearconversiontable',
                    name='year',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='cefr_table', to='years.trainingyear', verbose_name='năm học'),
                ),
            ],
        ),
    ]
