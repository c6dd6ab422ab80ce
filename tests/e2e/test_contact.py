"""« Contacter le centre » in a real browser, with and without JavaScript: from the sheet to
the form, a mistake shown at its field, then the message sent and confirmed."""

import re

import pytest
from django.core import mail

from tests.e2e.site_pages import E2E_MARKS, JOURNEY_ACTION, JOURNEY_CENTRE_EMAIL

pytestmark = E2E_MARKS


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_a_visitor_writes_to_the_centre_of_a_sheet(
    new_page, site, settings, screenshots_dir, javascript
):
    from playwright.sync_api import expect

    settings.CONTACT_FORM_MIN_SECONDS = 0  # a robot's speed is the point of a browser test
    suffix = "js" if javascript else "sans-js"
    page = new_page(java_script_enabled=javascript)
    site.visit(page, "action")
    assert JOURNEY_CENTRE_EMAIL not in page.content()

    page.get_by_role("link", name="Contacter le centre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Contacter"))
    expect(page.get_by_text(JOURNEY_ACTION).first).to_be_visible()
    page.get_by_label("Votre nom").fill("Awa Diallo")
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_label("Votre message").fill("Bonjour, quand a lieu le prochain atelier ?")
    page.get_by_role("button", name="Envoyer le message").click()

    expect(page.get_by_role("alert")).to_contain_text("Votre adresse électronique")
    page.screenshot(path=screenshots_dir / f"contact-erreur-{suffix}.png", full_page=True)
    expect(page.get_by_label(re.compile("^Votre message"))).to_have_value(
        "Bonjour, quand a lieu le prochain atelier ?"
    )
    page.get_by_label(re.compile("^Votre adresse électronique")).fill("awa@example.org")
    page.get_by_role("button", name="Envoyer le message").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Message envoyé")
    [message] = mail.outbox
    assert message.to == [JOURNEY_CENTRE_EMAIL]
    assert message.reply_to == ["awa@example.org"]
    assert JOURNEY_ACTION in message.body
