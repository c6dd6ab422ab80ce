import pytest

from core.publication import PublicationState
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory, PublicFactory


@pytest.fixture
def catalogue(db):
    """A few sheets whose words the search cases look for."""
    parentalite = KeywordFactory(name="Parentalité")
    culture = KeywordFactory(name="Culture")
    centre = CentreFactory(
        name="CENTRE SOCIAL DES TILLEULS", display_name="Centre social Les Tilleuls"
    )
    ActionFactory(
        title="boîte à livres",
        summary="Une boîte à livres au pied des immeubles, pour échanger des romans.",
        keywords=[culture],
    )
    ActionFactory(
        title="Café des parents",
        summary="Un temps d'échange entre parents, le samedi matin.",
        keywords=[parentalite],
        centre=centre,
    )
    ActionFactory(title="Atelier cuisine", summary="Cuisiner avec les enfants du quartier.")
    ActionFactory(
        title="Atelier cuisine des anciens",
        summary="Cuisine et convivialité pour les anciens.",
        publics=[PublicFactory(name="Seniors")],
    )
    ActionFactory(
        title="Livres en liberté",
        summary="Des livres déposés dans la boîte aux lettres.",
    )
    ActionFactory(
        title="Jardin partagé",
        summary="Un jardin au pied des immeubles.",
        publication_state=PublicationState.DRAFT,
    )
