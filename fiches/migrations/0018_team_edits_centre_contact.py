"""A centre's team keeps its own centre's contact details up to date (address, phone,
hours…): the group « Équipe de centre » may change centres. The admin limits it to its own
centres (the scope) and to their contact details (``centres.admin.CentreAdmin``): the name,
slug, kind and team stay the coordinators'.

As in 0006, the permissions are created here first: a fresh database has none yet."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CENTRE_TEAM = "Équipe de centre"


def change_centre(apps):
    app_config = apps.get_app_config("centres")
    app_config.models_module = True  # what create_permissions looks for
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="centres", codename="change_centre"
    )


def grant(apps, schema_editor):
    team, _ = apps.get_model("auth", "Group").objects.get_or_create(name=CENTRE_TEAM)
    team.permissions.add(change_centre(apps))


def revoke(apps, schema_editor):
    team = apps.get_model("auth", "Group").objects.filter(name=CENTRE_TEAM).first()
    if team is not None:
        team.permissions.remove(change_centre(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0017_lead_consent_and_action_partners_history"),
        ("centres", "0004_contact_details_and_partner_offer"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
