"""/.well-known/security.txt: the publisher's security contacts, per RFC 9116, or nothing."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

URL = "/.well-known/security.txt"


def fields_of(response) -> dict[str, list[str]]:
    fields = {}
    for line in response.content.decode().splitlines():
        name, _, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    return fields


def test_no_contact_no_file(client, settings):
    settings.SECURITY_CONTACT = []

    assert client.get(URL).status_code == 404


def test_the_file_names_the_publisher_contacts(client, settings):
    settings.SECURITY_CONTACT = ["securite@example.org", "https://example.org/securite"]

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = fields_of(response)
    assert fields["Contact"] == ["mailto:securite@example.org", "https://example.org/securite"]
    assert fields["Preferred-Languages"] == ["fr, en"]
    assert fields["Canonical"] == ["http://testserver/.well-known/security.txt"]
    expires = datetime.strptime(fields["Expires"][0], "%Y-%m-%dT%H:%M:%S%z")
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_file_is_only_read(client, settings, method):
    settings.SECURITY_CONTACT = ["securite@example.org"]

    assert getattr(client, method)(URL).status_code == 405
