"""The two roles of the workspace, as groups (see ``centres.permissions``).

- « Coordinateurs »: every permission on centres, partners, sheets and vocabularies, and the
  reading of user accounts (to pick a centre's team members). Their reach over every centre,
  publishing, imports and merges follow from the group itself. Accounts are created by
  superusers: a coordinator who could change users could make himself one.
- « Équipe de centre »: adds and edits sheets and partners (of their own centres: the scope
  is applied by the admin), their files, timelines and partner lists; reads centres and
  vocabularies (for the choices). No deletion of sheets or partners, no membership.

Permissions are created after migrations by Django; a fresh database has none yet when this
runs, so they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinateurs"
CENTRE_TEAM = "Équipe de centre"

COORDINATOR_MODELS = {
    "centres": ["centre", "centrealias", "centremembership", "partner"],
    "fiches": ["action", "attachment", "keyword", "public", "partnertype", "initiator",
               "projectsheet", "projectaction", "timelineentry", "projectpartner"],
}
TEAM_PERMISSIONS = {
    "centres": {"centre": ["view"], "centrealias": ["view"], "partner": ["add", "change", "view"]},
    "fiches": {
        "action": ["add", "change", "view"],
        "projectsheet": ["add", "change", "view"],
        "attachment": ["add", "change", "delete", "view"],
        "projectaction": ["add", "change", "delete", "view"],
        "timelineentry": ["add", "change", "delete", "view"],
        "projectpartner": ["add", "change", "delete", "view"],
        "keyword": ["view"],
        "public": ["view"],
        "partnertype": ["view"],
        "initiator": ["view"],
    },
}


def permission(apps, app_label, model, action):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label=app_label, codename=f"{action}_{model}"
    )


def create_roles(apps, schema_editor):
    for app_label in ("auth", "centres", "fiches"):
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
    ), permission(apps, "auth", "user", "view"))
    team, _ = Group.objects.get_or_create(name=CENTRE_TEAM)
    team.permissions.add(*(
        permission(apps, app_label, model, action)
        for app_label, models in TEAM_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[COORDINATORS, CENTRE_TEAM]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("centres", "0003_history_memberships_review"),
        ("fiches", "0005_backfill_completeness"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
