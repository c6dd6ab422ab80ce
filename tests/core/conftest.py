"""What the tests of the workspace's edit conflicts share: two coordinators' browsers."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from centres.permissions import COORDINATORS_GROUP
from tests.centres.factories import UserFactory


def coordinators_browser(username: str) -> Client:
    browser = Client()
    group = Group.objects.get(name=COORDINATORS_GROUP)
    browser.force_login(UserFactory(username=username, groups=[group]))
    return browser


@pytest.fixture
def first():
    return coordinators_browser("premiere")


@pytest.fixture
def second():
    return coordinators_browser("seconde")
