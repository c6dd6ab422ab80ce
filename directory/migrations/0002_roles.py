"""The workspace's roles (``fiches.migrations.0006_roles``) over the yearly update of the
directory and the partners' contact persons.

- « Coordinateurs »: everything.
- « Équipe de centre »: runs and follows the campaigns of its centres, reviews the proposals
  about its centres' partners, edits their contact persons; deletes no campaign or proposal.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinateurs"
CENTRE_TEAM = "Équipe de centre"

COORDINATOR_MODELS = {
    "centres": ["contactperson"],
    "directory": ["campaign", "invitation", "proposal", "proposedchange"],
}
TEAM_PERMISSIONS = {
    "centres": {"contactperson": ["add", "change", "delete", "view"]},
    "directory": {
        "campaign": ["add", "view"],
        "invitation": ["view"],
        "proposal": ["change", "view"],
        "proposedchange": ["change", "view"],
    },
}


def permission(apps, app_label, model, action):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")


def grant(apps, schema_editor):
    for app_label in ("centres", "directory"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # what create_permissions looks for
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(*(
        permission(apps, app_label, model, action)
        for app_label, models in COORDINATOR_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ))  # fmt: skip
    team, _ = Group.objects.get_or_create(name=CENTRE_TEAM)
    team.permissions.add(*(
        permission(apps, app_label, model, action)
        for app_label, models in TEAM_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ))  # fmt: skip


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[COORDINATORS, CENTRE_TEAM]):
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label__in=["directory"]
        ) | Permission.objects.filter(codename__endswith="_contactperson"))  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("centres", "0005_contact_persons_and_confirmation"),
        ("fiches", "0006_roles"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
