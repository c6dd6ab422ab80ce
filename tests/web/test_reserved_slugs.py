"""A partner's page never hides a fixed address of the directory, nor the other way round."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from centres.models import Partner
from tests.centres.factories import PartnerFactory


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_fixed_address_under_the_directory_is_a_reserved_slug():
    fixed = {
        route.split("/")[1]
        for route in _routes(get_resolver().url_patterns)
        if route.startswith("partenaires/") and route.count("/") >= 2
        and "<" not in route.split("/")[1] and "." not in route.split("/")[1]
    }  # fmt: skip
    assert fixed
    assert fixed <= Partner.reserved_slugs


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Livret", "Proposer"])
def test_a_partner_named_like_a_fixed_address_gets_another_slug(name, client):
    partner = PartnerFactory(name=name)
    assert partner.slug not in Partner.reserved_slugs
    assert client.get(partner.get_absolute_url()).status_code == 200
