"""The partners' forms in a browser: a partner's update through its link, and « Proposer un
partenaire »; with their errors shown, each checked by axe."""

import pytest

from centres.models import Partner
from directory.models import Proposal
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
    page.get_by_label("Téléphone").fill("01 30 00 00 00")
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
