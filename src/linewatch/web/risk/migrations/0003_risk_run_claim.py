# One claim per agency and role while its run is computed (web/risk/rescoring.py).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_session_token'),
        ('risk', '0002_records_changed'),
    ]

    operations = [
        migrations.CreateModel(
            name='RiskRunClaim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(max_length=30)),
                ('claimed_at', models.DateTimeField()),
                ('claimed_by', models.CharField(help_text='host:process:thread:nonce', max_length=200)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.agency')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('agency', 'role'), name='risk_run_claim_unique')],
            },
        ),
    ]
