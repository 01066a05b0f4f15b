"""Every active facility of a Verbund gets its organisation in the network: an organisation
of the same name in the same municipality without a facility is linked, otherwise one is
created (``verbund.network.facility_sync.link_existing``)."""

from django.db import migrations


def link_facilities(apps, schema_editor):
    from verbund.network.facility_sync import link_existing

    link_existing(apps.get_model("tenancy", "Facility"), apps.get_model("network", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_organisation_description_and_more"),
        ("tenancy", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_facilities, migrations.RunPython.noop)]
