import datetime

import pytest

from centres.enums import PartnerCategory
from tests.centres.factories import PartnerFactory

VALIDATION_DAY = datetime.date(2027, 3, 12)
OFFICIAL = "Mme Lefèvre, élue à la vie des quartiers"


@pytest.fixture
def directory(own_centre):
    """Three published partners of ``own_centre`` in two categories, a draft one, and a
    published partner of another centre only."""
    partners = {
        "caf": PartnerFactory(
            name="Caf des Yvelines",
            category=PartnerCategory.INSTITUTIONAL,
            missions="Prestations familiales et action sociale.",
            phone="01 02 03 04 05",
            postcode="78000",
            commune="Versailles",
        ),
        "secours": PartnerFactory(
            name="Secours Populaire Français",
            category=PartnerCategory.ASSOCIATIVE,
            services="Aide alimentaire, vestiaire.",
            email="contact@example.org",
        ),
        "rive": PartnerFactory(name="RIVE", category=PartnerCategory.ASSOCIATIVE),
        "draft": PartnerFactory(name="Brouillon associatif", publication_state="brouillon"),
    }
    for partner in partners.values():
        partner.centres.add(own_centre)
    partners["elsewhere"] = PartnerFactory(name="Partenaire d'ailleurs")
    return partners
