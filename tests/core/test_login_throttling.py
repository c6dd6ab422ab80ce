"""Login throttling: failures counted per account from one address and per address, the lockout
page, the wait, and coordinators unlocking a login from the workspace."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.login_throttling import client_ip_address
from tests.admin_forms import admin_url
from tests.centres.factories import UserFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe"  # the factories' own
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"
LOCKED_OUT = "Connexion suspendue"


@pytest.fixture(autouse=True)
def throttling(settings):
    """Axes on (the test settings turn it off), with small limits to stay fast."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 7
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def user():
    return UserFactory(username="camille")


def log_in(username, password, address=HOME, client=None):
    client = client or Client()
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def fail(username, times, address=HOME):
    return [log_in(username, "pas-le-bon", address) for _ in range(times)]


def test_the_right_password_signs_in(user):
    assert signed_in(log_in("camille", PASSWORD))


def test_after_too_many_failures_even_the_right_password_is_refused(user):
    responses = fail("camille", 3)

    assert [response.status_code for response in responses] == [200, 200, 429]
    response = log_in("camille", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    text = text_of(response)
    assert LOCKED_OUT in text
    assert "suspendue pendant 15 minutes" in text
    assert "débloquer votre connexion" in text


def test_the_lockout_page_sends_the_security_headers(user):
    fail("camille", 3)

    response = log_in("camille", PASSWORD)

    assert response.status_code == 429
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_another_account_from_the_same_address_is_not_locked(user):
    UserFactory(username="dominique")
    fail("camille", 3)

    assert signed_in(log_in("dominique", PASSWORD))


def test_the_same_account_from_another_address_is_not_locked(user):
    """A stranger mistyping a coordinator's password on purpose does not lock her out."""
    fail("camille", 3, address=ELSEWHERE)

    assert signed_in(log_in("camille", PASSWORD, address=HOME))


def test_one_address_trying_many_accounts_is_stopped_at_its_own_limit(user):
    for name in ("alix", "bastien", "chloe"):
        fail(name, 2)
    assert signed_in(log_in("camille", PASSWORD))  # 6 failures from HOME: under 7
    fail("dominique", 1)  # the 7th

    assert log_in("camille", PASSWORD).status_code == 429
    assert signed_in(log_in("camille", PASSWORD, address=ELSEWHERE))


def test_signing_in_forgets_the_account_failures_but_not_the_address_ones(user):
    fail("camille", 2)
    fail("alix", 2)

    assert signed_in(log_in("camille", PASSWORD))

    assert not AccessAttempt.objects.filter(username="camille").exists()
    assert AccessAttempt.objects.get(username="alix").failures_since_start == 2


def test_the_login_is_unlocked_once_the_wait_is_over(user):
    fail("camille", 3)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert signed_in(log_in("camille", PASSWORD))


def test_a_coordinator_unlocks_a_login(user, coordinator_client):
    fail("camille", 3)
    changelist = admin_url(AccessAttempt, "changelist")
    listed = coordinator_client.get(changelist)
    assert listed.status_code == 200
    assert "camille" in listed.content.decode()

    response = coordinator_client.post(
        changelist,
        {
            "action": "unlock",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert "la connexion est débloquée" in text_of(response)
    assert not AccessAttempt.objects.exists()
    assert signed_in(log_in("camille", PASSWORD))


def test_a_centre_team_cannot_see_nor_unlock_logins(user, centre_staff):
    fail("camille", 3)
    client = Client()
    client.force_login(centre_staff)
    changelist = admin_url(AccessAttempt, "changelist")

    assert client.get(changelist).status_code == 403
    client.post(
        changelist, {"action": "unlock", "_selected_action": [AccessAttempt.objects.get().pk]}
    )
    assert AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "", "10.0.0.1"),  # a request that went round the proxy
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # the left entry is forged
        (2, "198.51.100.7, 203.0.113.5, 10.1.1.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer entries than proxies
        (1, "pas-une-adresse", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxy_count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip_address(request) == expected


def test_behind_a_proxy_each_client_is_counted_apart(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"

    def through_proxy(client_address, password):
        return Client().post(
            reverse("admin:login"),
            {"username": "camille", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(3):
        through_proxy(ELSEWHERE, "pas-le-bon")

    assert through_proxy(ELSEWHERE, PASSWORD).status_code == 429
    assert through_proxy(HOME, PASSWORD).status_code == 302
