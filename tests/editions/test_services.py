"""Recording a validation freezes an edition of the directory."""

import pytest

from core.versioning import current_version
from editions.models import DirectoryEdition
from editions.services import validate_directory
from tests.centres.factories import ContactPersonFactory
from tests.editions.conftest import OFFICIAL, VALIDATION_DAY
from tests.editions.factories import PartnerMeetingFactory

pytestmark = pytest.mark.django_db


def validate(centre):
    return validate_directory(centre=centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY)


def test_an_edition_keeps_the_published_partners_of_its_centre_in_directory_order(
    own_centre, directory
):
    edition = validate(own_centre)

    names = [entry.snapshot["name"] for entry in edition.entries.all()]
    assert names == ["Caf des Yvelines", "RIVE", "Secours Populaire Français"]
    assert edition.year == 2027
    assert edition.title == "Outil Partenaires 2027 — Centre social des Tilleuls"
    assert edition.validation_line == f"Validé par {OFFICIAL} le 12 mars 2027"


def test_later_edits_of_a_partner_do_not_change_the_edition(own_centre, directory):
    edition = validate(own_centre)
    caf = directory["caf"]
    caf.phone = "09 99 99 99 99"
    caf.name = "Caisse d'allocations familiales"
    caf.save()
    directory["rive"].delete()

    kept = DirectoryEdition.objects.get(pk=edition.pk).entries.all()
    snapshots = {entry.snapshot["name"]: entry.snapshot for entry in kept}
    assert set(snapshots) == {"Caf des Yvelines", "RIVE", "Secours Populaire Français"}
    assert snapshots["Caf des Yvelines"]["phone"] == "01 02 03 04 05"


def test_the_snapshot_holds_public_fields_only(own_centre, directory):
    caf = directory["caf"]
    caf.notes = "Interlocutrice difficile à joindre"
    ContactPersonFactory(partner=caf, name="Mme Martin")
    caf.save()

    snapshot = validate(own_centre).entries.get(partner_id=caf.pk).snapshot

    assert snapshot["missions"] == "Prestations familiales et action sociale."
    assert snapshot["category"] == "institutionnel"
    assert "notes" not in snapshot
    assert "Mme Martin" not in str(snapshot)


def test_an_edition_without_centre_holds_every_published_partner(directory):
    edition = validate(None)

    assert edition.entries.count() == 4  # three of the centre's, one of elsewhere
    assert edition.title == "Outil Partenaires 2027 — tous les partenaires"


def test_the_previous_edition_is_the_one_validated_before_of_the_same_directory(
    own_centre, other_centre, directory
):
    first = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY.replace(year=2026)
    )
    validate_directory(
        centre=other_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY.replace(month=1)
    )
    second = validate(own_centre)

    assert second.previous() == first
    assert first.previous() is None


def test_an_edition_is_named_by_its_year_or_its_number(own_centre, directory):
    older = validate_directory(
        centre=own_centre, validated_by=OFFICIAL, validated_on=VALIDATION_DAY.replace(year=2026)
    )
    newer = validate(own_centre)
    editions = DirectoryEdition.objects.of_centre(own_centre)

    assert editions.named_by("2026") == older
    assert editions.named_by(str(newer.pk)) == newer
    assert editions.named_by("1999") is None
    assert editions.named_by("deux-mille") is None


def test_a_validation_changes_the_catalogues_version_a_meeting_does_not(own_centre, directory):
    """Anonymous pages are kept per version (core.page_cache): a new edition must show on
    the booklet's pages at once; a meeting is never on a public page."""
    before = current_version()
    PartnerMeetingFactory(centre=own_centre)
    assert current_version() == before
    validate(own_centre)
    assert current_version() != before
