"""The import_sheets command: its summary, its dry run, its exit status and its priority."""

import os
from pathlib import Path

import pytest
from django.core.management import CommandError, base, call_command

from centres.models import Centre, Partner
from fiches.importing import service
from fiches.management.commands import import_sheets
from fiches.models import Action, ProjectSheet

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

pytestmark = pytest.mark.django_db


def test_import_prints_a_summary_per_file(capsys, action_dump_path, project_sheet_path):
    call_command("import_sheets", str(action_dump_path), str(project_sheet_path))

    out = capsys.readouterr().out
    assert f"{action_dump_path} (dump de fiches actions, encodé en UTF-8)" in out
    assert (
        "fiches lues : 25 · créées : 22 · mises à jour : 0 · inchangées : 0 · "
        "doublons ignorés : 3 · conflits : 0" in out
    )
    assert f"{project_sheet_path} (fiche projet, encodé en UTF-8)" in out
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


def test_every_file_gets_its_report_and_the_exit_status_says_one_failed(
    capsys, tmp_path, action_dump_path, project_sheet_path
):
    first = tmp_path / "1-dump.txt"
    first.write_bytes(action_dump_path.read_bytes())
    # A period far too long: the database refused it with a traceback, ending the command.
    too_long = tmp_path / "2-projet.txt"
    text = project_sheet_path.read_text(encoding="utf-8")
    too_long.write_text(text.replace("Juin : ", f"Juin {'et juillet ' * 20}: "), encoding="utf-8")
    last = tmp_path / "3-projet.txt"
    last.write_bytes(project_sheet_path.read_bytes())

    with pytest.raises(CommandError) as failure:
        call_command("import_sheets", str(tmp_path))

    # What ``manage.py`` exits with (``BaseCommand.run_from_argv``, which also closes the
    # database connections: not callable from a test).
    assert failure.value.returncode == 1
    out, err = capsys.readouterr()
    assert f"{first} (dump de fiches actions, encodé en UTF-8)" in out
    assert f"{too_long} (encodé en UTF-8) : refusé" in err
    assert f"{too_long}:137 : Étape de l'échéancier : « période » trop long (224 caractères" in err
    assert f"{last} (fiche projet, encodé en UTF-8)" in out
    assert "1 fichier(s) refusé(s) sur 3" in str(failure.value)
    assert (Action.objects.count(), ProjectSheet.objects.count()) == (22, 1)


def test_an_unforeseen_error_refuses_its_file_only(
    capsys, monkeypatch, action_dump_path, project_sheet_path
):
    def fail(self, sheet):
        raise RuntimeError("imprévu")

    monkeypatch.setattr(service.ProjectSheetWriter, "write", fail)

    with pytest.raises(CommandError) as failure:
        call_command("import_sheets", str(project_sheet_path), str(action_dump_path))

    assert failure.value.returncode == 1
    err = capsys.readouterr().err
    assert "erreur inattendue à l'enregistrement (RuntimeError : imprévu)" in err
    assert (Action.objects.count(), ProjectSheet.objects.count()) == (22, 0)


def test_the_seed_folder_imports_as_make_run_does(capsys):
    call_command("import_sheets", "--publication-state=publiee", str(FIXTURES))

    assert (Action.objects.count(), Centre.objects.count(), Partner.objects.count()) == (22, 17, 29)
    # « Les petits matins » is a title and a centre: a draft until its centre writes it.
    assert Action.objects.published().count() == 21
    assert Action.objects.get(title="Les petits matins").publication_state == "brouillon"
    poulailler = Action.objects.get(title="Création d'un poulailler")
    assert {keyword.name for keyword in poulailler.keywords.all()} == {
        "intergénérationnel", "Santé", "Environnement",
    }  # fmt: skip
    assert poulailler.search_document.text
    project = ProjectSheet.objects.get()
    assert (project.partner_links.count(), project.timeline.count()) == (29, 7)
    assert project.centre == Centre.objects.get(name="CENTRE SOCIAL CHANTIERS")


def test_a_sheet_too_empty_to_publish_is_imported_as_a_draft_and_said_so(
    capsys, action_dump_path, settings
):
    settings.IMPORT_DRAFT_BELOW_COMPLETENESS = 50

    call_command("import_sheets", "--publication-state=publiee", str(action_dump_path))

    out = capsys.readouterr().out
    drafts = set(
        Action.objects.filter(publication_state="brouillon").values_list("title", flat=True)
    )
    assert drafts == {"Les petits matins", "Moaique Roule contre le Cancer 2e Edition"}
    assert "en brouillon : ligne 180 : « Les petits matins » n'est remplie qu'à 6 %" in out
    assert not Action.objects.published().filter(completeness__lt=50).exists()


def test_a_threshold_of_zero_publishes_every_sheet_asked(action_dump_path, settings):
    settings.IMPORT_DRAFT_BELOW_COMPLETENESS = 0

    call_command("import_sheets", "--publication-state=publiee", str(action_dump_path))

    assert Action.objects.published().count() == 22


def test_a_second_make_run_is_quiet_about_files_it_already_read(capsys):
    call_command("import_sheets", "--publication-state=publiee", str(FIXTURES))
    first = capsys.readouterr().out
    assert first.count("avertissement : ") == 4

    call_command("import_sheets", "--publication-state=publiee", str(FIXTURES))

    second = capsys.readouterr().out
    assert "avertissement" not in second and "en brouillon" not in second
    assert second.splitlines() == [
        f"{FIXTURES / 'chantiers-fiche-projet-famille-2018.txt'} : déjà importé, inchangé "
        "(1 fiche(s) lue(s))",
        f"{FIXTURES / 'observatoire-yvelines-fiches-actions.txt'} : déjà importé, inchangé "
        "(25 fiche(s) lue(s))",
    ]


def test_a_file_read_again_after_a_change_says_everything_again(capsys, action_dump_path):
    call_command("import_sheets", str(action_dump_path))
    Action.objects.filter(title="Les petits matins").delete()
    capsys.readouterr()

    call_command("import_sheets", str(action_dump_path))

    out = capsys.readouterr().out
    assert "créées : 1" in out and out.count("avertissement : ") == 4


@pytest.fixture
def priorities(monkeypatch, tmp_path):
    """The niceness increments the process asked for, none of them applied, and what it
    wrote to its session's autogroup (a file of the test's); and the command run as
    ``manage.py`` runs it, its closing of the connections left out (the test's transaction
    holds them). The process leads no session of its own unless a test says so."""
    asked = []
    monkeypatch.setattr(import_sheets.os, "nice", asked.append)
    monkeypatch.setattr(import_sheets, "AUTOGROUP", tmp_path / "autogroup")
    monkeypatch.setattr(import_sheets.os, "getsid", lambda pid: os.getpid() + 1)
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    return asked


def run_as_manage_py(*arguments):
    # The system checks left out: pytest-django's template settings fail one on purpose.
    import_sheets.Command().run_from_argv(
        ["manage.py", "import_sheets", "--skip-checks", *arguments]
    )


def test_run_by_itself_an_import_yields_the_processor_to_the_pages_served(
    priorities, action_dump_path
):
    run_as_manage_py(str(action_dump_path))

    assert priorities == [import_sheets.BATCH_NICENESS]
    assert Action.objects.count() == 22
    # A terminal's session: the import does not lower the shell that started it.
    assert not import_sheets.AUTOGROUP.exists()


def test_leading_a_session_of_its_own_an_import_lowers_that_sessions_priority_too(
    priorities, monkeypatch, action_dump_path
):
    # Started by cron, systemd-run or setsid (as the bench starts it).
    monkeypatch.setattr(import_sheets.os, "getsid", lambda pid: os.getpid())

    run_as_manage_py(str(action_dump_path))

    assert priorities == [import_sheets.BATCH_NICENESS]
    assert import_sheets.AUTOGROUP.read_text() == str(import_sheets.BATCH_NICENESS)


def test_an_import_may_keep_the_priority_it_was_started_with(priorities, action_dump_path):
    run_as_manage_py("--nice", "0", str(action_dump_path))

    assert priorities == []
    assert Action.objects.count() == 22


def test_called_from_code_the_command_leaves_its_callers_priority_alone(
    priorities, action_dump_path
):
    call_command("import_sheets", str(action_dump_path))

    assert priorities == []


def test_a_niceness_out_of_bounds_is_refused_before_anything_is_read(
    priorities, capsys, action_dump_path
):
    with pytest.raises(SystemExit):
        run_as_manage_py("--nice", "25", str(action_dump_path))

    assert "--nice : 25 n'est pas entre 0 et 19." in capsys.readouterr().err
    assert priorities == [] and Action.objects.count() == 0
