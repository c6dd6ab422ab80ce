"""Reading the files to import: the seed files saved in every encoding a centre's computer
writes are read alike, and what is not text is refused with its line."""

import codecs

import pytest

from fiches.importing import import_paths
from fiches.importing.errors import SheetImportError
from fiches.importing.files import decode_text
from fiches.models import Action, ProjectSheet

pytestmark = pytest.mark.django_db

# What Latin-1 cannot write of the seeds, as a Latin-1 text writes it.
LATIN_1_SPELLINGS = str.maketrans({"’": "'", "€": "EUR", "œ": "oe", "–": "-", "…": "..."})


def saved_as(tmp_path, seed, encoding: str, *, mark: bytes = b"", text=None):
    path = tmp_path / f"{seed.stem}-{encoding}.txt"
    text = seed.read_text(encoding="utf-8") if text is None else text
    path.write_bytes(mark + text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "mark", "name"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", codecs.BOM_UTF8, "UTF-8 avec BOM"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 LE"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_the_seeds_read_the_same_in_every_encoding(
    tmp_path, action_dump_path, project_sheet_path, encoding, mark, name
):
    import_paths(paths=[action_dump_path, project_sheet_path])  # as UTF-8, for comparison
    paths = [saved_as(tmp_path, seed, encoding, mark=mark)
             for seed in (action_dump_path, project_sheet_path)]  # fmt: skip

    dump, project = import_paths(paths=paths)

    assert (dump.ok, project.ok) == (True, True), (dump.error, project.error)
    assert dump.encoding == project.encoding == name
    # The same text, to the letter: every sheet is the one already stored.
    assert (dump.sheets_read, dump.unchanged, dump.duplicates, dump.created) == (25, 22, 3, 0)
    assert (project.unchanged, project.partners_created, project.partners_updated) == (1, 0, 0)


def test_a_latin_1_seed_is_read_with_its_accents(tmp_path, action_dump_path, project_sheet_path):
    paths = [
        saved_as(
            tmp_path,
            seed,
            "latin-1",
            text=seed.read_text(encoding="utf-8").translate(LATIN_1_SPELLINGS),
        )
        for seed in (action_dump_path, project_sheet_path)
    ]

    dump, project = import_paths(paths=paths)

    assert (dump.ok, project.ok) == (True, True), (dump.error, project.error)
    # Latin-1 letters are Windows-1252's: the file reads the same either way.
    assert dump.encoding == "Windows-1252"
    assert (dump.created, dump.duplicates) == (22, 3)
    assert Action.objects.filter(title="Création d'un poulailler").exists()
    assert ProjectSheet.objects.get().timeline.first().period == "Décembre 2017"


def test_a_byte_windows_1252_does_not_define_means_latin_1(tmp_path, action_dump_path):
    text = action_dump_path.read_text(encoding="utf-8").translate(LATIN_1_SPELLINGS)
    # A control character of Latin-1's upper half, 0x90: no Windows-1252 file holds it.
    text = text.replace("Essoufflement des participants.", "Essoufflement des participants.\x90")

    (report,) = import_paths(paths=[saved_as(tmp_path, action_dump_path, "latin-1", text=text)])

    assert report.ok, report.error
    assert report.encoding == "Latin-1 (ISO-8859-1)"
    assert Action.objects.get(source_line=2).end_reason == "Essoufflement des participants.\x90"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"Actions\n\"Photo\"\n\x89PNG\x00\x00", 3, "fichier binaire"),
        (b"Une ligne\nune autre\x01\n", 2, "caractère de contrôle U+0001 lu en UTF-8"),
        ("Été\n\x1b[0m\n".encode("cp1252"), 2, "caractère de contrôle U+001B lu en Windows-1252"),
        # UTF-16 without its mark: NUL bytes everywhere.
        ("Fiche\n".encode("utf-16-le"), 1, "fichier binaire"),
        # A mark, then bytes that are not UTF-16: an odd byte at the end.
        (codecs.BOM_UTF16_LE + "Fiche\nSuite\n".encode("utf-16-le") + b"x", 3,
         "n'est pas écrit dans cet encodage"),
        (codecs.BOM_UTF8 + b"Fiche\n" + b"\xe9t\xe9\n", 2,
         "marque de l'encodage UTF-8 avec BOM"),
    ],
    ids=["nul-bytes", "c0-control", "escape-in-cp1252", "utf-16-unmarked", "utf-16-broken",
         "utf-8-marked-but-not"],
)  # fmt: skip
def test_what_is_not_text_is_refused_with_its_line(data, line, message):
    with pytest.raises(SheetImportError) as refused:
        decode_text(data, source="fichier.txt")

    assert refused.value.line == line
    assert refused.value.source == "fichier.txt"
    assert message in refused.value.message


def test_tabs_form_feeds_and_every_line_end_are_text():
    decoded = decode_text(b"a\tb\r\nc\rd\x0ce\n", source="fichier.txt")

    assert (decoded.text, decoded.encoding) == ("a\tb\r\nc\rd\x0ce\n", "UTF-8")
