import factory
from django.utils import timezone

from directory.models import Campaign, Invitation
from tests.centres.factories import PartnerFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation sent to its partner's address."""

    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    partner = factory.SubFactory(PartnerFactory, email=factory.Sequence(lambda n: f"p{n}@ex.org"))
    email = factory.LazyAttribute(lambda invitation: invitation.partner.email)
    sent_at = factory.LazyFunction(timezone.now)
