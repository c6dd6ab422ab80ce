import factory

from core.publication import PublicationState
from fiches.derived import refresh_derived
from fiches.enums import ActionStatus
from fiches.models import (
    Action,
    Attachment,
    Initiator,
    Keyword,
    PartnerType,
    ProjectAction,
    ProjectPartner,
    ProjectSheet,
    Public,
    TimelineEntry,
)
from tests.centres.factories import CentreFactory, PartnerFactory
from tests.fiches.sample_files import PDF_BYTES


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    name = factory.Sequence(lambda n: f"Mot clé {n}")


class PublicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Public

    name = factory.Sequence(lambda n: f"Public {n}")


class PartnerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerType

    name = factory.Sequence(lambda n: f"Type de partenaire {n}")


class InitiatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiator

    name = factory.Sequence(lambda n: f"Initiateur {n}")


def _vocabulary(field_name: str):
    """``ActionFactory(keywords=[…])`` files the action under those entries."""

    def set_entries(action, create, entries, **kwargs):
        if create and entries:
            getattr(action, field_name).set(entries)

    return factory.PostGeneration(set_entries)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Atelier numéro {n}")
    centre = factory.SubFactory(CentreFactory)
    status = ActionStatus.ONGOING
    summary = "Un atelier pour les familles du quartier."
    publication_state = PublicationState.PUBLISHED

    keywords = _vocabulary("keywords")
    publics = _vocabulary("publics")
    partner_types = _vocabulary("partner_types")
    initiators = _vocabulary("initiators")

    @factory.post_generation
    def derived(action, create, extracted, **kwargs):
        """As every writer of sheets does, once the vocabularies are set."""
        if create:
            refresh_derived(actions=[action])


class ProjectSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectSheet

    title = factory.Sequence(lambda n: f"Fiche projet numéro {n}")
    centre = factory.SubFactory(CentreFactory)
    year = "2018"
    findings = "Des familles isolées dans le quartier."
    publication_state = PublicationState.PUBLISHED


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectSheetFactory)
    partner = factory.SubFactory(PartnerFactory)
    position = factory.Sequence(lambda n: n + 1)
    section = "Institutionnels"
    as_written = factory.LazyAttribute(lambda link: link.partner.name)


class ProjectActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectAction

    project = factory.SubFactory(ProjectSheetFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action du projet {n}")


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    project = factory.SubFactory(ProjectSheetFactory)
    position = factory.Sequence(lambda n: n + 1)
    period = factory.Sequence(lambda n: f"Période {n}")
    text = "Réunion des partenaires"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    file = factory.django.FileField(filename="programme.pdf", data=PDF_BYTES)
