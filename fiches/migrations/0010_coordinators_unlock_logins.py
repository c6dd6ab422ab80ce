"""Coordinators unlock logins locked out by the login throttling (``core.login_throttling``):
they read the failed attempts and delete them, which the workspace's « Débloquer » does.

As in 0006, the permissions are created here first: a fresh database has none yet."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinateurs"
UNLOCK_PERMISSIONS = ["view_accessattempt", "delete_accessattempt"]


def unlock_permissions(apps):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True  # what create_permissions looks for
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="axes", codename__in=UNLOCK_PERMISSIONS
    )


def grant(apps, schema_editor):
    coordinators, _ = apps.get_model("auth", "Group").objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(*unlock_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=COORDINATORS).first()
    if group is not None:
        group.permissions.remove(*unlock_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0009_search_words"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
