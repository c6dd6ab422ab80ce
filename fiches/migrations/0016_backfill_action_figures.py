"""Reads the budget and the number of people of the sheets already stored from their texts
(``parsing.figures``: pure Python, whose rules are the readers' as of this migration; the
fields are named here as they were then)."""

from django.db import migrations

from parsing.amounts import extract_budget
from parsing.head_counts import extract_head_count
from parsing.numbers import describe

FIGURES = (
    ("financial_resources", "budget_euros", "budget_note", "budget_set_by_hand", extract_budget),
    ("people_mobilised", "people_count", "people_note", "people_set_by_hand", extract_head_count),
)
BATCH = 500


def backfill(apps, schema_editor):
    Action = apps.get_model("fiches", "Action")
    fields = [name for figure in FIGURES for name in figure[:4]]
    changed = []
    for action in Action.objects.only("pk", *fields).iterator(chunk_size=BATCH):
        for source, value_field, note_field, by_hand_field, extract in FIGURES:
            if getattr(action, by_hand_field):
                continue
            read = extract(getattr(action, source))
            setattr(action, value_field, None if read is None else read.value)
            setattr(action, note_field, describe(read)[:255])
        changed.append(action)
        if len(changed) >= BATCH:
            Action.objects.bulk_update(changed, [f[1] for f in FIGURES] + [f[2] for f in FIGURES])
            changed = []
    if changed:
        Action.objects.bulk_update(changed, [f[1] for f in FIGURES] + [f[2] for f in FIGURES])


class Migration(migrations.Migration):
    dependencies = [("fiches", "0015_action_figures")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
