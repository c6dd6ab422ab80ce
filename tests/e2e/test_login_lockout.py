"""The page of a login locked out by the throttling, in a real browser: reached by mistyping a
password, readable (axe), valid HTML (vnu) and within the Content-Security-Policy."""

from datetime import timedelta

import pytest

from tests.centres.factories import UserFactory
from tests.e2e.site_pages import E2E_MARKS
from tests.e2e.tools import ARTIFACTS, format_vnu_message, require, vnu_errors

pytestmark = E2E_MARKS


@pytest.fixture
def throttling(settings):
    settings.AXES_ENABLED = True  # off in the test settings
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def test_the_lockout_page(page, live_server, throttling, screenshots_dir):
    require("axe", "java", "vnu")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    UserFactory(username="camille")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + "/admin/login/")
    for _ in range(3):
        page.get_by_label("Nom d’utilisateur").fill("camille")
        page.get_by_label("Mot de passe").fill("pas-le-bon")
        with page.expect_response(lambda response: response.request.method == "POST") as posted:
            page.get_by_role("button", name="Connexion").click()

    assert posted.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion suspendue")
    page.screenshot(path=screenshots_dir / "connexion-suspendue.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    html = ARTIFACTS / "html" / "connexion-suspendue.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(posted.value.text(), encoding="utf-8")
    errors = vnu_errors([html])[html]
    assert not errors, "\n".join(format_vnu_message(message) for message in errors)
    assert violations == []
