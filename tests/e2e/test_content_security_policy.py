"""The Content-Security-Policy in a real browser: no page breaks it, and the scripts it allows
still run (the catalogue's, and the admin's on a sheet's form)."""

import pytest

from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url
from tests.centres.factories import UserFactory
from tests.e2e.site_pages import E2E_MARKS, PAGE_NAMES

pytestmark = E2E_MARKS


@pytest.fixture
def csp_violations(page) -> list[str]:
    """What Chromium reports refusing, from the console, page by page as they are visited."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url} : {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def test_public_pages_break_no_rule_of_the_policy(page, site, csp_violations):
    for name in PAGE_NAMES:
        site.visit(page, name)
        page.wait_for_load_state("networkidle")

    assert csp_violations == []


def test_the_workspace_breaks_no_rule_and_its_scripts_run(page, site, csp_violations):
    from playwright.sync_api import expect

    # A superuser is a coordinator and needs none of the migrations' groups (see test_workspace).
    UserFactory(username="coordinatrice", is_staff=True, is_superuser=True)
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("coordinatrice")
    page.get_by_label("Mot de passe").fill("mot-de-passe")
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(site.url + "/admin/")

    for path in (
        "/admin/",
        admin_url(Action, "changelist"),
        admin_url(ProjectSheet.objects.get(), "change"),
        admin_url(Action.objects.get(title="Création d'un poulailler"), "change"),
    ):
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")

    # The admin's inlines.js adds this link: its scripts ran under the policy.
    expect(page.locator(".add-row a").first).to_be_visible()
    assert csp_violations == []
