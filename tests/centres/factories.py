import factory

from centres.enums import CentreKind, PartnerCategory
from centres.models import Centre, CentreMembership, Partner
from core.publication import PublicationState


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


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff; ``groups=[...]`` gives a role."""

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("mot-de-passe")

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.add(*groups)


class CentreMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CentreMembership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
