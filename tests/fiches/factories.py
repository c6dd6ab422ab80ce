import factory

from actions_catalog.publication import PublicationState
from fiches.enums import ActionStatus
from fiches.models import Action, Keyword, Public
from tests.centres.factories import CentreFactory


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    name = factory.Sequence(lambda n: f"Mot clé {n}")


class PublicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Public

    name = factory.Sequence(lambda n: f"Public {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Atelier numéro {n}")
    centre = factory.SubFactory(CentreFactory)
    status = ActionStatus.ONGOING
    summary = "Un atelier pour les familles du quartier."
    publication_state = PublicationState.PUBLISHED
