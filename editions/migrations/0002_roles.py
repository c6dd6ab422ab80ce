"""The workspace's roles on editions and meetings (see ``centres.permissions``).

- « Coordinateurs »: record validations (editions) and read them; every right on meetings.
- « Équipe de centre »: the same, for their own centres (the admin applies the scope).

Nobody changes or deletes an edition (the admin refuses it too): an edition handed out stays
what it was. As in fiches' 0006, the permissions are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Coordinateurs", "Équipe de centre")
PERMISSIONS = {
    "directoryedition": ["add", "view"],
    "partnermeeting": ["add", "change", "delete", "view"],
}


def permissions(apps):
    app_config = apps.get_app_config("editions")
    app_config.models_module = True  # what create_permissions looks for
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="editions", codename__in=codenames
    )


def grant(apps, schema_editor):
    granted = list(permissions(apps))
    for name in GROUPS:
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=name)
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    granted = list(permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0001_initial"),
        ("fiches", "0006_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
