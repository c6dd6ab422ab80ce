"""« Contacter le centre »: the message reaches the centre by email, robots do not, and the
centre's address never appears in a public page."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from core.anti_spam import form_stamp
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory

CENTRE_EMAIL = "accueil@centre-des-tilleuls.example"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def centre(db):
    return CentreFactory(
        display_name="Centre social des Tilleuls",
        email=CENTRE_EMAIL,
        phone="01 30 00 00 00",
        address="2 rue des Tilleuls",
        postcode="78500",
        commune="Sartrouville",
        insee_code="78586",
    )


def contact_url(centre, fiche=None):
    url = reverse("centres:centre_contact", kwargs={"slug": centre.slug})
    return f"{url}?fiche={fiche}" if fiche else url


def filled(**changes):
    data = {
        "name": "Awa Diallo",
        "email": "awa@example.org",
        "body": "Bonjour, votre atelier m'intéresse : quand a-t-il lieu ?",
        "homepage": "",
        "stamp": form_stamp(time.time() - 30),
    }
    return data | changes


def test_a_message_reaches_the_centre_with_the_visitor_as_reply_to(client, centre):
    action = ActionFactory(centre=centre, title="Atelier cuisine")
    response = client.post(contact_url(centre), filled(fiche=action.slug))

    assert response.status_code == 302
    assert response.url.startswith(
        reverse("centres:centre_contact_sent", kwargs={"slug": centre.slug})
    )
    [message] = mail.outbox
    assert message.to == [CENTRE_EMAIL]
    assert message.reply_to == ["awa@example.org"]
    assert "Atelier cuisine" in message.subject
    assert "Awa Diallo (awa@example.org)" in message.body
    assert "votre atelier m'intéresse : quand a-t-il lieu ?" in message.body
    assert action.get_absolute_url() in message.body
    confirmation = client.get(response.url)
    assert "Message envoyé" in confirmation.text
    assert "Atelier cuisine" in confirmation.text


def test_a_filled_honeypot_sends_nothing_but_looks_sent(client, centre):
    response = client.post(contact_url(centre), filled(homepage="http://spam.example"))

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_form_posted_too_fast_is_refused_with_a_reason(client, centre):
    response = client.post(contact_url(centre), filled(stamp=form_stamp()))

    assert response.status_code == 200
    assert "trop vite" in response.text
    assert mail.outbox == []
    # The form keeps what was typed, with a new stamp to post again.
    assert "votre atelier m&#x27;intéresse" in response.text


@pytest.mark.parametrize(
    "stamp", [form_stamp(time.time() - 3 * 24 * 3600), "forged:stamp", ""], ids=str
)
def test_an_old_or_forged_stamp_is_refused(client, centre, stamp):
    response = client.post(contact_url(centre), filled(stamp=stamp))

    assert response.status_code == 200
    assert mail.outbox == []


def test_each_field_says_what_is_wrong(client, centre):
    response = client.post(
        contact_url(centre), filled(name="", email="pas-une-adresse", body="x" * 4001)
    )

    assert response.status_code == 200
    assert mail.outbox == []
    form = response.context["form"]
    assert set(form.errors) == {"name", "email", "body"}
    assert 'href="#id_email"' in response.text  # the summary leads to the field


def test_an_address_that_posts_too_often_is_stopped(client, centre, settings):
    settings.CONTACT_POSTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(contact_url(centre), filled()).status_code == 302

    response = client.post(contact_url(centre), filled())

    assert response.status_code == 429
    assert len(mail.outbox) == 2
    assert "01 30 00 00 00" in response.text  # another way to reach the centre


def test_another_address_is_not_stopped(client, centre, settings):
    settings.CONTACT_POSTS_PER_HOUR = 1
    client.post(contact_url(centre), filled(), REMOTE_ADDR="192.0.2.1")

    response = client.post(contact_url(centre), filled(), REMOTE_ADDR="192.0.2.2")

    assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_a_centre_without_email_offers_no_form_but_another_way(client, db):
    centre = CentreFactory(phone="01 39 00 00 00")

    page = client.get(contact_url(centre))
    post = client.post(contact_url(centre), filled())

    assert "<form" not in page.text.split('id="contenu"')[1]
    assert "01 39 00 00 00" in page.text
    assert post.status_code == 302
    assert mail.outbox == []
    centre_page = client.get(centre.get_absolute_url())
    assert contact_url(centre) not in centre_page.text


def test_a_centre_without_email_nor_phone_names_the_publisher(client, db, settings):
    settings.PUBLISHER_CONTACT_EMAIL = "contact@federation.example"
    centre = CentreFactory()

    page = client.get(contact_url(centre))

    assert "contact@federation.example" in page.text


def test_the_form_works_without_javascript_and_carries_its_guards(client, centre):
    page = client.get(contact_url(centre))

    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.text
    assert 'name="stamp"' in page.text
    assert 'name="homepage"' in page.text
    assert "private" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]


def test_the_centres_email_is_never_in_a_public_page(client, centre):
    action = ActionFactory(centre=centre, title="Atelier cuisine")
    pages = [
        centre.get_absolute_url(),
        action.get_absolute_url(),
        contact_url(centre, action.slug),
        reverse("centres:centre_list"),
        reverse("fiches:action_list"),
        reverse("fiches:action_json", kwargs={"slug": action.slug}),
        reverse("fiches:action_export_csv"),
        reverse("fiches:action_export_json"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response) if response.streaming else response.content
        assert CENTRE_EMAIL.encode() not in content, url
    sheet = client.get(action.get_absolute_url()).text
    assert f"{contact_url(centre)}?fiche={action.slug}" in sheet
    assert "01 30 00 00 00" in sheet and "Sartrouville" in sheet


@pytest.mark.parametrize("fiche", ["another-centres-sheet", "<script>", "x" * 500])
def test_a_sheet_that_is_not_the_centres_is_not_named(client, centre, fiche):
    stranger = ActionFactory(title="Fiche d'un autre centre", slug="another-centres-sheet")

    response = client.post(contact_url(centre), filled(fiche=fiche))

    assert response.status_code == 302
    [message] = mail.outbox
    assert stranger.title not in message.body and stranger.title not in message.subject
