"""The security headers of public and workspace pages, and pages that keep to their
Content-Security-Policy: no inline script, style or event handler for the browser to refuse."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from centres.models import Partner
from fiches.models import Action, ProjectSheet
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/actions/", "/centres/", "/partenaires/"]


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"].split(", ")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_security_headers(response)


def test_the_login_page_and_the_workspace_send_the_security_headers(client, coordinator_client):
    login = client.get(reverse("admin:login"))
    workspace = coordinator_client.get(reverse("admin:index"))

    assert login.status_code == workspace.status_code == 200
    assert_security_headers(login)
    assert_security_headers(workspace)


def test_a_missing_page_sends_them_too(client):
    response = client.get("/actions/pas-de-fiche-a-ce-nom/")

    assert response.status_code == 404
    assert_security_headers(response)


def is_javascript_url(value: str | None) -> bool:
    return (value or "").strip().lower().startswith("javascript:")


class InlineCodeFinder(HTMLParser):
    """Collects what a ``script-src 'self'; style-src 'self'`` policy makes the browser refuse:
    inline scripts, ``<style>`` elements, ``style`` attributes, event handler attributes and
    ``javascript:`` links. A ``<script type="application/json">`` is data and runs nothing."""

    def __init__(self):
        super().__init__()
        self.offenders = []
        self._inline_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            if attributes.get("type", "text/javascript") in {"text/javascript", "module"}:
                self._inline_script = self.get_starttag_text()
        refused = tag == "style" or any(
            name == "style"
            or name.startswith("on")
            or (name in {"href", "src", "action"} and is_javascript_url(value))
            for name, value in attrs
        )
        if refused:
            self.offenders.append(self.get_starttag_text())

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.offenders.append(self._inline_script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = None


def inline_code(response) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.offenders


# django-simple-history's list of versions writes this one attribute; the browser ignores it,
# and the paginator keeps its top border, as the sheets' own list of changes below it does.
SIMPLE_HISTORY_PAGINATOR = '<p class="paginator" style="border-top: 0">'


def test_public_pages_have_no_inline_code(client, seeded):
    action = Action.objects.published().first()
    paths = [
        *PUBLIC_PAGES,
        "/actions/?q=parents&keyword=parentalite",
        action.get_absolute_url(),
        action.centre.get_absolute_url(),
        Partner.objects.published().first().get_absolute_url(),
        ProjectSheet.objects.get().get_absolute_url(),
        "/actions/pas-de-fiche-a-ce-nom/",
    ]

    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        assert inline_code(response) == [], path


def test_workspace_pages_have_no_inline_code(client, coordinator_client, seeded):
    action = Action.objects.first()
    paths = [
        reverse("admin:index"),
        admin_url(Action, "changelist"),
        admin_url(Action, "add"),
        admin_url(action, "change"),
        admin_url(ProjectSheet.objects.get(), "change"),
        admin_url(action, "delete"),
        reverse("admin:fiches_import"),
        reverse("admin:password_change"),
    ]

    for path in paths:
        response = coordinator_client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response) == [], path
    history = coordinator_client.get(admin_url(action, "history"))
    assert inline_code(history) in ([], [SIMPLE_HISTORY_PAGINATOR])
    assert inline_code(client.get(reverse("admin:login"))) == []
