"""Browser tests: a real Chromium, driven by Playwright, against pytest-django's live server
loaded with the seed sheets of ``fixtures/``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.urls import reverse

from centres.models import Centre, Partner
from core import facet_store
from directory.links import link_path
from directory.models import Campaign, Invitation
from editions.services import validate_directory
from fiches.models import Action, Keyword, ProjectSheet
from parsing.naming import match_key
from tests.e2e.site_pages import JOURNEY_ACTION, JOURNEY_CENTRE_EMAIL, JOURNEY_KEYWORDS, Site
from tests.e2e.tools import CHROMIUM, CHROMIUM_ARGS, ROOT, SCREENSHOTS, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Bounds every Playwright wait, so that a missing element fails in seconds, not minutes.
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture
def site(live_server) -> Site:
    """The live server loaded with the seed sheets, all published, as ``make run`` does."""
    call_command(
        "import_sheets", "--publication-state=publiee", str(ROOT / "fixtures"), stdout=StringIO()
    )
    # Each test's database starts again from the same catalogue version, under which this
    # process may keep the facet index of an earlier test's rows.
    facet_store.forget_indexes()
    action = Action.objects.select_related("centre").get(title=JOURNEY_ACTION)
    # The seeds give no centre an email address: the journey's centre gets one, so that its
    # pages offer the contact form.
    Centre.objects.filter(pk=action.centre_id).update(email=JOURNEY_CENTRE_EMAIL)
    keyword_slugs = [
        Keyword.objects.get(match_key=match_key(name)).slug for name in JOURNEY_KEYWORDS
    ]
    partner = Partner.objects.published().order_by("pk").first()
    # The partner's personal update link, as a campaign's email gives it.
    invitation = Invitation.objects.create(
        campaign=Campaign.objects.create(), partner=partner, email="partenaire@example.org"
    )
    project = ProjectSheet.objects.select_related("centre").get()
    # The Chantiers directory as its elected official validated it, for the booklet's pages.
    validate_directory(
        centre=project.centre, validated_by="l'élue de quartier", validated_on=date(2026, 6, 1)
    )
    booklet_scope = f"?centre={project.centre.slug}"
    filtered = "&".join(f"keyword={slug}" for slug in keyword_slugs)
    return Site(
        url=live_server.url,
        paths={
            "accueil": "/",
            "actions": "/actions/",
            "actions-filtrees": f"/actions/?{filtered}",
            "action": action.get_absolute_url(),
            "centres": "/centres/",
            "centre": action.centre.get_absolute_url(),
            "partenaires": "/partenaires/",
            "partenaire": partner.get_absolute_url(),
            "projet": project.get_absolute_url(),
            "proposer-partenaire": "/partenaires/proposer/",
            "mise-a-jour-partenaire": link_path(invitation),
            "livret": f"/partenaires/livret/{booklet_scope}",
            "livret-changements": f"/partenaires/livret/changements/{booklet_scope}",
            "contact": reverse("centres:centre_contact", kwargs={"slug": action.centre.slug})
            + f"?fiche={action.slug}",
            "mentions-legales": "/mentions-legales/",
            "accessibilite": "/accessibilite/",
            "donnees": "/donnees/",
            "observatoire": "/observatoire/",
            "observatoire-filtre": f"/observatoire/?{filtered}",
            "api": "/api/",
        },
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require("chromium", "playwright")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the main thread, where Django's ORM then
    # refuses to run (it takes it for async code). The tests only make plain, sequential
    # ORM calls between browser steps; transactional tests run last, so the flag does not
    # reach the rest of the suite.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def requests_seen() -> list[str]:
    """Every URL any page of the test requested, in order."""
    return []


@pytest.fixture
def new_page(browser, requests_seen):
    """Opens a page in a fresh context (``new_page(java_script_enabled=False)``…)."""
    contexts = []

    def open_page(**context_options) -> Page:
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "fr-FR"}
        context = browser.new_context(**(options | context_options))
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.on("request", lambda request: requests_seen.append(request.url))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
