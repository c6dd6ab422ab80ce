import factory
from django.utils import timezone

from centres.enums import CentreKind, PartnerCategory
from centres.models import Centre, CentreMembership, ContactPerson, Partner
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


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact person; ``consented=True`` records the consent to publication."""

    class Meta:
        model = ContactPerson

    class Params:
        consented = factory.Trait(
            publication_consent_at=factory.LazyFunction(timezone.now),
        )

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Personne {n}")
    role = "Chargée de mission"
