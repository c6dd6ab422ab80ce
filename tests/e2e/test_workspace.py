"""Two coordinators in the workspace, each in a browser of their own, with or without
JavaScript: the second to save a sheet both opened is shown what the first changed, keeps
what she typed, merges and saves (core.concurrency)."""

import pytest
from django.urls import reverse

from fiches.models import Action
from tests.admin_forms import admin_url
from tests.centres.factories import UserFactory
from tests.e2e.site_pages import E2E_MARKS, JOURNEY_ACTION

pytestmark = E2E_MARKS

PASSWORD = "mot-de-passe"  # the factory's


def signed_in_coordinator(page, site, username: str):
    # A superuser is a coordinator (centres.permissions) and needs none of the migrations'
    # groups, which a browser test's database may have lost to an earlier test's flush.
    UserFactory(username=username, is_staff=True, is_superuser=True)
    page.goto(site.url + reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(site.url + reverse("admin:index"))
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_the_second_to_save_sees_the_first_ones_changes_and_merges(
    new_page, site, screenshots_dir, javascript
):
    from playwright.sync_api import expect

    action = Action.objects.get(title=JOURNEY_ACTION)
    change_url = site.url + admin_url(action, "change")
    first, second = (
        signed_in_coordinator(new_page(java_script_enabled=javascript), site, username)
        for username in ("premiere", "seconde")
    )
    first.goto(change_url)
    second.goto(change_url)

    first.locator("#id_title").fill("Un poulailler partagé")
    first.locator("input[name=_save]").last.click()  # the form saves from its top too
    expect(first).not_to_have_url(change_url)
    second.locator("#id_summary").fill("Un poulailler pour tout le quartier.")
    second.locator("input[name=_save]").last.click()

    conflict = second.locator("#edit-conflict")
    expect(conflict).to_contain_text("Un poulailler partagé")
    expect(second.locator("#id_summary")).to_have_value("Un poulailler pour tout le quartier.")
    second.screenshot(path=screenshots_dir / f"conflit-admin-{javascript=}.png", full_page=True)
    action.refresh_from_db()
    assert action.title == "Un poulailler partagé"

    second.locator("#id_title").fill("Un poulailler partagé")
    second.locator("input[name=_save]").last.click()

    expect(second).not_to_have_url(change_url)
    action.refresh_from_db()
    assert (action.title, action.summary) == (
        "Un poulailler partagé",
        "Un poulailler pour tout le quartier.",
    )
