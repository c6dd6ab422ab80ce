"""Login throttling: django-axes counts failed logins, with the catalogue's two limits.

Axes records each failure (account, address, browser) and, before checking a password,
compares the failures of each group of ``AXES_LOCKOUT_PARAMETERS`` made within
``AXES_COOLOFF_TIME`` with one limit. The catalogue counts two groups:

- one account from one address, up to ``AXES_FAILURE_LIMIT``: a stranger elsewhere cannot lock
  a coordinator out by mistyping her password on purpose;
- one address, up to the looser ``LOGIN_FAILURE_LIMIT_PER_ADDRESS``: a social centre's staff
  may share one address, but a machine trying a few passwords on many accounts is stopped.

A locked-out login gets :func:`lockout_response`, even with the right password, until the
wait has passed since the last failure or a coordinator deletes the failures (« Débloquer »
in the workspace, ``core.admin``).
"""

from __future__ import annotations

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import (
    get_client_username,
    get_cool_off,
    get_failure_limit,
    get_lockout_parameters,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

ADDRESS_GROUP = "ip_address"


class LoginThrottlingHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for the address group."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures axes compares with ``AXES_FAILURE_LIMIT``: the largest count over the
        groups, an address's count brought to that scale, so that it reaches the limit exactly
        when the address reaches ``LOGIN_FAILURE_LIMIT_PER_ADDRESS``."""
        account_limit = get_failure_limit(request, credentials)
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        groups = get_lockout_parameters(request, credentials)
        attempts_by_group = self.get_user_attempts(request, credentials)
        failures = 0
        for group, attempts in zip(groups, attempts_by_group, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if group == ADDRESS_GROUP:
                count = count * account_limit // address_limit
            failures = max(failures, count)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forgets that account's failures from that address, and
        only those: axes would forget the whole address's, and anyone holding one account
        could then clear the address's count by signing in between guesses."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


def client_ip_address(request) -> str | None:
    """The address failures are counted against.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending to ``X-Forwarded-For`` the
    address it got the request from, the client's is that many entries from the right; the
    entries further left were written by the client and may be forged. Without proxies, or
    when the header does not hold enough valid entries (a request that went round the proxy),
    it is the address of the connection."""
    remote_address = request.META.get("REMOTE_ADDR")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if not proxy_count:
        return remote_address
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxy_count:
        return remote_address
    candidate = forwarded[-proxy_count]
    try:
        # Stored in an address column: PostgreSQL would refuse anything else.
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_address


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused login: why, for how long, and who can unlock it. 429, with the
    wait in ``Retry-After``."""
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"cool_off_minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
