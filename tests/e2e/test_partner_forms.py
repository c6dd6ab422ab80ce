"""The partners' forms in a browser: a partner's update through its link, and « Proposer un
partenaire »; with their errors shown, each checked by axe."""

import pytest

from centres.models import ContactPerson, Partner
from directory.enums import PersonChangeKind
from directory.models import Invitation, Proposal
from tests.e2e.site_pages import E2E_MARKS
from tests.e2e.tools import require

pytestmark = E2E_MARKS


@pytest.fixture(scope="module")
def axe():
    require("axe")
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def no_violation(axe, page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_partner_corrects_its_page_sees_its_errors_then_sends(page, site, axe):
    site.visit(page, "mise-a-jour-partenaire")
    page.get_by_label("Code postal").fill("78")
    # The partner's own number: each contact person has one too.
    page.locator("#id_phone").fill("01 30 00 00 00")
    page.get_by_role("button", name="Envoyer mes corrections").click()

    assert page.get_by_role("alert").is_visible()
    assert "Un code postal a cinq chiffres" in page.content()
    no_violation(axe, page)
    assert not Proposal.objects.exists()

    page.get_by_label("Code postal").fill("78000")
    page.get_by_role("button", name="Envoyer mes corrections").click()

    page.get_by_role("heading", name="Merci !").wait_for()
    proposal = Proposal.objects.get()
    assert {change.field for change in proposal.changes.all()} == {"postcode", "phone"}


def test_a_partner_updates_its_contact_persons_in_the_same_answer(page, site, axe):
    partner = Invitation.objects.get().partner
    ContactPerson.objects.create(partner=partner, name="Marie Durand", role="Directrice")
    site.visit(page, "mise-a-jour-partenaire")
    marie = page.get_by_role("group", name="Marie Durand")
    marie.get_by_label("Cette personne a quitté la structure").check()
    newcomer = page.get_by_role("group", name="Une nouvelle personne (facultatif)").first
    newcomer.get_by_label("Nom :", exact=True).fill("Karim Benali")
    newcomer.get_by_label("Courriel :", exact=True).fill("pas-un-courriel")
    newcomer.get_by_label("Cette personne accepte").check()
    page.get_by_role("button", name="Envoyer mes corrections").click()

    assert page.get_by_role("alert").is_visible()
    no_violation(axe, page)
    assert not Proposal.objects.exists()

    newcomer = page.get_by_role("group", name="Une nouvelle personne (facultatif)").first
    newcomer.get_by_label("Courriel :", exact=True).fill("karim@example.org")
    page.get_by_role("button", name="Envoyer mes corrections").click()

    page.get_by_role("heading", name="Merci !").wait_for()
    changes = Proposal.objects.get().person_changes.order_by("kind")
    assert [(c.kind, (c.after or c.before)["name"]) for c in changes] == [
        (PersonChangeKind.ADDED, "Karim Benali"),
        (PersonChangeKind.LEFT, "Marie Durand"),
    ]


def test_nothing_changed_is_one_click(page, site):
    site.visit(page, "mise-a-jour-partenaire")
    page.get_by_role("button", name="Rien n'a changé").click()

    page.get_by_role("heading", name="Merci !").wait_for()
    assert Partner.objects.filter(last_reviewed_by="partenaire").count() == 1


def test_a_visitor_proposes_a_partner(page, site, axe, settings):
    settings.PARTNER_PROPOSAL_MIN_SECONDS = 0
    site.visit(page, "proposer-partenaire")
    page.locator("#id_name").fill("Jardins partagés du Val")
    page.get_by_label("Catégorie").select_option(label="Associatif")
    page.get_by_label("Votre nom").fill("Alice")
    page.get_by_label("Votre courriel").fill("pas-un-courriel")
    page.get_by_role("button", name="Envoyer la proposition").click()

    assert page.get_by_role("alert").is_visible()
    no_violation(axe, page)

    page.get_by_label("Votre courriel").fill("alice@example.org")
    page.get_by_role("button", name="Envoyer la proposition").click()

    page.get_by_role("heading", name="Merci pour votre proposition").wait_for()
    assert Proposal.objects.get().submitter_email == "alice@example.org"
