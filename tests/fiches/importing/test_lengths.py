"""A value too long for its column refuses its file with the file, the line and the field,
before anything is written: the database would refuse it with a traceback (PostgreSQL) or
keep it whole past its length (SQLite). Each case is a seed file with one value made too
long; the files after it are imported all the same."""

from pathlib import Path

import pytest

from centres.models import Centre, Partner
from fiches.importing import import_paths
from fiches.models import Action, Keyword, ProjectSheet

pytestmark = pytest.mark.django_db

LONG = "Très " * 60  # 300 characters
# One letter that ``match_key`` writes as two: a name of 200 fits a column of 255, its key
# of 400 does not.
SHARP_S = "ß" * 200


def acronym_of(length: int) -> str:
    """A partner bullet whose acronym, spelt out by its expansion, has ``length`` letters."""
    return f"{'A' * length} ({' '.join(['Ab'] * length)})"


CASES = {
    "action-title": (
        "dump",
        'Actions "Atelier cuisine parents"A toute âge un repas""',
        f'Actions "{LONG}"',
        2,
        "Fiche action : « titre » trop long (299 caractères, 255 au plus)",
    ),
    "keyword": (
        "dump",
        "- Mots clés associés à l'action\n-\n- Parentalité\n",
        f"- Mots clés associés à l'action\n-\n- {LONG[:200]}\n",
        2,
        "Mot clé : « libellé » trop long (199 caractères, 150 au plus)",
    ),
    "keyword-key": (
        "dump",
        "- Mots clés associés à l'action\n-\n- Parentalité\n",
        f"- Mots clés associés à l'action\n-\n- {SHARP_S[:100]}\n",
        2,
        "Mot clé : « libellé » trop long une fois écrit sans accents ni ligatures "
        "(200 caractères, 150 au plus)",
    ),
    "centre-key": (
        "dump",
        "- CENTRE SOCIAL ALBERT SCHWEITZER - Yvelines\n",
        f"- {SHARP_S} - Yvelines\n",
        2,
        "Centre : « nom tel qu'écrit » trop long une fois écrit sans accents ni ligatures "
        "(400 caractères, 255 au plus)",
    ),
    "centre-name": (
        "project",
        " Maison de Quartier des Chantiers\n",
        f"Maison de Quartier {LONG}\n",
        1,
        "Centre : « nom tel qu'écrit » trop long (318 caractères, 255 au plus)",
    ),
    "project-action": (
        "project",
        "1. Animation d’un réseau partenarial\n",
        f"1. {LONG}\n",
        39,
        "Action du projet : « titre » trop long (299 caractères, 255 au plus)",
    ),
    "timeline-period": (
        "project",
        "Décembre 2017\u00a0: \n",
        f"Décembre 2017, {LONG}:\n",
        120,
        "Étape de l'échéancier : « période » trop long (314 caractères, 150 au plus)",
    ),
    "partner-as-written": (
        "project",
        "· RIVE\n",
        f"· RIVE {LONG}\n",
        73,
        "Partenaire du projet : « tel qu'écrit » trop long (304 caractères, 255 au plus)",
    ),
    "partner-acronym": (
        "project",
        "· RIVE\n",
        f"· {acronym_of(41)}\n",
        73,
        "Partenaire : « sigle » trop long (41 caractères, 40 au plus)",
    ),
    "partner-key": (
        "project",
        "· RIVE\n",
        f"· {SHARP_S}\n",
        73,
        "Partenaire : « nom » trop long une fois écrit sans accents ni ligatures "
        "(400 caractères, 255 au plus)",
    ),
    "project-sector": (
        "project",
        "(Famille)",
        f"({LONG})",
        1,  # the sheet's own line: its first, the centre's name
        "Fiche projet : « secteur concerné » trop long (299 caractères, 150 au plus)",
    ),
}


@pytest.fixture
def seeds(action_dump_path, project_sheet_path):
    return {"dump": action_dump_path, "project": project_sheet_path}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_value_too_long_is_refused_with_its_file_line_and_field(tmp_path, seeds, case):
    kind, old, new, line, message = case
    text = seeds[kind].read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    broken = tmp_path / f"1-trop-long-{kind}.txt"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    other = seeds["project" if kind == "dump" else "dump"]
    following = tmp_path / f"2-{other.name}"
    following.write_bytes(other.read_bytes())

    refused, imported = import_paths(paths=[broken, following])

    assert not refused.ok
    assert refused.error == f"{broken}:{line} : {message}"
    assert refused.created == refused.centres_created == refused.partners_created == 0
    assert imported.ok, imported.error
    written = Action.objects.count() if kind == "project" else ProjectSheet.objects.count()
    assert written == (22 if kind == "project" else 1)
    assert not Keyword.objects.filter(name__startswith="Très").exists()
    assert not Centre.objects.filter(name__contains="ß").exists()
    assert not Partner.objects.filter(name__contains="ß").exists()


def test_values_that_just_fit_are_stored_whole(tmp_path, project_sheet_path):
    text = project_sheet_path.read_text(encoding="utf-8")
    fits = tmp_path / Path("juste.txt")
    fits.write_text(text.replace("· RIVE\n", f"· {acronym_of(40)}\n"), encoding="utf-8")

    (report,) = import_paths(paths=[fits])

    assert report.ok, report.error
    assert Partner.objects.get(acronym="A" * 40).expanded_name == " ".join(["Ab"] * 40)
