"""The Chantiers centre writes its name two ways: "CENTRE SOCIAL CHANTIERS" in the
observatory's dump, "Maison de Quartier des Chantiers" on its project sheet. One centre, so
that both imports (and every later one) land on it."""

from django.db import migrations

from parsing.naming import match_key

OBSERVATORY_NAME = "CENTRE SOCIAL CHANTIERS"
ALIAS = "Maison de Quartier des Chantiers"


def add_alias(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    CentreAlias = apps.get_model("centres", "CentreAlias")
    centre = Centre.objects.filter(match_key=match_key(OBSERVATORY_NAME)).first()
    if centre is None:
        centre = Centre.objects.create(
            name=OBSERVATORY_NAME,
            display_name="Maison de quartier des Chantiers",
            slug="maison-de-quartier-des-chantiers",
            kind="maison_quartier",
            departement="Yvelines",
            match_key=match_key(OBSERVATORY_NAME),
        )
    CentreAlias.objects.get_or_create(
        match_key=match_key(ALIAS), defaults={"centre": centre, "name": ALIAS}
    )


def remove_alias(apps, schema_editor):
    apps.get_model("centres", "CentreAlias").objects.filter(match_key=match_key(ALIAS)).delete()


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]

    operations = [migrations.RunPython(add_alias, remove_alias)]
