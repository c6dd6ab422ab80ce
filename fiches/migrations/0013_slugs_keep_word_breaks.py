"""Existing pages get the slugs that keep their words apart ("fete-de-quartier-animation…"
rather than "fete-de-quartieranimation…"); each old slug is remembered, so that its address
redirects (301) to the new one."""

import re

from django.db import migrations
from django.utils.text import slugify

# The rule of centres.models.slug_base, as of this migration.
_PUNCTUATION = re.compile(r"[^\w\s-]|_")


def _slug_base(text):
    return slugify(_PUNCTUATION.sub(" ", text))[:80].strip("-") or "sans-titre"


def _text_of(model_name, row):
    if model_name == "projectsheet":
        return f"{row.title} {row.centre.display_name}"
    field = {"centre": "display_name", "partner": "name", "action": "title"}[model_name]
    return getattr(row, field)


def renew_slugs(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    FormerSlug = apps.get_model("actions_catalog", "FormerSlug")
    for app_label, model_name in (
        ("centres", "centre"),
        ("centres", "partner"),
        ("fiches", "action"),
        ("fiches", "projectsheet"),
    ):
        model = apps.get_model(app_label, model_name)
        rows = model.objects.using(db).order_by("pk")
        if model_name == "projectsheet":
            rows = rows.select_related("centre")
        rows = list(rows)
        taken = {row.slug for row in rows}
        content_type = None
        for row in rows:
            base = _slug_base(_text_of(model_name, row))
            if re.fullmatch(rf"{re.escape(base)}(-\d+)?", row.slug):
                continue
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            if content_type is None:
                content_type, _ = ContentType.objects.using(db).get_or_create(
                    app_label=app_label, model=model_name
                )
            FormerSlug.objects.using(db).update_or_create(
                content_type=content_type, slug=row.slug, defaults={"object_id": row.pk}
            )
            model.objects.using(db).filter(pk=row.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("actions_catalog", "0003_former_slug"),
        ("centres", "0003_history_memberships_review"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fiches", "0012_action_sort_key"),
    ]

    operations = [migrations.RunPython(renew_slugs, migrations.RunPython.noop)]
