import factory

from actions_catalog.publication import PublicationState
from centres.enums import CentreKind, PartnerCategory
from centres.models import Centre, Partner


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"CENTRE SOCIAL NUMERO {n}")
    display_name = factory.Sequence(lambda n: f"Centre social numéro {n}")
    kind = CentreKind.CENTRE_SOCIAL
    departement = "Yvelines"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Association partenaire {n}")
    category = PartnerCategory.ASSOCIATIVE
    publication_state = PublicationState.PUBLISHED
