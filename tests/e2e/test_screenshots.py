"""A screenshot of every page, public and of the workspace, at 1280 and at 375 px, for a
human to look at (``test-artifacts/screenshots/``, kept out of git): the list's first
result comes in a phone's first screen."""

import pytest
from django.urls import reverse

from centres.models import Centre, Partner
from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url
from tests.e2e.site_pages import E2E_MARKS, JOURNEY_ACTION, PAGE_NAMES
from tests.e2e.test_workspace import signed_in_coordinator

pytestmark = E2E_MARKS

WIDTHS = {"ordinateur": (1280, 800), "telephone": (375, 667)}


def workspace_paths() -> dict[str, str]:
    """The workspace's main pages, on the seeded catalogue's records."""
    action = Action.objects.get(title=JOURNEY_ACTION)
    project = ProjectSheet.objects.get()
    return {
        "admin-accueil": reverse("admin:index"),
        "admin-fiches": admin_url(Action, "changelist"),
        "admin-fiche": admin_url(action, "change"),
        "admin-fiche-historique": admin_url(action, "history"),
        "admin-projet": admin_url(project, "change"),
        "admin-projet-historique": admin_url(project, "history"),
        "admin-centres": admin_url(Centre, "changelist"),
        "admin-centre": admin_url(action.centre, "change"),
        "admin-partenaires": admin_url(Partner, "changelist"),
        "admin-import": reverse("admin:fiches_import"),
    }


@pytest.mark.parametrize("device", WIDTHS)
def test_every_public_page_is_photographed(new_page, site, screenshots_dir, device):
    from playwright.sync_api import expect

    width, height = WIDTHS[device]
    page = new_page(viewport={"width": width, "height": height})
    saved = []
    for name in PAGE_NAMES:
        site.visit(page, name)
        path = screenshots_dir / f"{name}-{width}px.png"
        page.screenshot(path=path, full_page=True)
        saved.append(path)
        if name in {"actions", "actions-filtrees"}:
            first_result = page.get_by_role("main").locator(".card-list > li").first
            expect(first_result).to_be_in_viewport()
    print("\n".join(["Captures d'écran :", *map(str, saved)]))


@pytest.mark.parametrize("device", WIDTHS)
def test_every_main_workspace_page_is_photographed(new_page, site, screenshots_dir, device):
    width, height = WIDTHS[device]
    page = signed_in_coordinator(
        new_page(viewport={"width": width, "height": height}), site, f"photo-{device}"
    )
    saved = []
    for name, path in workspace_paths().items():
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, f"{path} : {response}"
        shot = screenshots_dir / f"{name}-{width}px.png"
        page.screenshot(path=shot, full_page=True)
        saved.append(shot)
    print("\n".join(["Captures d'écran :", *map(str, saved)]))
