"""The API's OpenAPI document and its documentation page, rendered by the site from it."""

import pytest
from django.urls import reverse

from api.docs import example, inline_code, openapi_document
from centres.models import Centre, Partner
from tests.centres.factories import CentreFactory, ContactPersonFactory, PartnerFactory
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_operation(client):
    response = client.get(reverse("api:openapi-json"))
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/actions/",
        "/api/actions/{slug}/",
        "/api/centres/",
        "/api/centres/{slug}/",
        "/api/partenaires/",
        "/api/partenaires/{slug}/",
        "/api/vocabulaires/",
    }
    parameters = {p["name"] for p in document["paths"]["/api/actions/"]["get"]["parameters"]}
    assert {"q", "keyword", "sort", "cursor", "limit"} <= parameters
    assert "notes" not in document["components"]["schemas"]["Partner"]["properties"]
    assert "follow_up_state" not in document["components"]["schemas"]["Partner"]["properties"]


def test_the_documentation_page_shows_each_operation_its_parameters_and_an_example(client):
    response = client.get(reverse("api_documentation"))
    assert response.status_code == 200
    page = response.content.decode()
    for path in openapi_document()["paths"]:
        assert f"GET {path}" in page
    assert "<code>cursor</code>" in page and "<code>keyword</code>" in page
    assert "&quot;licence&quot;: {" in page  # the list's example
    assert "429" in page and "Retry-After" in page
    # No third-party viewer: no script, nothing from elsewhere.
    assert "<script" not in page and "cdn" not in page.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_an_example_follows_the_documents_references():
    document = openapi_document()
    schema = document["paths"]["/api/actions/"]["get"]["responses"][200]["content"]
    page = example(schema["application/json"]["schema"], document)
    assert set(page) == {"licence", "next", "count", "results"}
    assert page["results"][0]["keywords"] == ["…"]


def test_the_apis_answers_keep_the_sites_security_headers(client):
    ActionFactory()
    response = client.get(reverse("api:list_actions"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_centres_and_partners_give_their_public_details_only(client):
    centre = CentreFactory(display_name="Maison de quartier des Érables", commune="Élancourt")
    partner = PartnerFactory(
        name="Club de prévention",
        notes="Ne pas rappeler avant mars",
        follow_up_state="a_relancer",
        follow_up_note="Relancer Mme Dupont",
    )
    ContactPersonFactory(partner=partner, name="Mme Dupont")  # no consent recorded
    partner.centres.set([centre])
    PartnerFactory(name="Brouillon caché", publication_state="brouillon")
    partners = client.get(reverse("api:list_partners")).json()
    assert [record["slug"] for record in partners["results"]] == [partner.slug]
    body = client.get(reverse("api:get_partner", args=[partner.slug])).content.decode()
    for private in ("Ne pas rappeler", "a_relancer", "Relancer", "Dupont"):
        assert private not in body
    record = client.get(reverse("api:get_centre", args=[centre.slug])).json()
    assert record["commune"] == "Élancourt"
    assert record["url"] == f"http://testserver{centre.get_absolute_url()}"
    assert client.get(reverse("api:get_partner", args=["brouillon-cache"])).status_code == 404


def test_partners_and_centres_walk_by_cursor(client):
    for number in range(7):
        PartnerFactory(name=f"Partenaire {number}")
        CentreFactory()
    for name, model in (("api:list_partners", Partner), ("api:list_centres", Centre)):
        seen, cursor = [], None
        while True:
            page = client.get(reverse(name), {"limit": 3, **({"cursor": cursor} if cursor else {})})
            seen.extend(record["id"] for record in page.json()["results"])
            cursor = page.json()["next"]
            if not cursor:
                break
        assert sorted(seen) == sorted(model.objects.values_list("pk", flat=True))


def test_vocabularies_hold_only_what_published_sheets_use(client):
    from tests.fiches.factories import KeywordFactory

    ActionFactory(keywords=[KeywordFactory(name="Santé")])
    ActionFactory(keywords=[KeywordFactory(name="Secret")], publication_state="brouillon")
    keywords = client.get(reverse("api:vocabularies")).json()["keywords"]
    assert keywords == [{"slug": "sante", "name": "Santé"}]


def test_under_api_errors_answer_in_json_and_elsewhere_as_pages(client):
    refused = client.get("/api/actions/a%00b/")
    assert refused.status_code == 400
    assert "NUL" in refused.json()["detail"]
    missing = client.get("/api/nulle-part/")
    assert missing.status_code == 404
    assert missing.json()["detail"]
    page = client.get("/nulle-part/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_the_documents_inline_code_is_code_and_the_rest_escaped():
    assert inline_code("Mots clés (leur `slug`).") == "Mots clés (leur <code>slug</code>)."
    assert inline_code("<b>`<i>`") == "&lt;b&gt;<code>&lt;i&gt;</code>"
    assert inline_code("un ` seul") == "un ` seul"
