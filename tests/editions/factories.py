import datetime

import factory

from editions.enums import MeetingKind
from editions.models import PartnerMeeting
from tests.centres.factories import CentreFactory


class PartnerMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMeeting
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    date = datetime.date(2026, 6, 15)
    kind = MeetingKind.HALF_YEARLY

    @factory.post_generation
    def partners_present(self, create, partners, **kwargs):
        if create and partners:
            self.partners_present.add(*partners)
