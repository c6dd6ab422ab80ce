"""A partner's contact persons through its update link: changed, gone or added in the same
answer, reviewed one by one like the fields, published only with the person's consent."""

import pytest
from django.test import Client
from django.urls import reverse

from centres.enums import ConsentSource
from centres.models import ContactPerson
from directory.enums import Decision, PersonChangeKind, ProposalState
from directory.models import Proposal, ProposedPersonChange
from directory.review import PARTNER_UPDATE_REASON, apply_decisions
from tests.admin_forms import changeform_data
from tests.centres.factories import ContactPersonFactory, PartnerFactory
from tests.centres.test_consent import body, public_urls
from tests.fiches.factories import ActionFactory, ProjectPartnerFactory, ProjectSheetFactory

from .conftest import persons_data

pytestmark = pytest.mark.django_db

FIELDS = ("name", "acronym", "expanded_name", "missions", "services", "public_served",
          "address", "postcode", "commune", "insee_code", "phone", "email", "website",
          "opening_hours")  # fmt: skip


def posted(partner, changes=None, new=(), **fields) -> dict:
    """The link's form as the page posts it, with ``fields`` and the persons changed."""
    values = {name: getattr(partner, name) for name in FIELDS}
    return values | persons_data(partner, changes, new) | fields


def person_change(proposal) -> ProposedPersonChange:
    (change,) = proposal.person_changes.all()
    return change


def decide(change, decision):
    change.decision = decision
    change.save()


# --- The form ------------------------------------------------------------------------------


def test_the_link_shows_the_persons_as_stored_and_rows_for_new_ones(client, link, marie):
    page = client.get(link).content.decode()

    for value in ("Marie Durand", "Directrice", "marie@aejf.example", "01 30 00 00 01"):
        assert f'value="{value}"' in page
    assert "<legend>Marie Durand</legend>" in page
    assert page.count("<legend>Une nouvelle personne (facultatif)</legend>") == 2
    assert "Cette personne accepte que son nom et ses coordonnées figurent" in page
    assert 'id="id_personnes-0-consent" checked' in page
    assert "Cette personne a quitté la structure" in page
    assert 'name="personnes-TOTAL_FORMS" value="3"' in page


def test_a_changed_person_is_proposed_not_applied(client, link, partner, marie):
    response = client.post(link, posted(partner, {marie: {"role": "Présidente"}}))

    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    change = person_change(Proposal.objects.get())
    assert (change.kind, change.person) == (PersonChangeKind.CHANGED, marie)
    assert change.before["role"] == "Directrice"
    assert change.after == change.before | {"role": "Présidente"}
    marie.refresh_from_db()
    assert marie.role == "Directrice"


def test_a_person_who_left_is_proposed_for_removal(client, link, partner, marie):
    client.post(link, posted(partner, {marie: {"left": True, "email": "plus-valide"}}))

    change = person_change(Proposal.objects.get())
    assert (change.kind, change.person, change.after) == (PersonChangeKind.LEFT, marie, {})
    assert ContactPerson.objects.filter(pk=marie.pk).exists()


@pytest.mark.parametrize("consent", [True, False])
def test_a_new_person_is_proposed_with_or_without_consent(client, link, partner, consent):
    new = {"name": "Karim Benali", "role": "Animateur", "email": "karim@aejf.example",
           "phone": "06 00 00 00 00", "consent": consent}  # fmt: skip

    client.post(link, posted(partner, new=[new]))

    change = person_change(Proposal.objects.get())
    assert change.kind == PersonChangeKind.ADDED
    assert change.after == new
    assert not ContactPerson.objects.exists()


def test_persons_as_they_are_and_empty_rows_confirm_the_page(client, link, partner, marie):
    client.post(link, posted(partner))

    assert not Proposal.objects.exists()
    partner.refresh_from_db()
    assert partner.last_reviewed_by == "partenaire"


def test_nothing_changed_is_still_one_click(client, link, partner, marie):
    response = client.post(link, {"nothing_changed": "1"})

    assert "Vous avez confirmé la fiche" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_person_s_errors_are_next_to_the_field_and_summed_up(client, link, partner, marie):
    response = client.post(
        link,
        posted(partner, {marie: {"email": "pas-un-courriel", "phone": "appelez-moi"}},
               new=[{"role": "Bénévole"}]),
    )  # fmt: skip

    page = response.content.decode()
    assert not Proposal.objects.exists()
    assert "Le formulaire contient 3 erreurs" in page
    assert "Saisissez une adresse de courriel valide." in page
    assert "Un numéro de téléphone s&#x27;écrit en chiffres" in page
    assert 'href="#id_personnes-0-email">Marie Durand — Courriel' in page
    assert 'href="#id_personnes-1-name">Une nouvelle personne (facultatif) — Nom' in page
    assert 'aria-describedby="id_personnes-0-email_error"' in page
    assert 'id="id_personnes-0-email_error"' in page
    assert 'aria-invalid="true"' in page


def test_a_stored_phone_in_another_form_does_not_stop_the_answer(client, link, partner):
    person = ContactPersonFactory(partner=partner, name="Jo", phone="standard, poste 12")

    client.post(link, posted(partner, {person: {"role": "Trésorier"}}))

    assert person_change(Proposal.objects.get()).after["phone"] == "standard, poste 12"


@pytest.mark.parametrize("tampering", ["other_partner", "garbage", "twice", "no_management"])
def test_a_tampered_formset_is_refused_without_error(client, link, partner, marie, tampering):
    stranger = ContactPersonFactory(partner=PartnerFactory(), name="Quelqu'un d'autre")
    data = posted(partner, {marie: {"role": "Présidente"}})
    if tampering == "other_partner":
        data["personnes-0-person"] = stranger.pk
    elif tampering == "garbage":
        data["personnes-0-person"] = "1 OR 1=1"
    elif tampering == "twice":
        data |= {"personnes-1-person": marie.pk, "personnes-1-name": "Marie Durand"}
    else:
        data = {key: value for key, value in data.items() if "FORMS" not in key}

    response = client.post(link, data)

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Proposal.objects.exists()
    stranger.refresh_from_db()
    assert stranger.name == "Quelqu'un d'autre"


# --- The review ----------------------------------------------------------------------------


def submit(client, link, partner, changes=None, new=()) -> Proposal:
    client.post(link, posted(partner, changes, new))
    return Proposal.objects.get()


def test_an_accepted_change_is_written_with_the_partner_s_reason(
    client, link, partner, marie, coordinator
):
    proposal = submit(client, link, partner, {marie: {"role": "Présidente"}})
    decide(person_change(proposal), Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    marie.refresh_from_db()
    assert marie.role == "Présidente"
    assert outcome.reviewed and outcome.applied
    assert marie.history.first().history_change_reason == PARTNER_UPDATE_REASON
    assert Proposal.objects.get().state == ProposalState.REVIEWED


def test_a_refused_change_changes_nothing(client, link, partner, marie, coordinator):
    # (A consent withdrawn is not the coordinator's to refuse: it applies at once.)
    proposal = submit(client, link, partner, {marie: {"role": "Présidente"}})
    decide(person_change(proposal), Decision.REFUSED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    marie.refresh_from_db()
    assert (marie.role, marie.may_be_published) == ("Directrice", True)
    assert outcome.reviewed and not outcome.applied


def test_an_accepted_departure_removes_the_person_in_its_history(
    client, link, partner, marie, coordinator
):
    proposal = submit(client, link, partner, {marie: {"left": True}})
    decide(person_change(proposal), Decision.ACCEPTED)

    apply_decisions(proposal, reviewer=coordinator)

    assert not ContactPerson.objects.exists()
    removal = ContactPerson.history.filter(id=marie.pk).first()
    assert (removal.history_type, removal.history_change_reason) == ("-", PARTNER_UPDATE_REASON)
    assert "Marie Durand" not in client.get(partner.get_absolute_url()).content.decode()


def test_a_new_person_with_consent_is_published_once_accepted(client, link, partner, coordinator):
    new = {"name": "Karim Benali", "role": "Animateur", "consent": True}
    proposal = submit(client, link, partner, new=[new])
    assert "Karim Benali" not in client.get(partner.get_absolute_url()).content.decode()
    decide(person_change(proposal), Decision.ACCEPTED)

    apply_decisions(proposal, reviewer=coordinator)

    karim = ContactPerson.objects.get()
    assert karim.partner == partner
    assert karim.publication_consent_at == proposal.submitted_at
    assert karim.publication_consent_source == ConsentSource.PARTNER_LINK
    assert karim.publication_consent_recorded_by == coordinator
    assert person_change(proposal).person == karim
    assert "Karim Benali" in client.get(partner.get_absolute_url()).content.decode()


def test_a_new_person_without_consent_is_recorded_never_published(
    client, link, partner, coordinator
):
    new = {"name": "Jeanne Sansaccord", "email": "jeanne@aejf.example", "consent": False}
    proposal = submit(client, link, partner, new=[new])
    decide(person_change(proposal), Decision.ACCEPTED)
    apply_decisions(proposal, reviewer=coordinator)

    jeanne = ContactPerson.objects.get()
    assert not jeanne.may_be_published
    assert list(ContactPerson.objects.public()) == []
    action = ActionFactory(title="Fête des familles")
    partner.centres.add(action.centre)
    action.partners.add(partner)
    project = ProjectSheetFactory(centre=action.centre, related_action=action)
    ProjectPartnerFactory(project=project, partner=partner)
    urls = [
        *public_urls(partner, project, action),
        reverse("centres:partner_export_json"),
        reverse("centres:partner_export_csv"),
        "/api/partenaires/",
        f"/api/partenaires/{partner.slug}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        assert "Jeanne Sansaccord" not in text, url
        assert "jeanne@aejf.example" not in text, url


def test_a_person_edited_meanwhile_is_a_conflict_not_an_overwrite(
    client, link, partner, marie, coordinator
):
    proposal = submit(client, link, partner, {marie: {"role": "Présidente"}})
    marie.phone = "01 99 99 99 99"  # a coordinator's edit in the workspace, meanwhile
    marie.save()
    decide(person_change(proposal), Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    marie.refresh_from_db()
    assert (marie.role, marie.phone) == ("Directrice", "01 99 99 99 99")
    (conflict,) = outcome.conflicts
    assert conflict.decision == Decision.PENDING
    assert conflict.conflicting_state["phone"] == "01 99 99 99 99"
    assert "Modifiée dans l'espace de travail" in conflict.note
    assert not outcome.reviewed

    decide(conflict, Decision.ACCEPTED_OVER_CONFLICT)
    outcome = apply_decisions(proposal, reviewer=coordinator)

    marie.refresh_from_db()
    assert (marie.role, marie.phone) == ("Présidente", "01 30 00 00 01")
    assert outcome.reviewed


def test_a_person_removed_meanwhile_is_a_conflict_for_a_change_not_for_a_departure(
    client, link, partner, marie, coordinator
):
    other = ContactPersonFactory(partner=partner, name="Zoé Martin")
    proposal = submit(client, link, partner, {marie: {"role": "Présidente"}, other: {"left": True}})
    ContactPerson.objects.all().delete()  # both removed in the workspace, meanwhile
    for change in proposal.person_changes.all():
        decide(change, Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    ((conflict,), (applied,)) = outcome.conflicts, outcome.applied
    assert (conflict.kind, applied.kind) == (PersonChangeKind.CHANGED, PersonChangeKind.LEFT)
    assert "Retirée de la fiche" in conflict.note
    assert not ContactPerson.objects.exists()

    decide(conflict, Decision.ACCEPTED_OVER_CONFLICT)
    apply_decisions(proposal, reviewer=coordinator)

    assert ContactPerson.objects.get().role == "Présidente"


def test_a_new_person_already_added_meanwhile_is_a_conflict(client, link, partner, coordinator):
    proposal = submit(client, link, partner, new=[{"name": "Karim Benali"}])
    ContactPersonFactory(partner=partner, name="karim  BENALI")
    decide(person_change(proposal), Decision.ACCEPTED)

    outcome = apply_decisions(proposal, reviewer=coordinator)

    assert [change.kind for change in outcome.conflicts] == [PersonChangeKind.ADDED]
    assert ContactPerson.objects.count() == 1


def test_the_review_page_shows_each_person_in_words_and_applies_the_decisions(
    client, link, partner, marie, coordinator_client
):
    proposal = submit(
        client, link, partner, {marie: {"role": "Présidente"}},
        new=[{"name": "Karim Benali", "consent": False}],
    )  # fmt: skip
    ContactPerson.objects.filter(pk=marie.pk).update(phone="01 99 99 99 99")
    url = reverse("admin:directory_proposal_change", args=[proposal.pk])

    page = coordinator_client.get(url)

    text = page.content.decode()
    for words in ("Fonction : Directrice", "Fonction : Présidente", "Modifiée entre-temps",
                  "Téléphone : 01 99 99 99 99", "Nom : Karim Benali",
                  "ne figure pas sur la page publique (pas d&#x27;accord)",
                  "accepte de figurer sur la page publique"):  # fmt: skip
        assert words in text, words
    changed, added = proposal.person_changes.order_by("pk")
    assert (changed.kind, added.kind) == (PersonChangeKind.CHANGED, PersonChangeKind.ADDED)
    data = changeform_data(page, **{
        "person_changes-0-decision": Decision.ACCEPTED_OVER_CONFLICT,
        "person_changes-1-decision": Decision.REFUSED,
    })  # fmt: skip

    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    marie.refresh_from_db()
    assert (marie.role, marie.phone) == ("Présidente", "01 30 00 00 01")
    assert ContactPerson.objects.count() == 1
    assert Proposal.objects.get().state == ProposalState.REVIEWED


def test_centre_staff_review_their_partners_persons(
    client, link, partner, marie, centre_staff, own_centre
):
    partner.centres.add(own_centre)
    proposal = submit(client, link, partner, {marie: {"role": "Présidente"}})
    staff = Client()
    staff.force_login(centre_staff)
    url = reverse("admin:directory_proposal_change", args=[proposal.pk])
    page = staff.get(url)
    data = changeform_data(page, **{"person_changes-0-decision": Decision.ACCEPTED})

    assert staff.post(url, data).status_code == 302
    marie.refresh_from_db()
    assert marie.role == "Présidente"
