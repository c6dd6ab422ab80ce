"""The import_sheets command: its summary, its dry run and its exit status."""

import pytest
from django.core.management import CommandError, call_command

from fiches.models import Action

pytestmark = pytest.mark.django_db


def test_import_prints_a_summary_per_file(capsys, action_dump_path, project_sheet_path):
    call_command("import_sheets", str(action_dump_path), str(project_sheet_path))

    out = capsys.readouterr().out
    assert f"{action_dump_path} (dump de fiches actions)" in out
    assert (
        "fiches lues : 25 · créées : 22 · mises à jour : 0 · inchangées : 0 · "
        "doublons ignorés : 3 · conflits : 0" in out
    )
    assert f"{project_sheet_path} (fiche projet)" in out
    assert "partenaires créés : 29" in out


def test_dry_run_says_so_and_writes_nothing(capsys, action_dump_path):
    call_command("import_sheets", "--dry-run", str(action_dump_path))

    assert "[simulation]" in capsys.readouterr().out
    assert Action.objects.count() == 0


def test_a_refused_file_makes_the_command_fail_with_file_and_line(
    capsys, tmp_path, action_dump_path
):
    broken = tmp_path / "cassé.txt"
    broken.write_text('Actions "Sans structure"\nDESCRIPTION DE L\'ACTION\n', encoding="utf-8")

    with pytest.raises(CommandError, match=r"1 fichier\(s\) refusé\(s\) sur 2"):
        call_command("import_sheets", str(action_dump_path), str(broken))

    err = capsys.readouterr().err
    assert f"erreur : {broken}:1 " in err
    # The good file is still imported: each file is its own transaction.
    assert Action.objects.count() == 22


def test_unknown_path_is_reported(capsys, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_sheets", str(tmp_path / "absent.txt"))
    assert "fichier illisible" in capsys.readouterr().err
