"""Scores the completeness of the sheets already stored.

The headings are copied here, as they were when the score was introduced: a migration does
not follow later changes of the model's code (``fiches.models.COMPLETENESS_*``).
"""

from django.db import migrations

TEXT_HEADINGS = (
    "status", "dimension", "summary", "experience", "territory", "general_description",
    "financial_resources", "people_mobilised", "result_territory", "result_centre",
    "result_residents", "limits", "perspectives",
)
VOCABULARY_HEADINGS = ("keywords", "initiators", "publics", "partner_types")


def backfill(apps, schema_editor):
    Action = apps.get_model("fiches", "Action")
    filled_vocabularies = {}
    for name in VOCABULARY_HEADINGS:
        through = Action._meta.get_field(name).remote_field.through
        for action_id in through.objects.values_list("action_id", flat=True).distinct():
            filled_vocabularies[action_id] = filled_vocabularies.get(action_id, 0) + 1
    total = len(TEXT_HEADINGS) + len(VOCABULARY_HEADINGS)
    changed = []
    for action in Action.objects.only("pk", "completeness", *TEXT_HEADINGS):
        filled = sum(1 for name in TEXT_HEADINGS if getattr(action, name).strip())
        filled += filled_vocabularies.get(action.pk, 0)
        score = round(100 * filled / total)
        if score != action.completeness:
            action.completeness = score
            changed.append(action)
    Action.objects.bulk_update(changed, ["completeness"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("fiches", "0004_history_completeness_attachments")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
